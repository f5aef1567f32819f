import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MlflowError,
  createWebhook,
  getLoggedModel,
  getModelVersion,
  getModelVersionByAlias,
  getRegisteredModel,
  getRun,
  listModelVersions,
  listRegisteredModels,
  webhookSetup,
} from '../src/index.js';
import { loadRegistryFixture, startFakeMlflow, type FakeMlflow } from './fake-mlflow-server.js';
import { SHARED_MLFLOW } from './shared.js';

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('MLflow REST client against a fake tracking server', () => {
  let fake: FakeMlflow;
  beforeAll(async () => {
    fake = await startFakeMlflow({ registry: loadRegistryFixture(), pageSize: 2, token: 'tok' });
  });
  afterAll(() => fake.stop());
  const p = () => ({ baseUrl: fake.url, token: 'tok', retryDelayMs: 1 });

  it('follows next_page_token through registered model and version listings', async () => {
    fake.requests.length = 0;
    const models = await collect(listRegisteredModels({ ...p(), maxResults: 2 }));
    expect(models.map((m) => m.name)).toEqual(['fraud-base', 'fraud-detector', 'summarizer', 'support-agent']);
    expect(fake.requests.filter((r) => r.includes('registered-models/search'))).toHaveLength(2);
    expect(fake.requests[1]).toContain('page_token=');
    const versions = await collect(listModelVersions({ ...p(), filter: "name='fraud-detector'" }));
    expect(versions.map((v) => v.version)).toEqual(['1', '2', '3']);
  });

  it('stops requesting pages when the caller breaks out', async () => {
    fake.requests.length = 0;
    for await (const m of listRegisteredModels(p())) {
      expect(m.name).toBe('fraud-base');
      break;
    }
    expect(fake.requests).toHaveLength(1);
  });

  it('gets a model, a version, an alias, a run and a logged model', async () => {
    expect((await getRegisteredModel({ ...p(), name: 'fraud-detector' })).aliases).toEqual([{ alias: 'champion', version: '2' }, { alias: 'challenger', version: '3' }]);
    expect(await getModelVersion({ ...p(), name: 'fraud-detector', version: '2' })).toMatchObject({ current_stage: 'Production', aliases: ['champion'] });
    expect(await getModelVersionByAlias({ ...p(), name: 'fraud-detector', alias: 'challenger' })).toMatchObject({ version: '3' });
    expect((await getRun({ ...p(), runId: '2a1b3c4d5e6f47a8b9c0d1e2f3a4b5c6' })).info?.run_name).toBe('fraud-v2');
    expect((await getLoggedModel({ ...p(), modelId: 'm-7f3e2a1b9c8d4e5f' }))?.info?.model_type).toBe('agent');
  });

  it('maps RESOURCE_DOES_NOT_EXIST to a clear error naming the model and version', async () => {
    const e = await getModelVersion({ ...p(), name: 'fraud-detector', version: '9' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MlflowError);
    expect(e).toMatchObject({ code: 'mlflow-not-found', status: 404, mlflowCode: 'RESOURCE_DOES_NOT_EXIST' });
    expect((e as Error).message).toBe('MLflow model version "fraud-detector" version 9 does not exist (RESOURCE_DOES_NOT_EXIST): Model Version (name=fraud-detector, version=9) not found');
    await expect(getRegisteredModel({ ...p(), name: 'nope' })).rejects.toThrow(/registered model "nope" does not exist/);
  });

  it('sends the bearer token; a wrong one is an mlflow-http 401 error', async () => {
    await expect(getRegisteredModel({ ...p(), token: 'bad', name: 'fraud-base' })).rejects.toMatchObject({ code: 'mlflow-http', status: 401, mlflowCode: 'UNAUTHENTICATED' });
  });

  it('retries 503 answers, then reports the last one', async () => {
    fake.failWith = 503;
    fake.requests.length = 0;
    const e = await getRegisteredModel({ ...p(), name: 'fraud-base', retries: 2 }).catch((x: unknown) => x);
    fake.failWith = undefined;
    expect(fake.requests).toHaveLength(3);
    expect(e).toMatchObject({ code: 'mlflow-http', status: 503, retryable: true });
  });

  it('registers a webhook through MLflow 3 webhook API', async () => {
    const setup = await webhookSetup({ lakeUrl: 'http://lake.test:8470/', secret: 'whs', register: true, mlflow: p() });
    expect(setup.registered).toBe(true);
    expect(setup.webhook).toMatchObject({ webhook_id: 'wh-1', url: 'http://lake.test:8470/v1/hooks/mlflow', status: 'ACTIVE' });
    expect(fake.webhooks[0]).toMatchObject({ secret: 'whs', events: expect.arrayContaining([{ entity: 'MODEL_VERSION', action: 'CREATED' }]) });
  });
});

describe('MLflow 2 server (no logged models, no webhook API) with basic auth', () => {
  let fake: FakeMlflow;
  beforeAll(async () => {
    fake = await startFakeMlflow({ registry: loadRegistryFixture(), mlflow3: false, basic: 'ann:pw' });
  });
  afterAll(() => fake.stop());

  it('uses basic auth from params or from the URL', async () => {
    expect((await getRegisteredModel({ baseUrl: fake.url, username: 'ann', password: 'pw', name: 'fraud-base' })).name).toBe('fraud-base');
    expect((await getRegisteredModel({ baseUrl: fake.url.replace('http://', 'http://ann:pw@'), name: 'fraud-base' })).name).toBe('fraud-base');
  });
  it('answers undefined for logged models and prints the webhook instead of registering it', async () => {
    const params = { baseUrl: fake.url, username: 'ann', password: 'pw' };
    expect(await getLoggedModel({ ...params, modelId: 'm-1' })).toBeUndefined();
    await expect(createWebhook({ ...params, webhook: { name: 'x', url: 'http://l/v1/hooks/mlflow', events: [] } })).rejects.toMatchObject({ code: 'mlflow-unsupported' });
    const setup = await webhookSetup({ lakeUrl: 'http://lake.test', secret: 's', register: true, mlflow: params });
    expect(setup).toMatchObject({ registered: false, reason: expect.stringMatching(/does not offer POST/) });
  });
});

describe('unreachable server and bad URIs', () => {
  it('reports an unreachable server after retrying', async () => {
    const fake = await startFakeMlflow({ registry: loadRegistryFixture() });
    await fake.stop();
    const e = await getRegisteredModel({ baseUrl: fake.url, name: 'x', retries: 1, retryDelayMs: 1 }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'mlflow-unreachable', retryable: true });
    expect((e as Error).message).toMatch(/is unreachable/);
  });
  it('rejects a tracking URI that is not http(s)', async () => {
    await expect(getRegisteredModel({ baseUrl: 'file:///tmp/mlruns', name: 'x' })).rejects.toThrow(/must be http\(s\)/);
    await expect(getRegisteredModel({ baseUrl: 'not a url', name: 'x' })).rejects.toThrow(/is not a URL/);
  });
});

