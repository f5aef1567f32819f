import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardHash, validate, type ModelCard } from '@modellake/card';
import { createLakeClient } from '@modellake/client';
import { openLake } from '@modellake/core';
import { fingerprintSafetensors, openFileSource } from '@modellake/fingerprint';
import { createRangeSketcher, importFromHub, type CardSink } from '../src/index.js';
import { makeSafetensors, startFakeHub, type FakeHub } from './fake-hub.js';
import { infoRecord, seedHub } from './fixtures.js';

const BIG = [
  { name: 'model.embed_tokens.weight', shape: [1024, 512], seed: 11 },
  { name: 'model.layers.0.mlp.up_proj.weight', shape: [1024, 512], dtype: 'BF16' as const, seed: 12 },
  { name: 'model.layers.0.input_layernorm.weight', shape: [512], seed: 13 },
  { name: 'model.norm.weight', shape: [512], dtype: 'F16' as const, seed: 14 },
];

describe('--weights sketch over HTTP range reads', () => {
  let hub: FakeHub;
  let file: Buffer;
  beforeEach(async () => {
    hub = await startFakeHub();
    file = makeSafetensors(BIG);
    hub.addRepo({
      info: infoRecord('acme/big-model', { config: { architectures: ['LlamaForCausalLM'], model_type: 'llama' } }),
      files: { 'config.json': JSON.stringify({ model_type: 'llama', hidden_size: 512 }), 'model.safetensors': file },
    });
  });
  afterEach(() => hub.close());

  it('reads far fewer bytes than the file and gives the samples of a full streaming pass', async () => {
    const cards: ModelCard[] = [];
    const sink: CardSink = { putCard: async (c) => (cards.push(c), { status: 'created' }) };
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/big-model'] }, sink, sketch: createRangeSketcher() });
    expect(s.failed).toEqual([]);
    const card = cards[0]!;
    expect(validate(card).issues).toEqual([]);
    const served = hub.bytesServed('model.safetensors');
    expect(file.length).toBeGreaterThan(3_000_000);
    expect(served).toBeLessThan(file.length / 10);
    expect(hub.requests.filter((r) => r.path.includes('model.safetensors')).every((r) => r.range)).toBe(true);

    const fp = card.fingerprint!;
    expect(fp.tensors).toHaveLength(4);
    expect(fp.architecture.parameters).toBe(1024 * 512 * 2 + 1024);
    expect(fp.architecture.modelType).toBe('llama');

    // Same samples and value hashes as the fingerprint package's full pass over the same bytes.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-sketch-'));
    const local = path.join(dir, 'model.safetensors');
    await fs.writeFile(local, file);
    const source = await openFileSource(local);
    const full = await fingerprintSafetensors([{ source, path: 'model.safetensors' }]);
    await source.close();
    expect(fp.architecture.signature).toBe(full.architecture.signature);
    for (const t of full.tensors!) {
      const mine = fp.tensors!.find((x) => x.name === t.name)!;
      expect(mine.samples).toBe(t.samples);
      expect(mine.valueHash).toBe(t.valueHash);
    }
    expect(cardHash(card)).toMatch(/^sha256:/);
  });

  it('sketches every shard of a sharded repo like a full pass over the shards', async () => {
    seedHub(hub);
    const cards: ModelCard[] = [];
    const sink: CardSink = { putCard: async (c) => (cards.push(c), { status: 'created' }) };
    await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-bert-sharded'] }, sink, sketch: createRangeSketcher() });
    const fp = cards[0]!.fingerprint!;
    expect(fp.files?.map((f) => f.path)).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-sketch-'));
    const repo = hub.repos.get('acme/tiny-bert-sharded')!;
    const inputs = [];
    for (const name of ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']) {
      await fs.writeFile(path.join(dir, name), repo.files.get(name)!);
      inputs.push({ source: await openFileSource(path.join(dir, name)), path: name });
    }
    const full = await fingerprintSafetensors(inputs);
    for (const i of inputs) await i.source.close();
    expect(fp.tensors!.map((t) => [t.name, t.samples, t.valueHash])).toEqual(full.tensors!.map((t) => [t.name, t.samples, t.valueHash]));
  });

  it('gives the lake enough to find a BF16 copy of an F32 model, in the right direction, and nothing for an unrelated one', async () => {
    const T = [
      { name: 'model.layers.0.mlp.weight', shape: [256, 256], seed: 5 },
      { name: 'model.layers.1.mlp.weight', shape: [256, 256], seed: 6 },
    ];
    hub.addRepo({ info: infoRecord('x/f32', { tags: [] }), files: { 'model.safetensors': makeSafetensors(T) } });
    hub.addRepo({ info: infoRecord('x/bf16', { tags: [] }), files: { 'model.safetensors': makeSafetensors(T.map((t) => ({ ...t, dtype: 'BF16' as const }))) } });
    hub.addRepo({ info: infoRecord('x/other', { tags: [] }), files: { 'model.safetensors': makeSafetensors(T.map((t) => ({ ...t, seed: t.seed + 50 }))) } });
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-sketch-lake-'));
    const lake = openLake({ home, config: { auth: { trustedActor: { name: 'test', role: 'admin' } } } });
    try {
      const client = createLakeClient({ baseUrl: 'http://embedded.lake', fetch: async (input, init) => lake.app.fetch(new Request(input, init)) });
      const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['x/f32', 'x/bf16', 'x/other'] }, sink: client, sketch: createRangeSketcher() });
      expect(s.imported).toHaveLength(3);
      const up = await client.lineage<{ edges: Array<{ parent: string; child: string; relation: string }> }>('hf:x/bf16', { direction: 'both' });
      expect(up.edges.map((e) => [e.parent, e.child, e.relation])).toEqual([['hf:x/f32', 'hf:x/bf16', 'quantized']]);
      const other = await client.lineage<{ edges: unknown[] }>('hf:x/other', { direction: 'both' });
      expect(other.edges).toEqual([]);
    } finally {
      await lake.close();
    }
  });
});
