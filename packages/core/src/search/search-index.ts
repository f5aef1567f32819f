import type { ModelCard } from '@modellake/card';
import type BetterSqlite3 from 'better-sqlite3';
import { conceptsOf } from '../embeddings/drivers/builtin.js';
import { createBuiltinEmbedder } from '../embeddings/drivers/builtin.js';
import { tokens } from '../embeddings/text.js';
import { providerKey, type EmbeddingProvider } from '../embeddings/types.js';
import type { CardStoredEvent, Deriver } from '../types.js';
import { ARCH_DIMENSION, ARCH_MODEL, archVector, tensorHashes } from './arch.js';
import {
  FACET_NAMES,
  PARAM_BUCKETS,
  cardFacets,
  cardFields,
  cardMetrics,
  cardSummary,
  embeddingText,
  slug,
  type CardFacets,
  type CardFields,
  type CardSummary,
  type FacetName,
} from './card-text.js';
import { SearchNotFoundError, SearchQueryError } from './errors.js';
import { compare, parseFilter, parseNaturalQuery, type FacetVocabulary, type Filter } from './query.js';
import { scanTopK, TopK } from './vector-scan.js';

/** Options of a search index. */
export interface SearchIndexOptions {
  /** The SQLite database of the lake (the sqlite storage driver's `.db`); the index keeps its own `search_*` tables there. */
  db: BetterSqlite3.Database;
  /** Text embedding provider. @default the built-in offline embedder */
  embedder?: EmbeddingProvider;
  /** How full-text and vector rankings are fused. @default 'weighted' */
  fusion?: 'weighted' | 'rrf';
  /** Called with background warnings (provider down, re-embedding progress). */
  onWarning?: (message: string) => void;
}

/** A search request. */
export interface SearchRequest {
  q?: string;
  /** Filter expressions (`task=object-detection`, `params<5e8`, `metric:box AP>=40`). */
  filter?: string[];
  /** @default 10 */
  limit?: number;
  /** @default 0 */
  offset?: number;
  /** Turn natural-language facet extraction off. @default true */
  extract?: boolean;
}

/** Why a hit matched. */
export interface HitExplanation {
  /** Fused score parts. */
  fullText?: { rank: number; score: number };
  vector?: { rank: number; score: number; provider: string };
  /** Query concepts (tasks, domains, modalities...) the model shares. */
  concepts: string[];
  /** Query words found per card field. */
  fields: Record<string, string[]>;
  /** Filters the model satisfied. */
  filters: string[];
}

/** One search hit. */
export interface SearchHit {
  id: string;
  name: string;
  score: number;
  explanation: HitExplanation;
  card: CardSummary;
}

/** Count of one facet value. */
export interface FacetCount {
  value: string;
  count: number;
}

/** Search response (also the HTTP body of `GET /v1/search`). */
export interface SearchResponse {
  query: string;
  parsed: { text: string; filters: string[] };
  total: number;
  hits: SearchHit[];
  facets: Record<string, FacetCount[]> & { metricRanges?: { name: string; count: number; min: number; max: number; median: number }[] };
  warnings: string[];
}

/** One related model. */
export interface RelatedHit {
  id: string;
  name: string;
  score: number;
  signals: { text?: number; architecture?: number; weights?: number };
  card: CardSummary;
}

/** Index status: provider and how many vectors are current. */
export interface SearchIndexStatus {
  provider: string;
  model: string;
  dimension: number;
  documents: number;
  embedded: number;
  pending: number;
  reembedding: boolean;
}

/** What stays in memory per card (kept small: the summary and explanation data are read from SQLite for returned hits only). */
/** What `search_docs.meta` holds per document. */
interface DocMeta {
  metrics: [string, number][];
  params?: number;
  concepts: string[];
  /** Task concepts of the card's declared tasks only. */
  taskConcepts?: string[];
  signature?: string;
  tensors?: string[];
}

/** Score added to a candidate that has every task the query asks for (fused scores are about 0..1). */
const TASK_BOOST = 0.15;

interface Doc {
  docid: number;
  id: string;
  name: string;
  /** Interned facet value ids per facet (index in FACET_NAMES order). */
  /** Facet value ids of every facet in one array: entries 0..F are offsets, facet `fi` owns [ids[fi], ids[fi + 1]). */
  facetIds: Int32Array;
  /** Best value per metric (slug of the metric name). */
  metrics?: Map<string, number>;
  params?: number;
  signature?: string;
  tensors?: Set<string>;
  /** Task concepts of the card text (`task:...`), for the query's task intent. */
  tasks?: string[];
  /** Provider key of the stored text vector, if any. */
  vecKey?: string;
}

interface VectorRow {
  docid: number;
  kind: string;
  provider: string;
  model: string;
  dimension: number;
  vec: Buffer;
}

interface DocRow {
  docid: number;
  id: string;
  name: string;
  facets: string;
  summary: string;
  meta: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS search_docs (
  docid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  fields TEXT NOT NULL,
  facets TEXT NOT NULL,
  summary TEXT NOT NULL,
  meta TEXT NOT NULL,
  embed_text TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(name, tasks, body, tokenize = 'unicode61');
CREATE TABLE IF NOT EXISTS search_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS search_vectors (
  docid INTEGER NOT NULL,
  kind TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  dimension INTEGER NOT NULL,
  vec BLOB NOT NULL,
  PRIMARY KEY (docid, kind)
);
`;

const CANDIDATES = 400;
const METRIC_FACET = FACET_NAMES.indexOf('metric');
const FTS_PROSE_CHARS = 800;
const TWO_STAGE_ABOVE = 20_000;
const COARSE_SLOTS = 24;
const COMMON_WORD_SHARE = 0.03;
const MAX_QUERY_WORDS = 4;
const RELAX_ORDER: Filter['kind'][] = ['params', 'metric', 'facet'];

interface FusedEntry {
  score: number;
  ft?: { rank: number; score: number };
  vec?: { rank: number; score: number };
}

/** Turns free text into an FTS5 OR-query of quoted words (stop words dropped). */
export function ftsQuery(text: string): string | undefined {
  const ws = [...new Set(tokens(text))];
  return ws.length ? ws.map((w) => `"${w.replace(/"/g, '')}"`).join(' OR ') : undefined;
}

/**
 * Text as stored in the FTS5 table: our own stems, so full-text terms, query terms and the
 * document frequencies in `search_df` all agree.
 */
export function ftsText(text: string): string {
  return tokens(text).join(' ');
}

