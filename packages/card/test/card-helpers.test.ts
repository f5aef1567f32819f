import { describe, expect, it } from 'vitest';
import { canonicalJson, cardHash, CardError, formatModelId, isModelId, parseFrontMatter, parseModelId, parseVersionedId, serializeFrontMatter } from '@modellake/card';

describe('canonical JSON and hash', () => {
  it('sorts keys recursively and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('is insensitive to key order and import time, sensitive to content', () => {
    const a = { cardVersion: '1.0', id: 'hf:a/b', name: 'b', source: { system: 'huggingface', importedAt: '2026-01-01T00:00:00Z' } };
    const b = { source: { importedAt: '2026-06-01T00:00:00Z', system: 'huggingface' }, name: 'b', id: 'hf:a/b', cardVersion: '1.0' };
    expect(cardHash(a)).toBe(cardHash(b));
    expect(cardHash(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(cardHash({ ...a, name: 'c' })).not.toBe(cardHash(a));
  });
  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('ids', () => {
  it('parses and formats <source>:<native id>', () => {
    expect(parseModelId('hf:google-bert/bert-base-uncased')).toEqual({ source: 'hf', nativeId: 'google-bert/bert-base-uncased' });
    expect(formatModelId('mi', ' mmdet/Faster  R-CNN ')).toBe('mi:mmdet/Faster R-CNN');
    expect(isModelId('mi:x/a\tb')).toBe(false);
    expect(isModelId('hf: leading')).toBe(false);
    expect(isModelId('no-prefix')).toBe(false);
    expect(() => parseModelId('HF:x')).toThrow(CardError);
  });
  it('splits id@version at the last @ after the prefix', () => {
    expect(parseVersionedId('mlflow:fraud@3')).toEqual({ id: 'mlflow:fraud', version: '3' });
    expect(parseVersionedId('hf:a/b')).toEqual({ id: 'hf:a/b' });
  });
});

describe('front matter', () => {
  const readme = '---\nlicense: mit\nbase_model:\n- a/b\n- c/d\ntags: [x, y]\n---\n# Title\n\nBody text.\n';
  it('parses YAML metadata and keeps the Markdown body', () => {
    const doc = parseFrontMatter(readme);
    expect(doc.data).toEqual({ license: 'mit', base_model: ['a/b', 'c/d'], tags: ['x', 'y'] });
    expect(doc.body).toBe('# Title\n\nBody text.\n');
  });
  it('round-trips through serialise', () => {
    const doc = parseFrontMatter(readme);
    expect(parseFrontMatter(serializeFrontMatter(doc))).toEqual(doc);
  });
  it('treats a README without front matter as body only', () => {
    expect(parseFrontMatter('# Just text\n')).toEqual({ data: {}, body: '# Just text\n' });
  });
  it('reports the line of broken YAML', () => {
    const bad = '---\nlicense: mit\ntags: [a, b\nfoo: bar\n---\ntext';
    expect(() => parseFrontMatter(bad)).toThrow(CardError);
    try {
      parseFrontMatter(bad);
    } catch (e) {
      expect((e as CardError).code).toBe('front-matter-invalid');
      expect((e as Error).message).toMatch(/line \d+/);
    }
  });
  it('rejects front matter that is not a mapping', () => {
    expect(() => parseFrontMatter('---\n- a\n- b\n---\n')).toThrow(/mapping/);
  });
});
