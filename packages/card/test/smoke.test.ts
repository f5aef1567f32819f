import { describe, expect, it } from 'vitest';
import { validate, cardHash } from '@modellake/card';

describe('card smoke', () => {
  it('validates a minimal card and rejects a bad id', () => {
    expect(validate({ cardVersion: '1.0', id: 'hf:a/b', name: 'b' }).ok).toBe(true);
    const r = validate({ cardVersion: '1.0', id: 'no colon', name: 'b' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.path).toBe('/id');
    expect(cardHash({ b: 1, a: 2 })).toBe(cardHash({ a: 2, b: 1 }));
  });
});