/**
 * Hybrid search over the lake: SQLite FTS5 (bm25) plus text vectors and architecture vectors kept
 * in memory (persisted in `search_vectors`, with provider, model and dimension per vector),
 * facets from an interned card-facet table. Updated incrementally through `deriver()`.
 */
export class SearchIndex {
  readonly db: BetterSqlite3.Database;
  private embedder: EmbeddingProvider;
  private readonly fusion: 'weighted' | 'rrf';
  private readonly onWarning: (m: string) => void;
  private lexicon: ReturnType<typeof createBuiltinEmbedder>;

  private docs: (Doc | undefined)[] = [];
  private free: number[] = [];
  private bySlot = new Map<string, number>();
  private byDocid = new Map<number, number>();
  private textDim: number;
  private textVecs: Float32Array;
  private archVecs: Float32Array;
  private hasArch: Uint8Array;
  /** Text vectors transposed (slot-major per dimension), for the coarse stage on large lakes. */
  private textT = new Float32Array(0);
  /** 1 when a slot's text vector comes from the current provider. */
  private vecOk = new Uint8Array(0);
  private scratch = new Float32Array(0);
  private version = 0;
  private pendingCache = { version: -1, key: '', value: 0 };
  /** Document frequency of full-text words (stemmed), persisted in `search_df`; prunes very common words from full-text queries. */
  private ftsDf = new Map<string, number>();
  private facetValues: Map<string, number>[] = FACET_NAMES.map(() => new Map());
  private facetLabels: string[][] = FACET_NAMES.map(() => []);
  private facetTotals: number[][] = FACET_NAMES.map(() => []);
  /** Per facet and value id: bitset of the slots holding that value (fast facet filters). */
  private facetBits: Map<number, Uint32Array>[] = FACET_NAMES.map(() => new Map());
  private vocabCache: FacetVocabulary | undefined;
  private reembedRunning: Promise<void> | undefined;
  private lastProviderError = 0;
  private lastWarning: string | undefined;
  private closed = false;
  private readonly stmts = new Map<string, BetterSqlite3.Statement>();
  private readonly taskSets = new Map<string, string[]>();
  private lastChange = 0;
  private dataVersion = 0;

