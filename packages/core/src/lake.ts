import { assertValidCard, cardHash, CardError, DEFAULT_MAX_CARD_BYTES, parseCardJson, type ModelCard } from '@modellake/card';
import { LakeError } from './errors.js';
import type { Actor, AuditEntry, CardStoredEvent, Deriver, ModelSummary, PutResult, RevisionMeta, StorageDriver, StoredCard } from './types.js';

/** Dependencies of a {@link Lake}. */
export interface LakeOptions {
  storage: StorageDriver;
  /** Clock, injectable for tests. @default () => new Date() */
  clock?: () => Date;
  /** Maximum card size in bytes. @default 1 MiB */
  maxCardBytes?: number;
  /** Receives warnings from derivers (they never fail a write). @default console.warn */
  onWarning?: (message: string, cause?: unknown) => void;
}

/** One line of an NDJSON batch that was not stored. */
export interface BatchError {
  line: number;
  id?: string;
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

/** Result of {@link Lake.putBatch}. */
export interface BatchResult {
  results: (PutResult & { line: number })[];
  errors: BatchError[];
}

/**
 * The lake's business logic over a storage driver: validation, idempotent revisions, derivers.
 * HTTP routes and the CLI's embedded mode both go through it.
 */
export class Lake {
  readonly storage: StorageDriver;
  readonly maxCardBytes: number;
  private readonly clock: () => Date;
  private readonly derivers: Deriver[] = [];
  private readonly warn: (message: string, cause?: unknown) => void;

  constructor(options: LakeOptions) {
    this.storage = options.storage;
    this.clock = options.clock ?? (() => new Date());
    this.maxCardBytes = options.maxCardBytes ?? DEFAULT_MAX_CARD_BYTES;
    this.warn = options.onWarning ?? ((m, c) => console.warn(`modellake: ${m}`, c ?? ''));
  }

  /** Current time as ISO 8601. */
  now(): string {
    return this.clock().toISOString();
  }

  /** Registers a deriver called after every stored revision. */
  addDeriver(deriver: Deriver): void {
    this.derivers.push(deriver);
  }

  /** Looks up a registered deriver by name. */
  getDeriver<T extends Deriver>(name: string): T | undefined {
    return this.derivers.find((d) => d.name === name) as T | undefined;
  }

  /** Validates a card, throwing a 422 LakeError listing every issue. */
  check(value: unknown): ModelCard {
    try {
      return assertValidCard(value, { maxBytes: this.maxCardBytes });
    } catch (e) {
      if (e instanceof CardError) {
        throw new LakeError(e.code, e.code === 'card-too-large' ? 413 : 422, e.message, { details: { issues: e.issues } });
      }
      throw e;
    }
  }

  private async derive(events: CardStoredEvent[]): Promise<void> {
    const changed = events.filter((e) => e.result.status !== 'unchanged');
    if (changed.length === 0) return;
    for (const d of this.derivers) {
      if (d.onCardsStored && changed.length > 1) {
        try {
          await d.onCardsStored(changed);
          continue;
        } catch (err) {
          this.warn(`deriver ${d.name} failed on a batch of ${changed.length}; retrying card by card: ${(err as Error).message}`, err);
        }
      }
      for (const e of changed) {
        try {
          await d.onCardStored(e);
        } catch (err) {
          this.warn(`deriver ${d.name} failed on ${e.card.id}: ${(err as Error).message}`, err);
        }
      }
    }
  }

  /** Stores a card: a no-op when identical to the latest revision, else a new revision. */
  async putCard(value: unknown, actor: Actor): Promise<PutResult> {
    const card = this.check(value);
    const result = await this.storage.putCard(card, cardHash(card), actor.name, this.now());
    await this.derive([{ card, result }]);
    return result;
  }

  /** Stores many already-parsed cards: valid ones in one transaction, invalid ones reported by index (1-based line). */
  async putBatch(values: { line: number; value: unknown }[], actor: Actor, errors: BatchError[] = []): Promise<BatchResult> {
    const ok: { line: number; card: ModelCard; hash: string }[] = [];
    for (const { line, value } of values) {
      try {
        const card = this.check(value);
        ok.push({ line, card, hash: cardHash(card) });
      } catch (e) {
        const le = e as LakeError;
        const id = typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id : undefined;
        errors.push({ line, code: le.code, message: le.message, ...(id ? { id } : {}), ...(le.details?.issues ? { issues: le.details.issues as BatchError['issues'] } : {}) });
      }
    }
    const stored = ok.length ? await this.storage.putCards(ok.map(({ card, hash }) => ({ card, hash })), actor.name, this.now()) : [];
    await this.derive(ok.map((o, i) => ({ card: o.card, result: stored[i]! })));
    return { results: stored.map((r, i) => ({ ...r, line: ok[i]!.line })), errors: errors.sort((a, b) => a.line - b.line) };
  }

