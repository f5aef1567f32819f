import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signMlflowPayload } from '@modellake/connector-mlflow';
import { createLakeApp, createMlflowHooks, Lake, MemoryStorage, openLake, SqliteStorage, type LakeConfig, type MlflowHooks } from '@modellake/core';
import { loadRegistryFixture, startFakeMlflow, type FakeMlflow } from '../../connectors/mlflow/test/fake-mlflow-server.js';
import { SHARED_MLFLOW } from '../../connectors/mlflow/test/shared.js';

const SECRET = 'whsec-test';

function signed(body: string, opts: { secret?: string; deliveryId?: string; ts?: number } = {}): { body: string; headers: Record<string, string> } {
  const deliveryId = opts.deliveryId ?? randomUUID();
  const timestamp = String(opts.ts ?? Math.floor(Date.now() / 1000));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-mlflow-delivery-id': deliveryId,
      'x-mlflow-timestamp': timestamp,
      'x-mlflow-signature': signMlflowPayload({ secret: opts.secret ?? SECRET, deliveryId, timestamp, body }),
    },
  };
}

const payload = (entity: string, action: string, data: Record<string, unknown>): string =>
  JSON.stringify({ entity, action, timestamp: new Date().toISOString(), data });

// Generous: on a loaded CI machine the worker's retries may take seconds; a met condition returns at once.
async function waitFor(cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Env {
  fake: FakeMlflow;
  lake: Lake;
  hooks: MlflowHooks;
  warnings: string[];
  post(d: { body: string; headers: Record<string, string> }): Promise<Response>;
}

async function setup(config: Partial<NonNullable<LakeConfig['mlflow']>> = {}, now?: () => number): Promise<Env> {
  const fake = await startFakeMlflow({ registry: loadRegistryFixture() });
  const lake = new Lake({ storage: new SqliteStorage({ file: ':memory:' }) });
  const warnings: string[] = [];
  const cfg: LakeConfig = { mlflow: { webhookSecret: SECRET, trackingUri: fake.url, ...config } };
  const hooks = createMlflowHooks({ lake, config: cfg, worker: { retryBaseMs: 20, retryMaxMs: 100 }, log: { warn: (m: string) => warnings.push(m) }, ...(now ? { now } : {}) });
  const app = createLakeApp({ lake, config: cfg, routes: [hooks.routes] });
  return { fake, lake, hooks, warnings, post: (d) => app.request('/v1/hooks/mlflow', { method: 'POST', headers: d.headers, body: d.body }) };
}

describe('POST /v1/hooks/mlflow', () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup();
  });
  afterEach(async () => {
    await env.hooks.stop();
    await env.fake.stop().catch(() => {});
    await env.lake.storage.close();
  });

  it('acknowledges a signed model_version.created, then stores the card fetched from MLflow', async () => {
    const res = await env.post(signed(payload('model_version', 'created', { name: 'fraud-detector', version: '2', source: 'x', run_id: 'y' })));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'queued', event: 'model_version.created', model: 'fraud-detector', version: '2' });
    await env.hooks.worker.idle();
    const stored = await env.lake.getCard('mlflow:fraud-detector', { version: '2' });
    expect(stored.card).toMatchObject({ version: '2', aliases: ['mlflow:fraud-detector@champion'], training: { hyperparameters: { n_estimators: 400 } } });
    expect(stored.actor).toBe('mlflow-webhook');
    expect(env.hooks.queue.counts()).toMatchObject({ done: 1, pending: 0 });
  });

  it('answers a repeated delivery id with 200 and does not process it twice', async () => {
    const d = signed(payload('model_version', 'created', { name: 'fraud-detector', version: '1' }));
    expect((await env.post(d)).status).toBe(200);
    await env.hooks.worker.idle();
    const served = env.fake.requests.length;
    const again = await env.post(d);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate', state: 'done' });
    await env.hooks.worker.idle();
    expect(env.fake.requests.length).toBe(served);
    expect(await env.lake.versions('mlflow:fraud-detector')).toHaveLength(1);
  });

  it.each([
    ['unsigned', (d: { body: string; headers: Record<string, string> }) => { delete d.headers['x-mlflow-signature']; }, 'signature-missing'],
    ['signed with another secret', (d: { body: string; headers: Record<string, string> }) => { d.headers['x-mlflow-signature'] = signed(d.body, { secret: 'other', deliveryId: d.headers['x-mlflow-delivery-id']!, ts: Number(d.headers['x-mlflow-timestamp']) }).headers['x-mlflow-signature']!; }, 'signature-invalid'],
    ['tampered body', (d: { body: string; headers: Record<string, string> }) => { d.body = d.body.replace('"2"', '"3"'); }, 'signature-invalid'],
    ['without a delivery id', (d: { body: string; headers: Record<string, string> }) => { delete d.headers['x-mlflow-delivery-id']; }, 'delivery-id-missing'],
  ])('refuses a delivery %s with 401 and a reason, storing nothing', async (_what, mutate, reason) => {
    const d = signed(payload('model_version', 'created', { name: 'fraud-detector', version: '2' }));
    mutate(d);
    const res = await env.post(d);
    expect(res.status).toBe(401);
    const problem = (await res.json()) as { code: string; reason: string; detail: string };
    expect(problem).toMatchObject({ code: 'webhook-unauthorized', reason });
    expect(problem.detail.length).toBeGreaterThan(10);
    expect(env.hooks.queue.counts()).toEqual({ pending: 0, done: 0, failed: 0, ignored: 0 });
    expect(await env.lake.storage.countModels()).toBe(0);
  });

  it('refuses a stale timestamp (older than 5 minutes) with 401', async () => {
    const res = await env.post(signed(payload('model_version', 'created', { name: 'fraud-detector', version: '2' }), { ts: Math.floor(Date.now() / 1000) - 301 }));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ reason: 'timestamp-stale', detail: expect.stringMatching(/older than 300 s/) });
    expect(env.hooks.queue.counts().pending).toBe(0);
  });

  it('answers malformed JSON (correctly signed) with 400 naming the offset', async () => {
    const res = await env.post(signed('{"entity": "model_version", "action": "created", "data": {"name": }'));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'webhook-payload-invalid', detail: expect.stringMatching(/not valid JSON at offset 66/) });
    const missing = await env.post(signed(payload('model_version', 'created', { name: 'fraud-detector' })));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ detail: 'Webhook event model_version.created has no `data.version`.' });
    expect(env.hooks.queue.counts().pending).toBe(0);
  });

  it('acknowledges an unknown event type with 202 and logs it', async () => {
    const res = await env.post(signed(payload('prompt', 'created', { name: 'p' })));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'ignored', event: 'prompt.created' });
    expect(env.warnings.join('\n')).toMatch(/prompt.created, which this lake does not handle/);
    expect(env.hooks.queue.counts()).toMatchObject({ ignored: 1, pending: 0 });
  });

  it('keeps the event when MLflow is down while the webhook arrives, and syncs once it is back', async () => {
    // Down without releasing the port (a restart on a released port can find it taken by another test's server).
    env.fake.pause();
    // Acknowledged although MLflow is unreachable: the work is queued (ack speed is measured by `pnpm bench:mlflow`, not here).
    const res = await env.post(signed(payload('model_version_alias', 'created', { name: 'fraud-detector', alias: 'champion', version: '2' })));
    expect(res.status).toBe(200);
    const id = ((await res.json()) as { deliveryId: string }).deliveryId;
    await waitFor(() => (env.hooks.queue.get('mlflow', id)?.attempts ?? 0) >= 2);
    expect(env.hooks.queue.get('mlflow', id)).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/unreachable/) });
    expect(env.warnings.some((w) => w.includes('will be retried'))).toBe(true);
    const attemptsWhileDown = env.hooks.queue.get('mlflow', id)!.attempts;
    env.fake.resume();
    // Waits on the queue's state: the next retry after the server is back completes the delivery.
    await waitFor(() => env.hooks.queue.get('mlflow', id)?.status === 'done');
    expect(env.hooks.queue.get('mlflow', id)!.attempts).toBeGreaterThan(attemptsWhileDown);
    expect((await env.lake.getCard('mlflow:fraud-detector', { version: '2' })).card.aliases).toEqual(['mlflow:fraud-detector@champion']);
  });

  it('gives up on a version MLflow says does not exist, naming model and version', async () => {
    const res = await env.post(signed(payload('model_version', 'created', { name: 'fraud-detector', version: '42' })));
    const id = ((await res.json()) as { deliveryId: string }).deliveryId;
    await waitFor(() => env.hooks.queue.get('mlflow', id)?.status === 'failed');
    expect(env.hooks.queue.get('mlflow', id)?.lastError).toBe('MLflow model version "fraud-detector" version 42 does not exist (RESOURCE_DOES_NOT_EXIST): Model Version (name=fraud-detector, version=42) not found');
    expect(env.hooks.queue.get('mlflow', id)?.attempts).toBe(1);
  });

  it('syncs a burst of events about one version once, completing every delivery', async () => {
    await env.hooks.stop();
    for (const body of [
      payload('model_version', 'created', { name: 'fraud-detector', version: '2' }),
      payload('model_version_tag', 'set', { name: 'fraud-detector', version: '2', key: 'k', value: 'v' }),
      payload('model_version_alias', 'created', { name: 'fraud-detector', alias: 'champion', version: '2' }),
    ]) expect((await env.post(signed(body))).status).toBe(200);
    env.fake.requests.length = 0;
    env.hooks.worker.start();
    await waitFor(() => env.hooks.queue.counts().done === 3);
    expect(env.fake.requests.filter((r) => r.includes('model-versions/get'))).toHaveLength(1);
  });

  it('processes deliveries of one model in arrival order', async () => {
    for (const v of ['1', '2', '3']) expect((await env.post(signed(payload('model_version', 'created', { name: 'fraud-detector', version: v })))).status).toBe(200);
    await waitFor(() => env.hooks.queue.counts().done === 3);
    expect((await env.lake.versions('mlflow:fraud-detector')).map((r) => r.version)).toEqual(['1', '2', '3']);
  });
});

