import http from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLakeClient, LakeApiError, type LakeClient } from '@modellake/client';
import { createMemoryStorage, createToken, openLake, startLakeServer, type LakeServer, type OpenLake } from '../src/index.js';

// Issue 12, parts 1, 3, 10 and 14: ids with dot segments, unambiguous model URLs, query parameters, look-alike ids, alias rules.

const card = (id: string, extra: Record<string, unknown> = {}) => ({ cardVersion: '1.0', id, name: id.split('/').pop(), ...extra });
const SEGMENT_RULE = /segments of a model id may not be `\.`, `\.\.`, `-` or empty/;

async function seed(opened: OpenLake) {
  const s = opened.lake.storage;
  const tokens = {
    admin: (await createToken(s, 'ann', 'admin', opened.lake.now())).secret,
    writer: (await createToken(s, 'walt', 'writer', opened.lake.now())).secret,
    reader: (await createToken(s, 'rita', 'reader', opened.lake.now())).secret,
    victim: (await createToken(s, 'rd', 'reader', opened.lake.now())).secret,
  };
  const seedActor = { name: 'seed', role: 'admin' as const };
  for (const id of ['local:decoy', 'local:gov/victim', 'local:spam', 'gh:acme/models', 'gh:acme/models/history', 'hf:acme/base']) await opened.lake.putCard(card(id, { license: 'mit' }), seedActor);
  return tokens;
}

/** A client over the in-process app (what the CLI's embedded `--home` mode uses). */
const embeddedClient = (opened: OpenLake, token: string): LakeClient =>
  createLakeClient({ baseUrl: 'http://embedded.lake', token, fetch: async (input, init) => opened.app.fetch(new Request(input, init)) });

