import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardHash, validate, type ModelCard } from '@modellake/card';
import { createMemoryCheckpointStore, emptyState, FIRST_READ_BYTES, importFromHub, parseRetryAfter, type CardSink } from '../src/index.js';
import { makeSafetensors, startFakeHub, type FakeHub } from './fake-hub.js';
import { infoRecord, seedHub } from './fixtures.js';

const TOKEN = 'hf_testtoken123';

function memorySink(): CardSink & { cards: Map<string, ModelCard>; puts: number } {
  const hashes = new Map<string, string>();
  const sink = {
    cards: new Map<string, ModelCard>(),
    puts: 0,
    async putCard(card: ModelCard) {
      sink.puts++;
      expect(validate(card).issues).toEqual([]);
      const h = cardHash(card);
      const prev = hashes.get(card.id);
      hashes.set(card.id, h);
      sink.cards.set(card.id, card);
      return { status: prev === undefined ? ('created' as const) : prev === h ? ('unchanged' as const) : ('updated' as const) };
    },
  };
  return sink;
}

const now = () => new Date('2026-02-01T00:00:00.000Z');

describe('importFromHub against the fake hub', () => {
  let hub: FakeHub;
  beforeEach(async () => {
    hub = await startFakeHub({ grantedToken: TOKEN });
    seedHub(hub);
  });
  afterEach(() => hub.close());

  it('imports a model with its card, config, safetensors header and LFS file list', async () => {
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-bert'] }, sink, now });
    expect(s.failed).toEqual([]);
    expect(s.imported).toEqual([{ repoId: 'acme/tiny-bert', id: 'hf:acme/tiny-bert', status: 'created' }]);
    const card = sink.cards.get('hf:acme/tiny-bert')!;
    expect(card.version).toBe(hub.repos.get('acme/tiny-bert')!.info.sha);
    expect(card.architecture).toMatchObject({ family: 'bert', type: 'BertForMaskedLM', parameters: 16 * 8 + 64 + 64, dtypes: ['F32'], layers: 2, hiddenSize: 8, formats: ['safetensors'] });
    expect(card.evaluation?.results?.[0]).toMatchObject({ task: { type: 'fill-mask' }, dataset: { name: 'Tiny Corpus', split: 'test' }, metrics: [{ type: 'accuracy', value: 0.5 }] });
    expect(card.description).toContain('A tiny test model.');
    const st = card.artifacts!.find((a) => a.path === 'model.safetensors')!;
    expect(st).toMatchObject({ lfs: true, format: 'safetensors' });
    expect(st.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(st.size).toBe(hub.repos.get('acme/tiny-bert')!.files.get('model.safetensors')!.length);
    expect(card.source).toMatchObject({ system: 'huggingface', uri: `${hub.url}/acme/tiny-bert`, importedAt: '2026-02-01T00:00:00.000Z' });
    // The header gives an architecture-only fingerprint (no per-tensor entries without samples) and the shapes.
    expect(card.fingerprint?.architecture).toMatchObject({ tensorCount: 3, parameters: 256, modelType: 'bert' });
    expect(card.fingerprint?.architecture.signature).toMatch(/^.{8,}$/);
    expect(card.fingerprint?.tensors).toBeUndefined();
    expect((card.extensions?.hf as { tensors?: unknown }).tensors).toEqual([
      ['embeddings.word_embeddings.weight', 'F32', [16, 8]],
      ['encoder.layer.0.attention.self.query.weight', 'F32', [8, 8]],
      ['encoder.layer.1.attention.self.query.weight', 'F32', [8, 8]],
    ]);
    // One read of at most FIRST_READ_BYTES covers this small header (the file is smaller than that).
    const weightGets = hub.requests.filter((r) => r.path.includes('model.safetensors'));
    expect(weightGets).toHaveLength(1);
    expect(hub.bytesServed('model.safetensors')).toBeLessThanOrEqual(FIRST_READ_BYTES);
  });

  it('reads a header longer than the first range with one more range request', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => ({ name: `model.layers.${i}.a_rather_long_module_name.with_more_words.weight`, shape: [2, 2], seed: i }));
    const file = makeSafetensors(many);
    expect(Number(file.readBigUInt64LE(0))).toBeGreaterThan(FIRST_READ_BYTES);
    hub.addRepo({ info: infoRecord('acme/many-tensors'), files: { 'model.safetensors': file } });
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/many-tensors'] }, sink, now });
    expect(s.failed).toEqual([]);
    expect(sink.cards.get('hf:acme/many-tensors')!.architecture?.parameters).toBe(1200 * 4);
    const reads = hub.requests.filter((r) => r.path.includes('model.safetensors'));
    expect(reads.map((r) => r.range)).toEqual([`bytes=0-${FIRST_READ_BYTES - 1}`, expect.stringMatching(/^bytes=65536-\d+$/)]);
  });

  it('reads a sharded index and declares the base model from base_model and its tags', async () => {
    const sink = memorySink();
    await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-bert-sharded'] }, sink, now });
    const card = sink.cards.get('hf:acme/tiny-bert-sharded')!;
    expect(card.architecture?.parameters).toBe(256);
    expect((card.extensions?.hf as { safetensorsIndex?: string }).safetensorsIndex).toBe('model.safetensors.index.json');
    expect(card.lineage?.parents).toEqual([{ id: 'hf:acme/tiny-bert', declaredBy: 'hf:base_model', relation: 'finetune' }]);
  });

  it('keeps a PEFT adapter base that is not in the lake as a parent reference with the importer id format', async () => {
    const sink = memorySink();
    await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-lora'] }, sink, now });
    const card = sink.cards.get('hf:acme/tiny-lora')!;
    expect(card.lineage?.parents).toEqual([{ id: 'hf:upstream/not-imported-yet', declaredBy: 'hf:base_model', relation: 'adapter' }]);
    expect((card.extensions?.hf as { adapterConfig?: { r?: number } }).adapterConfig?.r).toBe(4);
  });

  it('follows a 307 rename and records the old name as an alias', async () => {
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['old-acme/tiny-bert'] }, sink, now });
    expect(s.imported.map((i) => i.id)).toEqual(['hf:acme/tiny-bert']);
    expect(sink.cards.get('hf:acme/tiny-bert')!.aliases).toEqual(['hf:old-acme/tiny-bert']);
    expect(hub.requests.some((r) => r.status === 307 && r.path.startsWith('/api/models/old-acme/tiny-bert'))).toBe(true);
  });

  it('skips gated, private and missing repos with a reason, and never writes them', async () => {
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/gated-model', 'acme/private-model', 'acme/does-not-exist', 'acme/tiny-bert'] }, sink, now });
    expect(s.imported.map((i) => i.id)).toEqual(['hf:acme/tiny-bert']);
    const byRepo = Object.fromEntries(s.skipped.map((k) => [k.repoId, k]));
    expect(byRepo['acme/gated-model']).toMatchObject({ code: 'hf-gated' });
    expect(byRepo['acme/gated-model']!.reason).toMatch(/gated/);
    expect(byRepo['acme/private-model']).toMatchObject({ code: 'hf-repo-not-found' });
    expect(byRepo['acme/does-not-exist']!.reason).toMatch(/401 RepoNotFound|\(401/);
    expect([...sink.cards.keys()]).toEqual(['hf:acme/tiny-bert']);
  });

  it('reads private and gated repos with HF_TOKEN', async () => {
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, token: TOKEN, selection: { models: ['acme/gated-model', 'acme/private-model'] }, sink, now });
    expect(s.skipped).toEqual([]);
    expect(s.imported).toHaveLength(2);
    expect(hub.requests.every((r) => r.auth === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('imports the API metadata of a card with broken YAML, with a warning naming the line', async () => {
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/broken-yaml'] }, sink, now });
    expect(s.imported).toHaveLength(1);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]!.message).toMatch(/README\.md of acme\/broken-yaml: Invalid YAML front matter at line \d+/);
    const card = sink.cards.get('hf:acme/broken-yaml')!;
    expect(card.license).toBe('apache-2.0');
    expect(card.tasks).toEqual(['fill-mask']);
    expect(card.description).toContain('# Broken');
  });

  it('imports a repo whose config.json is not JSON, with a warning naming the file', async () => {
    hub.addRepo({ info: infoRecord('acme/bad-config'), files: { 'README.md': '# ok\n', 'config.json': '{"model_type": "bert",' } });
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/bad-config'] }, sink, now });
    expect(s.imported).toHaveLength(1);
    expect(s.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^acme\/bad-config\/config\.json is not valid JSON/)]);
    expect(sink.cards.get('hf:acme/bad-config')!.architecture?.family).toBe('bert');
  });

  it('rejects a safetensors header that lies, naming the file, and writes nothing for that model', async () => {
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/lying-header', 'acme/tiny-bert'] }, sink, now });
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0]).toMatchObject({ repoId: 'acme/lying-header', code: 'hf-safetensors-invalid', file: 'acme/lying-header/model.safetensors' });
    expect(s.failed[0]!.reason).toMatch(/safetensors header rejected: acme\/lying-header\/model\.safetensors at offset \d+: tensor "encoder\.layer\.1\.attention\.self\.query\.weight"/);
    expect(sink.cards.has('hf:acme/lying-header')).toBe(false);
    expect(sink.cards.has('hf:acme/tiny-bert')).toBe(true);
  });

  it('lists through Link rel="next" pages with the selection filters', async () => {
    const paged = await startFakeHub({ maxPageSize: 2 });
    try {
      seedHub(paged);
      paged.addRepo({ info: infoRecord('other/model') });
      const sink = memorySink();
      const s = await importFromHub({ hubUrl: paged.url, selection: { author: 'acme', library: 'transformers' }, sink, now });
      const listCalls = paged.requests.filter((r) => r.path.startsWith('/api/models?'));
      expect(listCalls.length).toBeGreaterThan(2);
      expect(listCalls[0]!.path).toContain('author=acme');
      expect(listCalls[0]!.path).toContain('filter=transformers');
      expect(listCalls.slice(1).every((r) => r.path.includes('cursor='))).toBe(true);
      const seen = [...s.imported.map((i) => i.repoId), ...s.skipped.map((k) => k.repoId), ...s.failed.map((f) => f.repoId)].sort();
      expect(seen).toEqual(['acme/broken-yaml', 'acme/gated-model', 'acme/lying-header', 'acme/tiny-bert', 'acme/tiny-bert-sharded']);
      // Listed models carry their sha, so README, config and the first safetensors range are fetched in the first round trip.
      expect(s.imported.map((i) => i.repoId).sort()).toEqual(['acme/broken-yaml', 'acme/tiny-bert', 'acme/tiny-bert-sharded']);
      expect(s.skipped.map((k) => [k.repoId, k.code])).toEqual([['acme/gated-model', 'hf-gated']]);
      expect(s.failed.map((f) => [f.repoId, f.code])).toEqual([['acme/lying-header', 'hf-safetensors-invalid']]);
      expect(sink.cards.get('hf:acme/tiny-bert-sharded')!.architecture?.parameters).toBe(256);
    } finally {
      await paged.close();
    }
  });

  it('retries a 429 honouring Retry-After and a dropped connection, then succeeds', async () => {
    hub.faults.push({ match: /^\/api\/models\/acme\/tiny-bert\/revision/, kind: '429', retryAfter: 1 });
    hub.faults.push({ match: /\/acme\/tiny-bert\/resolve\/.*README\.md/, kind: 'drop' });
    hub.faults.push({ match: /\/api\/models\/acme\/tiny-bert\/tree/, kind: '503' });
    const retries: Array<{ reason: string; delayMs: number }> = [];
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-bert'] }, sink, now, retry: { baseDelayMs: 10 }, onRetry: (r) => retries.push(r) });
    expect(s.failed).toEqual([]);
    expect(s.imported).toHaveLength(1);
    expect(retries.find((r) => r.reason === '429')!.delayMs).toBe(1000);
    expect(retries.some((r) => r.reason === '503')).toBe(true);
    expect(retries.some((r) => r.reason !== '429' && r.reason !== '503')).toBe(true);
    expect(hub.requests.some((r) => r.status === -1)).toBe(true);
  });

  it('reports a repo whose files keep failing and writes nothing half-done', async () => {
    hub.faults.push({ match: /\/acme\/tiny-bert\/resolve\/.*config\.json/, kind: 'drop', times: 100 });
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-bert', 'acme/tiny-lora'] }, sink, now, retry: { retries: 2, baseDelayMs: 1 } });
    expect(s.failed.map((f) => f.repoId)).toEqual(['acme/tiny-bert']);
    expect(s.failed[0]!.code).toBe('hf-network');
    expect(s.failed[0]).toMatchObject({ file: 'config.json' });
    expect(s.failed[0]!.reason).toMatch(/^acme\/tiny-bert\/config\.json: fetch failed \(.+\)$/);
    expect([...sink.cards.keys()]).toEqual(['hf:acme/tiny-lora']);
  });

  it('batches puts through putCards and reports a card the lake refuses with its code', async () => {
    const batches: number[] = [];
    const stored: string[] = [];
    const sink: CardSink = {
      putCard: async () => {
        throw new Error('putCard should not be called when the batch answers');
      },
      putCards: async (cards) => {
        batches.push(cards.length);
        const results: Array<{ line: number; status: 'created' }> = [];
        const errors: Array<{ line: number; code: string; message: string }> = [];
        cards.forEach((c, i) => {
          if (c.id === 'hf:acme/tiny-lora') errors.push({ line: i + 1, code: 'card-invalid', message: 'refused by policy' });
          else (stored.push(c.id), results.push({ line: i + 1, status: 'created' }));
        });
        return { results, errors };
      },
    };
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-bert', 'acme/tiny-lora', 'acme/tiny-bert-sharded'] }, sink, now, batchSize: 10 });
    expect(batches.reduce((a, b) => a + b, 0)).toBe(3);
    expect(batches.length).toBeLessThan(3);
    expect(stored.sort()).toEqual(['hf:acme/tiny-bert', 'hf:acme/tiny-bert-sharded']);
    expect(s.failed).toEqual([{ repoId: 'acme/tiny-lora', code: 'card-invalid', reason: 'acme/tiny-lora: refused by policy' }]);
  });

  it('reports a checkpoint that cannot be saved as a warning and still imports', async () => {
    const sink = memorySink();
    const checkpoint = { load: async () => emptyState(), save: async () => Promise.reject(new Error('403 forbidden')) };
    const s = await importFromHub({ hubUrl: hub.url, selection: { models: ['acme/tiny-bert'] }, sink, now, checkpoint });
    expect(s.imported).toHaveLength(1);
    expect(s.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^The importer state could not be saved \(403 forbidden\)/)]);
  });

  it('does not refetch models whose commit did not change, and re-imports them with force', async () => {
    const store = createMemoryCheckpointStore();
    const sink = memorySink();
    const sel = { author: 'acme' };
    await importFromHub({ hubUrl: hub.url, selection: sel, sink, checkpoint: store, now });
    const before = hub.requests.length;
    const again = await importFromHub({ hubUrl: hub.url, selection: sel, sink, checkpoint: store, now });
    expect(again.imported).toEqual([]);
    expect(again.unchanged.sort()).toEqual(['hf:acme/broken-yaml', 'hf:acme/tiny-bert', 'hf:acme/tiny-bert-sharded', 'hf:acme/tiny-lora']);
    expect(hub.requests.slice(before).every((r) => r.path.startsWith('/api/models?') || r.path.includes('gated') || r.path.includes('lying'))).toBe(true);
    const forced = await importFromHub({ hubUrl: hub.url, selection: sel, sink, checkpoint: store, now, force: true });
    expect(forced.unchanged).toHaveLength(4);
    expect(sink.puts).toBe(8);
  });

  it('with since, imports only repos modified after the date', async () => {
    hub.repos.get('acme/tiny-lora')!.info.lastModified = '2026-01-15T00:00:00.000Z';
    const sink = memorySink();
    const s = await importFromHub({ hubUrl: hub.url, selection: { author: 'acme', since: new Date('2026-01-01T00:00:00Z') }, sink, now });
    expect(s.imported.map((i) => i.id)).toEqual(['hf:acme/tiny-lora']);
    expect(hub.requests.find((r) => r.path.startsWith('/api/models?'))!.path).toMatch(/sort=lastModified.*direction=-1/);
  });

  it('resumes an interrupted import where it stopped', async () => {
    const store = createMemoryCheckpointStore();
    const sink = memorySink();
    const ids = ['acme/tiny-bert', 'acme/tiny-bert-sharded', 'acme/tiny-lora', 'acme/broken-yaml'];
    const ac = new AbortController();
    const first = await importFromHub({
      hubUrl: hub.url,
      selection: { models: ids },
      sink,
      checkpoint: store,
      concurrency: 1,
      signal: ac.signal,
      now,
      onProgress: (p) => {
        if (p.done === 2) ac.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(store.state.pending?.done).toEqual(ids.slice(0, 2));
    const second = await importFromHub({ hubUrl: hub.url, selection: { models: ids }, sink, checkpoint: store, resume: true, now });
    expect(second.resumed).toBe(2);
    expect(second.imported.map((i) => i.repoId)).toEqual(ids.slice(2));
    expect(sink.puts).toBe(4);
    expect(store.state.pending).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
