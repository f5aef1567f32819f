import { describe, expect, it } from 'vitest';
import { CardError, isModelId, MODEL_ID_PATTERN, modelCardSchema, parseModelId, validate } from '@modellake/card';

const SEGMENT_RULE = /segments of a model id may not be `\.`, `\.\.`, `-` or empty/;

describe('model id grammar (issue 12: dot segments, URL separator, look-alikes)', () => {
  it.each([
    'local:decoy/../local:gov/victim',
    'local:spam/../../tokens/rd',
    'hf:a/./b',
    'hf:..',
    'hf:.',
    'hf:a//b',
    'hf:/a',
    'hf:a/',
    'hf:-',
    'hf:acme/x/-/history',
  ])('refuses %s naming the segment rule', (id) => {
    expect(isModelId(id)).toBe(false);
    expect(() => parseModelId(id)).toThrow(SEGMENT_RULE);
    const r = validate({ cardVersion: '1.0', id, name: 'x' });
    expect(r.ok).toBe(false);
    expect(r.issues.find((i) => i.path === '/id')?.message).toMatch(SEGMENT_RULE);
  });

  it.each([
    ['U+0000', 'hf:a\u0000b'], ['U+001F', 'hf:a\u001fb'], ['U+007F', 'hf:a\u007fb'], ['U+0085', 'hf:a\u0085b'], ['U+009F', 'hf:a\u009fb'],
    ['U+202A', 'hf:a\u202ab'], ['U+202E', 'hf:a\u202eb'], ['U+2066', 'hf:a\u2066b'], ['U+2069', 'hf:a\u2069b'], ['U+200E', 'hf:a\u200eb'],
    ['U+200F', 'hf:a\u200fb'], ['U+061C', 'hf:a\u061cb'], ['U+200B', 'hf:a\u200bb'], ['U+200D', 'hf:a\u200db'], ['U+2060', 'hf:a\u2060b'], ['U+FEFF', 'hf:a\ufeffb'],
  ])('refuses %s (control, bidi or zero-width) with the code point named', (cp, id) => {
    expect(isModelId(id)).toBe(false);
    let err: unknown;
    try {
      parseModelId(id);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CardError);
    expect((err as Error).message).toContain(cp);
    expect((err as Error).message).toMatch(/control, bidi-control or zero-width/);
    // The message quotes the id with the character escaped, so the message itself is not spoofed.
    expect((err as Error).message).not.toContain(id);
    const r = validate({ cardVersion: '1.0', id: 'hf:ok', name: 'x', aliases: [id] });
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({ path: '/aliases/0' });
    expect(r.issues[0]!.message).toContain(cp);
  });

  it.each(['hf:a/-x', 'hf:.hidden/x', 'hf:...', 'gh:acme/models/history', 'hf:acme/🤗evil', 'mi:mmdet/Faster R-CNN', 'hf:a-/b', 'hf:x/versions'])('accepts %s', (id) => {
    expect(isModelId(id)).toBe(true);
    expect(parseModelId(id).source).toBe(id.slice(0, id.indexOf(':')));
    expect(validate({ cardVersion: '1.0', id, name: 'x' }).ok).toBe(true);
  });

  it('is the same pattern in the JSON schema (id and aliases) and the code', () => {
    const props = modelCardSchema.properties as unknown as { id: { pattern: string }; aliases: { items: { pattern: string } } };
    expect(props.id.pattern).toBe(MODEL_ID_PATTERN);
    expect(props.aliases.items.pattern).toBe(MODEL_ID_PATTERN);
  });
});
