import { Hono, type Context } from 'hono';
import { requireRole, roleAtLeast, ROLES } from '../auth.js';
import type { ModelResource, RouteContext } from '../app.js';
import { setAliasChecked } from '../aliases.js';
import { BODY_LIMITS, readJsonLimited, readTextLimited } from '../body.js';
import { LakeError } from '../errors.js';
import { assertModelRef, decodeUrlPart, splitModelUrl } from '../model-url.js';
import { intQuery, MAX_PAGE } from '../query.js';

function parseRevision(c: Context): { revision?: number; version?: string } {
  const revision = intQuery(c, 'revision', { min: 1 });
  const version = c.req.query('version');
  if (revision !== undefined) return { revision };
  return version !== undefined ? { version } : {};
}

/** A JSON body, size-limited while streaming, strict UTF-8, depth and repeated keys checked (see body.ts). */
async function readJson(c: Context, limit: number = BODY_LIMITS.small, code?: string): Promise<unknown> {
  return readJsonLimited(c, limit, { ...(code ? { code, what: 'Card' } : {}) });
}

/** Model cards: list, put, get, versions, history, delete, NDJSON batch import; plus registered sub-resources. */
export function modelRoutes(ctx: RouteContext, resources: ModelResource[]): Hono {
  const { lake } = ctx;
  const r = new Hono();
  const maxBody = ctx.config.maxBodyBytes ?? BODY_LIMITS.import;

  r.get('/models', requireRole('reader'), async (c) => {
    const limit = intQuery(c, 'limit', { min: 1, max: MAX_PAGE });
    const page = await lake.listModels({
      ...(c.req.query('prefix') ? { prefix: c.req.query('prefix')! } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(c.req.query('cursor') ? { cursor: c.req.query('cursor')! } : {}),
      includeDeleted: c.req.query('includeDeleted') === 'true',
    });
    return c.json(page);
  });

  r.post('/import', requireRole('writer'), async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/ndjson|jsonl|json-seq|text\/plain/.test(type)) {
      throw new LakeError('unsupported-media-type', 415, 'Batch import expects `Content-Type: application/x-ndjson` (one card per line).');
    }
    const result = await lake.putNdjson(await readTextLimited(c, maxBody, { what: 'Batch' }), c.get('actor'));
    const counts = { created: 0, updated: 0, unchanged: 0, failed: result.errors.length };
    for (const x of result.results) counts[x.status]++;
    return c.json({ ...counts, ...result }, result.errors.length && !result.results.length ? 422 : 200);
  });

  r.put('/aliases/:alias{.+}', requireRole('writer'), async (c) => {
    const alias = decodeUrlPart(new URL(c.req.url).pathname.replace(/^.*?\/aliases\//, ''), 'alias in the URL');
    const body = (await readJson(c)) as { id?: unknown };
    if (typeof body?.id !== 'string') throw new LakeError('bad-request', 400, 'Body must be `{ "id": "<model id>" }`.');
    return c.json(await setAliasChecked(lake, alias, body.id, c.get('actor')));
  });

  // Model URLs: `/v1/models/{id}` and `/v1/models/{id}/-/{sub}`. The id is sent either as one
  // percent-encoded segment (`hf%3Aacme%2Fx`, what the client does) or with its `/` kept; a `-` segment
  // (never part of an id) separates the sub-resource. Legacy `/v1/models/{id}/{sub}` URLs still work
  // where unambiguous: a path whose whole decoded value is a stored id or alias is that model.
  const BUILTIN = ['versions', 'history'];
  r.on(['GET', 'PUT', 'POST', 'DELETE'], '/models/*', async (c) => {
    const raw = new URL(c.req.url).pathname.replace(/^.*?\/models\//, '');
    const method = c.req.method;
    const url = splitModelUrl(raw);
    if (!url.explicit && raw.includes('/')) {
      // Legacy URL without `/-/` (an id sent as one encoded segment never gets here): the whole path is
      // the model when stored (for the model's own methods), else a known last segment is the sub-resource.
      const whole = method !== 'POST' && (await lake.storage.resolveId(url.id)) !== undefined;
      const names = [...resources.filter((x) => x.method === method).map((x) => x.name), ...(method === 'GET' ? BUILTIN : [])];
      const cut = raw.lastIndexOf('/');
      const last = decodeUrlPart(raw.slice(cut + 1), 'model URL');
      if (!whole && names.includes(last)) Object.assign(url, { id: decodeUrlPart(raw.slice(0, cut), 'model id in the URL'), sub: last });
    }
    const path = url.id;
    if (url.sub !== undefined) {
      const res = resources.find((x) => x.method === method && x.name === url.sub);
      const builtin = method === 'GET' && BUILTIN.includes(url.sub);
      if (!res && !builtin) {
        const known = [...new Set([...resources.map((x) => x.name), ...BUILTIN])].sort();
        const other = known.includes(url.sub) ? ` (not ${method})` : `; known: ${known.join(', ')}`;
        throw new LakeError('not-found', 404, `No sub-resource ${JSON.stringify(url.sub)} of models for ${method}${other}. Model URLs are /v1/models/{id}/-/{sub}.`);
      }
      const need = res ? res.role : 'reader';
      const actor = c.get('actor');
      if (!ROLES.includes(actor.role)) throw new LakeError('unauthorized', 401, 'This lake requires an API token: send `Authorization: Bearer <token>`.');
      if (!roleAtLeast(actor.role, need)) throw new LakeError('forbidden', 403, `This call needs the ${need} role; token ${JSON.stringify(actor.name)} has ${actor.role}.`);
      await assertModelRef(lake, path);
      if (res) return res.handler(c, path);
      if (url.sub === 'versions') return c.json({ id: (await lake.storage.resolveId(path)) ?? path, versions: await lake.versions(path) });
      return c.json({ id: (await lake.storage.resolveId(path)) ?? path, entries: await lake.history(path) });
    }
    const need = method === 'GET' ? 'reader' : method === 'DELETE' ? 'admin' : 'writer';
    await requireRole(need)(c, async () => {});
    await assertModelRef(lake, path);
    if (method === 'GET') {
      const stored = await lake.getCard(path, parseRevision(c));
      const { card, ...meta } = stored;
      return c.json({ card, meta: { ...meta, aliases: await lake.storage.listAliases(stored.id) } }, 200, { etag: `"${stored.hash}"` });
    }
    if (method === 'PUT') {
      // Twice the card limit: the body may be pretty-printed; the card's canonical size is checked after.
      const body = await readJson(c, lake.maxCardBytes * 2, 'card-too-large');
      const bodyId = (body as { id?: unknown })?.id;
      if (typeof bodyId === 'string' && bodyId !== path) {
        throw new LakeError('card-id-mismatch', 400, `Card id ${JSON.stringify(bodyId)} does not match the URL id ${JSON.stringify(path)}.`);
      }
      const result = await lake.putCard(body, c.get('actor'));
      return c.json(result, result.status === 'created' ? 201 : 200);
    }
    if (method === 'DELETE') {
      await lake.deleteModel(path, c.get('actor'));
      return c.body(null, 204);
    }
    throw new LakeError('not-found', 404, `No route ${method} /v1/models/${raw}.`);
  });
  return r;
}
