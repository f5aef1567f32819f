import type { Delivery, DeliveryQueue } from './delivery-queue.js';

/** Processes one delivery; throw to retry later, or throw an error with `retryable === false` to give up. */
export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

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
  /** Deliveries processed at once (different keys). @default 4 */
  concurrency?: number;
  /** Receives failures (retries and give-ups). */
  onError?: (delivery: Delivery, err: unknown, willRetry: boolean) => void;
}

/**
 * Background worker over a {@link DeliveryQueue}: runs due deliveries with exponential backoff,
 * one at a time per key, and wakes on `kick()` or at the next scheduled retry. Timers are unref'd.
 */
export class DeliveryWorker {
  private readonly opts: Required<Omit<DeliveryWorkerOptions, 'onError'>> & Pick<DeliveryWorkerOptions, 'onError'>;
  private readonly inFlight = new Set<string>();
  private readonly keysBusy = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private pumping = false;
  private repump = false;
  private idleWaiters: (() => void)[] = [];

  constructor(options: DeliveryWorkerOptions) {
    this.opts = { now: () => Date.now(), retryBaseMs: 1000, retryMaxMs: 600_000, maxAttempts: 50, concurrency: 4, ...options };
  }

  /** Starts processing (pending deliveries left from an earlier run included). */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Stops scheduling; deliveries in flight finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight.size > 0) await new Promise((r) => setTimeout(r, 5));
  }

  /** Processes due deliveries now (call after enqueueing). */
  kick(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.repump = true;
      return;
    }
    void this.pump();
  }

  /** Resolves when nothing is in flight and no pending delivery is due now. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && this.opts.queue.due(this.opts.now(), 1).length === 0;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.repump = false;
        const free = this.opts.concurrency - this.inFlight.size;
        if (free <= 0) break;
        const due = this.opts.queue.due(this.opts.now(), free + this.inFlight.size + 50);
        let started = 0;
        for (const d of due) {
          if (started >= free) break;
          const id = `${d.source}\u0000${d.deliveryId}`;
          if (this.inFlight.has(id) || this.keysBusy.has(`${d.source}\u0000${d.key}`)) continue;
          this.inFlight.add(id);
          this.keysBusy.add(`${d.source}\u0000${d.key}`);
          started++;
          void this.run(d).finally(() => {
            this.inFlight.delete(id);
            this.keysBusy.delete(`${d.source}\u0000${d.key}`);
            this.kick();
          });
        }
      } while (this.repump && !this.stopped);
    } finally {
      this.pumping = false;
    }
    this.schedule();
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.opts.queue.nextDueAt();
    if (next === undefined) return;
    const delay = Math.max(0, Math.min(next - this.opts.now(), 2_147_000_000));
    if (delay === 0 && this.inFlight.size > 0) return;
    this.timer = setTimeout(() => this.kick(), Math.max(delay, 5));
    this.timer.unref();
  }

  private async run(d: Delivery): Promise<void> {
    const q = this.opts.queue;
    const handler = this.opts.handlers[d.source];
    try {
      if (!handler) throw Object.assign(new Error(`No handler for webhook deliveries from ${d.source}.`), { retryable: false });
      await handler(d);
      q.complete(d.source, d.deliveryId, new Date(this.opts.now()).toISOString());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const attempts = d.attempts + 1;
      const permanent = (err as { retryable?: unknown })?.retryable === false;
      if (permanent || attempts >= this.opts.maxAttempts) {
        q.fail(d.source, d.deliveryId, new Date(this.opts.now()).toISOString(), message);
        this.opts.onError?.(d, err, false);
      } else {
        const delay = Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
        q.retryAt(d.source, d.deliveryId, this.opts.now() + Math.round(delay), message);
        this.opts.onError?.(d, err, true);
      }
    }
  }
}
