import Database from 'better-sqlite3';
import path from 'node:path';
import type { ModelCard } from '@modellake/card';
import { AUDIT_GENESIS, auditEntryHash, parseAuditDetails } from '../audit.js';
import { prepareLakeHome, restrictFileMode } from '../home.js';
import type {
  AuditEntry, ListModelsOptions, ModelSummary, PutResult, RevisionMeta, StorageDriver, StoredCard, TokenRecord,
} from '../types.js';
import { prefixUpperBound } from './prefix.js';

/** Options of {@link createSqliteStorage}. */
export interface SqliteStorageOptions {
  /** Database file, or `:memory:`. */
  file: string;
  /** How long a writer waits for another process's lock. @default 10000 */
  busyTimeoutMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS models (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  latest_rev INTEGER NOT NULL,
  version TEXT,
  hash TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE TABLE IF NOT EXISTS revisions (
  id TEXT NOT NULL,
  rev INTEGER NOT NULL,
  version TEXT,
  hash TEXT NOT NULL,
  card TEXT NOT NULL,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (id, rev)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS revisions_version ON revisions (id, version);
CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_id ON aliases (id);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_subject ON audit (subject, seq);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

type AuditRow = { seq: number; at: string; actor: string; action: string; subject: string; details: string; prev_hash: string; hash: string };
type TokenRow = { id: string; name: string; role: string; created_at: string; revoked_at: string | null; last_used_at: string | null };

function toAudit(r: AuditRow): AuditEntry {
  return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, details: parseAuditDetails(r.details), prevHash: r.prev_hash, hash: r.hash };
}
function toToken(r: TokenRow): TokenRecord {
  return {
    id: r.id, name: r.name, role: r.role as TokenRecord['role'], createdAt: r.created_at,
    ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}), ...(r.last_used_at ? { lastUsedAt: r.last_used_at } : {}),
  };
}

/** The embedded default storage: one SQLite file in WAL mode. */
export class SqliteStorage implements StorageDriver {
  readonly name = 'sqlite';
  /** The open database, for feature modules that keep their own tables (search index, lineage, hooks). */
  readonly db: Database.Database;
  private readonly stmts;

