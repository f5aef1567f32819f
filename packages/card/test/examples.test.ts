import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertValidCard, CardError, validate } from '@modellake/card';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schemas/examples');
const read = (dir: string) => fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.json')).sort().map((f) => ({ file: f, data: JSON.parse(fs.readFileSync(path.join(root, dir, f), 'utf8')) as unknown }));

describe('schemas/examples/valid', () => {
  const valid = read('valid');
  it('has at least 8 realistic cards covering every source', () => {
    expect(valid.length).toBeGreaterThanOrEqual(8);
    const prefixes = new Set(valid.map((v) => (v.data as { id: string }).id.split(':')[0]));
    expect([...prefixes].sort()).toEqual(expect.arrayContaining(['dvc', 'gh', 'hf', 'mi', 'mlflow']));
  });
  it.each(valid)('$file validates', ({ data }) => {
    const r = validate(data);
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
  });
  it('cover every field group of the card', () => {
    const groups = ['aliases', 'authors', 'architecture', 'training', 'evaluation', 'lineage', 'usage', 'governance', 'artifacts', 'source', 'extensions', 'paper'];
    for (const g of groups) expect(valid.some((v) => g in (v.data as object)), g).toBe(true);
  });
});

describe('schemas/examples/invalid', () => {
  const invalid = read('invalid') as { file: string; data: { card: unknown; expect: { path: string; keyword: string; message?: string }[] } }[];
  it.each(invalid)('$file fails with the documented errors', ({ data }) => {
    const r = validate(data.card);
    expect(r.ok).toBe(false);
    for (const e of data.expect) {
      const hit = r.issues.find((i) => i.path === e.path && i.keyword === e.keyword);
      expect(hit, `${e.keyword} at ${e.path} in ${JSON.stringify(r.issues)}`).toBeDefined();
      if (e.message) expect(hit!.message).toBe(e.message);
      // Every message is a sentence naming the field.
      expect(hit!.message).toMatch(/`[^`]+`|the card/);
    }
  });
  it('reports every error at once, not only the first', () => {
    const several = invalid.find((i) => i.file === 'several-errors.json')!;
    const r = validate(several.data.card);
    expect(r.issues.length).toBeGreaterThanOrEqual(3);
  });
});

describe('assertValidCard', () => {
  it('throws a CardError listing issues', () => {
    expect(() => assertValidCard({ cardVersion: '1.0', id: 'x', name: 'y' })).toThrow(CardError);
    try {
      assertValidCard({ cardVersion: '1.0', id: 'x', name: 'y' });
    } catch (e) {
      expect((e as CardError).code).toBe('card-invalid');
      expect((e as CardError).issues[0]!.path).toBe('/id');
    }
  });
  it('rejects cards over the size limit before validating', () => {
    const card = { cardVersion: '1.0', id: 'hf:a/b', name: 'b', description: 'x'.repeat(2000) };
    expect(() => assertValidCard(card, { maxBytes: 1000 })).toThrow(/over the limit of 1000 bytes/);
    expect(assertValidCard(card, { maxBytes: 10_000 }).id).toBe('hf:a/b');
  });
});
