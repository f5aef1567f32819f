import type { ModelCard } from '@modellake/card';
import { AUDIT_GENESIS, auditEntryHash } from '../audit.js';
import type { AuditEntry, ListModelsOptions, ModelSummary, PutResult, RevisionMeta, StorageDriver, StoredCard, TokenRecord } from '../types.js';
import { compareCodePoints } from './prefix.js';

interface Model { id: string; name: string; revs: StoredCard[]; deletedAt?: string }

/** In-process storage for tests and throwaway lakes; same semantics as SQLite, nothing persisted. */
export class MemoryStorage implements StorageDriver {
  readonly name = 'memory';
  private models = new Map<string, Model>();
  private aliases = new Map<string, string>();
  private audit: AuditEntry[] = [];
  private tokens = new Map<string, { rec: TokenRecord; hash: string }>();
  private state = new Map<string, string>();

  private appendAuditSync(e: { at: string; actor: string; action: string; subject: string; details: Record<string, unknown> }): AuditEntry {
    const last = this.audit[this.audit.length - 1];
    const base = { seq: (last?.seq ?? 0) + 1, ...e, details: structuredClone(e.details), prevHash: last?.hash ?? AUDIT_GENESIS };
    const entry = { ...base, hash: auditEntryHash(base) };
    this.audit.push(entry);
    return entry;
  }

  private putOne(card: ModelCard, hash: string, actor: string, at: string): PutResult {
    const m = this.models.get(card.id);
    const latest = m?.revs[m.revs.length - 1];
    const version = card.version ? { version: card.version } : {};
    if (m && !m.deletedAt && latest?.hash === hash) return { status: 'unchanged', id: card.id, revision: latest.revision, hash, ...(latest.version ? { version: latest.version } : {}) };
    const model = m ?? { id: card.id, name: card.name, revs: [] };
    const rev: StoredCard = { id: card.id, revision: model.revs.length + 1, hash, createdAt: at, actor, card: structuredClone(card), ...version };
    model.revs.push(rev);
    model.name = card.name;
    delete model.deletedAt;
    this.models.set(card.id, model);
    // A card claims only unused names: an alias owned by another model is never re-pointed by a card.
    for (const a of card.aliases ?? []) if (a !== card.id && !this.models.has(a) && !this.aliases.has(a)) this.aliases.set(a, card.id);
    const status = m ? 'updated' : 'created';
    this.appendAuditSync({ at, actor, action: 'card.put', subject: card.id, details: { revision: rev.revision, hash, status, ...version } });
    return { status, id: card.id, revision: rev.revision, hash, ...version };
  }

  async putCard(card: ModelCard, hash: string, actor: string, at: string) { return this.putOne(card, hash, actor, at); }
  async putCards(items: { card: ModelCard; hash: string }[], actor: string, at: string) { return items.map((i) => this.putOne(i.card, i.hash, actor, at)); }
  async resolveId(idOrAlias: string) { return this.models.has(idOrAlias) ? idOrAlias : this.aliases.get(idOrAlias); }

  async getCard(idOrAlias: string, opts: { revision?: number; version?: string; includeDeleted?: boolean } = {}): Promise<StoredCard | undefined> {
    const id = await this.resolveId(idOrAlias);
    const m = id ? this.models.get(id) : undefined;
    if (!m || (m.deletedAt && !opts.includeDeleted)) return undefined;
    const r = opts.revision !== undefined ? m.revs[opts.revision - 1]
      : opts.version !== undefined ? [...m.revs].reverse().find((x) => x.version === opts.version)
        : m.revs[m.revs.length - 1];
    return r ? structuredClone(r) : undefined;
  }

  async listRevisions(idOrAlias: string): Promise<RevisionMeta[]> {
    const id = (await this.resolveId(idOrAlias)) ?? idOrAlias;
    return (this.models.get(id)?.revs ?? []).map(({ card: _card, ...meta }) => meta);
  }

