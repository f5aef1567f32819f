import { Hono } from 'hono';
import { parseVersionedId } from '@modellake/card';
import { requireRole } from '../auth.js';
import type { RouteContext } from '../app.js';
import { diffCards } from '../diff/index.js';
import { LakeError } from '../errors.js';
import { assertModelRef } from '../model-url.js';
import type { Lake } from '../lake.js';
import type { StoredCard } from '../types.js';

/**
 * Resolves a model ref (`id`, `id@version`): the card version first, then, for a bare number, the
 * revision number (`id@3`).
 */
export async function resolveModelRef(lake: Lake, ref: string): Promise<StoredCard> {
  const { id, version } = parseVersionedId(ref);
  await assertModelRef(lake, id);
  if (version === undefined || version === '') return lake.getCard(id);
  try {
    return await lake.getCard(id, { version });
  } catch (e) {
    if (e instanceof LakeError && e.code === 'revision-not-found' && /^\d+$/.test(version)) return lake.getCard(id, { revision: Number(version) });
    throw e;
  }
}

const refParam = (name: 'a' | 'b', what: string) => ({
  name,
  in: 'query' as const,
  required: true,
  description: `${what}: model ref \`id\` or \`id@version\` (a card version, or a revision number).`,
  schema: { type: 'string' },
});

/** `GET /v1/diff?a=&b=`: architecture, weights, data, metrics and governance differences of two model refs. */
export function diffRoutes(ctx: RouteContext): Hono {
  const r = new Hono();
  ctx.document('get', '/v1/diff', {
    summary: 'Diff two models or two versions of one model (a → b)',
    tags: ['diff'],
    role: 'reader',
    parameters: [refParam('a', 'Older side (or the parent)'), refParam('b', 'Newer side (or the child)')],
    responses: {
      200: {
        description: 'CardDiff: architecture, weights, data, metrics, governance, metadata, plus the revisions compared',
        content: { 'application/json': { schema: { type: 'object', required: ['a', 'b', 'identical', 'architecture', 'weights', 'data', 'metrics', 'governance', 'metadata', 'revisions'], properties: {
          a: { type: 'object' }, b: { type: 'object' }, identical: { type: 'boolean' },
          architecture: { type: 'object' }, weights: { type: 'object' }, data: { type: 'object' }, metrics: { type: 'object' }, governance: { type: 'object' },
          metadata: { type: 'array', items: { type: 'object' } },
          revisions: { type: 'object', required: ['a', 'b'], properties: { a: { $ref: '#/components/schemas/RevisionMeta' }, b: { $ref: '#/components/schemas/RevisionMeta' } } },
        } } } },
      },
      400: { description: 'Problem details', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      404: { description: 'Problem details', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    },
  });
  r.get('/diff', requireRole('reader'), async (c) => {
    const a = c.req.query('a');
    const b = c.req.query('b');
    const missing = [!a && '`a`', !b && '`b`'].filter(Boolean);
    if (missing.length) {
      throw new LakeError('bad-request', 400, `Query parameter ${missing.join(' and ')} missing: use /v1/diff?a=<id[@version]>&b=<id[@version]>.`);
    }
    const [sa, sb] = await Promise.all([resolveModelRef(ctx.lake, a!), resolveModelRef(ctx.lake, b!)]);
    const meta = (s: StoredCard) => ({ id: s.id, revision: s.revision, ...(s.version !== undefined ? { version: s.version } : {}), hash: s.hash, createdAt: s.createdAt });
    return c.json({ ...diffCards(sa.card, sb.card), revisions: { a: meta(sa), b: meta(sb) } });
  });
  return r;
}
