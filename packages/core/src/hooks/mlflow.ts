import type Database from 'better-sqlite3';
import { applyWebhookPlan, parseWebhookPayload, planWebhookEvent, type CardSink } from '@modellake/connector-mlflow';
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
  const handler = async (d: Delivery): Promise<void> => {
    const mlflow = config.mlflow ?? {};
    if (!mlflow.trackingUri) throw new Error('No MLflow tracking URI is configured (--mlflow-tracking-uri or MODELLAKE_MLFLOW_TRACKING_URI).');
    const plan = planWebhookEvent(parseWebhookPayload(d.body));
    await applyWebhookPlan(plan, {
      mlflow: { baseUrl: mlflow.trackingUri, ...(mlflow.token ? { token: mlflow.token } : {}), retries: 1 },
      sink,
      now: () => new Date(now()),
    });
  };
  const worker = new DeliveryWorker({
    now,
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
