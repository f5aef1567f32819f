import type { Delivery, DeliveryQueue } from './delivery-queue.js';

/**
 * Processes a batch of due deliveries that share a source and key (oldest first), returning one
 * outcome per delivery: `undefined` when done, else the error (`retryable === false` gives up).
 * A handler may do the work once for several deliveries (two events about the same model version).
 */
export type DeliveryHandler = (batch: Delivery[]) => Promise<unknown[]>;

/** Options of {@link DeliveryWorker}. */
export interface DeliveryWorkerOptions {
  queue: DeliveryQueue;
  /** Handler per delivery source (e.g. `mlflow`). */
  handlers: Record<string, DeliveryHandler>;
  /** @default () => Date.now() */
  now?: () => number;
  /** First retry delay. @default 1000 */
  retryBaseMs?: number;
  /** Longest retry delay. @default 600000 (10 min) */
  retryMaxMs?: number;
  /** Attempts before a delivery is marked failed. @default 50 */
  maxAttempts?: number;
  /** Batches (of different keys) processed at once. @default 2 */
  concurrency?: number;
  /** Largest batch of one key. @default 50 */
  maxBatch?: number;
  /** Background priority: wait until no delivery arrived for this long (ms) before starting work. @default 0 (off) */
  quietMs?: number;
  /** ...but never defer work longer than this (ms), so a steady stream of webhooks cannot starve the worker. @default 1000 */
  maxDeferMs?: number;
  /** Receives failures (retries and give-ups). */
  onError?: (delivery: Delivery, err: unknown, willRetry: boolean) => void;
}

/**
 * Background worker over a {@link DeliveryQueue}: runs due deliveries with exponential backoff,
 * one batch at a time per key, and wakes on `kick()` or at the next scheduled retry. Timers are unref'd.
 */
export class DeliveryWorker {
  private readonly opts: Required<Omit<DeliveryWorkerOptions, 'onError'>> & Pick<DeliveryWorkerOptions, 'onError'>;
  private readonly keysBusy = new Set<string>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private lastActivity = 0;
  private lastStart = 0;

  constructor(options: DeliveryWorkerOptions) {
    this.opts = { now: () => Date.now(), retryBaseMs: 1000, retryMaxMs: 600_000, maxAttempts: 50, concurrency: 2, maxBatch: 50, quietMs: 0, maxDeferMs: 1000, ...options };
  }

  /** Starts processing (pending deliveries left from an earlier run included). */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Stops scheduling; batches in flight finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running > 0) await new Promise((r) => setTimeout(r, 5));
  }

  /** Records that a delivery just arrived (acks go first; see `quietMs`). */
  noteActivity(): void {
    this.lastActivity = performance.now();
  }

  /** Processes due deliveries soon (call after enqueueing); calls in the same tick coalesce. */
  kick(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = true;
    // Deferred so the request that enqueued is answered first and a burst of webhooks is claimed together.
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** Resolves when nothing is in flight and no pending delivery is due now. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.running === 0 && (this.stopped || !this.opts.queue.hasDue(this.opts.now()));
  }

  private pump(): void {
    if (this.stopped) return;
    const t = performance.now();
    // While webhooks are streaming in, acknowledging them comes first and the work waits (and coalesces).
    if (this.opts.quietMs > 0 && t - this.lastActivity < this.opts.quietMs && t - this.lastStart < this.opts.maxDeferMs) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), this.opts.quietMs);
      this.timer.unref();
      return;
    }
    const free = this.opts.concurrency - this.running;
    if (free > 0) {
      const groups = new Map<string, Delivery[]>();
      let scanned = 0;
      for (const d of this.opts.queue.iterateDue(this.opts.now())) {
        // Enough slots filled and a window read for same-key deliveries to join their batch.
        if (++scanned > 200 && groups.size >= free) break;
        const k = `${d.source}\u0000${d.key}`;
        if (this.keysBusy.has(k)) continue;
        const g = groups.get(k);
        if (g) {
          if (g.length < this.opts.maxBatch) g.push(d);
        } else if (groups.size < free) groups.set(k, [d]);
      }
      if (groups.size > 0) this.lastStart = t;
      for (const [k, batch] of groups) {
        this.keysBusy.add(k);
        this.running++;
        void this.run(this.opts.queue.withBodies(batch)).finally(() => {
          this.keysBusy.delete(k);
          this.running--;
          this.kick();
        });
      }
    }
    this.schedule();
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const next = this.opts.queue.nextDueAt();
    if (next === undefined) return;
    const delay = next - this.opts.now();
    // Due now but every slot busy: the next finishing batch kicks again.
    if (delay <= 0) return;
    this.timer = setTimeout(() => this.kick(), Math.min(delay, 2_147_000_000));
    this.timer.unref();
  }

  private async run(batch: Delivery[]): Promise<void> {
    const q = this.opts.queue;
    const first = batch[0]!;
    const handler = this.opts.handlers[first.source];
    let outcomes: unknown[];
    try {
      if (!handler) throw Object.assign(new Error(`No handler for webhook deliveries from ${first.source}.`), { retryable: false });
      outcomes = await handler(batch);
    } catch (err) {
      outcomes = batch.map(() => err ?? new Error('handler failed'));
    }
    const at = this.opts.now();
    const failures: [Delivery, unknown, boolean][] = [];
    q.transaction(() => batch.forEach((d, i) => {
      const err = outcomes[i];
      if (err === undefined) return q.complete(d.source, d.deliveryId, new Date(at).toISOString());
      const message = err instanceof Error ? err.message : String(err);
      const attempts = d.attempts + 1;
      if ((err as { retryable?: unknown })?.retryable === false || attempts >= this.opts.maxAttempts) {
        q.fail(d.source, d.deliveryId, new Date(at).toISOString(), message);
        failures.push([d, err, false]);
      } else {
        const delay = Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
        q.retryAt(d.source, d.deliveryId, at + Math.round(delay), message);
        failures.push([d, err, true]);
      }
    }));
    for (const [d, err, willRetry] of failures) this.opts.onError?.(d, err, willRetry);
  }
}