  async listModels(opts: ListModelsOptions = {}): Promise<{ items: ModelSummary[]; nextCursor?: string }> {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
    const all = [...this.models.values()]
      .filter((m) => (opts.includeDeleted || !m.deletedAt) && (!opts.prefix || m.id.startsWith(opts.prefix)) && (!opts.cursor || compareCodePoints(m.id, opts.cursor) > 0))
      // Code-point order, like the SQL drivers (JS `<` compares UTF-16 units: astral ids would sort before U+E000..U+FFFF).
      .sort((a, b) => compareCodePoints(a.id, b.id));
    const items = all.slice(0, limit).map((m) => {
      const l = m.revs[m.revs.length - 1]!;
      return { id: m.id, name: m.name, latestRevision: l.revision, hash: l.hash, updatedAt: l.createdAt, deleted: !!m.deletedAt, ...(l.version ? { version: l.version } : {}) };
    });
    return all.length > limit ? { items, nextCursor: items[items.length - 1]!.id } : { items };
  }

  async deleteModel(idOrAlias: string, actor: string, at: string) {
    const id = await this.resolveId(idOrAlias);
    const m = id ? this.models.get(id) : undefined;
    if (!m || m.deletedAt) return false;
    m.deletedAt = at;
    this.appendAuditSync({ at, actor, action: 'model.delete', subject: m.id, details: {} });
    return true;
  }

  async countModels() { return [...this.models.values()].filter((m) => !m.deletedAt).length; }
  async setAlias(alias: string, id: string, actor: string, at: string) {
    this.aliases.set(alias, id);
    this.appendAuditSync({ at, actor, action: 'alias.set', subject: id, details: { alias } });
  }
  async listAliases(id: string) { return [...this.aliases].filter(([, v]) => v === id).map(([k]) => k).sort(); }
  async appendAudit(e: { at: string; actor: string; action: string; subject: string; details: Record<string, unknown> }) { return this.appendAuditSync(e); }
  async listAudit(opts: { subject?: string; afterSeq?: number; limit?: number } = {}) {
    return this.audit.filter((e) => (!opts.subject || e.subject === opts.subject) && e.seq > (opts.afterSeq ?? 0)).slice(0, opts.limit ?? 1000).map((e) => structuredClone(e));
  }
  async createToken(rec: TokenRecord, secretHash: string, actor = 'system') {
    if ([...this.tokens.values()].some((t) => t.rec.name === rec.name)) throw new Error(`UNIQUE constraint failed: tokens.name (${rec.name})`);
    this.tokens.set(rec.id, { rec: { ...rec }, hash: secretHash });
    this.appendAuditSync({ at: rec.createdAt, actor, action: 'token.create', subject: `token:${rec.name}`, details: { id: rec.id, role: rec.role } });
  }
  async findTokenByHash(secretHash: string) { const t = [...this.tokens.values()].find((x) => x.hash === secretHash); return t ? { ...t.rec } : undefined; }
  async listTokens() { return [...this.tokens.values()].map((t) => ({ ...t.rec })); }
  async revokeToken(idOrName: string, at: string, actor = 'system') {
    const t = [...this.tokens.values()].find((x) => x.rec.id === idOrName || x.rec.name === idOrName);
    if (!t) return undefined;
    if (!t.rec.revokedAt) {
      t.rec.revokedAt = at;
      this.appendAuditSync({ at, actor, action: 'token.revoke', subject: `token:${t.rec.name}`, details: { id: t.rec.id } });
    }
    return { ...t.rec };
  }
  async getState<T = unknown>(key: string) { const v = this.state.get(key); return v === undefined ? undefined : (JSON.parse(v) as T); }
  async setState(key: string, value: unknown) { if (value === undefined) this.state.delete(key); else this.state.set(key, JSON.stringify(value)); }
  async close() {}
}

/** Creates an empty in-memory store. */
export function createMemoryStorage(): MemoryStorage {
  return new MemoryStorage();
}