  constructor(options: SqliteStorageOptions) {
    if (options.file !== ':memory:') {
      prepareLakeHome(path.dirname(options.file));
      // Mode 600 before SQLite opens it: the -wal and -shm files it creates take the database file's mode.
      restrictFileMode(options.file);
    }
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmts = {
      model: db.prepare<[string], { id: string; name: string; latest_rev: number; version: string | null; hash: string; updated_at: string; deleted_at: string | null }>('SELECT * FROM models WHERE id = ?'),
      insertModel: db.prepare('INSERT INTO models (id, name, latest_rev, version, hash, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT(id) DO UPDATE SET name = excluded.name, latest_rev = excluded.latest_rev, version = excluded.version, hash = excluded.hash, updated_at = excluded.updated_at, deleted_at = NULL'),
      insertRev: db.prepare('INSERT INTO revisions (id, rev, version, hash, card, created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      revByNum: db.prepare<[string, number], { id: string; rev: number; version: string | null; hash: string; card: string; created_at: string; actor: string }>('SELECT * FROM revisions WHERE id = ? AND rev = ?'),
      revByVersion: db.prepare<[string, string], { id: string; rev: number; version: string | null; hash: string; card: string; created_at: string; actor: string }>('SELECT * FROM revisions WHERE id = ? AND version = ? ORDER BY rev DESC LIMIT 1'),
      revs: db.prepare<[string], { id: string; rev: number; version: string | null; hash: string; created_at: string; actor: string }>('SELECT id, rev, version, hash, created_at, actor FROM revisions WHERE id = ? ORDER BY rev'),
      alias: db.prepare<[string], { id: string }>('SELECT id FROM aliases WHERE alias = ?'),
      setAlias: db.prepare('INSERT INTO aliases (alias, id) VALUES (?, ?) ON CONFLICT(alias) DO UPDATE SET id = excluded.id'),
      aliasesOf: db.prepare<[string], { alias: string }>('SELECT alias FROM aliases WHERE id = ? ORDER BY alias'),
      lastAudit: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
      insertAudit: db.prepare('INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      tomb: db.prepare('UPDATE models SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM models WHERE deleted_at IS NULL'),
      getState: db.prepare<[string], { value: string }>('SELECT value FROM state WHERE key = ?'),
      setState: db.prepare('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      delState: db.prepare('DELETE FROM state WHERE key = ?'),
    };
  }

  /** Appends one audit entry; must run inside a transaction so the chain cannot fork. */
  private appendAuditTx(e: { at: string; actor: string; action: string; subject: string; details: Record<string, unknown> }): AuditEntry {
    const last = this.stmts.lastAudit.get();
    const base = { seq: (last?.seq ?? 0) + 1, at: e.at, actor: e.actor, action: e.action, subject: e.subject, details: e.details, prevHash: last?.hash ?? AUDIT_GENESIS };
    const entry: AuditEntry = { ...base, hash: auditEntryHash(base) };
    this.stmts.insertAudit.run(entry.seq, entry.at, entry.actor, entry.action, entry.subject, JSON.stringify(entry.details), entry.prevHash, entry.hash);
    return entry;
  }

  private putOne(card: ModelCard, hash: string, actor: string, at: string): PutResult {
    const cur = this.stmts.model.get(card.id);
    if (cur && cur.deleted_at === null && cur.hash === hash) {
      return { status: 'unchanged', id: card.id, revision: cur.latest_rev, hash, ...(cur.version ? { version: cur.version } : {}) };
    }
    const rev = (cur?.latest_rev ?? 0) + 1;
    this.stmts.insertRev.run(card.id, rev, card.version ?? null, hash, JSON.stringify(card), at, actor);
    this.stmts.insertModel.run(card.id, card.name, rev, card.version ?? null, hash, at);
    for (const alias of card.aliases ?? []) {
      // An alias never shadows a model that exists under that id, and a card claims only unused names:
      // an alias owned by another model is never re-pointed by a card (admins use PUT /v1/aliases).
      if (alias !== card.id && !this.stmts.model.get(alias) && !this.stmts.alias.get(alias)) this.stmts.setAlias.run(alias, card.id);
    }
    const status = cur ? 'updated' : 'created';
    this.appendAuditTx({ at, actor, action: 'card.put', subject: card.id, details: { revision: rev, hash, status, ...(card.version ? { version: card.version } : {}) } });
    return { status, id: card.id, revision: rev, hash, ...(card.version ? { version: card.version } : {}) };
  }

  async putCard(card: ModelCard, hash: string, actor: string, at: string): Promise<PutResult> {
    return this.db.transaction(() => this.putOne(card, hash, actor, at)).immediate();
  }

  async putCards(items: { card: ModelCard; hash: string }[], actor: string, at: string): Promise<PutResult[]> {
    return this.db.transaction(() => items.map((i) => this.putOne(i.card, i.hash, actor, at))).immediate();
  }

  async resolveId(idOrAlias: string): Promise<string | undefined> {
    if (this.stmts.model.get(idOrAlias)) return idOrAlias;
    return this.stmts.alias.get(idOrAlias)?.id;
  }

  async getCard(idOrAlias: string, opts: { revision?: number; version?: string; includeDeleted?: boolean } = {}): Promise<StoredCard | undefined> {
    const id = await this.resolveId(idOrAlias);
    if (!id) return undefined;
    const m = this.stmts.model.get(id)!;
    if (m.deleted_at && !opts.includeDeleted) return undefined;
    const row = opts.revision !== undefined
      ? this.stmts.revByNum.get(id, opts.revision)
      : opts.version !== undefined
        ? this.stmts.revByVersion.get(id, opts.version)
        : this.stmts.revByNum.get(id, m.latest_rev);
    if (!row) return undefined;
    return { id, revision: row.rev, hash: row.hash, createdAt: row.created_at, actor: row.actor, card: JSON.parse(row.card) as ModelCard, ...(row.version ? { version: row.version } : {}) };
  }

  async listRevisions(idOrAlias: string): Promise<RevisionMeta[]> {
    const id = (await this.resolveId(idOrAlias)) ?? idOrAlias;
    return this.stmts.revs.all(id).map((r) => ({ id: r.id, revision: r.rev, hash: r.hash, createdAt: r.created_at, actor: r.actor, ...(r.version ? { version: r.version } : {}) }));
  }

  async listModels(opts: ListModelsOptions = {}): Promise<{ items: ModelSummary[]; nextCursor?: string }> {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.prefix) {
      // Code-point range (see prefix.ts): `prefix || '\uffff'` would skip ids whose next character is astral.
      const upper = prefixUpperBound(opts.prefix);
      where.push(upper === undefined ? 'id >= ?' : 'id >= ? AND id < ?');
      args.push(opts.prefix, ...(upper === undefined ? [] : [upper]));
    }
    if (opts.cursor) {
      where.push('id > ?');
      args.push(opts.cursor);
    }
    if (!opts.includeDeleted) where.push('deleted_at IS NULL');
    const sql = `SELECT * FROM models ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id LIMIT ?`;
    const rows = this.db.prepare<(string | number)[], { id: string; name: string; latest_rev: number; version: string | null; hash: string; updated_at: string; deleted_at: string | null }>(sql).all(...args, limit + 1);
    const page = rows.slice(0, limit);
    const items = page.map((r) => ({ id: r.id, name: r.name, latestRevision: r.latest_rev, hash: r.hash, updatedAt: r.updated_at, deleted: r.deleted_at !== null, ...(r.version ? { version: r.version } : {}) }));
    return rows.length > limit ? { items, nextCursor: page[page.length - 1]!.id } : { items };
  }

  async deleteModel(idOrAlias: string, actor: string, at: string): Promise<boolean> {
    const id = await this.resolveId(idOrAlias);
    if (!id) return false;
    return this.db.transaction(() => {
      const changed = this.stmts.tomb.run(at, id).changes > 0;
      if (changed) this.appendAuditTx({ at, actor, action: 'model.delete', subject: id, details: {} });
      return changed;
    }).immediate();
  }

  async countModels(): Promise<number> {
    return this.stmts.count.get()!.n;
  }

  async setAlias(alias: string, id: string, actor: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.stmts.setAlias.run(alias, id);
      this.appendAuditTx({ at, actor, action: 'alias.set', subject: id, details: { alias } });
    }).immediate();
  }

