import type BetterSqlite3 from 'better-sqlite3';
import type { ModelCard } from '@modellake/card';
import type { Lake } from '../lake.js';
import type { CardStoredEvent, Deriver } from '../types.js';

/** A persisted index derived from card writes (the search index), as seen by {@link IndexCatchUp}. */
export interface CatchUpTarget {
  upsertMany(cards: ModelCard[]): Promise<void>;
  remove(id: string): unknown;
  has(id: string): boolean;
  readonly size: number;
}

/** What one {@link IndexCatchUp.run} did. */
export interface CatchUpResult {
  /** Audit seq the index is now known to reflect (its high-water mark). */
  seq: number;
  /** Models whose audit entries were looked at. */
  checked: number;
  reindexed: number;
  removed: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS feature_sync (feature TEXT NOT NULL, id TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (feature, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feature_checkpoints (feature TEXT PRIMARY KEY, audit_seq INTEGER NOT NULL) WITHOUT ROWID;
`;

const PAGE = 5000;
const BATCH = 256;

/**
 * Keeps a feature index that derives from card writes consistent with the store across crashes. The
 * store commits a batch, then derivers index it: a `kill -9` in between leaves the index behind. This
 * records, beside the index (same SQLite database), the card hash it holds per model and a high-water
 * mark: the last audit seq up to which the index is known to match the store. {@link run} (on every open
 * and close of the lake) replays the audit entries after that mark (`card.put`, `model.delete`), re-indexes
 * the models whose indexed hash differs from the stored one and removes deleted ones, then advances the mark.
 */
export class IndexCatchUp {
  private readonly stmts;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly feature: string,
    private readonly lake: Lake,
    private readonly target: CatchUpTarget,
  ) {
    db.exec(SCHEMA);
    this.stmts = {
      hash: db.prepare<[string, string], { hash: string }>('SELECT hash FROM feature_sync WHERE feature = ? AND id = ?'),
      record: db.prepare('INSERT INTO feature_sync (feature, id, hash) VALUES (?, ?, ?) ON CONFLICT(feature, id) DO UPDATE SET hash = excluded.hash'),
      forget: db.prepare('DELETE FROM feature_sync WHERE feature = ? AND id = ?'),
      mark: db.prepare<[string], { audit_seq: number }>('SELECT audit_seq FROM feature_checkpoints WHERE feature = ?'),
      setMark: db.prepare('INSERT INTO feature_checkpoints (feature, audit_seq) VALUES (?, ?) ON CONFLICT(feature) DO UPDATE SET audit_seq = max(audit_seq, excluded.audit_seq)'),
    };
  }

  /** The high-water mark: audit seq up to which the index matches the store (0 when never caught up). */
  checkpoint(): number {
    return this.stmts.mark.get(this.feature)?.audit_seq ?? 0;
  }

  private record(items: { id: string; hash: string }[]): void {
    if (!this.db.open || items.length === 0) return;
    this.db.transaction(() => {
      for (const i of items) this.stmts.record.run(this.feature, i.id, i.hash);
    })();
  }

  private forget(id: string): void {
    if (this.db.open) this.stmts.forget.run(this.feature, id);
  }

  /** Wraps the index's deriver so each indexed card's hash is recorded once the index holds it. */
  wrap(deriver: Deriver): Deriver {
    return {
      name: deriver.name,
      onCardStored: async (e: CardStoredEvent) => {
        await deriver.onCardStored(e);
        this.record([{ id: e.card.id, hash: e.result.hash }]);
      },
      ...(deriver.onCardsStored
        ? {
            onCardsStored: async (events: CardStoredEvent[]) => {
              await deriver.onCardsStored!(events);
              this.record(events.map((e) => ({ id: e.card.id, hash: e.result.hash })));
            },
          }
        : {}),
      onModelDeleted: async (id: string) => {
        await deriver.onModelDeleted?.(id);
        this.forget(id);
      },
    };
  }

  /** Brings the index up to date with the store (see the class comment). Safe to run concurrently with writes. */
  async run(): Promise<CatchUpResult> {
    const storage = this.lake.storage;
    const from = this.checkpoint();
    let seq = from;
    // Final state of every model touched since the mark: its last stored hash, or null once deleted.
    const latest = new Map<string, string | null>();
    for (;;) {
      const page = await storage.listAudit({ afterSeq: seq, limit: PAGE });
      for (const e of page) {
        if (e.action === 'card.put') latest.set(e.subject, typeof e.details.hash === 'string' ? e.details.hash : '');
        else if (e.action === 'model.delete') latest.set(e.subject, null);
      }
      if (page.length === 0) break;
      seq = page.at(-1)!.seq;
      if (page.length < PAGE) break;
    }
    let reindexed = 0;
    let removed = 0;
    let batch: { card: ModelCard; hash: string }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const items = batch;
      batch = [];
      await this.target.upsertMany(items.map((i) => i.card));
      this.record(items.map((i) => ({ id: i.card.id, hash: i.hash })));
      reindexed += items.length;
    };
    for (const [id, hash] of latest) {
      if (!this.db.open) return { seq: from, checked: latest.size, reindexed, removed };
      const have = this.stmts.hash.get(this.feature, id)?.hash;
      if (hash !== null && have === hash && this.target.has(id)) continue;
      const stored = await storage.getCard(id);
      if (!stored) {
        if (this.target.has(id) || have !== undefined) {
          this.target.remove(id);
          this.forget(id);
          removed++;
        }
        continue;
      }
      if (have === stored.hash && this.target.has(id)) continue;
      batch.push({ card: stored.card, hash: stored.hash });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    // Models the audit log does not account for (an index created after entries were lost): index what is missing.
    if (this.target.size < (await storage.countModels())) {
      for await (const stored of this.lake.allCards()) {
        if (!this.db.open) break;
        if (this.target.has(stored.id)) continue;
        batch.push({ card: stored.card, hash: stored.hash });
        if (batch.length >= BATCH) await flush();
      }
      await flush();
    }
    if (this.db.open && seq > from) this.stmts.setMark.run(this.feature, seq);
    return { seq, checked: latest.size, reindexed, removed };
  }
}
