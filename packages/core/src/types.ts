import type { ModelCard } from '@modellake/card';

/** Roles of API tokens, each including the ones before it. */
export type Role = 'reader' | 'writer' | 'admin';

/** Who performed a call: a token's name, `anonymous`, or `local` for the embedded CLI. */
export interface Actor {
  name: string;
  role: Role;
  tokenId?: string;
}

/** Metadata of one stored revision of a model. */
export interface RevisionMeta {
  id: string;
  /** 1-based revision number within the model. */
  revision: number;
  /** The card's own `version` field, if any. */
  version?: string;
  /** `sha256:<hex>` of the canonical card. */
  hash: string;
  createdAt: string;
  actor: string;
}

/** A stored revision with its card. */
export interface StoredCard extends RevisionMeta {
  card: ModelCard;
}

/** Summary row of a model (its latest revision). */
export interface ModelSummary {
  id: string;
  name: string;
  latestRevision: number;
  version?: string;
  hash: string;
  updatedAt: string;
  deleted: boolean;
}

/** Outcome of a put: `created` (first revision), `updated` (new revision) or `unchanged` (same hash, no-op). */
export interface PutResult {
  status: 'created' | 'updated' | 'unchanged';
  id: string;
  revision: number;
  version?: string;
  hash: string;
}

/** One entry of the append-only, hash-chained audit log. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** A stored API token (the secret itself is never stored, only its hash). */
export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

/** Options of a model listing. */
export interface ListModelsOptions {
  /** Only ids starting with this prefix (e.g. `hf:` or `mi:mmdet/`). */
  prefix?: string;
  includeDeleted?: boolean;
  limit?: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
}

/**
 * Storage driver: everything the lake persists. Every driver passes the shared conformance suite
 * (`testStorageDriver`). Methods are async so networked drivers fit the same interface.
 */
export interface StorageDriver {
  readonly name: string;
  /** Stores a card as a new revision unless its hash equals the latest one; appends an audit entry in the same transaction. */
  putCard(card: ModelCard, hash: string, actor: string, at: string): Promise<PutResult>;
  /** Stores many cards in one transaction (each still idempotent). */
  putCards(items: { card: ModelCard; hash: string }[], actor: string, at: string): Promise<PutResult[]>;
  /** Latest revision, or a given revision number / card version. Resolves aliases. Undefined when unknown or deleted (unless includeDeleted). */
  getCard(id: string, opts?: { revision?: number; version?: string; includeDeleted?: boolean }): Promise<StoredCard | undefined>;
  /** Resolves an alias or id to the canonical id. */
  resolveId(idOrAlias: string): Promise<string | undefined>;
  listRevisions(id: string): Promise<RevisionMeta[]>;
  listModels(opts?: ListModelsOptions): Promise<{ items: ModelSummary[]; nextCursor?: string }>;
  /** Tombstones a model: history kept, reads answer 404/410. Returns false when unknown. */
  deleteModel(id: string, actor: string, at: string): Promise<boolean>;
  countModels(): Promise<number>;
  setAlias(alias: string, id: string, actor: string, at: string): Promise<void>;
  listAliases(id: string): Promise<string[]>;
  appendAudit(entry: { at: string; actor: string; action: string; subject: string; details: Record<string, unknown> }): Promise<AuditEntry>;
  listAudit(opts?: { subject?: string; afterSeq?: number; limit?: number }): Promise<AuditEntry[]>;
  /** Stores a token and audits `token.create` in the same transaction, by `actor` (the admin who created it). @default actor 'system' */
  createToken(rec: TokenRecord, secretHash: string, actor?: string): Promise<void>;
  findTokenByHash(secretHash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  /** Revokes a token and audits `token.revoke` by `actor` (the admin who revoked it). @default actor 'system' */
  revokeToken(idOrName: string, at: string, actor?: string): Promise<TokenRecord | undefined>;
  /** Small key-value store for derived state and checkpoints of features (namespaced keys). */
  getState<T = unknown>(key: string): Promise<T | undefined>;
  setState(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}

/** Event given to derivers after a write. */
export interface CardStoredEvent {
  card: ModelCard;
  result: PutResult;
}

/**
 * A deriver computes what the lake adds beside cards (embeddings, lineage edges, findings). It is
 * called after each stored revision; it must be incremental (never recompute the whole lake).
 */
export interface Deriver {
  readonly name: string;
  onCardStored(event: CardStoredEvent): void | Promise<void>;
  /**
   * Optional batch form, called instead of `onCardStored` for batch imports so a deriver can index many cards in
   * one transaction (per-card SQLite commits dominate ingest time otherwise).
   */
  onCardsStored?(events: CardStoredEvent[]): void | Promise<void>;
  onModelDeleted?(id: string): void | Promise<void>;
}
