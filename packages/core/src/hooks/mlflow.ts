import type Database from 'better-sqlite3';
import { applyWebhookPlan, parseWebhookPayload, planWebhookEvent, type CardSink, type MlflowEventPlan } from '@modellake/connector-mlflow';
import type { Hono } from 'hono';
import type { LakeConfig, RouteContext } from '../app.js';
import { LakeError } from '../errors.js';
import type { Lake } from '../lake.js';
import { mlflowHookRoutes } from '../routes/hooks-mlflow.js';
import type { Actor } from '../types.js';
import { DeliveryQueue, type Delivery } from './delivery-queue.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from './worker.js';

/** Who the lake records as the author of cards stored from MLflow webhooks. */
export const MLFLOW_WEBHOOK_ACTOR: Actor = { name: 'mlflow-webhook', role: 'writer' };

/** A sink writing straight into the in-process lake (no HTTP), skipping versions whose card is unchanged. */
export function createLakeSink(lake: Lake, actor: Actor = MLFLOW_WEBHOOK_ACTOR): CardSink {
  return {
    async putCard(card) {
      try {
        return await lake.putCard(card, actor);
      } catch (err) {
        // An invalid card will not become valid by retrying the delivery.
        if (err instanceof LakeError && err.status < 500) throw Object.assign(err, { retryable: false });
        throw err;
      }
    },
    async storedHash(id, version) {
      const found = await lake.storage.getCard(id, version !== undefined ? { version } : {});
      return found?.hash;
    },
  };
}

/** The MLflow webhook receiver: durable queue, background worker and the `POST /v1/hooks/mlflow` route. */
export interface MlflowHooks {
  queue: DeliveryQueue;
  worker: DeliveryWorker;
  routes: (ctx: RouteContext) => Hono;
  stop(): Promise<void>;
}

/** Options of {@link createMlflowHooks}. */
export interface MlflowHooksOptions {
  lake: Lake;
  config: LakeConfig;
  /** Database for the `hook_deliveries` table. @default the lake's SQLite database, else in-memory */
  db?: Database.Database;
  /** Worker tuning (retry delays, attempts, concurrency). */
  worker?: Omit<DeliveryWorkerOptions, 'queue' | 'handlers'>;
  /** Clock in ms for timestamp checks and scheduling. @default Date.now */
  now?: () => number;
  /** Where received-but-ignored events and failures are reported. @default console */
  log?: Pick<Console, 'warn'>;
}

/** Builds the receiver; the worker starts when a tracking URI is configured. */
export function createMlflowHooks(options: MlflowHooksOptions): MlflowHooks {
  const { lake, config } = options;
  const now = options.now ?? (() => Date.now());
  const log = options.log ?? console;
  const db = options.db ?? (lake.storage as { db?: Database.Database }).db;
  const queue = new DeliveryQueue(db);
  const sink = createLakeSink(lake);
  /** Runs each distinct plan of a batch once (a burst of events about one model version costs one sync). */
  const handler = async (batch: Delivery[]): Promise<unknown[]> => {
    const mlflow = config.mlflow ?? {};
    if (!mlflow.trackingUri) return batch.map(() => new Error('No MLflow tracking URI is configured (--mlflow-tracking-uri or MODELLAKE_MLFLOW_TRACKING_URI).'));
    const opts = { mlflow: { baseUrl: mlflow.trackingUri, ...(mlflow.token ? { token: mlflow.token } : {}), retries: 1 }, sink, now: () => new Date(now()) };
    const plans = batch.map((d) => {
      try {
        return planWebhookEvent(parseWebhookPayload(d.body));
      } catch (err) {
        return Object.assign(err as Error, { retryable: false });
      }
    });
    // A whole-model sync covers every version event of the same model in the batch.
    const wholeModel = new Set(plans.flatMap((p) => (!(p instanceof Error) && p.kind === 'sync-model' ? [p.name] : [])));
    const results = new Map<string, Promise<unknown>>();
    const outcome = (p: MlflowEventPlan): Promise<unknown> => {
      if (p.kind === 'unknown') return Promise.resolve(undefined);
      const plan: MlflowEventPlan = wholeModel.has(p.name) ? { kind: 'sync-model', event: p.event, name: p.name } : p;
      const key = plan.kind === 'sync-version' ? `${plan.name}\u0000${plan.version}` : plan.name;
      let r = results.get(key);
      if (!r) {
        r = applyWebhookPlan(plan, opts).then(() => undefined, (err: unknown) => err);
        results.set(key, r);
      }
      return r;
    };
    const out: unknown[] = [];
    // Sequential: plans of one model are applied in arrival order.
    for (const p of plans) out.push(p instanceof Error ? p : await outcome(p));
    return out;
  };
  const worker = new DeliveryWorker({
    now,
    quietMs: 20,
    onError: (d, err, willRetry) => log.warn(`modellake: MLflow delivery ${d.deliveryId} (${d.event}) ${willRetry ? 'will be retried' : 'failed for good'}: ${(err as Error).message ?? String(err)}`),
    ...options.worker,
    queue,
    handlers: { mlflow: handler },
  });
  if (config.mlflow?.trackingUri) worker.start();
  return {
    queue,
    worker,
    routes: (ctx) => mlflowHookRoutes(ctx, { queue, worker, now, log }),
    stop: () => worker.stop(),
  };
}

/** Feature entry: installs the receiver on an opened lake and stops its worker when the lake closes. */
export function installMlflowHooks(lake: Lake, config: LakeConfig): (ctx: RouteContext) => Hono {
  const hooks = createMlflowHooks({ lake, config });
  const closers = (config.onClose as (() => Promise<void> | void)[] | undefined) ?? [];
  closers.push(() => hooks.stop());
  config.onClose = closers;
  return hooks.routes;
}
