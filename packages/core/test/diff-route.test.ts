import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStorage, openLake, type CardDiff, type OpenLake } from '../src/index.js';
import { baseCard, childCard } from './diff-fixtures.js';
import { operation, parameterSummary, responseValidator, type OpenApiDoc } from '../../../test/support/openapi.js';

describe('GET /v1/diff', () => {
  let opened: OpenLake;
  const actor = { name: 'test', role: 'admin' as const };

  beforeAll(async () => {
    opened = openLake({
      storage: createMemoryStorage(),
      config: { auth: { trustedActor: actor } },
      clock: () => new Date('2026-01-01T00:00:00Z'),
    });
    await opened.lake.putCard(baseCard(), actor);
    await opened.lake.putCard(childCard(), actor);
    await opened.lake.putCard({ cardVersion: '1.0', id: 'hf:acme/other', name: 'other' }, actor);
  });
  afterAll(async () => opened.close());

  const get = async (query: string) => {
    const res = await opened.app.request(`/v1/diff?${query}`);
    return { status: res.status, body: (await res.json()) as CardDiff & { revisions: Record<string, { revision: number }>; code?: string; detail?: string } };
  };

  it('diffs two versions of one model by card version', async () => {
    const { status, body } = await get('a=gh:acme/models/sentiment@v1&b=gh:acme/models/sentiment@v2');
    expect(status).toBe(200);
    expect(body.a.version).toBe('v1');
    expect(body.b.version).toBe('v2');
    expect(body.revisions.a!.revision).toBe(1);
    expect(body.revisions.b!.revision).toBe(2);
    expect(body.architecture.tensors.reshaped).toEqual([{ name: 'classifier.weight', before: [2, 4], after: [3, 4] }]);
    expect(body.weights.layers[0]!.layer).toBe('bert.encoder.layer.1');
    expect(body.governance.changed).toBe(true);
  });

  it('accepts a revision number and a bare id (latest)', async () => {
    const { status, body } = await get(`a=${encodeURIComponent('gh:acme/models/sentiment@1')}&b=gh:acme/models/sentiment`);
    expect(status).toBe(200);
    expect(body.revisions.a!.revision).toBe(1);
    expect(body.revisions.b!.revision).toBe(2);
  });

  it('diffs two different models', async () => {
    const { status, body } = await get('a=gh:acme/models/sentiment&b=hf:acme/other');
    expect(status).toBe(200);
    expect(body.metadata.find((m) => m.path === 'name')).toMatchObject({ before: 'sentiment', after: 'other' });
    expect(body.weights.compared).toBe(false);
  });

  it('answers 400 naming the missing parameter', async () => {
    const { status, body } = await get('a=gh:acme/models/sentiment');
    expect(status).toBe(400);
    expect(body.code).toBe('bad-request');
    expect(body.detail).toContain('`b` missing');
  });

  it('answers 404 for an unknown model or version', async () => {
    expect((await get('a=hf:nope/nope&b=hf:acme/other')).body.code).toBe('model-not-found');
    const v = await get('a=gh:acme/models/sentiment@v9&b=hf:acme/other');
    expect(v.status).toBe(404);
    expect(v.body.code).toBe('revision-not-found');
  });

  it('is documented in /openapi.json: both query parameters required, and real responses match the documented schemas', async () => {
    const doc = (await (await opened.app.request('/openapi.json')).json()) as OpenApiDoc;
    const op = operation(doc, '/v1/diff', 'get');
    expect(op['x-modellake-role']).toBe('reader');
    expect(parameterSummary(op)).toEqual([
      { name: 'a', in: 'query', required: true, type: 'string' },
      { name: 'b', in: 'query', required: true, type: 'string' },
    ]);
    const ok = await opened.app.request('/v1/diff?a=gh:acme/models/sentiment@v1&b=gh:acme/models/sentiment@v2');
    expect(ok.status).toBe(200);
    expect(responseValidator(doc, op, 200)(await ok.json())).toEqual([]);
    // The documented schema is not vacuous: a body without the compared revisions is refused.
    expect(responseValidator(doc, op, 200)({ identical: true })).not.toEqual([]);
    const bad = await opened.app.request('/v1/diff?a=gh:acme/models/sentiment');
    expect(bad.status).toBe(400);
    expect(responseValidator(doc, op, 400, 'application/problem+json')(await bad.json())).toEqual([]);
  });
});