const WEBHOOKS = path.join(SHARED_MLFLOW, 'webhooks');

describe.skipIf(!fs.existsSync(WEBHOOKS))('every recorded registry event type (../shared/fixtures/mlflow/webhooks)', () => {
  it('is accepted, queued and synced from the tracking server', async () => {
    const env = await setup();
    const reg = env.fake.registry;
    reg.registered_models.push({ name: 'example_model', description: 'An example registered model', tags: [{ key: 'example_key', value: 'example_value' }], aliases: [{ alias: 'example_alias', version: '1' }], creation_timestamp: 1, last_updated_timestamp: 2 });
    reg.model_versions.push({ name: 'example_model', version: '1', source: 'models:/123', run_id: 'abcd1234abcd5678', status: 'READY', current_stage: 'None', tags: [{ key: 'example_key', value: 'example_value' }], description: 'An example model version' });
    const files = fs.readdirSync(WEBHOOKS).filter((f) => f.startsWith('payload.'));
    expect(files).toHaveLength(6);
    for (const f of files) {
      const res = await env.post(signed(fs.readFileSync(path.join(WEBHOOKS, f), 'utf8')));
      expect(res.status, f).toBe(200);
    }
    await waitFor(() => env.hooks.queue.counts().done === 6);
    const card = (await env.lake.getCard('mlflow:example_model', { version: '1' })).card;
    expect(card).toMatchObject({ description: 'An example model version', tags: expect.arrayContaining(['example_key:example_value', 'alias:example_alias']) });
    await env.hooks.stop();
    await env.fake.stop();
  });

  it('verifies the signature test vector through the route', async () => {
    const v = JSON.parse(fs.readFileSync(path.join(WEBHOOKS, 'signature-test-vector.json'), 'utf8')) as { secret: string; headers: Record<string, string>; body: string };
    const env = await setup({ webhookSecret: v.secret }, () => (Number(v.headers['X-MLflow-Timestamp']) + 30) * 1000);
    const res = await env.post({ body: v.body, headers: v.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'queued', deliveryId: v.headers['X-MLflow-Delivery-Id'], event: 'model_version.created' });
    await env.hooks.stop();
    await env.fake.stop();
  });
});