async function failure(p: Promise<unknown>): Promise<LakeApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LakeApiError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('ids with `.`/`..`/empty segments never reach another target', () => {
  let opened: OpenLake;
  let tokens: Awaited<ReturnType<typeof seed>>;
  beforeEach(async () => {
    opened = openLake({ storage: createMemoryStorage() });
    tokens = await seed(opened);
  });
  afterEach(async () => opened.close());

  const approvalOf = async (id: string) => (await embeddedClient(opened, tokens.reader).request<{ status: string }>('GET', `/v1/models/${encodeURIComponent(id)}/-/approval`)).status;
  const tokenRevoked = async () => (await opened.lake.storage.listTokens()).find((t) => t.name === 'rd')!.revokedAt !== undefined;

  it('client (embedded): approve local:decoy/../local:gov/victim is refused naming the rule; the victim is untouched', async () => {
    const admin = embeddedClient(opened, tokens.admin);
    await admin.request('POST', admin.modelPath('local:gov/victim', 'approval'), { body: { action: 'submit' } });
    const e = await failure(admin.request('POST', admin.modelPath('local:decoy/../local:gov/victim', 'approval'), { body: { action: 'approve' } }));
    expect(e.status).toBe(400);
    expect(e.code).toBe('model-id-invalid');
    expect(e.message).toMatch(SEGMENT_RULE);
    expect(await approvalOf('local:gov/victim')).toBe('review');
    expect(await approvalOf('local:decoy')).toBe('draft');
  });

  it('client (embedded): delete local:spam/../../tokens/rd is refused naming the rule; the token stays valid', async () => {
    const admin = embeddedClient(opened, tokens.admin);
    const e = await failure(admin.deleteCard('local:spam/../../tokens/rd'));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(SEGMENT_RULE);
    expect(await tokenRevoked()).toBe(false);
    expect((await admin.getCard('local:spam')).meta.id).toBe('local:spam');
  });

  it('the client sends ids as one encoded segment and sub-resources after /-/', () => {
    const c = createLakeClient({ baseUrl: 'http://x' });
    expect(c.modelPath('local:spam/../../tokens/rd')).toBe('/v1/models/local%3Aspam%2F..%2F..%2Ftokens%2Frd');
    expect(c.modelPath('gh:acme/models', 'history')).toBe('/v1/models/gh%3Aacme%2Fmodels/-/history');
    expect(new URL(`http://x${c.modelPath('local:decoy/../local:gov/victim', 'approval')}`).pathname).toBe('/v1/models/local%3Adecoy%2F..%2Flocal%3Agov%2Fvictim/-/approval');
  });

  it.each([
    ['GET', '/v1/models/hf:acme/base%2F..%2Fx'],
    ['GET', '/v1/models/hf:acme//base'],
    ['GET', '/v1/models/hf%3Aacme%2F.%2Fbase'],
    ['GET', '/v1/models/hf%3Aacme%2F..%2Fbase/-/history'],
    ['GET', '/v1/diff?a=hf:acme/x/../base&b=hf:acme/base'],
  ])('%s %s answers 400 naming the rule', async (method, url) => {
    const res = await opened.app.request(url, { method, headers: { authorization: `Bearer ${tokens.reader}` } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toMatch(SEGMENT_RULE);
  });
});

describe('raw HTTP requests with `..` in the path', () => {
  let server: LakeServer;
  let tokens: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    server = await startLakeServer({ storage: createMemoryStorage(), port: 0 });
    tokens = await seed(server);
  });
  afterAll(async () => server.close());

  /** Sends the request target byte for byte (no client-side normalisation). */
  const raw = (method: string, target: string, body?: unknown) =>
    new Promise<{ status: number; body: { code?: string; detail?: string } }>((resolve, reject) => {
      const u = new URL(server.url);
      const req = http.request({ host: u.hostname, port: u.port, method, path: target, headers: { authorization: `Bearer ${tokens.admin}`, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {} }));
      });
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });

  it.each([
    ['DELETE', '/v1/models/local:spam/../../tokens/rd'],
    ['DELETE', '/v1/models/local:spam/%2e%2e/%2E%2E/tokens/rd'],
    ['POST', '/v1/models/local:decoy/../local:gov/victim/approval'],
    ['POST', '/v1/models/local:decoy/./../local:gov/victim/-/approval'],
  ])('%s %s is refused before URL normalisation, naming the rule', async (method, target) => {
    const res = await raw(method, target, method === 'POST' ? { action: 'submit' } : undefined);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('path-dot-segment');
    expect(res.body.detail).toMatch(SEGMENT_RULE);
    expect((await server.lake.storage.listTokens()).find((t) => t.name === 'rd')!.revokedAt).toBeUndefined();
    const victim = await raw('GET', '/v1/models/local%3Agov%2Fvictim/-/approval');
    expect(victim.body).toMatchObject({ status: 'draft' });
  });

  it('the remote client refuses the same ids with the rule named', async () => {
    const client = createLakeClient({ baseUrl: server.url, token: tokens.admin });
    const del = await failure(client.deleteCard('local:spam/../../tokens/rd'));
    expect(del.status).toBe(400);
    expect(del.message).toMatch(SEGMENT_RULE);
    const appr = await failure(client.request('POST', client.modelPath('local:decoy/../local:gov/victim', 'approval'), { body: { action: 'submit' } }));
    expect(appr.message).toMatch(SEGMENT_RULE);
    expect((await server.lake.storage.listTokens()).find((t) => t.name === 'rd')!.revokedAt).toBeUndefined();
  });

  it('GET /v1/models/%ZZ answers 400 problem details, not 500', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await raw('GET', '/v1/models/%ZZ');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('bad-request');
      expect(res.body.detail).toMatch(/percent-encoding/);
      expect((await raw('GET', '/v1/models/hf:acme/base/-/%E0%A4')).status).toBe(400);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});

