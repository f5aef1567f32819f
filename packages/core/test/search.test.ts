import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinEmbedder, createOpenAIEmbedder, SearchIndex, SqliteStorage, type EmbeddingProvider } from '../src/index.js';
import { searchCards } from './search-fixtures.js';

const SEED = 'find me models that can summarise legal contracts in plain language';
const opened: SqliteStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function makeIndex(opts: { embedder?: EmbeddingProvider; file?: string } = {}): Promise<SearchIndex> {
  const storage = new SqliteStorage({ file: opts.file ?? ':memory:' });
  opened.push(storage);
  const index = new SearchIndex({ db: storage.db, ...(opts.embedder ? { embedder: opts.embedder } : {}) });
  await index.upsertMany(searchCards());
  return index;
}

describe('SearchIndex', () => {
  it('finds the legal summarisers for the seed query although no query word is in the best card', async () => {
    const index = await makeIndex();
    const res = await index.search({ q: SEED, limit: 5 });
    expect(res.hits.slice(0, 2).map((h) => h.id).sort()).toEqual(['hf:acme/legal-summarizer', 'hf:lexcorp/clause-brief']);
    const brief = res.hits.find((h) => h.id === 'hf:lexcorp/clause-brief')!;
    expect(brief.explanation.fullText).toBeUndefined();
    expect(brief.explanation.vector!.provider).toBe('builtin/lexicon-ppmi-v1/256');
    expect(brief.explanation.concepts).toEqual(expect.arrayContaining(['task:summarization', 'domain:legal']));
    expect(res.warnings).toEqual([]);
    // Plain bm25 over the same text cannot see it.
    expect(index.bm25Ids(SEED, 10)).not.toContain('hf:lexcorp/clause-brief');
  });

  it('narrows by facets and reports facet counts over the result set', async () => {
    const index = await makeIndex();
    const all = await index.search({ q: SEED, limit: 10 });
    expect(all.facets.license).toEqual(expect.arrayContaining([{ value: 'mit', count: expect.any(Number) }, { value: 'apache-2.0', count: expect.any(Number) }]));
    const narrowed = await index.search({ q: SEED, filter: ['license=apache-2.0', 'governance=approved'] });
    expect(narrowed.hits.map((h) => h.id)).toEqual(['hf:lexcorp/clause-brief']);
    expect(narrowed.total).toBe(1);
    expect(narrowed.hits[0]!.explanation.filters).toEqual(['license=apache-2.0', 'governance=approved']);
    const notMit = await index.search({ q: SEED, filter: ['license!=mit'] });
    expect(notMit.hits.every((h) => h.card.license !== 'mit')).toBe(true);
  });

  it('filters by parameter count and metric thresholds, and facets parameter ranges', async () => {
    const index = await makeIndex();
    const res = await index.search({ q: '', filter: ['task=object-detection', 'params<5e7', 'metric:box AP>=40'] });
    expect(res.hits.map((h) => h.id).sort()).toEqual(['mi:mmdet/faster-rcnn-voc', 'mi:mmdet/yolox-s']);
    expect((await index.search({ filter: ['params>=50M'] })).hits.every((h) => (h.card.parameters ?? 0) >= 5e7)).toBe(true);
    const facets = (await index.search({})).facets;
    expect(facets.params!.map((f) => f.value)).toEqual(['<10M', '10M-100M', '100M-1B']);
    expect(facets.metricRanges).toEqual(expect.arrayContaining([{ name: 'box AP', count: 3, min: 40.5, max: 80.4, median: 49.4 }]));
  });

  it('turns natural-language constraints into filters plus a text query', async () => {
    const index = await makeIndex();
    const res = await index.search({ q: 'detectors trained on COCO with box AP above 40 under 50M params' });
    expect(res.parsed.filters).toEqual(expect.arrayContaining(['params<50000000', 'metric:box AP>40', 'dataset=COCO', 'task=object-detection']));
    expect(res.parsed.text).toBe('detectors');
    expect(res.hits.map((h) => h.id)).toEqual(['mi:mmdet/yolox-s']);
    // With extraction off the same words only rank.
    const raw = await index.search({ q: 'detectors trained on COCO with box AP above 40 under 50M params', extract: false });
    expect(raw.parsed.filters).toEqual([]);
    expect(raw.total).toBeGreaterThan(1);
  });

  it('drops a guessed filter that leaves nothing, with a warning', async () => {
    const index = await makeIndex();
    const res = await index.search({ q: 'object detectors with fewer than 1M parameters' });
    expect(res.hits.length).toBeGreaterThan(0);
    expect(res.warnings.join(' ')).toMatch(/no model matched "params<1000000"/);
  });

  it('explains which fields matched, pages with offset, and keeps totals', async () => {
    const index = await makeIndex();
    const p1 = await index.search({ q: 'yolox coco detector', limit: 1 });
    const p2 = await index.search({ q: 'yolox coco detector', limit: 1, offset: 1 });
    expect(p1.total).toBe(p2.total);
    expect(p1.hits[0]!.id).not.toBe(p2.hits[0]!.id);
    expect(p1.hits[0]!.explanation.fields.name).toContain('yolox');
    expect(p1.hits[0]!.card).toMatchObject({ library: 'mmdet', metrics: [{ name: 'box AP', dataset: 'COCO' }] });
  });

  it.each([
    [{ filter: ['colour=red'] }, /unknown facet "colour"/],
    [{ filter: ['params<lots'] }, /"lots" is not a number/],
    [{ filter: ['just words'] }, /is not understood/],
    [{ limit: 0 }, /limit must be an integer between 1 and 1000/],
    [{ offset: -1 }, /offset must be a non-negative integer/],
  ])('rejects bad input %j with SEARCH_BAD_QUERY', async (req, msg) => {
    const index = await makeIndex();
    await expect(index.search({ q: 'x', ...req })).rejects.toMatchObject({ code: 'SEARCH_BAD_QUERY', message: expect.stringMatching(msg) });
  });

  it('treats full-text syntax in queries as plain words and answers stop-word-only queries with nothing', async () => {
    const index = await makeIndex();
    const res = await index.search({ q: '"yolox" AND (detector* OR NEAR(coco' });
    expect(res.hits[0]!.id).toMatch(/^mi:mmdet\/yolox/);
    expect((await index.search({ q: 'the of and' })).total).toBe(0);
  });

  it('updates incrementally: re-indexing replaces, removing forgets', async () => {
    const index = await makeIndex();
    const [first] = searchCards();
    await index.upsert({ ...first!, description: 'Speech recognition for call centres.' });
    expect(index.size).toBe(searchCards().length);
    expect((await index.search({ q: SEED, limit: 3 })).hits.map((h) => h.id)).not.toContain('hf:lexcorp/clause-brief');
    expect(index.remove('hf:acme/legal-summarizer')).toBe(true);
    expect(index.remove('hf:acme/legal-summarizer')).toBe(false);
    expect((await index.search({ q: 'legal summarizer' })).hits.map((h) => h.id)).not.toContain('hf:acme/legal-summarizer');
    expect((await index.search({ filter: ['governance=review'] })).total).toBe(0);
  });

  it('finds related models by text, architecture and weights', async () => {
    const index = await makeIndex();
    const rel = index.related('mi:mmdet/yolox-s', { limit: 3 });
    expect(rel[0]!.id).toBe('mi:mmdet/yolox-l');
    expect(rel[0]!.signals.architecture).toBeGreaterThan(0.5);
    expect(rel[0]!.signals.text).toBeGreaterThan(0.5);
    const sig = { version: 1, architecture: { signature: 'sha256:abc' }, tensors: [{ name: 'w', dtype: 'F32', shape: [2], hash: 'h1' }, { name: 'b', dtype: 'F32', shape: [2], hash: 'h2' }] };
    const [a, b] = searchCards().slice(1, 3);
    await index.upsertMany([{ ...a!, fingerprint: sig }, { ...b!, fingerprint: { ...sig, tensors: [sig.tensors[0]!] } }]);
    const w = index.related('hf:acme/legal-summarizer', { limit: 1 });
    expect(w[0]).toMatchObject({ id: 'hf:acme/news-digest', signals: { weights: 0.5 } });
    expect(() => index.related('hf:nobody/nothing')).toThrow(/not in the search index/);
  });

  it('persists documents and vectors (with provider, model and dimension) across reopen', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-search-')), 'lake.db');
    await makeIndex({ file });
    await opened.pop()!.close();
    const storage = new SqliteStorage({ file });
    opened.push(storage);
    const rows = storage.db.prepare("SELECT DISTINCT provider, model, dimension FROM search_vectors WHERE kind = 'text'").all();
    expect(rows).toEqual([{ provider: 'builtin', model: 'lexicon-ppmi-v1', dimension: 256 }]);
    const index = new SearchIndex({ db: storage.db });
    expect(index.status()).toMatchObject({ documents: 9, embedded: 9, pending: 0 });
    expect((await index.search({ q: SEED, limit: 2 })).hits.map((h) => h.id)).toContain('hf:lexcorp/clause-brief');
  });

  it('sees cards another process wrote to the same database', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-search-2p-')), 'lake.db');
    const server = await makeIndex({ file });
    const other = new SqliteStorage({ file });
    opened.push(other);
    const cli = new SearchIndex({ db: other.db });
    await cli.upsert({ cardVersion: '1.0', id: 'hf:acme/whisper-mini', name: 'whisper-mini', description: 'Transcribes spoken audio to text.', tasks: ['automatic-speech-recognition'] });
    expect((await server.search({ q: 'speech to text', limit: 1 })).hits[0]!.id).toBe('hf:acme/whisper-mini');
    expect(server.status().documents).toBe(10);
    cli.remove('hf:acme/whisper-mini');
    expect((await server.search({ q: 'speech to text' })).hits.map((h) => h.id)).not.toContain('hf:acme/whisper-mini');
    // The server's own writes still work and are not re-read.
    await server.upsert({ cardVersion: '1.0', id: 'hf:acme/tts', name: 'tts', description: 'Reads text aloud.', tasks: ['text-to-speech'] });
    expect(server.status().documents).toBe(10);
  });

  it('re-embeds in the background when the provider changes', async () => {
    const index = await makeIndex();
    const other = createBuiltinEmbedder({ dimension: 128 });
    index.setEmbedder(other);
    expect(index.status()).toMatchObject({ provider: 'builtin', dimension: 128 });
    const during = await index.search({ q: SEED });
    expect(during.warnings.join(' ')).toMatch(/waiting to be embedded|no card has/);
    await index.idle();
    expect(index.status()).toMatchObject({ embedded: 9, pending: 0, reembedding: false });
    const after = await index.search({ q: SEED, limit: 2 });
    expect(after.warnings).toEqual([]);
    expect(after.hits.map((h) => h.id)).toContain('hf:lexcorp/clause-brief');
    const n = index.db.prepare("SELECT count(*) FROM search_vectors WHERE kind = 'text' AND dimension = 128").pluck().get();
    expect(n).toBe(9);
  });

  it('degrades to full-text ranking with a warning when the embedding provider is down; nothing is lost', async () => {
    const down = createOpenAIEmbedder({ baseUrl: 'http://127.0.0.1:9', model: 'nomic-embed-text', dimension: 8, timeoutMs: 1000 });
    const index = await makeIndex({ embedder: down });
    expect(index.size).toBe(9);
    const res = await index.search({ q: 'yolox detector' });
    expect(res.hits[0]!.id).toMatch(/^mi:mmdet\/yolox/);
    expect(res.warnings.join(' ')).toMatch(/embedding provider openai is unavailable .*ranked by full text only/);
    expect(index.status()).toMatchObject({ provider: 'openai', documents: 9, embedded: 0, pending: 9 });
    // The provider comes back: cards are embedded in the background and vector ranking returns.
    index.setEmbedder(createBuiltinEmbedder());
    await index.idle();
    expect(index.status().pending).toBe(0);
  });
});