describe('durability and configuration', () => {
  it('keeps pending deliveries in SQLite across a restart of the lake', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlk-hooks-'));
    const fake = await startFakeMlflow({ registry: loadRegistryFixture() });
    // First lake: receives the webhook but has no tracking URI yet, so nothing is processed.
    const first = openLake({ home, config: { mlflow: { webhookSecret: SECRET } } });
    const res = await first.app.request('/v1/hooks/mlflow', { method: 'POST', ...signed(payload('model_version', 'created', { name: 'summarizer', version: '1' })) });
    expect(res.status).toBe(200);
    await first.close();
    const second = openLake({ home, config: { mlflow: { webhookSecret: SECRET, trackingUri: fake.url } } });
    await waitFor(async () => (await second.lake.storage.getCard('mlflow:summarizer')) !== undefined);
    expect((await second.lake.getCard('mlflow:summarizer')).card.tasks).toEqual(['summarization']);
    await second.close();
    await fake.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('answers 503 when no webhook secret is configured, never accepting unsigned events', async () => {
    const opened = openLake({ storage: new MemoryStorage() });
    const res = await opened.app.request('/v1/hooks/mlflow', { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload('model_version', 'created', { name: 'a', version: '1' }) });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'mlflow-webhooks-disabled', detail: expect.stringMatching(/--mlflow-webhook-secret/) });
    await opened.close();
  });

  it('lists deliveries for admins only', async () => {
    const opened = openLake({ storage: new MemoryStorage(), config: { mlflow: { webhookSecret: SECRET }, auth: { trustedActor: { name: 'root', role: 'admin' } } } });
    await opened.app.request('/v1/hooks/mlflow', { method: 'POST', ...signed(payload('prompt', 'created', { name: 'p' })) });
    const res = await opened.app.request('/v1/hooks/mlflow/deliveries');
    expect(await res.json()).toMatchObject({ counts: { ignored: 1 }, deliveries: [{ event: 'prompt.created', status: 'ignored' }] });
    await opened.close();
  });
});
