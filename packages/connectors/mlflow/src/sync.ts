import { cardHash } from '@modellake/card';
import type { ModelCard } from '@modellake/card';
import {
  filterValue,
  getLoggedModel,
  getModelVersion,
  getRegisteredModel,
  getRun,
  listModelVersions,
  listRegisteredModels,
  trackingServerUrl,
  type MlflowParams,
} from './client.js';
import { MlflowError, isMlflowError } from './errors.js';
import type { MlflowEventPlan } from './events.js';
import { toModelCard, tagMap, type MlflowVersionRecord } from './to-model-card.js';
import { parseModelSource } from './uris.js';
import type { WireLoggedModel, WireModelVersion, WireRegisteredModel, WireRun } from './wire.js';

/** Where synced cards go: the lake client, or the in-process lake behind the webhook route. */
export interface CardSink {
  /** Stores a card (idempotent by content hash). */
  putCard(card: ModelCard): Promise<{ status: 'created' | 'updated' | 'unchanged' }>;
  /** Stores several cards of one model at once (in order); used for full syncs when present. */
  putCards?(cards: ModelCard[]): Promise<{ status: 'created' | 'updated' | 'unchanged' }[]>;
  /** Hash of the stored card of that model version, so unchanged versions are skipped without a write. */
  storedHash?(id: string, version: string | undefined): Promise<string | undefined>;
  /** Forgets cached lake state; called when a sync starts (the lake may have changed since the last poll). */
  reset?(): void;
}

/** Outcome of storing one card. */
export type SyncStatus = 'created' | 'updated' | 'unchanged';

/** Reads everything the mapper needs about one version; pass what you already have to save requests. */
export async function fetchVersionRecord(
  params: MlflowParams,
  ref: { name: string; version: string; registeredModel?: WireRegisteredModel; modelVersion?: WireModelVersion },
): Promise<MlflowVersionRecord> {
  const [registeredModel, version] = await Promise.all([
    ref.registeredModel ?? getRegisteredModel({ ...params, name: ref.name }),
    ref.modelVersion ?? getModelVersion({ ...params, name: ref.name, version: ref.version }),
  ]);
  const source = version.source ? parseModelSource(version.source) : undefined;
  const modelId = version.model_id ?? (source?.kind === 'logged-model' ? source.modelId : undefined);
  let loggedModel: WireLoggedModel | undefined;
  if (modelId) loggedModel = await getLoggedModel({ ...params, modelId }).catch(tolerateNotFound);
  const runId = version.run_id || (source?.kind === 'run' || source?.kind === 'artifact' ? source.runId : undefined) || loggedModel?.info?.source_run_id;
  let run: WireRun | undefined;
  // A run can be deleted or live on another tracking server (run_link): the card is still built from the registry.
  if (runId) run = await getRun({ ...params, runId }).catch(tolerateNotFound);
  const record: MlflowVersionRecord = { registeredModel, version };
  if (run) record.run = run;
  if (loggedModel) record.loggedModel = loggedModel;
  const parentRunId = tagMap(run?.data?.tags)['mlflow.parentRunId'];
  if (parentRunId) {
    const parentVersions: WireModelVersion[] = [];
    try {
      for await (const v of listModelVersions({ ...params, filter: `run_id=${filterValue(parentRunId)}` })) parentVersions.push(v);
    } catch (err) {
      if (!isMlflowError(err) || err.retryable) throw err;
    }
    if (parentVersions.length) record.parentRunVersions = parentVersions;
  }
  return record;
}

function tolerateNotFound(err: unknown): undefined {
  if (isMlflowError(err, 'mlflow-not-found') || isMlflowError(err, 'mlflow-unsupported')) return undefined;
  throw err;
}

/** Options shared by the sync shells. */
export interface SyncContextOptions {
  mlflow: MlflowParams;
  sink: CardSink;
  /** Clock for `source.importedAt`. @default () => new Date() */
  now?: () => Date;
  /** Public URL used in card links. @default the tracking URI without credentials */
  trackingUri?: string;
}

function cardOf(record: MlflowVersionRecord, opts: SyncContextOptions): ModelCard {
  return toModelCard(record, {
    importedAt: (opts.now ?? (() => new Date()))().toISOString(),
    trackingUri: opts.trackingUri ?? trackingServerUrl(opts.mlflow.baseUrl),
  });
}

/** Stores cards of one model in order, skipping unchanged ones; statuses are per version (the lake says `updated` for a model's second version, this says `created`). */
async function storeCards(cards: ModelCard[], opts: SyncContextOptions): Promise<SyncStatus[]> {
  const sink = opts.sink;
  const stored = await Promise.all(cards.map((c) => (sink.storedHash ? sink.storedHash(c.id, c.version) : Promise.resolve(undefined))));
  const out: SyncStatus[] = cards.map((c, i) => (stored[i] && stored[i] === cardHash(c) ? 'unchanged' : stored[i] ? 'updated' : 'created'));
  const todo = cards.filter((_, i) => out[i] !== 'unchanged');
  let statuses: SyncStatus[];
  if (todo.length > 1 && sink.putCards) statuses = (await sink.putCards(todo)).map((r) => r.status);
  else {
    statuses = [];
    for (const c of todo) statuses.push((await sink.putCard(c)).status);
  }
  let j = 0;
  return out.map((st) => {
    if (st === 'unchanged') return st;
    const lakeStatus = statuses[j++];
    return sink.storedHash ? (lakeStatus === 'unchanged' ? 'unchanged' : st) : (lakeStatus ?? st);
  });
}

