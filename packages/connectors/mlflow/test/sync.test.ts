import { cardHash, validate, type ModelCard } from '@modellake/card';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyWebhookPlan, syncRegistry, watchRegistry, type CardSink, type SyncProgress, type SyncSummary } from '../src/index.js';
import { loadRegistryFixture, startFakeMlflow, type FakeMlflow } from './fake-mlflow-server.js';

/** Sink keeping the latest card of each model version, idempotent by hash like the lake. */
function memorySink(): CardSink & { cards: Map<string, ModelCard>; puts: number } {
  const cards = new Map<string, ModelCard>();
  const sink = {
    cards,
    puts: 0,
    async putCard(card: ModelCard) {
      sink.puts++;
      expect(validate(card).issues).toEqual([]);
      const key = `${card.id}@${card.version ?? ''}`;
      const prev = cards.get(key);
      cards.set(key, card);
      return { status: !prev ? ('created' as const) : cardHash(prev) === cardHash(card) ? ('unchanged' as const) : ('updated' as const) };
    },
    async storedHash(id: string, version: string | undefined) {
      const c = cards.get(`${id}@${version ?? ''}`);
      return c ? cardHash(c) : undefined;
    },
  };
  return sink;
}

describe('syncRegistry', () => {
  let fake: FakeMlflow;
  beforeEach(async () => {
    fake = await startFakeMlflow({ registry: loadRegistryFixture(), pageSize: 2 });
  });
  afterEach(() => fake.stop());
  const now = () => new Date('2026-11-26T12:00:00Z');

  it('full sync stores every version, reports progress, and a second run changes nothing', async () => {
    const sink = memorySink();
    const progress: SyncProgress[] = [];
    const s = await syncRegistry({ mlflow: { baseUrl: fake.url }, sink, now, onProgress: (e) => progress.push(e) });
    expect(s).toMatchObject({ models: 4, versions: 6, created: 6, updated: 0, unchanged: 0, failed: [] });
    expect([...sink.cards.keys()].sort()).toEqual(['mlflow:fraud-base@1', 'mlflow:fraud-detector@1', 'mlflow:fraud-detector@2', 'mlflow:fraud-detector@3', 'mlflow:summarizer@1', 'mlflow:support-agent@1']);
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6 });
    expect(s.checkpoint).toBe(1767607205900);
    const again = await syncRegistry({ mlflow: { baseUrl: fake.url }, sink, now });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    expect(sink.puts).toBe(6);
  });

  it('--model syncs one registered model; an unknown one is a clear error', async () => {
    const sink = memorySink();
    const s = await syncRegistry({ mlflow: { baseUrl: fake.url }, sink, model: 'fraud-detector', now });
    expect(s).toMatchObject({ models: 1, versions: 3, created: 3 });
    await expect(syncRegistry({ mlflow: { baseUrl: fake.url }, sink, model: 'nope', now })).rejects.toThrow('MLflow registered model "nope" does not exist (RESOURCE_DOES_NOT_EXIST): Registered Model with name=nope not found');
  });

  it('incremental sync with since picks up a moved alias and a changed version tag only', async () => {
    const sink = memorySink();
    const full = await syncRegistry({ mlflow: { baseUrl: fake.url }, sink, now });
    const reg = fake.registry;
    // Alias champion moves from v2 to v3 (touches the registered model) ...
    const rm = reg.registered_models.find((m) => m.name === 'fraud-detector')!;
    rm.aliases = [{ alias: 'champion', version: '3' }];
    rm.last_updated_timestamp = full.checkpoint! + 10;
    // ... and summarizer v1 gets a tag (touches only the version).
    const sv = reg.model_versions.find((v) => v.name === 'summarizer')!;
    sv.tags = [{ key: 'reviewed', value: 'yes' }];
    sv.last_updated_timestamp = full.checkpoint! + 20;
    fake.requests.length = 0;
    const inc = await syncRegistry({ mlflow: { baseUrl: fake.url }, sink, now, since: full.checkpoint! + 1 });
    expect(inc).toMatchObject({ models: 2, versions: 4, updated: 3, unchanged: 1, failed: [], checkpoint: full.checkpoint! + 20 });
    expect(sink.cards.get('mlflow:fraud-detector@3')?.aliases).toEqual(['mlflow:fraud-detector@champion']);
    expect(sink.cards.get('mlflow:fraud-detector@2')?.aliases).toBeUndefined();
    expect(sink.cards.get('mlflow:summarizer@1')?.tags).toContain('reviewed:yes');
    expect(fake.requests.some((r) => r.includes('fraud-base'))).toBe(false);
  });

  it('a version whose run is gone still syncs; a failing version is reported without stopping the rest', async () => {
    fake.registry.runs = fake.registry.runs.filter((r) => r.info?.run_name !== 'fraud-v1');
    fake.registry.model_versions.push({ name: 'fraud-detector', version: '4', source: 'runs:/x/model', run_id: 'x', status: 'READY' });
    const sink = memorySink();
    const origFetch = globalThis.fetch;
    const s = await syncRegistry({
      mlflow: {
        baseUrl: fake.url,
        fetch: async (url, init) => {
          if (url.includes('run_id=x')) return { status: 500, ok: false, headers: new Headers(), text: async () => '{"error_code":"INTERNAL_ERROR","message":"boom"}' };
          return origFetch(url, init);
        },
        retries: 0,
      },
      sink,
      now,
      model: 'fraud-detector',
    });
    expect(s.created).toBe(3);
    expect(s.failed).toEqual([{ name: 'fraud-detector', version: '4', code: 'mlflow-http', message: expect.stringMatching(/HTTP 500 INTERNAL_ERROR: boom/), retryable: true }]);
    expect(sink.cards.get('mlflow:fraud-detector@1')?.training).toBeUndefined();
  });

  it('applyWebhookPlan syncs one version or a whole model', async () => {
    const sink = memorySink();
    expect(await applyWebhookPlan({ kind: 'sync-version', event: 'model_version.created', name: 'fraud-detector', version: '2' }, { mlflow: { baseUrl: fake.url }, sink, now })).toEqual({ stored: ['created'] });
    expect(await applyWebhookPlan({ kind: 'sync-model', event: 'model_version_alias.deleted', name: 'fraud-detector' }, { mlflow: { baseUrl: fake.url }, sink, now })).toEqual({ stored: ['created', 'created', 'unchanged'] });
    await expect(applyWebhookPlan({ kind: 'sync-version', event: 'model_version.created', name: 'fraud-detector', version: '7' }, { mlflow: { baseUrl: fake.url }, sink, now })).rejects.toMatchObject({ code: 'mlflow-not-found', retryable: false });
  });

  it('a registered model without versions gets a version-less card', async () => {
    fake.registry.registered_models.push({ name: 'empty-model', description: 'nothing registered yet', creation_timestamp: 5, last_updated_timestamp: 6 });
    const sink = memorySink();
    expect(await applyWebhookPlan({ kind: 'sync-model', event: 'registered_model.created', name: 'empty-model' }, { mlflow: { baseUrl: fake.url }, sink, now })).toEqual({ stored: ['created'] });
    expect(sink.cards.get('mlflow:empty-model@')).toMatchObject({ id: 'mlflow:empty-model', description: 'nothing registered yet' });
  });

  it('a version still PENDING_REGISTRATION is stored and reported retryable', async () => {
    const mv = fake.registry.model_versions.find((v) => v.name === 'summarizer')!;
    mv.status = 'PENDING_REGISTRATION';
    const sink = memorySink();
    const plan = { kind: 'sync-version' as const, event: 'model_version.created', name: 'summarizer', version: '1' };
    await expect(applyWebhookPlan(plan, { mlflow: { baseUrl: fake.url }, sink, now })).rejects.toMatchObject({ code: 'mlflow-pending', retryable: true });
    expect(sink.cards.get('mlflow:summarizer@1')?.extensions?.mlflow).toMatchObject({ version: { status: 'PENDING_REGISTRATION' } });
    mv.status = 'READY';
    expect(await applyWebhookPlan(plan, { mlflow: { baseUrl: fake.url }, sink, now })).toEqual({ stored: ['updated'] });
  });

  it('watchRegistry polls: a full sync first, then only what changed', async () => {
    const sink = memorySink();
    const ac = new AbortController();
    const summaries: SyncSummary[] = [];
    const done = watchRegistry({
      mlflow: { baseUrl: fake.url },
      sink,
      now,
      intervalMs: 20,
      signal: ac.signal,
      onSync: (s) => {
        summaries.push(s);
        if (summaries.length === 1) {
          const v = fake.registry.model_versions.find((x) => x.name === 'fraud-base')!;
          v.description = 'retrained baseline';
          v.last_updated_timestamp = s.checkpoint! + 5;
        }
        if (summaries.length === 3) ac.abort();
      },
    });
    await done;
    expect(summaries[0]).toMatchObject({ created: 6 });
    // The checkpoint is inclusive: the model updated exactly at it is looked at again, and found unchanged.
    expect(summaries[1]).toMatchObject({ updated: 1, unchanged: 1 });
    expect(summaries[2]).toMatchObject({ versions: 1, unchanged: 1 });
    expect(sink.cards.get('mlflow:fraud-base@1')?.description).toBe('retrained baseline');
  });
});
