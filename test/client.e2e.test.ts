import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLakeClient, encodeModelId, LakeApiError } from '@modellake/client';
import { createToken, startLakeServer, type LakeServer } from '@modellake/core';
import type { ModelCard } from '@modellake/card';

const card = (id: string, extra: Partial<ModelCard> = {}): ModelCard => ({ cardVersion: '1.0', id, name: id.split('/').pop()!, ...extra });

describe('lake client against a real server on 127.0.0.1', () => {
  let server: LakeServer;
  let writer: string;
  let reader: string;
  beforeAll(async () => {
    server = await startLakeServer({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'ml-client-')), port: 0 });
    writer = (await createToken(server.lake.storage, 'w', 'writer', server.lake.now())).secret;
    reader = (await createToken(server.lake.storage, 'r', 'reader', server.lake.now())).secret;
  });
  afterAll(async () => server.close());

  it('puts and reads cards with ids containing / and spaces', async () => {
    const lake = createLakeClient({ baseUrl: server.url, token: writer });
    expect(await lake.putCard(card('mi:mmdet/Faster R-CNN'))).toMatchObject({ status: 'created', revision: 1 });
    expect(await lake.putCard(card('mi:mmdet/Faster R-CNN'))).toMatchObject({ status: 'unchanged' });
    const got = await lake.getCard('mi:mmdet/Faster R-CNN');
    expect(got.card.name).toBe('Faster R-CNN');
    expect(got.meta.revision).toBe(1);
    expect(await lake.findCard('hf:not/there')).toBeUndefined();
    // One encoded segment: `/` is %2F, so URL normalisation can never change the target (issue 12).
    expect(encodeModelId('hf:a b/c@1')).toBe('hf%3Aa%20b%2Fc%401');
    expect(lake.modelPath('hf:a/../b', 'history')).toBe('/v1/models/hf%3Aa%2F..%2Fb/-/history');
  });

  it('batch-imports and iterates listings across pages', async () => {
    const lake = createLakeClient({ baseUrl: server.url, token: writer });
    const res = await lake.putCards(Array.from({ length: 25 }, (_, i) => card(`hf:page/m${String(i).padStart(2, '0')}`)));
    expect(res.created).toBe(25);
    const ids: string[] = [];
    for await (const m of lake.listModels({ prefix: 'hf:page/', pageSize: 10 })) ids.push(m.id);
    expect(ids).toHaveLength(25);
    expect(ids[0]).toBe('hf:page/m00');
    // Breaking early stops paging.
    let n = 0;
    for await (const _ of lake.listModels({ prefix: 'hf:page/', pageSize: 10 })) if (++n === 3) break;
    expect(n).toBe(3);
  });

  it('turns problem details into LakeApiError with status and code', async () => {
    const lake = createLakeClient({ baseUrl: server.url, token: reader });
    const err = await lake.putCard(card('hf:x/y')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LakeApiError);
    expect(err).toMatchObject({ status: 403, code: 'forbidden' });
    const missing = await lake.getCard('hf:x/none').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 'model-not-found' });
  });

  it('keeps connector checkpoints in the lake', async () => {
    const lake = createLakeClient({ baseUrl: server.url, token: writer });
    expect(await lake.getState('hf-import/acme')).toBeUndefined();
    await lake.setState('hf-import/acme', { since: '2026-01-01' });
    expect(await lake.getState('hf-import/acme')).toEqual({ since: '2026-01-01' });
  });

  it('reports an unreachable lake clearly', async () => {
    const lake = createLakeClient({ baseUrl: 'http://127.0.0.1:9' });
    const err = (await lake.health().catch((e: unknown) => e)) as LakeApiError;
    expect(err.code).toBe('lake-unreachable');
    expect(err.message).toMatch(/Cannot reach the lake at http:\/\/127\.0\.0\.1:9/);
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const lake = createLakeClient({ baseUrl: 'http://fake', fetch: async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify({ status: 'ok', storage: 'x', models: 0 }), { headers: { 'content-type': 'application/json' } });
    } });
    expect((await lake.health()).status).toBe('ok');
    expect(calls).toEqual(['http://fake/healthz']);
  });
});
