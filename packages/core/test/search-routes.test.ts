import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIEmbedder, MemoryStorage, openLake, type OpenLake, type SearchResponse } from '../src/index.js';
import { searchCards } from './search-fixtures.js';

describe('search API', () => {
  let opened: OpenLake;
  const actor = { name: 'test', role: 'admin' as const };

  beforeAll(async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-search-api-'));
    opened = openLake({ home, config: { auth: { trustedActor: actor } } });
    await opened.lake.putBatch(searchCards().map((value, i) => ({ line: i + 1, value })), actor);
  });
  afterAll(async () => opened.close());

  const get = async (url: string) => {
    const res = await opened.app.request(url);
    return { status: res.status, body: (await res.json()) as SearchResponse & Record<string, unknown> };
  };

  it('GET /v1/search answers query, parsed, total, hits with explanations and card summaries, facets, warnings', async () => {
    const { status, body } = await get(`/v1/search?q=${encodeURIComponent('find me models that can summarise legal contracts in plain language')}&limit=3`);
    expect(status).toBe(200);
    expect(body.query).toMatch(/^find me models/);
    expect(body.parsed).toEqual({ text: expect.any(String), filters: [] });
    expect(body.hits.map((h) => h.id)).toContain('hf:lexcorp/clause-brief');
    expect(body.hits[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), score: expect.any(Number), explanation: { concepts: expect.any(Array) }, card: { id: expect.any(String) } });
    expect(body.facets.task).toEqual(expect.arrayContaining([{ value: 'summarization', count: 2 }]));
    expect(body.warnings).toEqual([]);
  });

  it('applies repeatable filter parameters and paging', async () => {
    const { body } = await get('/v1/search?q=detector&filter=task%3Dobject-detection&filter=params%3C5e7&filter=metric%3Abox%20AP%3E%3D40&limit=1&offset=0');
    expect(body.parsed.filters).toEqual(['task=object-detection', 'params<5e7', 'metric:box AP>=40']);
    expect(body.total).toBe(2);
    expect(body.hits).toHaveLength(1);
  });

  it('answers 400 problem details for a bad filter or limit', async () => {
    const bad = await get('/v1/search?q=x&filter=colour%3Dred');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'bad-query', detail: expect.stringContaining('unknown facet "colour"') });
    expect((await get('/v1/search?q=x&limit=abc')).body).toMatchObject({ code: 'bad-query', detail: expect.stringContaining('`limit` must be an integer') });
  });

  it('GET /v1/models/{id}/related returns neighbours with per-signal scores; 404 for unknown models', async () => {
    const { status, body } = await get('/v1/models/mi:mmdet/yolox-s/related?limit=2');
    expect(status).toBe(200);
    const related = body.related as { id: string; signals: Record<string, number> }[];
    expect(related[0]!.id).toBe('mi:mmdet/yolox-l');
    expect(Object.keys(related[0]!.signals).sort()).toEqual(['architecture', 'text']);
    expect((await get('/v1/models/hf:nobody/nothing/related')).status).toBe(404);
  });

  it('GET /v1/search/status reports provider, model and dimension', async () => {
    const { body } = await get('/v1/search/status');
    expect(body).toMatchObject({ provider: 'builtin', model: 'lexicon-ppmi-v1', dimension: 256, documents: 9, pending: 0 });
  });

  it('indexes through the deriver on put and forgets on delete', async () => {
    await opened.lake.putCard({ cardVersion: '1.0', id: 'hf:acme/whisper-mini', name: 'whisper-mini', description: 'Transcribes spoken audio to text.', tasks: ['automatic-speech-recognition'] }, actor);
    expect((await get('/v1/search?q=speech%20to%20text&limit=1')).body.hits[0]!.id).toBe('hf:acme/whisper-mini');
    await opened.lake.deleteModel('hf:acme/whisper-mini', actor);
    expect((await get('/v1/search?q=speech%20to%20text')).body.hits.map((h) => h.id)).not.toContain('hf:acme/whisper-mini');
  });

  it('backfills cards stored before the index existed when the lake is reopened', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-search-backfill-'));
    const first = openLake({ home, config: { auth: { trustedActor: actor } } });
    await first.lake.putCard(searchCards()[0]!, actor);
    await first.close();
    // Drop the search tables to simulate a lake from before the search feature.
    const second = openLake({ home, config: { auth: { trustedActor: actor } } });
    await second.close();
    const db = (await import('better-sqlite3')).default(path.join(home, 'lake.db'));
    db.exec('DROP TABLE search_docs; DROP TABLE search_fts; DROP TABLE search_vectors;');
    db.close();
    const third = openLake({ home, config: { auth: { trustedActor: actor } } });
    for (let i = 0; i < 50; i++) {
      const res = await third.app.request('/v1/search/status');
      if (((await res.json()) as { documents: number }).documents === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await third.app.request(`/v1/search?q=${encodeURIComponent('plain-language digests of agreements')}`);
    expect(((await res.json()) as SearchResponse).hits[0]!.id).toBe('hf:lexcorp/clause-brief');
    await third.close();
  });

  it('answers from full text with a warning when the configured embedding server is down', async () => {
    const down = openLake({
      storage: new MemoryStorage(),
      config: { auth: { trustedActor: actor }, search: { embedder: createOpenAIEmbedder({ baseUrl: 'http://127.0.0.1:9', model: 'nomic-embed-text', timeoutMs: 1000 }) } },
    });
    await down.lake.putBatch(searchCards().map((value, i) => ({ line: i + 1, value })), actor);
    const res = await down.app.request('/v1/search?q=yolox%20detector');
    const body = (await res.json()) as SearchResponse;
    expect(res.status).toBe(200);
    expect(body.hits[0]!.id).toMatch(/^mi:mmdet\/yolox/);
    expect(body.warnings!.join(' ')).toMatch(/embedding provider openai is unavailable/);
    const status = (await (await down.app.request('/v1/search/status')).json()) as { documents: number; pending: number };
    expect(status).toMatchObject({ documents: 9, pending: 9 });
    await down.close();
  });
});
