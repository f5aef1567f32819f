import type { ModelCard } from '@modellake/card';
import type { Pool, PoolClient } from 'pg';
import { AUDIT_GENESIS, auditEntryHash, parseAuditDetails } from '../audit.js';
import type { AuditEntry, ListModelsOptions, ModelSummary, PutResult, RevisionMeta, StorageDriver, StoredCard, TokenRecord } from '../types.js';
import { prefixUpperBound } from './prefix.js';

/** Options of {@link createPostgresStorage}. */
export interface PostgresStorageOptions {
  /** Connection string, e.g. `postgres://user@127.0.0.1:5432/lake`. */
  connectionString: string;
  /** Schema holding the lake's tables (created if missing). @default 'modellake' */
  schema?: string;
  /** Pool size. @default 10 */
  maxConnections?: number;
}

const ident = (s: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(s)) throw new Error(`Invalid PostgreSQL schema name ${JSON.stringify(s)}: use lowercase letters, digits and _.`);
  return s;
};

function schemaSql(schema: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
SET search_path TO ${schema};
CREATE TABLE IF NOT EXISTS models (id text PRIMARY KEY, name text NOT NULL, latest_rev int NOT NULL, version text, hash text NOT NULL, updated_at text NOT NULL, deleted_at text);
CREATE TABLE IF NOT EXISTS revisions (id text NOT NULL, rev int NOT NULL, version text, hash text NOT NULL, card text NOT NULL, created_at text NOT NULL, actor text NOT NULL, PRIMARY KEY (id, rev));
CREATE INDEX IF NOT EXISTS revisions_version ON revisions (id, version);
CREATE TABLE IF NOT EXISTS aliases (alias text PRIMARY KEY, id text NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_id ON aliases (id);
CREATE TABLE IF NOT EXISTS audit (seq bigint PRIMARY KEY, at text NOT NULL, actor text NOT NULL, action text NOT NULL, subject text NOT NULL, details text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL);
CREATE INDEX IF NOT EXISTS audit_subject ON audit (subject, seq);
CREATE TABLE IF NOT EXISTS tokens (id text PRIMARY KEY, name text NOT NULL UNIQUE, role text NOT NULL, secret_hash text NOT NULL UNIQUE, created_at text NOT NULL, revoked_at text, last_used_at text);
CREATE TABLE IF NOT EXISTS state (key text PRIMARY KEY, value text NOT NULL);
`;
}

// Every write takes this transaction-scoped advisory lock, so the audit chain is appended by one writer at a
// time across all lake replicas sharing the database (the chain must never fork).
const WRITE_LOCK = 'SELECT pg_advisory_xact_lock(7311001)';

type Row = Record<string, unknown>;
const tokenOf = (r: Row): TokenRecord => ({
  id: r.id as string, name: r.name as string, role: r.role as TokenRecord['role'], createdAt: r.created_at as string,
  ...(r.revoked_at ? { revokedAt: r.revoked_at as string } : {}), ...(r.last_used_at ? { lastUsedAt: r.last_used_at as string } : {}),
});
const auditOf = (r: Row): AuditEntry => ({ seq: Number(r.seq), at: r.at as string, actor: r.actor as string, action: r.action as string, subject: r.subject as string, details: parseAuditDetails(r.details), prevHash: r.prev_hash as string, hash: r.hash as string });

/** Storage on PostgreSQL for shared deployments: several stateless lake replicas, one database. */
export class PostgresStorage implements StorageDriver {
  readonly name = 'postgres';
  private constructor(private readonly pool: Pool, readonly schema: string) {}

  /** Connects and creates the schema if needed. `pg` is loaded only when this driver is used. */
  static async connect(options: PostgresStorageOptions): Promise<PostgresStorage> {
    const { default: pg } = await import('pg');
    const schema = ident(options.schema ?? 'modellake');
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10, options: `-c search_path=${schema}` });
    const c = await pool.connect();
    try {
      await c.query(WRITE_LOCK.replace('_xact', '')); // serialise concurrent first starts while creating tables
      await c.query(schemaSql(schema));
      await c.query('SELECT pg_advisory_unlock(7311001)');
    } finally {
      c.release();
    }
    return new PostgresStorage(pool, schema);
  }

  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(WRITE_LOCK);
      const r = await fn(c);
      await c.query('COMMIT');
      return r;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  private async appendAuditTx(c: PoolClient, e: { at: string; actor: string; action: string; subject: string; details: Record<string, unknown> }): Promise<AuditEntry> {
    const last = (await c.query('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1')).rows[0] as Row | undefined;
    const base = { seq: Number(last?.seq ?? 0) + 1, at: e.at, actor: e.actor, action: e.action, subject: e.subject, details: e.details, prevHash: (last?.hash as string | undefined) ?? AUDIT_GENESIS };
    const entry: AuditEntry = { ...base, hash: auditEntryHash(base) };
    await c.query('INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)', [entry.seq, entry.at, entry.actor, entry.action, entry.subject, JSON.stringify(entry.details), entry.prevHash, entry.hash]);
    return entry;
  }

  private async putOne(c: PoolClient, card: ModelCard, hash: string, actor: string, at: string): Promise<PutResult> {
    const cur = (await c.query('SELECT latest_rev, hash, version, deleted_at FROM models WHERE id = $1', [card.id])).rows[0] as Row | undefined;
    const version = card.version ? { version: card.version } : {};
    if (cur && cur.deleted_at === null && cur.hash === hash) return { status: 'unchanged', id: card.id, revision: Number(cur.latest_rev), hash, ...(cur.version ? { version: cur.version as string } : {}) };
    const rev = Number(cur?.latest_rev ?? 0) + 1;
    await c.query('INSERT INTO revisions (id, rev, version, hash, card, created_at, actor) VALUES ($1,$2,$3,$4,$5,$6,$7)', [card.id, rev, card.version ?? null, hash, JSON.stringify(card), at, actor]);
    await c.query('INSERT INTO models (id, name, latest_rev, version, hash, updated_at, deleted_at) VALUES ($1,$2,$3,$4,$5,$6,NULL) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, latest_rev = EXCLUDED.latest_rev, version = EXCLUDED.version, hash = EXCLUDED.hash, updated_at = EXCLUDED.updated_at, deleted_at = NULL', [card.id, card.name, rev, card.version ?? null, hash, at]);
    for (const alias of card.aliases ?? []) {
      if (alias === card.id) continue;
      const taken = (await c.query('SELECT 1 FROM models WHERE id = $1', [alias])).rowCount;
      // A card claims only unused names: an alias owned by another model is never re-pointed by a card (admins use PUT /v1/aliases).
      if (!taken) await c.query('INSERT INTO aliases (alias, id) VALUES ($1,$2) ON CONFLICT (alias) DO NOTHING', [alias, card.id]);
    }
    const status = cur ? 'updated' : 'created';
    await this.appendAuditTx(c, { at, actor, action: 'card.put', subject: card.id, details: { revision: rev, hash, status, ...version } });
    return { status, id: card.id, revision: rev, hash, ...version };
  }

  async putCard(card: ModelCard, hash: string, actor: string, at: string) { return this.tx((c) => this.putOne(c, card, hash, actor, at)); }
  async putCards(items: { card: ModelCard; hash: string }[], actor: string, at: string) {
    return this.tx(async (c) => {
      const out: PutResult[] = [];
      for (const i of items) out.push(await this.putOne(c, i.card, i.hash, actor, at));
      return out;
    });
  }

  async resolveId(idOrAlias: string): Promise<string | undefined> {
    const r = await this.pool.query('SELECT id FROM models WHERE id = $1 UNION ALL SELECT id FROM aliases WHERE alias = $1 LIMIT 1', [idOrAlias]);
    return (r.rows[0] as Row | undefined)?.id as string | undefined;
  }

  async getCard(idOrAlias: string, opts: { revision?: number; version?: string; includeDeleted?: boolean } = {}): Promise<StoredCard | undefined> {
    const id = await this.resolveId(idOrAlias);
    if (!id) return undefined;
    const m = (await this.pool.query('SELECT latest_rev, deleted_at FROM models WHERE id = $1', [id])).rows[0] as Row;
    if (m.deleted_at && !opts.includeDeleted) return undefined;
    const r = (opts.revision !== undefined
      ? await this.pool.query('SELECT * FROM revisions WHERE id = $1 AND rev = $2', [id, opts.revision])
      : opts.version !== undefined
        ? await this.pool.query('SELECT * FROM revisions WHERE id = $1 AND version = $2 ORDER BY rev DESC LIMIT 1', [id, opts.version])
        : await this.pool.query('SELECT * FROM revisions WHERE id = $1 AND rev = $2', [id, m.latest_rev])).rows[0] as Row | undefined;
    if (!r) return undefined;
    return { id, revision: Number(r.rev), hash: r.hash as string, createdAt: r.created_at as string, actor: r.actor as string, card: JSON.parse(r.card as string) as ModelCard, ...(r.version ? { version: r.version as string } : {}) };
  }

  async listRevisions(idOrAlias: string): Promise<RevisionMeta[]> {
    const id = (await this.resolveId(idOrAlias)) ?? idOrAlias;
    const rows = (await this.pool.query('SELECT id, rev, version, hash, created_at, actor FROM revisions WHERE id = $1 ORDER BY rev', [id])).rows as Row[];
    return rows.map((r) => ({ id: r.id as string, revision: Number(r.rev), hash: r.hash as string, createdAt: r.created_at as string, actor: r.actor as string, ...(r.version ? { version: r.version as string } : {}) }));
  }

  async listModels(opts: ListModelsOptions = {}): Promise<{ items: ModelSummary[]; nextCursor?: string }> {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
    const where: string[] = [];
    const args: unknown[] = [];
    // Byte-wise ordering (COLLATE "C") so cursors and prefixes behave like the other drivers.
    // Code-point range (see prefix.ts): `prefix || '\uffff'` would skip ids whose next character is astral.
    if (opts.prefix) {
      const upper = prefixUpperBound(opts.prefix);
      args.push(opts.prefix);
      where.push(`id COLLATE "C" >= $${args.length}`);
      if (upper !== undefined) { args.push(upper); where.push(`id COLLATE "C" < $${args.length}`); }
    }
    if (opts.cursor) { args.push(opts.cursor); where.push(`id COLLATE "C" > $${args.length}`); }
    if (!opts.includeDeleted) where.push('deleted_at IS NULL');
    args.push(limit + 1);
    const rows = (await this.pool.query(`SELECT * FROM models ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id COLLATE "C" LIMIT $${args.length}`, args)).rows as Row[];
    const items = rows.slice(0, limit).map((r) => ({ id: r.id as string, name: r.name as string, latestRevision: Number(r.latest_rev), hash: r.hash as string, updatedAt: r.updated_at as string, deleted: r.deleted_at !== null, ...(r.version ? { version: r.version as string } : {}) }));
    return rows.length > limit ? { items, nextCursor: items[items.length - 1]!.id } : { items };
  }

  async deleteModel(idOrAlias: string, actor: string, at: string): Promise<boolean> {
    const id = await this.resolveId(idOrAlias);
    if (!id) return false;
    return this.tx(async (c) => {
      const changed = ((await c.query('UPDATE models SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL', [at, id])).rowCount ?? 0) > 0;
      if (changed) await this.appendAuditTx(c, { at, actor, action: 'model.delete', subject: id, details: {} });
      return changed;
    });
  }

  async countModels(): Promise<number> {
    return Number(((await this.pool.query('SELECT count(*) AS n FROM models WHERE deleted_at IS NULL')).rows[0] as Row).n);
  }

  async setAlias(alias: string, id: string, actor: string, at: string): Promise<void> {
    await this.tx(async (c) => {
      await c.query('INSERT INTO aliases (alias, id) VALUES ($1,$2) ON CONFLICT (alias) DO UPDATE SET id = EXCLUDED.id', [alias, id]);
      await this.appendAuditTx(c, { at, actor, action: 'alias.set', subject: id, details: { alias } });
    });
  }

  async listAliases(id: string): Promise<string[]> {
    return ((await this.pool.query('SELECT alias FROM aliases WHERE id = $1 ORDER BY alias COLLATE "C"', [id])).rows as Row[]).map((r) => r.alias as string);
  }

  async appendAudit(e: { at: string; actor: string; action: string; subject: string; details: Record<string, unknown> }): Promise<AuditEntry> {
    return this.tx((c) => this.appendAuditTx(c, e));
  }

  async listAudit(opts: { subject?: string; afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(opts.limit ?? 1000, 100_000);
    const rows = opts.subject
      ? (await this.pool.query('SELECT * FROM audit WHERE subject = $1 AND seq > $2 ORDER BY seq LIMIT $3', [opts.subject, opts.afterSeq ?? 0, limit])).rows
      : (await this.pool.query('SELECT * FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2', [opts.afterSeq ?? 0, limit])).rows;
    return (rows as Row[]).map(auditOf);
  }

  async createToken(rec: TokenRecord, secretHash: string, actor = 'system'): Promise<void> {
    await this.tx(async (c) => {
      await c.query('INSERT INTO tokens (id, name, role, secret_hash, created_at) VALUES ($1,$2,$3,$4,$5)', [rec.id, rec.name, rec.role, secretHash, rec.createdAt]);
      await this.appendAuditTx(c, { at: rec.createdAt, actor, action: 'token.create', subject: `token:${rec.name}`, details: { id: rec.id, role: rec.role } });
    });
  }

  async findTokenByHash(secretHash: string): Promise<TokenRecord | undefined> {
    const r = (await this.pool.query('SELECT * FROM tokens WHERE secret_hash = $1', [secretHash])).rows[0] as Row | undefined;
    return r ? tokenOf(r) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return ((await this.pool.query('SELECT * FROM tokens ORDER BY created_at, name')).rows as Row[]).map(tokenOf);
  }

  async revokeToken(idOrName: string, at: string, actor = 'system'): Promise<TokenRecord | undefined> {
    return this.tx(async (c) => {
      const r = (await c.query('SELECT * FROM tokens WHERE id = $1 OR name = $1', [idOrName])).rows[0] as Row | undefined;
      if (!r) return undefined;
      if (!r.revoked_at) {
        await c.query('UPDATE tokens SET revoked_at = $1 WHERE id = $2', [at, r.id]);
        await this.appendAuditTx(c, { at, actor, action: 'token.revoke', subject: `token:${r.name as string}`, details: { id: r.id } });
      }
      return tokenOf({ ...r, revoked_at: r.revoked_at ?? at });
    });
  }

  async getState<T = unknown>(key: string): Promise<T | undefined> {
    const r = (await this.pool.query('SELECT value FROM state WHERE key = $1', [key])).rows[0] as Row | undefined;
    return r ? (JSON.parse(r.value as string) as T) : undefined;
  }

  async setState(key: string, value: unknown): Promise<void> {
    if (value === undefined) await this.pool.query('DELETE FROM state WHERE key = $1', [key]);
    else await this.pool.query('INSERT INTO state (key, value) VALUES ($1,$2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, JSON.stringify(value)]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Connects to PostgreSQL (see {@link PostgresStorage}). */
export function createPostgresStorage(options: PostgresStorageOptions): Promise<PostgresStorage> {
  return PostgresStorage.connect(options);
}
