import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '@modellake/card';
import { createFileCheckpointStore, emptyState, toModelCard, type MappingWarning } from '../src/index.js';
import { infoRecord } from './fixtures.js';

const ctx = { importedAt: '2026-01-01T00:00:00.000Z' };

function map(readme: string | undefined, extra: Parameters<typeof infoRecord>[1] = {}) {
  const warnings: MappingWarning[] = [];
  const card = toModelCard({ info: infoRecord('acme/child', extra), ...(readme !== undefined ? { readme } : {}) }, { ...ctx, warn: (w) => warnings.push(w) });
  expect(validate(card).issues).toEqual([]);
  return { card, warnings };
}

describe('toModelCard lineage', () => {
  it('a base_model list with a declared relation keeps that relation for every parent', () => {
    const { card } = map('---\nbase_model:\n- a/one\n- b/two\nbase_model_relation: merge\n---\n', { tags: [] });
    expect(card.lineage?.parents).toEqual([
      { id: 'hf:a/one', declaredBy: 'hf:base_model', relation: 'merge' },
      { id: 'hf:b/two', declaredBy: 'hf:base_model', relation: 'merge' },
    ]);
  });

  it('reads base_model:<relation>:<id> tags alone, and quantized relations', () => {
    const { card } = map(undefined, { tags: ['gguf', 'base_model:org/base', 'base_model:quantized:org/base'], cardData: {} });
    expect(card.lineage?.parents).toEqual([{ id: 'hf:org/base', declaredBy: 'hf:tags', relation: 'quantized' }]);
  });

  it('warns about a base_model that is not a Hub repo id and keeps the rest', () => {
    const { card, warnings } = map('---\nbase_model:\n- /home/me/checkpoints/run 7\n- https://huggingface.co/org/real\n---\n', { tags: [] });
    expect(card.lineage?.parents).toEqual([{ id: 'hf:org/real', declaredBy: 'hf:base_model', relation: 'merge' }]);
    expect(warnings.map((w) => w.code)).toEqual(['base-model-invalid']);
    expect(warnings[0]!.message).toContain('/home/me/checkpoints/run 7');
  });

  it('a PEFT adapter_config base becomes an adapter parent', () => {
    const card = toModelCard({ info: infoRecord('acme/lora', { tags: [], cardData: {} }), adapterConfig: { base_model_name_or_path: 'org/base', peft_type: 'LORA', r: 8 } }, ctx);
    expect(card.lineage?.parents).toEqual([{ id: 'hf:org/base', declaredBy: 'peft:adapter_config', relation: 'adapter' }]);
  });
});

describe('toModelCard bad input', () => {
  it('broken YAML falls back to the API cardData with a warning naming the line', () => {
    const { card, warnings } = map('---\nlicense: mit\n  bad: [\n---\nBody text.\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'card-yaml-invalid' });
    expect(warnings[0]!.message).toMatch(/line \d+/);
    expect(card.license).toBe('apache-2.0');
    expect(card.description).toBe('Body text.');
  });

  it('model-index results without a dataset or metric value are skipped, kept raw, and reported', () => {
    const { card, warnings } = map('---\nmodel-index:\n- name: x\n  results:\n  - task: {type: fill-mask}\n    dataset: {name: D}\n    metrics:\n    - {type: acc, value: 0.5}\n    - {type: f1}\n  - task: {type: fill-mask}\n    metrics: [{type: acc, value: 1}]\n---\n');
    expect(card.evaluation?.results).toEqual([{ task: { type: 'fill-mask' }, dataset: { name: 'D' }, metrics: [{ type: 'acc', value: 0.5 }] }]);
    expect(warnings.map((w) => w.code)).toEqual(['model-index-invalid', 'model-index-invalid']);
    expect((card.extensions?.hf as { modelIndex?: unknown }).modelIndex).toBeDefined();
  });
});

describe('file checkpoint store', () => {
  it('round-trips atomically and rejects a file that is not importer state', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-ckpt-'));
    const file = path.join(dir, 'nested', 'hf.json');
    const store = createFileCheckpointStore(file);
    expect(await store.load()).toEqual(emptyState());
    await store.save({ ...emptyState(), versions: { 'a/b': 'abc' } });
    expect((await store.load()).versions).toEqual({ 'a/b': 'abc' });
    expect((await fs.readdir(path.dirname(file))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await fs.writeFile(file, '{"not":"state"}');
    await expect(store.load()).rejects.toMatchObject({ code: 'hf-checkpoint-invalid' });
  });
});
