import Database from 'better-sqlite3';

/** State of a stored webhook delivery. */
export type DeliveryStatus = 'pending' | 'done' | 'failed' | 'ignored';

/** One webhook delivery kept until it is processed (survives restarts and upstream outages). */
export interface Delivery {
  /** Arrival order. */
  seq: number;
  source: string;
  deliveryId: string;
  /** e.g. `model_version.created`. */
  event: string;
  /** Deliveries with the same key are processed in arrival order, one at a time (the model name). */
  key: string;
  /** Raw body as received (already verified); empty in `due()` listings until `withBodies()`. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  receivedAt: string;
  /** ms since epoch. */
  nextAttemptAt: number;
  lastError?: string;
  completedAt?: string;
}

type Row = {
  source: string; delivery_id: string; event: string; key: string; body: string; status: DeliveryStatus; attempts: number;
  received_at: string; next_attempt_at: number; last_error: string | null; completed_at: string | null; seq: number;
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  event TEXT NOT NULL,
  key TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  received_at TEXT NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  completed_at TEXT,
  UNIQUE (source, delivery_id)
);
CREATE INDEX IF NOT EXISTS hook_deliveries_due ON hook_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS hook_deliveries_order ON hook_deliveries (status, seq);
`;

function toDelivery(r: Row): Delivery {
  return {
    seq: r.seq, source: r.source, deliveryId: r.delivery_id, event: r.event, key: r.key, body: r.body, status: r.status, attempts: r.attempts,
    receivedAt: r.received_at, nextAttemptAt: r.next_attempt_at,
    ...(r.last_error !== null ? { lastError: r.last_error } : {}), ...(r.completed_at !== null ? { completedAt: r.completed_at } : {}),
  };
}

/**
 * Durable queue of webhook deliveries in their own SQLite table (`hook_deliveries`), deduplicated by
 * `(source, delivery id)`. Uses the lake's database when it has one, else a private in-memory one.
 */
export class DeliveryQueue {
  readonly db: Database.Database;
  private readonly stmts;

  constructor(db?: Database.Database) {
    this.db = db ?? new Database(':memory:');
    this.db.exec(SCHEMA);
    this.stmts = {
      insert: this.db.prepare('INSERT INTO hook_deliveries (source, delivery_id, event, key, body, status, attempts, received_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (source, delivery_id) DO NOTHING'),
      get: this.db.prepare<[string, string], Row>('SELECT * FROM hook_deliveries WHERE source = ? AND delivery_id = ?'),
      // Bodies are left out of the listing: the worker reads them only for the batches it starts.
      due: this.db.prepare<[number, number], Row>("SELECT seq, source, delivery_id, event, key, '' AS body, status, attempts, received_at, next_attempt_at, last_error, completed_at FROM hook_deliveries INDEXED BY hook_deliveries_order WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT ?"),
      hasDue: this.db.prepare<[number], { x: number }>("SELECT 1 AS x FROM hook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1"),
      body: this.db.prepare<[number], { body: string }>('SELECT body FROM hook_deliveries WHERE seq = ?'),
      nextDue: this.db.prepare<[], { t: number | null }>("SELECT MIN(next_attempt_at) AS t FROM hook_deliveries WHERE status = 'pending'"),
      done: this.db.prepare("UPDATE hook_deliveries SET status = 'done', attempts = attempts + 1, completed_at = ?, last_error = NULL WHERE source = ? AND delivery_id = ?"),
      retry: this.db.prepare('UPDATE hook_deliveries SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE source = ? AND delivery_id = ?'),
      fail: this.db.prepare("UPDATE hook_deliveries SET status = 'failed', attempts = attempts + 1, completed_at = ?, last_error = ? WHERE source = ? AND delivery_id = ?"),
      counts: this.db.prepare<[], { status: DeliveryStatus; n: number }>('SELECT status, COUNT(*) AS n FROM hook_deliveries GROUP BY status'),
      recent: this.db.prepare<[string, number], Row>('SELECT * FROM hook_deliveries WHERE source = ? ORDER BY seq DESC LIMIT ?'),
    };
  }

  /** Stores a delivery; `duplicate` when this delivery id was already received (whatever its state). */
  enqueue(d: { source: string; deliveryId: string; event: string; key: string; body: string; status?: 'pending' | 'ignored'; receivedAt: string; now: number }): 'queued' | 'ignored' | 'duplicate' {
    const status = d.status ?? 'pending';
    const r = this.stmts.insert.run(d.source, d.deliveryId, d.event, d.key, d.body, status, d.receivedAt, d.now);
    if (r.changes === 0) return 'duplicate';
    return status === 'pending' ? 'queued' : 'ignored';
  }

  /** One delivery by id. */
  get(source: string, deliveryId: string): Delivery | undefined {
    const r = this.stmts.get.get(source, deliveryId);
    return r ? toDelivery(r) : undefined;
  }

  /** Pending deliveries due at `now`, oldest first, without their bodies (see `withBodies`). */
  due(now: number, limit = 100): Delivery[] {
    return this.stmts.due.all(now, limit).map(toDelivery);
  }

  /** Like `due`, lazily: stop iterating as soon as enough is read. */
  *iterateDue(now: number, limit = 1000): Generator<Delivery> {
    for (const r of this.stmts.due.iterate(now, limit)) yield toDelivery(r);
  }

  /** True when some pending delivery is due at `now`. */
  hasDue(now: number): boolean {
    return this.stmts.hasDue.get(now) !== undefined;
  }

  /** Fills in the bodies of deliveries listed by `due`. */
  withBodies(list: Delivery[]): Delivery[] {
    return list.map((d) => (d.body ? d : { ...d, body: this.stmts.body.get(d.seq)?.body ?? '' }));
  }

  /** Runs `fn` in one transaction (settling a batch costs one commit). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Earliest next attempt among pending deliveries (ms), if any. */
  nextDueAt(): number | undefined {
    return this.stmts.nextDue.get()?.t ?? undefined;
  }

  /** Marks a delivery processed. */
  complete(source: string, deliveryId: string, at: string): void {
    this.stmts.done.run(at, source, deliveryId);
  }

  /** Schedules another attempt. */
  retryAt(source: string, deliveryId: string, at: number, error: string): void {
    this.stmts.retry.run(at, error.slice(0, 2000), source, deliveryId);
  }

  /** Gives up on a delivery (permanent error or too many attempts); it stays for inspection. */
  fail(source: string, deliveryId: string, at: string, error: string): void {
    this.stmts.fail.run(at, error.slice(0, 2000), source, deliveryId);
  }

  /** Number of deliveries in each state. */
  counts(): Record<DeliveryStatus, number> {
    const out: Record<DeliveryStatus, number> = { pending: 0, done: 0, failed: 0, ignored: 0 };
    for (const r of this.stmts.counts.all()) out[r.status] = r.n;
    return out;
  }

  /** Most recent deliveries of a source, newest first. */
  recent(source: string, limit = 50): Delivery[] {
    return this.stmts.recent.all(source, limit).map(toDelivery);
  }
}
