import { Hono, type Context } from 'hono';
import { requireRole, roleAtLeast, ROLES } from '../auth.js';
import type { ModelResource, RouteContext } from '../app.js';
import { LakeError } from '../errors.js';

function parseRevision(c: Context): { revision?: number; version?: string } {
  const rev = c.req.query('revision');
  const version = c.req.query('version');
  if (rev !== undefined) {
    const n = Number(rev);
    if (!Number.isInteger(n) || n < 1) throw new LakeError('bad-request', 400, 'Query parameter `revision` must be a positive integer.');
    return { revision: n };
  }
  return version !== undefined ? { version } : {};
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LakeError('bad-request', 400, `Request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Model cards: list, put, get, versions, history, delete, NDJSON batch import; plus registered sub-resources. */
export function modelRoutes(ctx: RouteContext, resources: ModelResource[]): Hono {
  const { lake } = ctx;
  const r = new Hono();
  const maxBody = ctx.config.maxBodyBytes ?? 64 * 1024 * 1024;

  r.get('/models', requireRole('reader'), async (c) => {
    const limit = c.req.query('limit');
    const page = await lake.listModels({
      ...(c.req.query('prefix') ? { prefix: c.req.query('prefix')! } : {}),
      ...(limit ? { limit: Number(limit) } : {}),
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
    const len = Number(c.req.header('content-length') ?? 0);
    if (len > maxBody) throw new LakeError('payload-too-large', 413, `Batch is ${len} bytes; the limit is ${maxBody}.`);
    const result = await lake.putNdjson(await c.req.text(), c.get('actor'));
    const counts = { created: 0, updated: 0, unchanged: 0, failed: result.errors.length };
    for (const x of result.results) counts[x.status]++;
    return c.json({ ...counts, ...result }, result.errors.length && !result.results.length ? 422 : 200);
  });

  r.put('/aliases/:alias{.+}', requireRole('writer'), async (c) => {
    const body = (await readJson(c)) as { id?: unknown };
    if (typeof body?.id !== 'string') throw new LakeError('bad-request', 400, 'Body must be `{ "id": "<model id>" }`.');
    const target = await lake.getCard(body.id);
    await lake.storage.setAlias(c.req.param('alias'), target.id, c.get('actor').name, lake.now());
    return c.json({ alias: c.req.param('alias'), id: target.id });
  });

  // Ids contain `/`, so everything under /models/ is dispatched here: sub-resources by suffix, else the card.
  r.on(['GET', 'PUT', 'POST', 'DELETE'], '/models/*', async (c) => {
    const raw = new URL(c.req.url).pathname.replace(/^.*?\/models\//, '');
    const path = decodeURIComponent(raw);
    const method = c.req.method;
    for (const res of resources) {
      if (res.method === method && path.endsWith(`/${res.name}`)) {
        const id = path.slice(0, -res.name.length - 1);
        const actor = c.get('actor');
        if (!ROLES.includes(actor.role)) throw new LakeError('unauthorized', 401, 'This lake requires an API token: send `Authorization: Bearer <token>`.');
        if (!roleAtLeast(actor.role, res.role)) throw new LakeError('forbidden', 403, `This call needs the ${res.role} role; token ${JSON.stringify(actor.name)} has ${actor.role}.`);
        return res.handler(c, id);
      }
    }
    const builtin = /^(.+)\/(versions|history)$/.exec(path);
    const need = method === 'GET' ? 'reader' : method === 'DELETE' ? 'admin' : 'writer';
    await requireRole(need)(c, async () => {});
    if (builtin && method === 'GET') {
      const [, id, what] = builtin;
      if (what === 'versions') return c.json({ id: (await lake.storage.resolveId(id!)) ?? id, versions: await lake.versions(id!) });
      return c.json({ id: (await lake.storage.resolveId(id!)) ?? id, entries: await lake.history(id!) });
    }
    if (method === 'GET') {
      const stored = await lake.getCard(path, parseRevision(c));
      const { card, ...meta } = stored;
      return c.json({ card, meta: { ...meta, aliases: await lake.storage.listAliases(stored.id) } }, 200, { etag: `"${stored.hash}"` });
    }
    if (method === 'PUT') {
      const len = Number(c.req.header('content-length') ?? 0);
      if (len > lake.maxCardBytes * 2) throw new LakeError('card-too-large', 413, `Card is ${len} bytes, over the limit of ${lake.maxCardBytes} bytes.`);
      const body = await readJson(c);
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
