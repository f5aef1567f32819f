import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { requireRole } from '../auth.js';
import type { LakeConfig, RouteContext } from '../app.js';
import { createEmbedder, embedderConfigFromEnv, type EmbedderConfig } from '../embeddings/config.js';
import { EmbeddingError } from '../embeddings/errors.js';
import type { EmbeddingProvider } from '../embeddings/types.js';
import { LakeError } from '../errors.js';
import { intQuery } from '../query.js';
import type { Lake } from '../lake.js';
import { SearchNotFoundError, SearchQueryError } from '../search/errors.js';
import { IndexCatchUp } from '../search/catch-up.js';
import { SearchIndex } from '../search/search-index.js';

/** Settings of the search feature (`config.search`). */
export interface SearchConfig {
  /** Embedding provider, or its configuration. @default `MODELLAKE_EMBEDDER*` environment, else the built-in embedder */
  embedder?: EmbedderConfig | EmbeddingProvider;
  /** @default 'weighted' */
  fusion?: 'weighted' | 'rrf';
}

function toLakeError(e: unknown): unknown {
  if (e instanceof SearchQueryError) return new LakeError('bad-query', 400, e.message);
  if (e instanceof SearchNotFoundError) return new LakeError('model-not-found', 404, e.message);
  if (e instanceof EmbeddingError) return new LakeError(e.code.toLowerCase().replace(/_/g, '-'), 400, e.message);
  return e;
}



/** `GET /v1/search`, `GET /v1/search/status` and `GET /v1/models/{id}/related`. */
export function searchRoutes(ctx: RouteContext, index: SearchIndex, ready: () => Promise<unknown> = async () => undefined): Hono {
  const r = new Hono();
  ctx.document('get', '/v1/search', {
    role: 'reader',
    summary: 'Hybrid semantic search: full text + vectors, facets, filters, natural-language facet extraction',
    tags: ['search'],
    parameters: [
      { name: 'q', in: 'query', description: 'Free text; phrases like "trained on COCO", "box AP above 40", "under 50M params" become filters.', schema: { type: 'string' } },
      { name: 'filter', in: 'query', description: 'Repeatable: `task=object-detection`, `license!=mit`, `params<5e8`, `metric:box AP>=40`.', schema: { type: 'array', items: { type: 'string' } } },
      { name: 'limit', in: 'query', schema: { type: 'integer', default: 10, minimum: 1, maximum: 1000 } },
      { name: 'offset', in: 'query', schema: { type: 'integer', default: 0, minimum: 0 } },
    ],
    responses: { 200: { description: '{ query, parsed: {text, filters}, total, hits: [{id, name, score, explanation, card}], facets, warnings }' }, 400: { description: 'Bad filter or paging parameter (code `bad-query`)' } },
  });
  ctx.document('get', '/v1/search/status', {
    role: 'reader',
    summary: 'Embedding provider, model, dimension and re-embedding progress of the search index',
    tags: ['search'],
    responses: { 200: { description: '{ provider, model, dimension, documents, embedded, pending, reembedding }' } },
  });
  r.get('/search', requireRole('reader'), async (c) => {
    await ready();
    try {
      const limit = intQuery(c, 'limit', { min: 1, max: 1000, code: 'bad-query' });
      const offset = intQuery(c, 'offset', { min: 0, max: 1_000_000, code: 'bad-query' });
      const res = await index.search({
        q: c.req.query('q') ?? '',
        filter: c.req.queries('filter') ?? [],
        ...(limit !== undefined ? { limit } : {}),
        ...(offset !== undefined ? { offset } : {}),
      });
      return c.json(res);
    } catch (e) {
      throw toLakeError(e);
    }
  });
  r.get('/search/status', requireRole('reader'), (c) => c.json(index.status()));
  ctx.modelResource(
    'GET',
    'related',
    'reader',
    async (c, id) => {
      const stored = await ctx.lake.getCard(id);
      await ready();
      try {
        const limit = intQuery(c, 'limit', { min: 1, max: 1000, code: 'bad-query' }) ?? 10;
        if (!index.has(stored.card.id)) await index.upsert(stored.card);
        return c.json({ id: stored.card.id, related: index.related(stored.card.id, { limit }) });
      } catch (e) {
        throw toLakeError(e);
      }
    },
    {
      summary: 'Nearest models by text, architecture and weights',
      tags: ['search'],
      parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', default: 10 } }],
      responses: { 200: { description: '{ id, related: [{id, name, score, signals: {text, architecture, weights}, card}] }' } },
    },
  );
  return r;
}

/** Opens the search index of a lake: in the SQLite storage's own database when there is one, else in memory. */
export function createLakeSearchIndex(lake: Lake, config: SearchConfig = {}): SearchIndex {
  const storageDb = (lake.storage as { db?: unknown }).db;
  const db = storageDb instanceof Database ? storageDb : new Database(':memory:');
  const e = config.embedder;
  const embedder = e && 'embed' in e ? e : createEmbedder(e ?? embedderConfigFromEnv());
  return new SearchIndex({ db, embedder, ...(config.fusion ? { fusion: config.fusion } : {}), onWarning: (m) => console.warn(`modellake search: ${m}`) });
}

/**
 * The search feature: registers the index's deriver, catches the index up with the store on open (cards
 * stored before search existed, or committed by a process killed before it indexed them) and again on
 * close, and mounts the routes (which wait for the catch-up, so a search never misses a stored card).
 */
export const searchFeature = {
  name: 'search',
  install(lake: Lake, config: LakeConfig) {
    const index = createLakeSearchIndex(lake, (config.search as SearchConfig | undefined) ?? {});
    const catchUp = new IndexCatchUp(index.db, 'search', lake, index);
    lake.addDeriver(catchUp.wrap(index.deriver()));
    const run = () => catchUp.run().catch((err: unknown) => console.warn(`modellake search: catching the index up with the store failed: ${(err as Error).message}`));
    const pending = run();
    const closers = (config.onClose as (() => Promise<void> | void)[] | undefined) ?? [];
    closers.unshift(async () => {
      await pending;
      await run(); // advances the high-water mark past this session's writes, so the next open reads little
      await index.close();
    });
    config.onClose = closers;
    return (ctx: RouteContext) => searchRoutes(ctx, index, () => pending);
  },
};