  /** Parses NDJSON (one card per line; blank lines ignored) and stores the valid lines. */
  async putNdjson(text: string, actor: Actor): Promise<BatchResult> {
    const values: { line: number; value: unknown }[] = [];
    const errors: BatchError[] = [];
    text.split('\n').forEach((raw, i) => {
      const s = raw.trim();
      if (!s) return;
      try {
        // Strict: a line nested past MAX_CARD_DEPTH or repeating a key fails alone, with its reason.
        values.push({ line: i + 1, value: parseCardJson(s) });
      } catch (e) {
        if (!(e instanceof CardError)) throw e;
        const code = e.code === 'json-invalid' ? 'invalid-json' : e.code;
        const what = e.code === 'json-invalid' ? 'is not valid JSON' : 'is refused';
        errors.push({ line: i + 1, code, message: `Line ${i + 1} ${what}: ${e.message}` });
      }
    });
    return this.putBatch(values, actor, errors);
  }

  /** The latest (or a given) revision; throws 404 for unknown ids and 410 for deleted ones. */
  async getCard(idOrAlias: string, opts: { revision?: number; version?: string } = {}): Promise<StoredCard> {
    const found = await this.storage.getCard(idOrAlias, opts);
    if (found) return found;
    const any = await this.storage.getCard(idOrAlias, { includeDeleted: true });
    if (any && (opts.revision === undefined && opts.version === undefined)) throw new LakeError('model-deleted', 410, `Model ${idOrAlias} was deleted.`);
    if (any) {
      const which = opts.revision !== undefined ? `revision ${opts.revision}` : `version ${opts.version}`;
      throw new LakeError('revision-not-found', 404, `Model ${idOrAlias} has no ${which}.`);
    }
    throw new LakeError('model-not-found', 404, `No model with id ${idOrAlias}.`);
  }

  /** Revisions of a model, oldest first. */
  async versions(idOrAlias: string): Promise<RevisionMeta[]> {
    const id = await this.storage.resolveId(idOrAlias);
    if (!id) throw new LakeError('model-not-found', 404, `No model with id ${idOrAlias}.`);
    return this.storage.listRevisions(id);
  }

  /** Audit entries about a model. */
  async history(idOrAlias: string): Promise<AuditEntry[]> {
    const id = await this.storage.resolveId(idOrAlias);
    if (!id) throw new LakeError('model-not-found', 404, `No model with id ${idOrAlias}.`);
    return this.storage.listAudit({ subject: id, limit: 100_000 });
  }

  /** Lists models (latest revisions), one page. */
  async listModels(opts: { prefix?: string; limit?: number; cursor?: string; includeDeleted?: boolean } = {}): Promise<{ items: ModelSummary[]; nextCursor?: string }> {
    return this.storage.listModels(opts);
  }

  /** Iterates over the latest card of every live model (for feature modules that index the lake). */
  async *allCards(opts: { prefix?: string } = {}): AsyncGenerator<StoredCard> {
    let cursor: string | undefined;
    do {
      const page = await this.storage.listModels({ ...opts, limit: 500, ...(cursor ? { cursor } : {}) });
      for (const m of page.items) {
        const c = await this.storage.getCard(m.id);
        if (c) yield c;
      }
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Tombstones a model (history is kept). */
  async deleteModel(idOrAlias: string, actor: Actor): Promise<void> {
    const ok = await this.storage.deleteModel(idOrAlias, actor.name, this.now());
    if (!ok) {
      const any = await this.storage.getCard(idOrAlias, { includeDeleted: true });
      if (any) throw new LakeError('model-deleted', 410, `Model ${idOrAlias} was already deleted.`);
      throw new LakeError('model-not-found', 404, `No model with id ${idOrAlias}.`);
    }
    const id = (await this.storage.resolveId(idOrAlias))!;
    for (const d of this.derivers) {
      try {
        await d.onModelDeleted?.(id);
      } catch (err) {
        this.warn(`deriver ${d.name} failed on delete of ${id}: ${(err as Error).message}`, err);
      }
    }
  }

  /** Records an audit entry (for feature modules: governance transitions, webhook deliveries...). */
  async audit(actor: Actor | string, action: string, subject: string, details: Record<string, unknown> = {}): Promise<AuditEntry> {
    return this.storage.appendAudit({ at: this.now(), actor: typeof actor === 'string' ? actor : actor.name, action, subject, details });
  }
}