describe('model URLs are unambiguous', () => {
  let opened: OpenLake;
  let tokens: Awaited<ReturnType<typeof seed>>;
  beforeEach(async () => {
    opened = openLake({ storage: createMemoryStorage() });
    tokens = await seed(opened);
  });
  afterEach(async () => opened.close());
  const get = async (url: string) => {
    const res = await opened.app.request(url, { headers: { authorization: `Bearer ${tokens.admin}` } });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('reads, lists versions and history of, diffs and deletes gh:acme/models/history through the client', async () => {
    const client = embeddedClient(opened, tokens.admin);
    expect((await client.getCard('gh:acme/models/history')).meta.id).toBe('gh:acme/models/history');
    expect((await client.versions('gh:acme/models/history')).versions).toHaveLength(1);
    const hist = await client.history('gh:acme/models/history');
    expect(hist.id).toBe('gh:acme/models/history');
    expect(hist.entries.map((e) => e.action)).toEqual(['card.put']);
    // Its parent gh:acme/models keeps its own history.
    expect((await client.history('gh:acme/models')).id).toBe('gh:acme/models');
    const diff = await client.diff<{ revisions: { a: { id: string }; b: { id: string } } }>('gh:acme/models/history', 'gh:acme/models');
    expect(diff.revisions.a.id).toBe('gh:acme/models/history');
    await client.deleteCard('gh:acme/models/history');
    expect(await client.findCard('gh:acme/models/history')).toBeUndefined();
    expect((await client.getCard('gh:acme/models')).meta.id).toBe('gh:acme/models');
  });

  it('answers every URL form over HTTP', async () => {
    // Encoded id, one segment: the model itself, never a suffix.
    expect((await get('/v1/models/gh%3Aacme%2Fmodels%2Fhistory')).body.card.id).toBe('gh:acme/models/history');
    // `/-/` separator, with the id encoded or with its `/` kept.
    expect((await get('/v1/models/gh%3Aacme%2Fmodels%2Fhistory/-/history')).body.id).toBe('gh:acme/models/history');
    expect((await get('/v1/models/gh:acme/models/history/-/history')).body.id).toBe('gh:acme/models/history');
    expect((await get('/v1/models/gh:acme/models/-/history')).body.id).toBe('gh:acme/models');
    expect((await get('/v1/models/gh:acme/models/history/-/versions')).body.versions).toHaveLength(1);
    // Legacy URLs: the whole decoded path is a stored id, so it is the model...
    expect((await get('/v1/models/gh:acme/models/history')).body.card.id).toBe('gh:acme/models/history');
    // ...and a known suffix after an id that is not stored as a whole is the sub-resource.
    expect((await get('/v1/models/hf:acme/base/history')).body).toMatchObject({ id: 'hf:acme/base' });
    expect((await get('/v1/models/hf:acme/base/versions')).body.versions).toHaveLength(1);
    // Unknown sub-resources are a 404 naming the scheme.
    const unknown = await get('/v1/models/hf:acme/base/-/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/\/v1\/models\/\{id\}\/-\/\{sub\}/);
    const del = await opened.app.request('/v1/models/gh%3Aacme%2Fmodels%2Fhistory', { method: 'DELETE', headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(del.status).toBe(204);
    expect((await get('/v1/models/gh%3Aacme%2Fmodels')).status).toBe(200);
  });

  it('documents the /-/ paths in /openapi.json', async () => {
    const doc = (await (await opened.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of ['/v1/models/{id}/-/history', '/v1/models/{id}/-/versions', '/v1/models/{id}/-/approval', '/v1/models/{id}/-/findings', '/v1/models/{id}/-/lineage', '/v1/models/{id}/-/related', '/v1/models/{id}/-/citation']) {
      expect(doc.paths).toHaveProperty([p]);
    }
    expect(doc.paths).not.toHaveProperty(['/v1/models/{id}/history']);
  });
});

describe('numeric query parameters', () => {
  let opened: OpenLake;
  let admin: string;
  beforeAll(async () => {
    opened = openLake({ storage: createMemoryStorage() });
    admin = (await seed(opened)).admin;
  });
  afterAll(async () => opened.close());
  const get = async (url: string) => {
    const res = await opened.app.request(url, { headers: { authorization: `Bearer ${admin}` } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
  };

  it.each([
    ['/v1/models?limit=abc', 'limit', 'from 1 to 1000'],
    ['/v1/models?limit=-1', 'limit', 'from 1 to 1000'],
    ['/v1/models?limit=0', 'limit', 'from 1 to 1000'],
    ['/v1/models?limit=1.5', 'limit', 'from 1 to 1000'],
    ['/v1/models?limit=1e2', 'limit', 'from 1 to 1000'],
    ['/v1/models?limit=1001', 'limit', 'from 1 to 1000'],
    ['/v1/models?limit=1&limit=2', 'limit', 'given 2 times'],
    ['/v1/audit?limit=-1', 'limit', 'from 1 to 100000'],
    ['/v1/audit?limit=abc', 'limit', 'from 1 to 100000'],
    ['/v1/audit?after=-5', 'after', '≥ 0'],
    ['/v1/audit?after=x', 'after', '≥ 0'],
    ['/v1/models/hf:acme/base?revision=abc', 'revision', '≥ 1'],
    ['/v1/models/hf:acme/base?revision=0', 'revision', '≥ 1'],
    ['/v1/models/hf:acme/base/-/approval?revision=-1', 'revision', '≥ 1'],
    ['/v1/models/hf:acme/base/-/findings?revision=1x', 'revision', '≥ 1'],
    ['/v1/models/hf:acme/base/-/lineage?depth=abc', 'depth', 'from 1 to 100'],
    ['/v1/models/hf:acme/base/-/related?limit=-1', 'limit', 'from 1 to 1000'],
    ['/v1/search?q=x&limit=-1', 'limit', 'from 1 to 1000'],
    ['/v1/search?q=x&offset=-1', 'offset', 'from 0 to 1000000'],
  ])('%s answers 400 naming `%s` and its range, without logging an error', async (url, name, range) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { status, type, body } = await get(url);
      expect(status).toBe(400);
      expect(type).toContain('application/problem+json');
      expect(body.detail).toContain(`\`${name}\``);
      expect(body.detail).toContain(range);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('accepts in-range values', async () => {
    expect((await get('/v1/models?limit=2')).body.items).toHaveLength(2);
    expect((await get('/v1/audit?limit=1')).body.entries).toHaveLength(1);
    expect((await get('/v1/audit?after=1&limit=1')).body.entries[0].seq).toBe(2);
  });

  it('a 4xx is never logged with console.error; a 500 still is', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const url of ['/v1/models/%ZZ', '/v1/models/hf:nope/x', '/v1/models?limit=abc', '/v1/models/hf:a%E2%80%AEb']) expect((await get(url)).status).toBeGreaterThanOrEqual(400);
      expect(errors).not.toHaveBeenCalled();
      const broken = openLake({ storage: createMemoryStorage(), config: { auth: { trustedActor: { name: 't', role: 'admin' } } } });
      broken.lake.storage.listModels = async () => {
        throw new Error('disk on fire');
      };
      const res = await broken.app.request('/v1/models');
      expect(res.status).toBe(500);
      expect(errors).toHaveBeenCalledTimes(1);
      await broken.close();
    } finally {
      errors.mockRestore();
    }
  });
});

describe('look-alike ids and alias names', () => {
  let opened: OpenLake;
  let tokens: Awaited<ReturnType<typeof seed>>;
  beforeEach(async () => {
    opened = openLake({ storage: createMemoryStorage() });
    tokens = await seed(opened);
  });
  afterEach(async () => opened.close());
  const call = async (method: string, url: string, who: keyof typeof tokens, body?: unknown) => {
    const res = await opened.app.request(url, { method, headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as any };
  };
  const alias = (name: string, id: string, who: keyof typeof tokens) => call('PUT', `/v1/aliases/${encodeURIComponent(name)}`, who, { id });

  it.each([['U+202E', 'hf:acme/a\u202egpj.exe'], ['U+200B', 'hf:acme/ba\u200bse'], ['U+007F', 'hf:acme/b\u007f'], ['U+0085', 'hf:acme/b\u0085'], ['U+FEFF', 'hf:\ufeffacme/b'], ['U+2066', 'hf:acme/\u2066b']])(
    'refuses %s in a card id, an alias name and a URL id',
    async (cp, id) => {
      const put = await call('PUT', `/v1/models/${encodeURIComponent(id)}`, 'writer', card(id));
      expect(put.status).toBe(400);
      expect(put.body.detail).toContain(cp);
      const batch = await opened.lake.putNdjson(JSON.stringify(card(id)), { name: 'w', role: 'writer' });
      expect(batch.errors[0]!.message).toContain(cp);
      const a = await alias(id, 'hf:acme/base', 'admin');
      expect(a.status).toBe(400);
      expect(a.body).toMatchObject({ code: 'alias-invalid' });
      expect(a.body.detail).toContain(cp);
      const c = await call('PUT', '/v1/models/hf%3Aacme%2Fok', 'writer', card('hf:acme/ok', { aliases: [id] }));
      expect(c.status).toBe(422);
      expect(c.body.detail).toContain(cp);
      expect(await opened.lake.storage.resolveId(id)).toBeUndefined();
    },
  );

  it('a writer may not re-point an alias owned by another model; an admin may', async () => {
    expect((await alias('hf:acme/nick', 'local:gov/victim', 'writer')).status).toBe(200);
    const steal = await alias('hf:acme/nick', 'local:spam', 'writer');
    expect(steal.status).toBe(409);
    expect(steal.body).toMatchObject({ code: 'alias-owned', owner: 'local:gov/victim' });
    expect(steal.body.detail).toMatch(/only an admin may re-point/);
    expect(await opened.lake.storage.resolveId('hf:acme/nick')).toBe('local:gov/victim');
    // Idempotent for the same model.
    expect((await alias('hf:acme/nick', 'local:gov/victim', 'writer')).body).toMatchObject({ unchanged: true });
    expect((await alias('hf:acme/nick', 'local:spam', 'admin')).status).toBe(200);
    expect(await opened.lake.storage.resolveId('hf:acme/nick')).toBe('local:spam');
  });

  it('a card does not take over an alias owned by another model', async () => {
    await alias('hf:acme/nick', 'local:gov/victim', 'writer');
    expect((await call('PUT', '/v1/models/hf%3Aacme%2Fthief', 'writer', card('hf:acme/thief', { aliases: ['hf:acme/nick', 'hf:acme/fresh'] }))).status).toBe(201);
    expect(await opened.lake.storage.resolveId('hf:acme/nick')).toBe('local:gov/victim');
    expect(await opened.lake.storage.resolveId('hf:acme/fresh')).toBe('hf:acme/thief');
  });

  it('nobody may alias a name that is a stored model id (it would shadow nothing and confuse everyone)', async () => {
    for (const who of ['writer', 'admin'] as const) {
      const r = await alias('gh:acme/models', 'hf:acme/base', who);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('alias-is-model-id');
    }
    expect((await call('GET', '/v1/models/gh%3Aacme%2Fmodels', 'reader')).body.card.id).toBe('gh:acme/models');
  });

  it('a writer may not alias an unused name onto an approved model; an admin may', async () => {
    expect((await call('POST', '/v1/models/hf%3Aacme%2Fbase/-/approval', 'writer', { action: 'submit' })).status).toBe(200);
    expect((await call('POST', '/v1/models/hf%3Aacme%2Fbase/-/approval', 'admin', { action: 'approve' })).body.status).toBe('approved');
    const w = await alias('hf:acme/official-base', 'hf:acme/base', 'writer');
    expect(w.status).toBe(403);
    expect(w.body.code).toBe('alias-protected-model');
    expect(w.body.detail).toMatch(/approved; only an admin/);
    expect(await opened.lake.storage.resolveId('hf:acme/official-base')).toBeUndefined();
    // A draft model still takes new names from writers.
    expect((await alias('hf:acme/spam-nick', 'local:spam', 'writer')).status).toBe(200);
    expect((await alias('hf:acme/official-base', 'hf:acme/base', 'admin')).status).toBe(200);
    expect(await opened.lake.storage.resolveId('hf:acme/official-base')).toBe('hf:acme/base');
  });

  it('the target of an alias obeys the id grammar too', async () => {
    const r = await alias('hf:acme/x', 'local:decoy/../local:gov/victim', 'admin');
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(SEGMENT_RULE);
  });
});