describe('SearchIndex with an OpenAI-compatible provider', () => {
  // A fake /v1/embeddings server on loopback that answers with the built-in embedder's vectors.
  const inner = createBuiltinEmbedder({ dimension: 32 });
  let server: http.Server;
  let baseUrl = '';
  let calls = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', async () => {
        calls++;
        const { input } = JSON.parse(raw) as { input: string[] };
        const vs = await inner.embed(input);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: vs.map((v, index) => ({ index, embedding: Array.from(v) })) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('records provider, model and the learned dimension, and reuses stored vectors after a restart', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-search-oai-')), 'lake.db');
    const first = await makeIndex({ file, embedder: createOpenAIEmbedder({ baseUrl, model: 'fake-embed' }) });
    expect(first.status()).toMatchObject({ provider: 'openai', model: 'fake-embed', dimension: 32, embedded: 9, pending: 0 });
    const rows = first.db.prepare("SELECT DISTINCT provider, model, dimension FROM search_vectors WHERE kind = 'text'").all();
    expect(rows).toEqual([{ provider: 'openai', model: 'fake-embed', dimension: 32 }]);
    await opened.pop()!.close();
    const storage = new SqliteStorage({ file });
    opened.push(storage);
    calls = 0;
    const again = new SearchIndex({ db: storage.db, embedder: createOpenAIEmbedder({ baseUrl, model: 'fake-embed' }) });
    expect(again.status()).toMatchObject({ embedded: 9, pending: 0 });
    const res = await again.search({ q: 'yolox detector' });
    expect(calls).toBe(1);
    expect(res.warnings).toEqual([]);
    expect(res.hits[0]!.explanation.vector!.provider).toBe('openai/fake-embed/32');
  });
});
