import { Hono } from 'hono';
import { createToken, requireRole, ROLES } from '../auth.js';
import type { RouteContext } from '../app.js';
import { BODY_LIMITS, readJsonLimited } from '../body.js';
import { LakeError } from '../errors.js';
import { intQuery, MAX_AUDIT_PAGE } from '../query.js';
import type { Role } from '../types.js';

/** Tokens (admin), the audit log (admin) and connector state (checkpoints; writer). */
export function adminRoutes(ctx: RouteContext): Hono {
  const { lake } = ctx;
  const r = new Hono();

  r.get('/whoami', requireRole('reader'), (c) => c.json(c.get('actor')));

  r.post('/tokens', requireRole('admin'), async (c) => {
    const body = (await readJsonLimited(c, BODY_LIMITS.small, { optional: true })) as { name?: unknown; role?: unknown } | undefined;
    if (typeof body?.name !== 'string') throw new LakeError('bad-request', 400, 'Body must be `{ "name": "...", "role": "reader|writer|admin" }`: `name` is missing.');
    const role = (body.role ?? 'reader') as Role;
    if (!ROLES.includes(role)) throw new LakeError('bad-request', 400, `Unknown \`role\` ${JSON.stringify(body.role)}; use one of ${ROLES.join(', ')}.`);
    const { token, secret } = await createToken(lake.storage, body.name, role, lake.now(), { actor: c.get('actor').name });
    return c.json({ ...token, secret }, 201);
  });
  r.get('/tokens', requireRole('admin'), async (c) => c.json({ tokens: await lake.storage.listTokens() }));
  r.delete('/tokens/:id', requireRole('admin'), async (c) => {
    const t = await lake.storage.revokeToken(c.req.param('id'), lake.now(), c.get('actor').name);
    if (!t) throw new LakeError('not-found', 404, `No token ${c.req.param('id')}.`);
    return c.json(t);
  });

  r.get('/audit', requireRole('admin'), async (c) => {
    const after = intQuery(c, 'after', { min: 0 }) ?? 0;
    const limit = intQuery(c, 'limit', { min: 1, max: MAX_AUDIT_PAGE }) ?? 1000;
    const subject = c.req.query('subject');
    return c.json({ entries: await lake.storage.listAudit({ afterSeq: after, limit, ...(subject ? { subject } : {}) }) });
  });

  r.get('/state/:key{.+}', requireRole('reader'), async (c) => {
    const value = await lake.storage.getState(`client:${c.req.param('key')}`);
    if (value === undefined) throw new LakeError('not-found', 404, `No state ${c.req.param('key')}.`);
    return c.json({ key: c.req.param('key'), value });
  });
  r.put('/state/:key{.+}', requireRole('writer'), async (c) => {
    const body = (await readJsonLimited(c, BODY_LIMITS.document, { optional: true })) as { value?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !('value' in body)) throw new LakeError('bad-request', 400, 'Body must be `{ "value": ... }`.');
    await lake.storage.setState(`client:${c.req.param('key')}`, body.value);
    return c.json({ key: c.req.param('key'), value: body.value });
  });
  return r;
}