  async listAliases(id: string): Promise<string[]> {
    return this.stmts.aliasesOf.all(id).map((r) => r.alias);
  }

  async appendAudit(entry: { at: string; actor: string; action: string; subject: string; details: Record<string, unknown> }): Promise<AuditEntry> {
    return this.db.transaction(() => this.appendAuditTx(entry)).immediate();
  }

  async listAudit(opts: { subject?: string; afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(opts.limit ?? 1000, 100_000);
    const rows = opts.subject
      ? this.db.prepare<[string, number, number], AuditRow>('SELECT * FROM audit WHERE subject = ? AND seq > ? ORDER BY seq LIMIT ?').all(opts.subject, opts.afterSeq ?? 0, limit)
      : this.db.prepare<[number, number], AuditRow>('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?').all(opts.afterSeq ?? 0, limit);
    return rows.map(toAudit);
  }

  async createToken(rec: TokenRecord, secretHash: string, actor = 'system'): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO tokens (id, name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(rec.id, rec.name, rec.role, secretHash, rec.createdAt);
      this.appendAuditTx({ at: rec.createdAt, actor, action: 'token.create', subject: `token:${rec.name}`, details: { id: rec.id, role: rec.role } });
    }).immediate();
  }

  async findTokenByHash(secretHash: string): Promise<TokenRecord | undefined> {
    const r = this.db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE secret_hash = ?').get(secretHash);
    return r ? toToken(r) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return this.db.prepare<[], TokenRow>('SELECT * FROM tokens ORDER BY created_at, name').all().map(toToken);
  }

  async revokeToken(idOrName: string, at: string, actor = 'system'): Promise<TokenRecord | undefined> {
    return this.db.transaction(() => {
      const r = this.db.prepare<[string, string], TokenRow>('SELECT * FROM tokens WHERE id = ? OR name = ?').get(idOrName, idOrName);
      if (!r) return undefined;
      if (!r.revoked_at) {
        this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(at, r.id);
        this.appendAuditTx({ at, actor, action: 'token.revoke', subject: `token:${r.name}`, details: { id: r.id } });
      }
      return toToken({ ...r, revoked_at: r.revoked_at ?? at });
    }).immediate();
  }

  async getState<T = unknown>(key: string): Promise<T | undefined> {
    const r = this.stmts.getState.get(key);
    return r ? (JSON.parse(r.value) as T) : undefined;
  }

  async setState(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.stmts.delState.run(key);
    else this.stmts.setState.run(key, JSON.stringify(value));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating if needed) the embedded SQLite store. */
export function createSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  return new SqliteStorage(options);
}