const REST = path.join(SHARED_MLFLOW, 'rest');

describe.skipIf(!fs.existsSync(REST))(`client parses the recorded REST bodies verbatim (${fs.existsSync(REST) ? REST : `skipped: ${REST} is absent`})`, () => {
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    const bodies: Record<string, string> = {
      '/api/2.0/mlflow/registered-models/search': 'registered-models-search.response.json',
      '/api/2.0/mlflow/registered-models/get': 'registered-models-get.response.json',
      '/api/2.0/mlflow/model-versions/search': 'model-versions-search.response.json',
      '/api/2.0/mlflow/model-versions/get': 'model-versions-get.response.json',
      '/api/2.0/mlflow/registered-models/alias': 'registered-models-alias-get.response.json',
      '/api/2.0/mlflow/runs/get': 'runs-get.response.json',
    };
    server = http.createServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      // The recorded search page carries a next_page_token; the second page is empty.
      if (u.searchParams.get('page_token')) return res.end(JSON.stringify({}));
      if (u.searchParams.get('name') === 'missing') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(fs.readFileSync(path.join(REST, 'error.RESOURCE_DOES_NOT_EXIST.response.json')));
      }
      const f = bodies[u.pathname];
      if (!f) {
        res.writeHead(501);
        return res.end(`no route ${u.pathname}`);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fs.readFileSync(path.join(REST, f)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('lists, gets and follows the recorded next_page_token', async () => {
    const models = await collect(listRegisteredModels({ baseUrl: url }));
    expect(models.map((m) => m.name)).toEqual(['sklearn_wine', 'sklearn_wine_onnx']);
    expect((await collect(listModelVersions({ baseUrl: url }))).map((v) => v.version)).toEqual(['1', '2', '3']);
    expect((await getModelVersion({ baseUrl: url, name: 'sklearn_wine', version: '6' })).current_stage).toBe('Archived');
    expect((await getModelVersionByAlias({ baseUrl: url, name: 'sklearn_wine', alias: 'good-to-go' })).aliases).toEqual(['good-to-go']);
    expect((await getRun({ baseUrl: url, runId: '40b80c5f91bd445b8a93ebfa31d90e7c' })).inputs?.dataset_inputs?.[0]?.dataset?.digest).toBe('217f4949');
  });
  it('maps the recorded error body', async () => {
    await expect(getModelVersion({ baseUrl: url, name: 'missing', version: '1' })).rejects.toThrow('MLflow model version "missing" version 1 does not exist (RESOURCE_DOES_NOT_EXIST): Registered Model with name=demo-model@prod not found');
  });
});