  /** A prepared statement, prepared once per index (indexing runs them for every card). */
  private stmt(sql: string): BetterSqlite3.Statement {
    let st = this.stmts.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.stmts.set(sql, st);
    }
    return st;
  }

  constructor(opts: SearchIndexOptions) {
    this.db = opts.db;
    this.embedder = opts.embedder ?? createBuiltinEmbedder();
    // Explanations use the built-in lexicon; when it is also the embedder, share its learned statistics.
    this.lexicon = 'explain' in this.embedder ? (this.embedder as ReturnType<typeof createBuiltinEmbedder>) : createBuiltinEmbedder();
    this.fusion = opts.fusion ?? 'weighted';
    this.onWarning = opts.onWarning ?? (() => undefined);
    this.textDim = this.embedder.dimension || 1;
    this.textVecs = new Float32Array(0);
    this.archVecs = new Float32Array(0);
    this.hasArch = new Uint8Array(0);
    this.db.exec(SCHEMA);
    this.load();
  }

  /** The deriver that keeps this index up to date; register it with `lake.addDeriver`. */
  deriver(): Deriver {
    return {
      name: 'search',
      onCardStored: (e: CardStoredEvent) => (e.result.status === 'unchanged' && this.bySlot.has(e.card.id) ? undefined : this.upsert(e.card)),
      onCardsStored: (events: CardStoredEvent[]) => this.upsertMany(events.filter((e) => e.result.status !== 'unchanged' || !this.bySlot.has(e.card.id)).map((e) => e.card)),
      onModelDeleted: (id: string) => {
        this.remove(id);
      },
    };
  }

  /**
   * Key of the current provider's vectors. A provider that learns its dimension from its first answer
   * (OpenAI-compatible, transformers) reports 0 until then: the dimension of its stored vectors stands in.
   */
  private key(): string {
    return `${this.embedder.id}/${this.embedder.model}/${this.embedder.dimension || this.textDim}`;
  }

  /** Adopts the dimension of stored vectors of the current provider when the provider does not know its own yet. */
  private adoptStoredDimension(): void {
    if (this.embedder.dimension > 0) return;
    const dim = this.db
      .prepare("SELECT dimension FROM search_vectors WHERE kind = 'text' AND provider = ? AND model = ? LIMIT 1")
      .pluck()
      .get(this.embedder.id, this.embedder.model) as number | undefined;
    if (dim && dim !== this.textDim) this.resizeText(dim);
  }

  /** Whether a model is indexed. */
  has(id: string): boolean {
    this.syncExternal();
    return this.bySlot.has(id);
  }

  /** Indexes stored cards the index does not have yet (a lake opened with cards from before search existed). */
  async backfill(cards: AsyncIterable<{ card: ModelCard }>): Promise<number> {
    let batch: ModelCard[] = [];
    let n = 0;
    for await (const { card } of cards) {
      if (this.closed) return n;
      if (this.bySlot.has(card.id)) continue;
      batch.push(card);
      if (batch.length >= 256) {
        await this.upsertMany(batch);
        n += batch.length;
        batch = [];
      }
    }
    if (batch.length && !this.closed) {
      await this.upsertMany(batch);
      n += batch.length;
    }
    return n;
  }

  /** Stops background work; call before closing the database. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  /** The current text embedding provider. */
  get provider(): EmbeddingProvider {
    return this.embedder;
  }

  /** Number of indexed models. */
  get size(): number {
    return this.bySlot.size;
  }

  // ---------------------------------------------------------------- loading & memory

  private ensureCapacity(slots: number): void {
    const cap = this.hasArch.length;
    if (slots <= cap && this.textVecs.length === cap * this.textDim) return;
    const next = Math.max(slots, cap * 2, 64);
    const tv = new Float32Array(next * this.textDim);
    if (this.textVecs.length === cap * this.textDim) tv.set(this.textVecs);
    const av = new Float32Array(next * ARCH_DIMENSION);
    av.set(this.archVecs);
    const ha = new Uint8Array(next);
    ha.set(this.hasArch);
    const ok = new Uint8Array(next);
    ok.set(this.vecOk.subarray(0, Math.min(this.vecOk.length, next)));
    const dim = this.textDim;
    const tt = new Float32Array(next * dim);
    for (let r = 0; r < cap && r < next; r++) for (let i = 0; i < dim; i++) tt[i * next + r] = tv[r * dim + i]!;
    this.textVecs = tv;
    this.textT = tt;
    this.archVecs = av;
    this.hasArch = ha;
    this.vecOk = ok;
    this.scratch = new Float32Array(next);
  }

  /** Stores a slot's text vector (row-major and transposed) as current for `key`. */
  private writeText(slot: number, vec: Float32Array, key: string): void {
    const dim = this.textDim;
    const cap = this.hasArch.length;
    this.textVecs.set(vec, slot * dim);
    for (let i = 0; i < dim; i++) this.textT[i * cap + slot] = vec[i]!;
    this.docs[slot]!.vecKey = key;
    this.vecOk[slot] = 1;
    this.version++;
  }

  private intern(facets: CardFacets, delta: 1 | -1): Int32Array[] {
    this.vocabCache = undefined;
    return FACET_NAMES.map((f, fi) => {
      const map = this.facetValues[fi]!;
      const ids = new Int32Array(facets[f].length);
      facets[f].forEach((v, i) => {
        let id = map.get(v);
        if (id === undefined) {
          id = this.facetLabels[fi]!.length;
          map.set(v, id);
          this.facetLabels[fi]!.push(v);
          this.facetTotals[fi]!.push(0);
        }
        this.facetTotals[fi]![id]! += delta;
        ids[i] = id;
      });
      return ids;
    });
  }

  private place(row: DocRow): number {
    return this.placeParsed(row.docid, row.id, row.name, JSON.parse(row.facets) as CardFacets, JSON.parse(row.meta) as DocMeta);
  }

  /** Places a document whose facets and meta are already objects (indexing path: no JSON round trip). */
  private placeParsed(docid: number, id: string, name: string, facets: CardFacets, meta: DocMeta): number {
    const doc: Doc = {
      docid,
      id,
      name,
      facetIds: flatten(this.intern(facets, 1)),
    };
    if (meta.metrics.length) doc.metrics = new Map(meta.metrics);
    if (meta.params !== undefined) doc.params = meta.params;
    if (meta.signature) doc.signature = meta.signature;
    if (meta.tensors?.length) doc.tensors = new Set(meta.tensors);
    const tasks = (meta.taskConcepts ?? meta.concepts).filter((c) => c.startsWith('task:'));
    if (tasks.length) {
      // Few distinct task sets exist: share one array per set.
      const k = tasks.join('|');
      let shared = this.taskSets.get(k);
      if (!shared) this.taskSets.set(k, (shared = tasks));
      doc.tasks = shared;
    }
    const slot = this.free.pop() ?? this.docs.length;
    this.ensureCapacity(slot + 1);
    this.docs[slot] = doc;
    this.markFacets(slot, doc.facetIds, true);
    this.vecOk[slot] = 0;
    this.version++;
    this.bySlot.set(doc.id, slot);
    this.byDocid.set(doc.docid, slot);
    return slot;
  }

  private unplace(slot: number): void {
    const doc = this.docs[slot];
    if (!doc) return;
    const f = doc.facetIds;
    for (let fi = 0; fi < FACET_NAMES.length; fi++) for (let i = f[fi]!; i < f[fi + 1]!; i++) this.facetTotals[fi]![f[i]!]! -= 1;
    this.markFacets(slot, doc.facetIds, false);
    this.vocabCache = undefined;
    this.docs[slot] = undefined;
    this.bySlot.delete(doc.id);
    this.byDocid.delete(doc.docid);
    this.hasArch[slot] = 0;
    this.vecOk[slot] = 0;
    this.version++;
    this.free.push(slot);
  }

  private load(): void {
    this.adoptStoredDimension();
    const rows = this.db.prepare('SELECT docid, id, name, facets, summary, meta FROM search_docs').all() as DocRow[];
    for (const r of rows) this.place(r);
    this.placeVectors(this.db.prepare('SELECT docid, kind, provider, model, dimension, vec FROM search_vectors').iterate() as Iterable<VectorRow>);
    this.lastChange = (this.db.prepare('SELECT max(seq) FROM search_changes').pluck().get() as number | null) ?? 0;
    this.dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    for (const [term, df] of this.db.prepare('SELECT term, df FROM search_df').raw().all() as [string, number][]) this.ftsDf.set(term, df);
    this.observeAll();
    if (this.pendingCount() > 0) this.startReembed();
  }

  /** Puts stored vectors into memory (text vectors only when they come from the current provider). */
  private placeVectors(rows: Iterable<VectorRow>): void {
    const key = this.key();
    for (const v of rows) {
      const slot = this.byDocid.get(v.docid);
      if (slot === undefined) continue;
      const arr = new Float32Array(v.vec.buffer.slice(v.vec.byteOffset, v.vec.byteOffset + v.vec.byteLength));
      if (v.kind === 'arch' && arr.length === ARCH_DIMENSION) {
        this.archVecs.set(arr, slot * ARCH_DIMENSION);
        this.hasArch[slot] = 1;
      } else if (v.kind === 'text' && `${v.provider}/${v.model}/${v.dimension}` === key && arr.length === this.textDim) {
        this.writeText(slot, arr, key);
      }
    }
  }

  /**
   * Picks up what other processes wrote to the same database (a CLI import while a server runs):
   * SQLite's `data_version` changes only on their commits; `search_changes` says which models.
   */
  private syncExternal(): void {
    if (this.closed) return;
    const v = this.db.pragma('data_version', { simple: true }) as number;
    if (v === this.dataVersion) return;
    this.dataVersion = v;
    const changes = this.db.prepare('SELECT seq, id FROM search_changes WHERE seq > ? ORDER BY seq').raw().all(this.lastChange) as [number, string][];
    if (changes.length === 0) return;
    this.lastChange = changes.at(-1)![0];
    const getDoc = this.db.prepare('SELECT docid, id, name, facets, summary, meta FROM search_docs WHERE id = ?');
    const getVecs = this.db.prepare('SELECT docid, kind, provider, model, dimension, vec FROM search_vectors WHERE docid = ?');
    for (const id of new Set(changes.map(([, i]) => i))) {
      const slot = this.bySlot.get(id);
      if (slot !== undefined) this.unplace(slot);
      const row = getDoc.get(id) as DocRow | undefined;
      if (!row) continue;
      this.place(row);
      this.placeVectors(getVecs.iterate(row.docid) as Iterable<VectorRow>);
    }
    this.ftsDf.clear();
    for (const [term, df] of this.db.prepare('SELECT term, df FROM search_df').raw().all() as [string, number][]) this.ftsDf.set(term, df);
  }

  // ---------------------------------------------------------------- writes

  /** Indexes (or re-indexes) one card. Embedding failures leave the card searchable by full text and queue it for re-embedding. */
  async upsert(card: ModelCard): Promise<void> {
    await this.upsertMany([card]);
  }

  /** Indexes many cards: one embedding batch, one transaction. */
  async upsertMany(cards: ModelCard[]): Promise<void> {
    if (cards.length === 0 || this.closed) return;
    const prepared = cards.map((card) => {
      const fields = cardFields(card);
      const text = embeddingText(fields).slice(0, 3000);
      return { card, fields, text };
    });
    let vectors: Float32Array[] | undefined;
    try {
      vectors = await this.embedder.embed(
        prepared.map((p) => p.text),
        { kind: 'document' },
      );
    } catch (err) {
      this.warn(`embedding provider ${this.embedder.id} failed while indexing ${cards.length} card(s): ${(err as Error).message}; they are searchable by full text and will be embedded when it is back`);
      this.lastProviderError = Date.now();
    }
    if (this.closed) return;
    if (this.textDim !== this.embedder.dimension && this.embedder.dimension > 0) this.resizeText(this.embedder.dimension);
    const key = this.key();
    const getOld = this.stmt('SELECT docid, embed_text, fields FROM search_docs WHERE id = ?');
    const dfDelta = new Map<string, number>();
    const delFts = this.stmt('DELETE FROM search_fts WHERE rowid = ?');
    const delVec = this.stmt('DELETE FROM search_vectors WHERE docid = ?');
    const delDoc = this.stmt('DELETE FROM search_docs WHERE docid = ?');
    const insDoc = this.stmt('INSERT INTO search_docs (id, name, fields, facets, summary, meta, embed_text) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insFts = this.stmt('INSERT INTO search_fts (rowid, name, tasks, body) VALUES (?, ?, ?, ?)');
    const insVec = this.stmt('INSERT OR REPLACE INTO search_vectors (docid, kind, provider, model, dimension, vec) VALUES (?, ?, ?, ?, ?, ?)');
    const observeNew: string[] = [];
    const forgetOld: string[] = [];
    const tx = this.db.transaction(() => {
      prepared.forEach(({ card, fields, text }, i) => {
        const old = getOld.get(card.id) as { docid: number; embed_text: string; fields: string } | undefined;
        if (old) {
          for (const t of ftsTerms(JSON.parse(old.fields) as CardFields)) dfDelta.set(t, (dfDelta.get(t) ?? 0) - 1);
          delFts.run(old.docid);
          delVec.run(old.docid);
          delDoc.run(old.docid);
          const slot = this.byDocid.get(old.docid);
          if (slot !== undefined) this.unplace(slot);
          forgetOld.push(old.embed_text);
        }
        const facets = cardFacets(card);
        const metrics = [...cardMetrics(card)].map(([k, v]) => [slug(k), v] as [string, number]);
        const params = card.architecture?.parameters ?? card.fingerprint?.architecture.parameters;
        // Task intent is judged on the declared tasks; a card that declares none, on what its text says.
        const taskConcepts = [...conceptsOf(fields.tasks).keys()].filter((c) => c.startsWith('task:'));
        const meta: DocMeta = {
          metrics,
          ...(typeof params === 'number' ? { params } : {}),
          concepts: [...conceptsOf(text).keys()],
          ...(card.fingerprint?.architecture.signature ? { signature: card.fingerprint.architecture.signature } : {}),
          tensors: tensorHashes(card),
          ...(taskConcepts.length ? { taskConcepts } : {}),
        };
        const summary = cardSummary(card);
        const res = insDoc.run(card.id, card.name, JSON.stringify(fields), JSON.stringify(facets), JSON.stringify(summary), JSON.stringify(meta), text);
        const docid = Number(res.lastInsertRowid);
        const nameT = tokens(fields.name);
        const tasksT = tokens(fields.tasks);
        const bodyT = tokens(bodyOf(fields));
        insFts.run(docid, nameT.join(' '), tasksT.join(' '), bodyT.join(' '));
        for (const t of new Set([...nameT, ...tasksT, ...bodyT])) dfDelta.set(t, (dfDelta.get(t) ?? 0) + 1);
        const slot = this.placeParsed(docid, card.id, card.name, facets, meta);
        const vec = vectors?.[i];
        if (vec && vec.length === this.textDim) {
          insVec.run(docid, 'text', this.embedder.id, this.embedder.model, this.textDim, Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength));
          this.writeText(slot, vec, key);
        }
        const av = archVector(card);
        if (av) {
          insVec.run(docid, 'arch', 'builtin', ARCH_MODEL, ARCH_DIMENSION, Buffer.from(av.buffer, av.byteOffset, av.byteLength));
          this.archVecs.set(av, slot * ARCH_DIMENSION);
          this.hasArch[slot] = 1;
        }
        observeNew.push(text);
      });
      this.applyDf(dfDelta);
      this.logChanges(prepared.map((p) => p.card.id));
    });
    tx();
    for (const e of this.learners()) {
      if (forgetOld.length) e.forget?.(forgetOld);
      e.observe?.(observeNew);
    }
  }

  /** Removes a model from the index. Returns false when it was not indexed. */
  remove(id: string): boolean {
    const row = this.stmt('SELECT docid, embed_text, fields FROM search_docs WHERE id = ?').get(id) as { docid: number; embed_text: string; fields: string } | undefined;
    if (!row) return false;
    this.db.transaction(() => {
      this.applyDf(new Map([...ftsTerms(JSON.parse(row.fields) as CardFields)].map((t) => [t, -1])));
      this.logChanges([id]);
      this.stmt('DELETE FROM search_fts WHERE rowid = ?').run(row.docid);
      this.stmt('DELETE FROM search_vectors WHERE docid = ?').run(row.docid);
      this.stmt('DELETE FROM search_docs WHERE docid = ?').run(row.docid);
    })();
    const slot = this.byDocid.get(row.docid);
    if (slot !== undefined) this.unplace(slot);
    for (const e of this.learners()) e.forget?.([row.embed_text]);
    return true;
  }

  // ---------------------------------------------------------------- providers & re-embedding

  /** Providers that learn from the corpus (the embedder, and the lexicon when it is a separate instance). */
  private learners(): EmbeddingProvider[] {
    return this.lexicon === this.embedder ? [this.embedder] : [this.embedder, this.lexicon];
  }

  private observeAll(): void {
    const texts = this.stmt('SELECT embed_text FROM search_docs ORDER BY docid LIMIT 20000').pluck().all() as string[];
    for (const e of this.learners()) e.observe?.(texts);
  }

  private resizeText(dim: number): void {
    this.textDim = dim;
    this.textVecs = new Float32Array(this.hasArch.length * dim);
    this.textT = new Float32Array(this.hasArch.length * dim);
    this.vecOk.fill(0);
    this.version++;
    for (const d of this.docs) if (d) delete d.vecKey;
  }

  private pendingCount(): number {
    const key = this.key();
    const c = this.pendingCache;
    if (c.version === this.version && c.key === key) return c.value;
    let n = 0;
    for (const d of this.docs) if (d && d.vecKey !== key) n++;
    this.pendingCache = { version: this.version, key, value: n };
    return n;
  }

  /** Records changed model ids for other processes sharing the database (inside the caller's transaction; keeps the last 200k). */
  private logChanges(ids: string[]): void {
    const ins = this.stmt('INSERT INTO search_changes (id) VALUES (?)');
    let first = 0;
    let last = 0;
    for (const id of ids) {
      last = Number(ins.run(id).lastInsertRowid);
      first ||= last;
    }
    // Our rows are contiguous (one writer at a time); skip them unless another process wrote before them.
    if (first === this.lastChange + 1) this.lastChange = last;
    if (last % 1000 < ids.length) this.stmt('DELETE FROM search_changes WHERE seq <= ?').run(last - 200_000);
  }

  /** Adds document-frequency changes to memory and to `search_df` (inside the caller's transaction). */
  private applyDf(delta: Map<string, number>): void {
    const up = this.stmt('INSERT INTO search_df (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df');
    for (const [t, d] of delta) {
      if (d === 0) continue;
      up.run(t, d);
      this.ftsDf.set(t, (this.ftsDf.get(t) ?? 0) + d);
    }
  }

  private warn(m: string): void {
    this.lastWarning = m;
    this.onWarning(m);
  }

  /**
   * Switches the text embedding provider. Vectors of the old provider stay stored but are no
   * longer compared; every card is re-embedded in the background (search ranks by full text
   * for cards not yet re-embedded, and says so in `warnings`).
   */
  setEmbedder(embedder: EmbeddingProvider): void {
    this.embedder = embedder;
    if (embedder.dimension > 0) this.resizeText(embedder.dimension);
    else for (const d of this.docs) if (d) delete d.vecKey;
    this.lexicon = 'explain' in embedder ? (embedder as ReturnType<typeof createBuiltinEmbedder>) : createBuiltinEmbedder();
    const key = providerKey(embedder);
    this.docs.forEach((d, s) => {
      this.vecOk[s] = d && d.vecKey === key ? 1 : 0;
    });
    this.version++;
    this.observeAll();
    this.startReembed();
  }

  /** Starts (or joins) the background re-embedding of cards whose vector is missing or from another provider. */
  startReembed(): Promise<void> {
    this.reembedRunning ??= this.reembed().finally(() => {
      this.reembedRunning = undefined;
    });
    return this.reembedRunning;
  }

  /** Resolves when no background re-embedding is running. */
  async idle(): Promise<void> {
    while (this.reembedRunning) await this.reembedRunning;
  }

  private async reembed(): Promise<void> {
    const getText = this.db.prepare('SELECT embed_text FROM search_docs WHERE docid = ?').pluck();
    const insVec = this.db.prepare('INSERT OR REPLACE INTO search_vectors (docid, kind, provider, model, dimension, vec) VALUES (?, ?, ?, ?, ?, ?)');
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (this.closed) return;
      const key = this.key();
      const batch: number[] = [];
      for (let s = 0; s < this.docs.length && batch.length < 64; s++) if (this.docs[s] && this.docs[s]!.vecKey !== key) batch.push(s);
      if (batch.length === 0) return;
      const docs = batch.map((s) => this.docs[s]!);
      const embedder = this.embedder;
      let vecs: Float32Array[];
      try {
        vecs = await embedder.embed(
          docs.map((d) => getText.get(d.docid) as string),
          { kind: 'document' },
        );
      } catch (err) {
        this.lastProviderError = Date.now();
        this.warn(`re-embedding with ${embedder.id}/${embedder.model} paused: ${(err as Error).message}`);
        return;
      }
      if (this.closed) return;
      if (embedder !== this.embedder) continue;
      if (this.textDim !== embedder.dimension) this.resizeText(embedder.dimension);
      this.db.transaction(() => {
        docs.forEach((d, i) => {
          const v = vecs[i]!;
          const slot = this.bySlot.get(d.id);
          if (slot === undefined || this.docs[slot] !== d || v.length !== this.textDim) return;
          insVec.run(d.docid, 'text', embedder.id, embedder.model, this.textDim, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
          this.writeText(slot, v, providerKey(embedder));
        });
      })();
    }
  }

  /** Provider, model, dimension and how many cards have a current vector. */
  status(): SearchIndexStatus {
    this.syncExternal();
    const pending = this.pendingCount();
    return {
      provider: this.embedder.id,
      model: this.embedder.model,
      dimension: this.embedder.dimension,
      documents: this.size,
      embedded: this.size - pending,
      pending,
      reembedding: this.reembedRunning !== undefined,
    };
  }

  // ---------------------------------------------------------------- queries

  /** Facet values present in the lake, for natural-language extraction. */
  vocabulary(): FacetVocabulary {
    if (this.vocabCache) return this.vocabCache;
    const present = (f: FacetName): string[] => {
      const fi = FACET_NAMES.indexOf(f);
      return this.facetLabels[fi]!.filter((_, i) => this.facetTotals[fi]![i]! > 0);
    };
    this.vocabCache = {
      task: present('task'),
      dataset: present('dataset'),
      license: present('license'),
      governance: present('governance'),
      language: present('language'),
      metric: present('metric'),
    };
    return this.vocabCache;
  }

  /** Compiles a filter into a predicate over indexed docs (facet values resolved to interned ids once). */
  private compile(f: Filter): (slot: number, doc: Doc) => boolean {
    if (f.kind === 'params') return (_s, d) => d.params !== undefined && compare(d.params, f.op, f.value);
    if (f.kind === 'metric') {
      const key = slug(f.metric);
      return (_s, d) => {
        const v = d.metrics?.get(key);
        return v !== undefined && compare(v, f.op, f.value);
      };
    }
    if (f.facet === 'source') {
      const prefix = `${f.value.replace(/:$/, '')}:`;
      return (_s, d) => d.id.startsWith(prefix) !== f.negate;
    }
    const fi = FACET_NAMES.indexOf(f.facet as FacetName);
    const want = slug(f.value);
    // One bitset over slots: the union of the bitsets of every value with that slug.
    const mask = new Uint32Array((this.hasArch.length >> 5) + 1);
    this.facetLabels[fi]!.forEach((label, id) => {
      const bits = this.facetBits[fi]!.get(id);
      if (!bits || slug(label) !== want) return;
      for (let i = 0; i < bits.length && i < mask.length; i++) mask[i]! |= bits[i]!;
    });
    const negate = f.negate;
    return (slot) => (((mask[slot >> 5]! >>> (slot & 31)) & 1) === 1) !== negate;
  }

  /** Sets or clears a slot's bit in the bitsets of its facet values. */
  private markFacets(slot: number, f: Int32Array, on: boolean): void {
    const words = (this.hasArch.length >> 5) + 1;
    FACET_NAMES.forEach((_, fi) => {
      const map = this.facetBits[fi]!;
      for (let i = f[fi]!; i < f[fi + 1]!; i++) {
        const id = f[i]!;
        let bits = map.get(id);
        if (!bits || bits.length < words) {
          const grown = new Uint32Array(words);
          if (bits) grown.set(bits);
          map.set(id, (bits = grown));
        }
        if (on) bits[slot >> 5]! |= 1 << (slot & 31);
        else bits[slot >> 5]! &= ~(1 << (slot & 31));
      }
    });
  }

  /** Full-text (bm25) ranking over the FTS5 table: `[slot, score]`, best first. Also the benchmark's baseline. */
  fullText(text: string, limit = CANDIDATES, weighted = true): { slot: number; score: number }[] {
    const q = ftsQuery(text);
    if (!q) return [];
    const sql = weighted
      ? 'SELECT rowid, -bm25(search_fts, 4.0, 2.0, 1.0) AS s FROM search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts, 4.0, 2.0, 1.0) LIMIT ?'
      : 'SELECT rowid, -bm25(search_fts) AS s FROM search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts) LIMIT ?';
    const rows = this.db.prepare(sql).raw().all(q, limit) as [number, number][];
    const out: { slot: number; score: number }[] = [];
    for (const [docid, s] of rows) {
      const slot = this.byDocid.get(docid);
      if (slot !== undefined) out.push({ slot, score: s });
    }
    return out;
  }

  /** Ids ranked by plain bm25 over the same text (the benchmark baseline). */
  bm25Ids(text: string, limit = 10): string[] {
    return this.fullText(text, limit, false).map((h) => this.docs[h.slot]!.id);
  }

  /** Hybrid search: filters, natural-language extraction, full text + vectors fused, facets and explanations. */
  async search(req: SearchRequest): Promise<SearchResponse> {
    this.syncExternal();
    const limit = req.limit ?? 10;
    const offset = req.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new SearchQueryError(`limit must be an integer between 1 and 1000 (got ${String(req.limit)})`);
    if (!Number.isInteger(offset) || offset < 0) throw new SearchQueryError(`offset must be a non-negative integer (got ${String(req.offset)})`);
    const q = (req.q ?? '').trim();
    if (q.length > 2000) throw new SearchQueryError(`query is ${q.length} characters long; the limit is 2000`);
    const explicit = (req.filter ?? []).map(parseFilter);
    const parsed = req.extract === false || !q ? { text: q, filters: [] } : parseNaturalQuery(q, this.vocabulary());
    // An explicit filter wins over one read from the wording on the same facet, metric or parameter count.
    const sameTarget = (a: Filter, b: Filter): boolean =>
      a.kind === b.kind && (a.kind === 'params' || (a.kind === 'facet' && b.kind === 'facet' && a.facet === b.facet) || (a.kind === 'metric' && b.kind === 'metric' && slug(a.metric) === slug(b.metric)));
    parsed.filters = parsed.filters.filter((f) => !explicit.some((e) => sameTarget(e, f)));
    const warnings: string[] = [];
    let filters = [...explicit, ...parsed.filters];
    let { fused, queryConcepts } = await this.rank(parsed.text, filters, warnings);
    // Filters read from the wording are a guess: when they leave nothing, drop them one by one (numbers first).
    const guessed = [...parsed.filters].sort((a, b) => RELAX_ORDER.indexOf(a.kind) - RELAX_ORDER.indexOf(b.kind));
    while (fused.size === 0 && guessed.length) {
      const f = guessed.shift()!;
      filters = filters.filter((x) => x !== f);
      warnings.push(`no model matched "${f.raw}" (read from the query) together with the other filters; showing results without it`);
      ({ fused, queryConcepts } = await this.rank(parsed.text, filters, warnings));
    }
    const ordered = [...fused.entries()].sort((a, b) => b[1].score - a[1].score || (this.docs[a[0]]!.id < this.docs[b[0]]!.id ? -1 : 1));
    const page = ordered.slice(offset, offset + limit);
    const rowOf = this.db.prepare('SELECT fields, summary, meta FROM search_docs WHERE docid = ?');
    const qStems = new Set(tokens(parsed.text));
    const hits: SearchHit[] = page.map(([slot, f]) => {
      const d = this.docs[slot]!;
      const row = rowOf.get(d.docid) as { fields: string; summary: string; meta: string };
      const fields = JSON.parse(row.fields) as CardFields;
      const concepts = (JSON.parse(row.meta) as { concepts: string[] }).concepts;
      const matchedFields: Record<string, string[]> = {};
      for (const [name, value] of Object.entries(fields)) {
        const hit = qStems.size ? [...new Set(tokens(value.slice(0, 600)))].filter((t) => qStems.has(t)) : [];
        if (hit.length) matchedFields[name] = hit;
      }
      const explanation: HitExplanation = {
        concepts: concepts.filter((c) => queryConcepts.has(c)),
        fields: matchedFields,
        filters: filters.map((x) => x.raw),
      };
      if (f.ft) explanation.fullText = f.ft;
      if (f.vec) explanation.vector = { ...f.vec, provider: this.key() };
      return { id: d.id, name: d.name, score: Number(f.score.toFixed(6)), explanation, card: JSON.parse(row.summary) as CardSummary };
    });
    return {
      query: q,
      parsed: { text: parsed.text, filters: filters.map((f) => f.raw) },
      total: ordered.length,
      hits,
      facets: this.facetCounts(ordered.map(([s]) => s)),
      warnings: [...new Set(warnings)],
    };
  }

  private async rank(text: string, filters: Filter[], warnings: string[]): Promise<{ fused: Map<number, FusedEntry>; queryConcepts: Set<string> }> {
    const preds = filters.map((f) => this.compile(f));
    const accept = (slot: number): boolean => {
      const d = this.docs[slot];
      if (!d) return false;
      for (const p of preds) if (!p(slot, d)) return false;
      return true;
    };
    const fused = new Map<number, FusedEntry>();
    let queryConcepts = new Set<string>();
    if (!text) {
      for (let s = 0; s < this.docs.length; s++) if (accept(s)) fused.set(s, { score: 0 });
      return { fused, queryConcepts };
    }
    const explained = this.lexicon.explain(text, 'query');
    queryConcepts = new Set(explained.keys());
    const ft = this.fullText(this.pruneCommon(text), filters.length ? CANDIDATES * 3 : CANDIDATES).filter((h) => accept(h.slot));
    let vec: { slot: number; score: number }[] = [];
    const qv = await this.queryVector(text, warnings);
    if (qv) {
      const key = this.key();
      const vecOk = this.vecOk;
      const ok = filters.length ? (s: number): boolean => vecOk[s] === 1 && accept(s) : (s: number): boolean => vecOk[s] === 1;
      const top = this.docs.length > TWO_STAGE_ABOVE ? this.twoStage(qv, ok) : scanTopK(this.textVecs, this.textDim, this.docs.length, qv, CANDIDATES, ok);
      const sorted = top.sorted();
      const best = sorted[0]?.score ?? 0;
      // Keep vector hits reasonably close to the best one: with the full-text hits they make the result set.
      vec = sorted.filter((h) => h.score > 0.05 && h.score >= 0.45 * best).map((h) => ({ slot: h.id, score: h.score }));
    }
    this.fuse(fused, ft, vec);
    this.boostTaskIntent(fused, explained);
    return { fused, queryConcepts };
  }

  /**
   * Large lakes: score every card on the query's strongest slots only (a few dozen of the
   * dimension), then rescore the best candidates exactly. Exact for the built-in embedder's sparse
   * queries; an approximation for dense providers.
   */
  private twoStage(q: Float32Array, ok: (s: number) => boolean): ReturnType<typeof scanTopK> {
    const order = Array.from(q.keys()).sort((a, b) => Math.abs(q[b]!) - Math.abs(q[a]!));
    const n = this.docs.length;
    const cap = this.hasArch.length;
    const scores = this.scratch.subarray(0, n);
    scores.fill(0);
    for (const i of order.slice(0, COARSE_SLOTS)) {
      const qi = q[i]!;
      if (qi === 0) continue;
      const col = this.textT.subarray(i * cap, i * cap + n);
      for (let r = 0; r < n; r++) scores[r]! += col[r]! * qi;
    }
    const first = new TopK(CANDIDATES * 3);
    for (let r = 0; r < n; r++) if (scores[r]! > first.floor && ok(r)) first.push(r, scores[r]!);
    const top = new TopK(CANDIDATES);
    const dim = this.textDim;
    for (let j = 0; j < first.size; j++) {
      const r = first.ids[j]!;
      let sum = 0;
      for (let i = 0, o = r * dim; i < dim; i++) sum += this.textVecs[o + i]! * q[i]!;
      top.push(r, sum);
    }
    return top;
  }

  /** Drops words most cards contain from a full-text query on large lakes (bm25 gives them little weight; their postings cost the most). */
  private pruneCommon(text: string): string {
    const n = this.size;
    if (n < 5000) return text;
    const ws = [...new Set(tokens(text))].map((w) => ({ w, df: this.ftsDf.get(w) ?? 0 }));
    return ws
      .filter((x) => x.df <= COMMON_WORD_SHARE * n)
      .sort((a, b) => a.df - b.df)
      .slice(0, MAX_QUERY_WORDS)
      .map((x) => x.w)
      .join(' ');
  }

  private async queryVector(text: string, warnings: string[]): Promise<Float32Array | undefined> {
    const status = this.pendingCount();
    if (status > 0) {
      if (!this.reembedRunning && Date.now() - this.lastProviderError > 30_000) void this.startReembed();
      if (status === this.size && this.size > 0) {
        warnings.push(`no card has a ${this.key()} vector yet${this.lastWarning ? ` (${this.lastWarning})` : ''}: ranked by full text only`);
      } else if (this.size > 0) {
        warnings.push(`${status} of ${this.size} cards are waiting to be embedded by ${this.key()}; they rank by full text only`);
      }
    }
    try {
      const [v] = await this.embedder.embed([text], { kind: 'query' });
      if (!v || v.length !== this.textDim) throw new Error(`query vector has ${v?.length ?? 0} values, index has ${this.textDim}`);
      return v;
    } catch (err) {
      this.lastProviderError = Date.now();
      warnings.push(`embedding provider ${this.embedder.id} is unavailable (${(err as Error).message}): ranked by full text only`);
      return undefined;
    }
  }

  /** Task intent: candidates whose text names a task the query asks for move up, in proportion to the query's weight on that task. */
  private boostTaskIntent(fused: Map<number, FusedEntry>, concepts: Map<string, number>): void {
    const want = [...concepts].filter(([c]) => c.startsWith('task:'));
    if (!want.length) return;
    const total = want.reduce((a, [, w]) => a + w, 0);
    for (const [slot, e] of fused) {
      const tasks = this.docs[slot]?.tasks;
      if (!tasks) continue;
      let got = 0;
      for (const [c, w] of want) if (tasks.includes(c)) got += w;
      e.score += (TASK_BOOST * got) / total;
    }
  }

  private fuse(
    out: Map<number, FusedEntry>,
    ft: { slot: number; score: number }[],
    vec: { slot: number; score: number }[],
  ): void {
    const maxFt = ft[0]?.score ?? 1;
    // Cosines are used as they are (not scaled to the best hit), so a query the vectors barely
    // understand leaves more say to the words it shares with cards.
    const maxVec = 1;
    const wVec = vec.length ? 0.85 : 0;
    const wFt = 1 - wVec;
    const entry = (slot: number) => {
      let e = out.get(slot);
      if (!e) out.set(slot, (e = { score: 0 }));
      return e;
    };
    ft.forEach((h, rank) => {
      const e = entry(h.slot);
      e.ft = { rank: rank + 1, score: Number(h.score.toFixed(4)) };
      e.score += this.fusion === 'rrf' ? wFt / (60 + rank) : (wFt * h.score) / maxFt;
    });
    vec.forEach((h, rank) => {
      const e = entry(h.slot);
      e.vec = { rank: rank + 1, score: Number(h.score.toFixed(4)) };
      e.score += this.fusion === 'rrf' ? wVec / (60 + rank) : (wVec * h.score) / maxVec;
    });
  }

  private facetCounts(slots: number[]): SearchResponse['facets'] {
    const counts = FACET_NAMES.map((_, fi) => new Int32Array(this.facetLabels[fi]!.length));
    const metricVals = new Map<string, number[]>();
    for (const s of slots) {
      const d = this.docs[s]!;
      const f = d.facetIds;
      for (let fi = 0; fi < FACET_NAMES.length; fi++) {
        const c = counts[fi]!;
        for (let i = f[fi]!; i < f[fi + 1]!; i++) c[f[i]!]!++;
      }
      if (slots.length <= 5000 && d.metrics) {
        for (let i = f[METRIC_FACET]!; i < f[METRIC_FACET + 1]!; i++) {
          const m = this.facetLabels[METRIC_FACET]![f[i]!]!;
          const v = d.metrics.get(slug(m));
          if (v === undefined) continue;
          const arr = metricVals.get(m) ?? [];
          arr.push(v);
          metricVals.set(m, arr);
        }
      }
    }
    const facets: SearchResponse['facets'] = {};
    FACET_NAMES.forEach((f, fi) => {
      const list: FacetCount[] = [];
      counts[fi]!.forEach((n, id) => {
        if (n > 0) list.push({ value: this.facetLabels[fi]![id]!, count: n });
      });
      if (f === 'params') list.sort((a, b) => PARAM_BUCKETS.findIndex(([l]) => l === a.value) - PARAM_BUCKETS.findIndex(([l]) => l === b.value));
      else list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      facets[f] = list.slice(0, 30);
    });
    facets.metricRanges = [...metricVals]
      .sort((a, b) => b[1].length - a[1].length)
      .slice(0, 10)
      .map(([name, vals]) => {
        vals.sort((a, b) => a - b);
        return { name, count: vals.length, min: vals[0]!, max: vals.at(-1)!, median: vals[vals.length >> 1]! };
      });
    return facets;
  }

  /** Nearest models to one model, by text, architecture and weights. */
  related(id: string, opts: { limit?: number } = {}): RelatedHit[] {
    this.syncExternal();
    const limit = opts.limit ?? 10;
    const slot = this.bySlot.get(id);
    if (slot === undefined) throw new SearchNotFoundError(id);
    const me = this.docs[slot]!;
    const key = this.key();
    const scores = new Map<number, { text?: number; architecture?: number; weights?: number }>();
    const get = (s: number) => {
      let e = scores.get(s);
      if (!e) scores.set(s, (e = {}));
      return e;
    };
    if (me.vecKey === key) {
      const q = this.textVecs.slice(slot * this.textDim, (slot + 1) * this.textDim);
      for (const h of scanTopK(this.textVecs, this.textDim, this.docs.length, q, 200, (s) => s !== slot && this.docs[s]?.vecKey === key).sorted()) get(h.id).text = h.score;
    }
    if (this.hasArch[slot]) {
      const q = this.archVecs.slice(slot * ARCH_DIMENSION, (slot + 1) * ARCH_DIMENSION);
      for (const h of scanTopK(this.archVecs, ARCH_DIMENSION, this.docs.length, q, 200, (s) => s !== slot && this.hasArch[s] === 1).sorted()) get(h.id).architecture = h.score;
    }
    if (me.signature || me.tensors) {
      this.docs.forEach((d, s) => {
        if (!d || s === slot) return;
        let w = 0;
        if (me.tensors && d.tensors) {
          let inter = 0;
          for (const t of me.tensors) if (d.tensors.has(t)) inter++;
          w = inter / (me.tensors.size + d.tensors.size - inter || 1);
        }
        if (!w && me.signature && d.signature === me.signature) w = 0.5;
        if (w > 0) get(s).weights = w;
      });
    }
    // Fill in the missing signal of candidates found by only one channel, so scores compare fairly.
    for (const [s, e] of scores) {
      if (e.text === undefined && me.vecKey === key && this.docs[s]?.vecKey === key) {
        let t = 0;
        for (let i = 0; i < this.textDim; i++) t += this.textVecs[slot * this.textDim + i]! * this.textVecs[s * this.textDim + i]!;
        e.text = t;
      }
      if (e.architecture === undefined && this.hasArch[slot] && this.hasArch[s]) {
        let t = 0;
        for (let i = 0; i < ARCH_DIMENSION; i++) t += this.archVecs[slot * ARCH_DIMENSION + i]! * this.archVecs[s * ARCH_DIMENSION + i]!;
        e.architecture = t;
      }
    }
    const out: RelatedHit[] = [];
    for (const [s, e] of scores) {
      const d = this.docs[s]!;
      const score = 0.45 * (e.text ?? 0) + 0.4 * (e.architecture ?? 0) + 0.3 * (e.weights ?? 0);
      const signals: RelatedHit['signals'] = {};
      if (e.text !== undefined) signals.text = Number(e.text.toFixed(4));
      if (e.architecture !== undefined) signals.architecture = Number(e.architecture.toFixed(4));
      if (e.weights !== undefined) signals.weights = Number(e.weights.toFixed(4));
      out.push({ id: d.id, name: d.name, score: Number(score.toFixed(6)), signals, card: { id: d.id, name: d.name } });
    }
    const summaryOf = this.db.prepare('SELECT summary FROM search_docs WHERE id = ?').pluck();
    const best = out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
    for (const r of best) r.card = JSON.parse(summaryOf.get(r.id) as string) as CardSummary;
    return best;
  }
}

/** Full-text body: every field, and the opening of the prose (long family READMEs would bloat every posting list). */
function bodyOf(f: CardFields): string {
  return [f.datasets, f.architecture, f.metrics, f.tags, f.domains, f.usage, f.paper, f.description.slice(0, FTS_PROSE_CHARS), f.other.slice(0, 300)].filter(Boolean).join('\n');
}

/** Distinct stemmed words of a card's full-text columns. */
function ftsTerms(f: CardFields): Set<string> {
  return new Set(tokens(`${f.name}\n${f.tasks}\n${bodyOf(f)}`));
}

/** Packs per-facet id arrays into one Int32Array (offsets first, then ids). */
function flatten(arrays: Int32Array[]): Int32Array {
  const head = arrays.length + 1;
  const out = new Int32Array(head + arrays.reduce((n, a) => n + a.length, 0));
  let at = head;
  arrays.forEach((a, i) => {
    out[i] = at;
    out.set(a, at);
    at += a.length;
  });
  out[arrays.length] = at;
  return out;
}
