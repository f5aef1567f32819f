import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelCard } from '@modellake/card';
import { createRangeSketcher, importFromHub, toModelCard, type CardSink, type MappingWarning } from '../src/index.js';
import { startFakeHub, type FakeHub } from './fake-hub.js';
import { infoRecord, seedHub } from './fixtures.js';

function sink(): CardSink & { cards: Map<string, ModelCard> } {
  const cards = new Map<string, ModelCard>();
  return { cards, putCard: async (card: ModelCard) => (cards.set(card.id, card), { status: 'created' as const }) };
}
const now = () => new Date('2026-02-01T00:00:00.000Z');

describe('importFromHub builds the card from what could be read', () => {
  let hub: FakeHub;
  beforeEach(async () => {
    hub = await startFakeHub();
    seedHub(hub);
  });
  afterEach(() => hub.close());

  it('a 404 on config.json or README.md is a warning naming the file and status, not a skipped repo', async () => {
    hub.repos.get('acme/tiny-bert')!.unserved = new Set(['config.json', 'README.md']);
    const out = sink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-bert'] }, sink: out, now });
    expect(s.skipped).toEqual([]);
    expect(s.failed).toEqual([]);
    expect(s.imported.map((i) => i.id)).toEqual(['hf:acme/tiny-bert']);
    expect(s.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^acme\/tiny-bert\/config\.json: HTTP 404; listed in the tree/), expect.stringMatching(/^acme\/tiny-bert\/README\.md: HTTP 404/)]),
    );
    // The safetensors header was still read.
    expect(out.cards.get('hf:acme/tiny-bert')!.architecture?.parameters).toBe(256);
  });

  it('a 404 on model.safetensors.index.json falls back to the listed shards; a missing shard is left out with a warning', async () => {
    const repo = hub.repos.get('acme/tiny-bert-sharded')!;
    const shards = [...repo.files.keys()].filter((f) => f.endsWith('.safetensors')).sort();
    expect(shards.length).toBeGreaterThan(1);
    repo.unserved = new Set(['model.safetensors.index.json', shards[1]!]);
    const out = sink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-bert-sharded'] }, sink: out, now, sketch: createRangeSketcher() });
    expect(s.skipped).toEqual([]);
    expect(s.imported.map((i) => i.id)).toEqual(['hf:acme/tiny-bert-sharded']);
    const messages = s.warnings.map((w) => w.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/model\.safetensors\.index\.json: HTTP 404/),
        expect.stringContaining(`${shards[1]}: HTTP 404; its tensors are left out`),
        expect.stringMatching(/1 of 2 safetensors files could not be read; no weight fingerprint/),
      ]),
    );
    const card = out.cards.get('hf:acme/tiny-bert-sharded')!;
    expect(card.lineage?.parents?.map((p) => p.id)).toEqual(['hf:acme/tiny-bert']);
    expect(card.fingerprint).toBeUndefined();
  });

  it('hf-repo-not-found only when the repository itself is missing', async () => {
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/does-not-exist'] }, sink: sink(), now });
    expect(s.skipped).toEqual([expect.objectContaining({ repoId: 'acme/does-not-exist', code: 'hf-repo-not-found' })]);
  });
});

describe('PEFT base_model_name_or_path that is a filesystem path', () => {
  it.each(['/home/me/llama-7b', './outputs/base', '../base', '~/models/base', 'C:\\models\\base', 'outputs/run-3/checkpoint-500'])('%s is a warning, not a parent', (path) => {
    const warnings: MappingWarning[] = [];
    const card = toModelCard(
      { info: infoRecord('acme/lora', { library_name: 'peft', cardData: {} }), adapterConfig: { base_model_name_or_path: path, peft_type: 'LORA' } },
      { importedAt: '2026-02-01T00:00:00.000Z', warn: (w) => warnings.push(w) },
    );
    expect(card.lineage?.parents ?? []).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'base-model-invalid', message: expect.stringContaining('is a filesystem path') })]);
  });
});