async function storeRecord(record: MlflowVersionRecord, opts: SyncContextOptions): Promise<SyncStatus> {
  return (await storeCards([cardOf(record, opts)], opts))[0]!;
}

/** Fetches one version and stores its card. */
export async function syncModelVersion(opts: SyncContextOptions & { name: string; version: string; registeredModel?: WireRegisteredModel; modelVersion?: WireModelVersion }): Promise<SyncStatus> {
  const record = await fetchVersionRecord(opts.mlflow, opts);
  return storeRecord(record, opts);
}

/** One progress event of a registry sync. */
export interface SyncProgress {
  name: string;
  version?: string;
  status: SyncStatus | 'failed';
  done: number;
  total: number;
  error?: string;
}

/** One version that could not be synced. */
export interface SyncFailure {
  name: string;
  version?: string;
  code: string;
  message: string;
  retryable: boolean;
}

/** Totals of a registry sync. */
export interface SyncSummary {
  models: number;
  versions: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: SyncFailure[];
  /** Largest `last_updated_timestamp` seen (ms): pass it as `since` next time. */
  checkpoint?: number;
  durationMs: number;
}

/** Options of `syncRegistry`. */
export interface SyncRegistryOptions extends SyncContextOptions {
  /** Only this registered model. */
  model?: string;
  /** Incremental: only models and versions updated at or after this time (ms since epoch). */
  since?: number;
  /** Versions fetched in parallel. @default 4 */
  concurrency?: number;
  onProgress?(event: SyncProgress): void;
}

interface Task {
  name: string;
  version?: string;
  registeredModel: WireRegisteredModel;
  modelVersion?: WireModelVersion;
}

/**
 * Full or incremental sync of the registry into the sink. A version that fails is reported in
 * `failed` and does not stop the others; an unknown `model` or an unreachable server throws.
 */
export async function syncRegistry(opts: SyncRegistryOptions): Promise<SyncSummary> {
  const started = Date.now();
  opts.sink.reset?.();
  const p = opts.mlflow;
  const summary: SyncSummary = { models: 0, versions: 0, created: 0, updated: 0, unchanged: 0, failed: [], durationMs: 0 };
  const seen = (ts: number | undefined): void => {
    if (typeof ts === 'number' && (summary.checkpoint === undefined || ts > summary.checkpoint)) summary.checkpoint = ts;
  };
  const since = opts.since;
  const wholeModels = new Map<string, WireRegisteredModel | undefined>();
  const singleVersions = new Map<string, WireModelVersion>();

  if (opts.model) {
    wholeModels.set(opts.model, await getRegisteredModel({ ...p, name: opts.model }));
  } else if (since === undefined) {
    for await (const rm of listRegisteredModels(p)) if (rm.name) wholeModels.set(rm.name, rm);
  } else {
    for await (const rm of listRegisteredModels({ ...p, orderBy: ['last_updated_timestamp DESC'] })) {
      if ((rm.last_updated_timestamp ?? 0) < since) break;
      if (rm.name) wholeModels.set(rm.name, rm);
    }
  }
  if (since !== undefined) {
    // Tag changes touch only the version's timestamp, so versions are scanned too.
    try {
      const filter = opts.model ? `name=${filterValue(opts.model)}` : undefined;
      for await (const mv of listModelVersions({ ...p, ...(filter ? { filter } : {}), orderBy: ['last_updated_timestamp DESC'] })) {
        if ((mv.last_updated_timestamp ?? 0) < since) break;
        if (mv.name && mv.version && !wholeModels.has(mv.name)) singleVersions.set(`${mv.name}\u0000${mv.version}`, mv);
      }
    } catch (err) {
      if (!isMlflowError(err) || err.retryable || err.code === 'mlflow-unreachable') throw err;
    }
  }

  const tasks: Task[] = [];
  for (const [name, rmKnown] of wholeModels) {
    const rm = rmKnown ?? (await getRegisteredModel({ ...p, name }));
    seen(rm.last_updated_timestamp);
    summary.models++;
    let count = 0;
    for await (const mv of listModelVersions({ ...p, filter: `name=${filterValue(name)}` })) {
      if (!mv.version) continue;
      tasks.push({ name, version: mv.version, registeredModel: rm, modelVersion: mv });
      count++;
    }
    if (count === 0) tasks.push({ name, registeredModel: rm });
  }
  const rmCache = new Map<string, WireRegisteredModel>();
  for (const mv of singleVersions.values()) {
    const name = mv.name!;
    let rm = rmCache.get(name);
    if (!rm) {
      rm = await getRegisteredModel({ ...p, name });
      rmCache.set(name, rm);
      summary.models++;
    }
    tasks.push({ name, version: mv.version!, registeredModel: rm, modelVersion: mv });
  }
  tasks.sort((a, b) => (a.name === b.name ? Number(a.version ?? 0) - Number(b.version ?? 0) : a.name < b.name ? -1 : 1));

  let done = 0;
  const total = tasks.length;
  const report = (t: Task, status: SyncStatus | 'failed', err?: unknown): void => {
    const ref = { name: t.name, ...(t.version ? { version: t.version } : {}) };
    if (status === 'failed') {
      const e = err instanceof MlflowError ? err : undefined;
      const message = err instanceof Error ? err.message : String(err);
      summary.failed.push({ ...ref, code: e?.code ?? (err as { code?: string }).code ?? 'error', message, retryable: e?.retryable ?? false });
      opts.onProgress?.({ ...ref, status, done: ++done, total, error: message });
      return;
    }
    summary[status]++;
    opts.onProgress?.({ ...ref, status, done: ++done, total });
  };
  // One model at a time per worker: its versions are fetched, then stored together in version order,
  // so the model's latest revision is its newest version.
  const runModel = async (queue: Task[]): Promise<void> => {
    const ready: { task: Task; card: ModelCard }[] = [];
    for (const t of queue) {
      try {
        if (t.version && t.modelVersion) {
          seen(t.modelVersion.last_updated_timestamp);
          const record = await fetchVersionRecord(p, { name: t.name, version: t.version, registeredModel: t.registeredModel, modelVersion: t.modelVersion });
          ready.push({ task: t, card: cardOf(record, opts) });
          summary.versions++;
        } else {
          ready.push({ task: t, card: cardOf({ registeredModel: t.registeredModel }, opts) });
        }
      } catch (err) {
        report(t, 'failed', err);
      }
    }
    if (ready.length === 0) return;
    try {
      const statuses = await storeCards(ready.map((r) => r.card), opts);
      ready.forEach((r, i) => report(r.task, statuses[i]!));
    } catch (err) {
      for (const r of ready) report(r.task, 'failed', err);
    }
  };
  const byModel = new Map<string, Task[]>();
  for (const t of tasks) byModel.set(t.name, [...(byModel.get(t.name) ?? []), t]);
  const queues = [...byModel.values()];
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queues.length) }, async () => {
      while (next < queues.length) await runModel(queues[next++]!);
    }),
  );
  summary.durationMs = Date.now() - started;
  return summary;
}

