import { describe, expect, it, beforeEach } from 'vitest';
import { createToken, MemoryStorage, openLake, type OpenLake } from '@modellake/core';
import { operation, parameterSummary, responseValidator, type OpenApiDoc } from '../../../test/support/openapi.js';

const card = (id: string, extra: Record<string, unknown> = {}) => ({ cardVersion: '1.0', id, name: id.split('/').pop(), ...extra });
const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('lake REST API', () => {
  let lake: OpenLake;
  let admin: string;
  let writer: string;
  let reader: string;
  const as = (token: string | undefined, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as Record<string, string>), ...(token ? { authorization: `Bearer ${token}` } : {}) } });

  beforeEach(async () => {
    lake = openLake({ storage: new MemoryStorage(), clock: () => new Date('2026-11-26T12:00:00Z'), maxCardBytes: 4096 });
    admin = (await createToken(lake.lake.storage, 'admin', 'admin', lake.lake.now())).secret;
    writer = (await createToken(lake.lake.storage, 'ci', 'writer', lake.lake.now())).secret;
    reader = (await createToken(lake.lake.storage, 'viewer', 'reader', lake.lake.now())).secret;
  });

  it('puts, gets, versions and keeps full history', async () => {
    const put1 = await lake.app.request('/v1/models/hf:acme/tiny', as(writer, { method: 'PUT', ...json(card('hf:acme/tiny', { license: 'mit' })) }));
    expect(put1.status).toBe(201);
    expect(await put1.json()).toMatchObject({ status: 'created', revision: 1 });
    const same = await lake.app.request('/v1/models/hf:acme/tiny', as(writer, { method: 'PUT', ...json(card('hf:acme/tiny', { license: 'mit' })) }));
    expect(await same.json()).toMatchObject({ status: 'unchanged', revision: 1 });
    const put2 = await lake.app.request('/v1/models/hf%3Aacme%2Ftiny', as(writer, { method: 'PUT', ...json(card('hf:acme/tiny', { license: 'apache-2.0' })) }));
    expect(await put2.json()).toMatchObject({ status: 'updated', revision: 2 });

    const got = await lake.app.request('/v1/models/hf:acme/tiny', as(reader));
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toMatch(/^"sha256:/);
    const body = (await got.json()) as { card: { license: string }; meta: { revision: number; actor: string } };
    expect(body.card.license).toBe('apache-2.0');
    expect(body.meta).toMatchObject({ revision: 2, actor: 'ci' });
    const r1 = (await (await lake.app.request('/v1/models/hf:acme/tiny?revision=1', as(reader))).json()) as { card: { license: string } };
    expect(r1.card.license).toBe('mit');
    const versions = (await (await lake.app.request('/v1/models/hf:acme/tiny/versions', as(reader))).json()) as { versions: unknown[] };
    expect(versions.versions).toHaveLength(2);
    const history = (await (await lake.app.request('/v1/models/hf:acme/tiny/history', as(reader))).json()) as { entries: { action: string; actor: string }[] };
    expect(history.entries.map((e) => e.action)).toEqual(['card.put', 'card.put']);
  });

  it('rejects invalid cards with every issue and stores nothing', async () => {
    const res = await lake.app.request('/v1/models/hf:a/b', as(writer, { method: 'PUT', ...json({ cardVersion: '1.0', id: 'hf:a/b', license: 7, created: 'yesterday' }) }));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const p = (await res.json()) as { code: string; issues: { path: string }[] };
    expect(p.code).toBe('card-invalid');
    expect(p.issues.map((i) => i.path).sort()).toEqual(['/created', '/license', '/name']);
    expect((await lake.app.request('/v1/models/hf:a/b', as(reader))).status).toBe(404);
  });

  it('rejects a card over the size limit and a mismatching id', async () => {
    const big = await lake.app.request('/v1/models/hf:a/b', as(writer, { method: 'PUT', ...json(card('hf:a/b', { description: 'x'.repeat(5000) })) }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { code: string }).code).toBe('card-too-large');
    const mismatch = await lake.app.request('/v1/models/hf:a/c', as(writer, { method: 'PUT', ...json(card('hf:a/b')) }));
    expect(mismatch.status).toBe(400);
    expect(((await mismatch.json()) as { code: string }).code).toBe('card-id-mismatch');
    const notJson = await lake.app.request('/v1/models/hf:a/b', as(writer, { method: 'PUT', body: '{oops', headers: { 'content-type': 'application/json' } }));
    expect(notJson.status).toBe(400);
  });

  it('imports NDJSON: bad lines reported by number, valid lines stored', async () => {
    const lines = [JSON.stringify(card('hf:x/1')), '{not json', '', JSON.stringify({ cardVersion: '1.0', id: 'bad', name: 'b' }), JSON.stringify(card('hf:x/2'))].join('\n');
    const res = await lake.app.request('/v1/import', as(writer, { method: 'POST', body: lines, headers: { 'content-type': 'application/x-ndjson' } }));
    expect(res.status).toBe(200);
    const r = (await res.json()) as { created: number; failed: number; errors: { line: number; code: string }[]; results: { line: number; id: string }[] };
    expect(r.created).toBe(2);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[2, 'invalid-json'], [4, 'card-invalid']]);
    expect(r.results.map((x) => [x.line, x.id])).toEqual([[1, 'hf:x/1'], [5, 'hf:x/2']]);
    const wrongType = await lake.app.request('/v1/import', as(writer, { method: 'POST', body: lines, headers: { 'content-type': 'application/xml' } }));
    expect(wrongType.status).toBe(415);
  });

  it('tombstones on delete: 410 afterwards, history kept', async () => {
    await lake.app.request('/v1/models/hf:a/b', as(writer, { method: 'PUT', ...json(card('hf:a/b')) }));
    expect((await lake.app.request('/v1/models/hf:a/b', as(admin, { method: 'DELETE' }))).status).toBe(204);
    const gone = await lake.app.request('/v1/models/hf:a/b', as(reader));
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { code: string }).code).toBe('model-deleted');
    const versions = (await (await lake.app.request('/v1/models/hf:a/b/versions', as(reader))).json()) as { versions: unknown[] };
    expect(versions.versions).toHaveLength(1);
    expect((await lake.app.request('/v1/models/hf:never/was', as(admin, { method: 'DELETE' }))).status).toBe(404);
  });

  it('resolves aliases on reads', async () => {
    await lake.app.request('/v1/models/hf:new/m', as(writer, { method: 'PUT', ...json(card('hf:new/m', { aliases: ['hf:old/m'] })) }));
    const got = (await (await lake.app.request('/v1/models/hf:old/m', as(reader))).json()) as { card: { id: string }; meta: { aliases: string[] } };
    expect(got.card.id).toBe('hf:new/m');
    expect(got.meta.aliases).toEqual(['hf:old/m']);
  });

  it('authenticates tokens: unknown, malformed and revoked tokens are refused', async () => {
    expect((await lake.app.request('/v1/models', as('mlk_wrong'))).status).toBe(401);
    expect((await lake.app.request('/v1/models', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const created = (await (await lake.app.request('/v1/tokens', as(admin, { method: 'POST', ...json({ name: 'temp', role: 'reader' }) }))).json()) as { secret: string; id: string };
    expect(created.secret).toMatch(/^mlk_/);
    expect((await lake.app.request('/v1/models', as(created.secret))).status).toBe(200);
    expect((await lake.app.request(`/v1/tokens/${created.id}`, as(admin, { method: 'DELETE' }))).status).toBe(200);
    expect((await lake.app.request('/v1/models', as(created.secret))).status).toBe(401);
    const list = (await (await lake.app.request('/v1/tokens', as(admin))).json()) as { tokens: Record<string, unknown>[] };
    expect(JSON.stringify(list)).not.toContain(created.secret);
    expect(list.tokens.every((t) => !('secret' in t) && !('secretHash' in t))).toBe(true);
  });

  it('serves health and an OpenAPI 3.1 document with the card schema', async () => {
    expect(await (await lake.app.request('/healthz')).json()).toMatchObject({ status: 'ok', storage: 'memory' });
    const doc = (await (await lake.app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: { ModelCard: { properties: Record<string, unknown> } } } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas.ModelCard.properties)).toEqual(expect.arrayContaining(['id', 'lineage', 'governance', 'fingerprint']));
    // GET /v1/models/{id}: its parameters, and a real response checked against the documented 200 schema.
    const api = doc as unknown as OpenApiDoc;
    const get = operation(api, '/v1/models/{id}', 'get');
    expect(parameterSummary(get)).toEqual([
      { name: 'id', in: 'path', required: true, type: 'string' },
      { name: 'revision', in: 'query', required: false, type: 'integer' },
      { name: 'version', in: 'query', required: false, type: 'string' },
    ]);
    const put = await lake.app.request('/v1/models/hf:acme/doc', as(writer, { method: 'PUT', ...json(card('hf:acme/doc', { license: 'mit', tasks: ['text-classification'] })) }));
    expect(put.status).toBe(201);
    const putOp = operation(api, '/v1/models/{id}', 'put');
    expect(parameterSummary(putOp)).toEqual([{ name: 'id', in: 'path', required: true, type: 'string' }]);
    expect(responseValidator(api, putOp, 201)(await put.json())).toEqual([]);
    const got = await (await lake.app.request('/v1/models/hf:acme/doc', as(reader))).json();
    const check = responseValidator(api, get, 200);
    expect(check(got)).toEqual([]);
    // Not vacuous: a card breaking the card schema, or a meta with a string revision, is refused.
    expect(check({ ...got, card: { id: 'hf:acme/doc' } })).not.toEqual([]);
    expect(check({ ...got, meta: { ...got.meta, revision: '1' } })).not.toEqual([]);
    const missing = await lake.app.request('/v1/models/hf:acme/none', as(reader));
    expect(missing.status).toBe(404);
    expect(responseValidator(api, get, 404, 'application/problem+json')(await missing.json())).toEqual([]);
  });

  it('answers unknown routes with problem details', async () => {
    const res = await lake.app.request('/v1/nothing-here', as(reader));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not-found', status: 404 });
  });
});