/** Carries out a webhook plan: fetches what it needs from the tracking server and stores the cards. Throws so the caller can retry. */
export async function applyWebhookPlan(plan: MlflowEventPlan, opts: SyncContextOptions): Promise<{ stored: SyncStatus[] }> {
  if (plan.kind === 'sync-version') {
    const record = await fetchVersionRecord(opts.mlflow, plan);
    const stored = await storeRecord(record, opts);
    // No event follows when registration finishes: stay retryable so the caller looks again later.
    if (record.version?.status === 'PENDING_REGISTRATION') {
      throw new MlflowError('mlflow-pending', `MLflow model version ${JSON.stringify(plan.name)} version ${plan.version} is still PENDING_REGISTRATION; its card was stored and will be refreshed.`);
    }
    return { stored: [stored] };
  }
  if (plan.kind === 'sync-model') {
    const s = await syncRegistry({ ...opts, model: plan.name, concurrency: 1 });
    const failure = s.failed[0];
    if (failure) {
      throw new MlflowError(
        (failure.code as MlflowError['code']) ?? 'mlflow-http',
        `Sync of ${plan.name} after ${plan.event} failed for ${s.failed.length} version(s); first: ${failure.message}`,
        failure.retryable ? { status: 503 } : {},
      );
    }
    return { stored: [...Array(s.created).fill('created'), ...Array(s.updated).fill('updated'), ...Array(s.unchanged).fill('unchanged')] as SyncStatus[] };
  }
  return { stored: [] };
}

/** Options of `watchRegistry`. */
export interface WatchRegistryOptions extends SyncRegistryOptions {
  /** Pause between polls. @default 30000 */
  intervalMs?: number;
  /** Stops the watch. */
  signal: AbortSignal;
  onSync?(summary: SyncSummary): void;
  /** A poll that failed as a whole (server down); the watch keeps going. */
  onError?(err: unknown): void;
}

/** Polls the registry for servers without webhooks: a full (or `since`) sync, then incremental syncs from the last checkpoint. */
export async function watchRegistry(opts: WatchRegistryOptions): Promise<void> {
  let since = opts.since;
  while (!opts.signal.aborted) {
    try {
      const summary = await syncRegistry({ ...opts, mlflow: { ...opts.mlflow, signal: opts.signal }, ...(since !== undefined ? { since } : {}) });
      // A failed version is retried next time: the checkpoint does not move past it.
      if (summary.checkpoint !== undefined && summary.failed.length === 0) since = summary.checkpoint;
      opts.onSync?.(summary);
    } catch (err) {
      if (opts.signal.aborted) break;
      opts.onError?.(err);
    }
    if (opts.signal.aborted) break;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, opts.intervalMs ?? 30_000);
      opts.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
  }
}
