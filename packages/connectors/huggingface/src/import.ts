import { createHash } from 'node:crypto';
import { listModels } from '@huggingface/hub';
import { validate, type ModelCard } from '@modellake/card';
import { emptyState, type CheckpointStore, type HfImportState } from './checkpoint.js';
import { HfImportError, isSkippable, toHfError } from './errors.js';
import { DEFAULT_HUB_URL, fetchModelRecord, libToken, type HubParams, type WeightSketcher } from './fetch-model.js';
import { createHubFetch } from './http.js';
import { hfModelId, toModelCard } from './to-model-card.js';

/** Which models to import. */
export interface HfSelection {
  /** Explicit repo ids (`--model`); when set, no listing is done. */
  models?: string[];
  author?: string;
  search?: string;
  /** Pipeline tag (`--filter task=`). */
  task?: string;
  /** Library (`--filter library=`), matched as a Hub tag. */
  library?: string;
  /** Tags every model must carry (`--filter tag=`). */
  tags?: string[];
  /** Stop after this many models. */
  limit?: number;
  /** Only models modified at or after this time (listings sort by `lastModified` and stop there). */
  since?: Date;
}

/** Where cards go: usually the lake client (`putCard`, and `putCards` for NDJSON batches). */
export interface CardSink {
  putCard(card: ModelCard): Promise<{ status: 'created' | 'updated' | 'unchanged' }>;
  /** Stores many cards in one call; results and errors carry the 1-based position (`line`) of each card. */
  putCards?(cards: ModelCard[]): Promise<{
    results: Array<{ line: number; status: 'created' | 'updated' | 'unchanged' }>;
    errors: Array<{ line: number; code: string; message: string }>;
  }>;
}

/** Progress event, one per finished model. */
export interface ImportProgress {
  done: number;
  /** Known total (explicit ids or `limit`), else undefined. */
  total?: number;
  id: string;
  outcome: ImportOutcome['outcome'];
}

/** What happened to one model. */
export interface ImportOutcome {
  repoId: string;
  id?: string;
  outcome: 'imported' | 'unchanged' | 'skipped' | 'failed';
  code?: string;
  reason?: string;
  /** File the failure concerns. */
  file?: string;
}

/** Final summary of an import. */
export interface ImportSummary {
  imported: Array<{ repoId: string; id: string; status: 'created' | 'updated' }>;
  unchanged: string[];
  skipped: Array<{ repoId: string; code: string; reason: string }>;
  failed: Array<{ repoId: string; code: string; reason: string; file?: string }>;
  warnings: Array<{ repoId: string; message: string }>;
  /** Repo ids skipped because a resumed checkpoint had them done. */
  resumed: number;
  interrupted: boolean;
  durationMs: number;
}

/** Options of {@link importFromHub}. */
export interface ImportFromHubOptions extends HubParams {
  selection: HfSelection;
  sink: CardSink;
  /** Importer state (versions, `--since last`, `--resume`). @default in memory */
  checkpoint?: CheckpointStore;
  /** Continue the interrupted run of the same selection. */
  resume?: boolean;
  /** Re-import even when the commit sha did not change. */
  force?: boolean;
  /** Models fetched at once. @default 32 */
  concurrency?: number;
  /** Computes the weight sketch with ranged reads (`--weights sketch`). */
  sketch?: WeightSketcher;
  /** Retry options of the fetch wrapper; `false` uses `fetch` as given. */
  retry?: { retries?: number; baseDelayMs?: number; maxDelayMs?: number } | false;
  onProgress?: (p: ImportProgress) => void;
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  /** Clock. @default () => new Date() */
  now?: () => Date;
  /** `source.connectorVersion`. */
  connectorVersion?: string;
  /** Milliseconds between checkpoint writes. @default 1000 */
  checkpointEveryMs?: number;
  /** Cards per `putCards` batch when the sink has it (each card is still whole; 1 disables batching). @default 50 */
  batchSize?: number;
  /** Longest wait before a partial batch is sent. @default 50 */
  batchWaitMs?: number;
}

/** Default number of models fetched at once. */
export const DEFAULT_CONCURRENCY = 32;

/** A stable key for a selection, so `--resume` and `--since last` only reuse the state of the same query. */
export function selectionKey(s: HfSelection, hubUrl: string): string {
  const norm = { hubUrl, models: s.models, author: s.author, search: s.search, task: s.task, library: s.library, tags: s.tags?.slice().sort(), limit: s.limit };
  return createHash('sha256').update(JSON.stringify(norm)).digest('hex').slice(0, 16);
}

/**
 * Imports models from a Hub into the lake: lists (following `Link: rel="next"`) or takes explicit ids,
 * fetches each with bounded concurrency, maps, validates and puts one whole card per model. Gated,
 * private and missing repos are skipped with a reason; failures are reported, never fatal; an
 * interrupted run leaves a checkpoint that `resume` continues.
 */
export async function importFromHub(opts: ImportFromHubOptions): Promise<ImportSummary> {
  const started = Date.now();
  const now = opts.now ?? (() => new Date());
  const hubUrl = (opts.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, '');
  const fetchFn =
    opts.retry === false
      ? (opts.fetch ?? globalThis.fetch)
      : createHubFetch({
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
          ...(opts.token && !libToken(opts.token) ? { token: opts.token } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.onRetry ? { onRetry: opts.onRetry } : {}),
          ...(opts.retry ?? {}),
        });
  const hub: HubParams = { hubUrl, fetch: fetchFn, ...(opts.token ? { token: opts.token } : {}), ...(opts.signal ? { signal: opts.signal } : {}) };
  const sel = opts.selection;
  const key = selectionKey(sel, hubUrl);
  const store = opts.checkpoint;
  const state: HfImportState = store ? await store.load() : emptyState();
  const startedAt = now().toISOString();
  let done = new Set<string>();
  let resumed = 0;
  if (opts.resume && state.pending?.key === key) {
    done = new Set(state.pending.done);
    state.pending.done = [...done];
  } else {
    state.pending = { key, startedAt, done: [] };
  }
  const pending = state.pending;

  const summary: ImportSummary = { imported: [], unchanged: [], skipped: [], failed: [], warnings: [], resumed: 0, interrupted: false, durationMs: 0 };
  let lastSave = Date.now();
  let saving: Promise<void> = Promise.resolve();
  let checkpointError: unknown;
  const save = (force = false) => {
    if (!store) return saving;
    if (!force && Date.now() - lastSave < (opts.checkpointEveryMs ?? 1000)) return saving;
    lastSave = Date.now();
    const snapshot = structuredClone(state);
    // A checkpoint that cannot be written (lake unreachable, read-only token) is reported, never fatal.
    saving = saving
      .then(() => store.save(snapshot))
      .catch((err: unknown) => {
        checkpointError ??= err;
      });
    return saving;
  };

  let finished = 0;
  const total = sel.models ? sel.models.length : sel.limit;
  const record = (o: ImportOutcome) => {
    finished++;
    if (o.outcome !== 'failed') pending.done.push(o.repoId);
    opts.onProgress?.({ done: finished, ...(total !== undefined ? { total } : {}), id: o.id ?? hfModelId(o.repoId), outcome: o.outcome });
    void save();
  };

  const candidates = listCandidates(sel, hub);
  const committer = createCommitter(opts.sink, opts.batchSize ?? 50, opts.batchWaitMs ?? 50);
  const inflight = new Set<Promise<void>>();
  const fail = (c: Candidate, err: unknown) => {
    const e: HfImportError = err instanceof HfImportError ? err : toHfError(err, c.repoId);
    if (isSkippable(e)) {
      summary.skipped.push({ repoId: c.repoId, code: e.code, reason: e.message });
      return record({ repoId: c.repoId, outcome: 'skipped', code: e.code, reason: e.message });
    }
    const lakeCode = (err as { code?: unknown }).code;
    const code = err instanceof HfImportError ? e.code : typeof lakeCode === 'string' ? lakeCode : e.code;
    const reason = err instanceof HfImportError ? e.message : `${c.repoId}: ${(err as Error).message}`;
    summary.failed.push({ repoId: c.repoId, code, reason, ...(e.file ? { file: e.file } : {}) });
    record({ repoId: c.repoId, outcome: 'failed', code, reason });
  };
  const processOne = async (c: Candidate): Promise<void> => {
    if (done.has(c.repoId)) {
      resumed++;
      return;
    }
    if (!opts.force && c.sha && state.versions[c.repoId] === c.sha) {
      summary.unchanged.push(hfModelId(c.repoId));
      return record({ repoId: c.repoId, outcome: 'unchanged' });
    }
    try {
      const { record: rec, warnings } = await fetchModelRecord({ ...hub, repoId: c.repoId, ...(c.sha ? { revision: c.sha } : {}), ...(opts.sketch ? { sketch: opts.sketch } : {}) });
      const info = rec.info;
      const renamed = rec.previousIds ?? [];
      const known = state.aliases?.[info.id] ?? [];
      const previous = [...new Set([...known, ...renamed])].sort();
      if (previous.length) rec.previousIds = previous;
      const newAlias = renamed.some((p) => !known.includes(p));
      if (sel.since && info.lastModified && Date.parse(info.lastModified) < sel.since.getTime()) {
        summary.unchanged.push(hfModelId(info.id));
        return record({ repoId: c.repoId, id: hfModelId(info.id), outcome: 'unchanged' });
      }
      if (!opts.force && info.sha && state.versions[info.id] === info.sha && !newAlias) {
        summary.unchanged.push(hfModelId(info.id));
        return record({ repoId: c.repoId, id: hfModelId(info.id), outcome: 'unchanged' });
      }
      const card = toModelCard(rec, {
        importedAt: now().toISOString(),
        hubUrl,
        ...(opts.connectorVersion ? { connectorVersion: opts.connectorVersion } : {}),
        warn: (w) => warnings.push(w),
      });
      const v = validate(card);
      if (!v.ok) {
        throw new HfImportError('hf-card-invalid', `${info.id}: the mapped card is invalid: ${v.issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`);
      }
      for (const w of warnings) summary.warnings.push({ repoId: info.id, message: w.message });
      opts.signal?.throwIfAborted();
      const committed = committer.put(card).then(
        (res) => {
          if (info.sha) state.versions[info.id] = info.sha;
          if (newAlias) (state.aliases ??= {})[info.id] = previous;
          if (res.status === 'unchanged') summary.unchanged.push(card.id);
          else summary.imported.push({ repoId: info.id, id: card.id, status: res.status });
          record({ repoId: c.repoId, id: card.id, outcome: res.status === 'unchanged' ? 'unchanged' : 'imported' });
        },
        (err: unknown) => fail(c, err),
      );
      // Batched puts complete in the background so workers keep fetching; unbatched ones keep back-pressure.
      if (!committer.batched) return await committed;
      inflight.add(committed);
      void committed.finally(() => inflight.delete(committed));
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      fail(c, err);
    }
  };

  try {
    try {
      await pool(candidates, opts.concurrency ?? DEFAULT_CONCURRENCY, processOne, opts.signal);
    } finally {
      // Cards already built are whole: store them even when the run is interrupted.
      await committer.flush();
      await Promise.all([...inflight]);
    }
    state.lastRuns[key] = { startedAt: pending.startedAt, finishedAt: now().toISOString() };
    delete state.pending;
  } catch (err) {
    if (!opts.signal?.aborted) {
      await save(true);
      throw err instanceof HfImportError ? err : toHfError(err, sel.models?.join(',') ?? 'listing');
    }
    summary.interrupted = true;
  }
  await save(true);
  if (checkpointError !== undefined) {
    summary.warnings.push({ repoId: '-', message: `The importer state could not be saved (${(checkpointError as Error).message}); --resume and unchanged detection will not know about this run.` });
  }
  summary.resumed = resumed;
  summary.durationMs = Date.now() - started;
  return summary;
}

/** The start of the last finished run of the same selection (`--since last`), if any. */
export async function lastRunStart(store: CheckpointStore, selection: HfSelection, hubUrl = DEFAULT_HUB_URL): Promise<Date | undefined> {
  const s = await store.load();
  const run = s.lastRuns[selectionKey(selection, hubUrl.replace(/\/+$/, ''))];
  return run ? new Date(run.startedAt) : undefined;
}

interface Committer {
  readonly batched: boolean;
  put(card: ModelCard): Promise<{ status: 'created' | 'updated' | 'unchanged' }>;
  flush(): Promise<void>;
}

/** Groups puts into `putCards` batches when the sink supports them; a refused batch is retried card by card for per-card reasons. */
function createCommitter(sink: CardSink, batchSize: number, waitMs: number): Committer {
  if (!sink.putCards || batchSize <= 1) return { batched: false, put: (card) => sink.putCard(card), flush: async () => {} };
  type Entry = { card: ModelCard; resolve: (r: { status: 'created' | 'updated' | 'unchanged' }) => void; reject: (e: unknown) => void };
  let queue: Entry[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  const send = async (batch: Entry[]) => {
    if (!batch.length) return;
    let res: Awaited<ReturnType<NonNullable<CardSink['putCards']>>>;
    try {
      res = await sink.putCards!(batch.map((b) => b.card));
    } catch {
      await Promise.all(batch.map((b) => sink.putCard(b.card).then(b.resolve, b.reject)));
      return;
    }
    const ok = new Map(res.results.map((r) => [r.line, r]));
    const bad = new Map(res.errors.map((e) => [e.line, e]));
    batch.forEach((b, i) => {
      const r = ok.get(i + 1);
      if (r) return b.resolve({ status: r.status });
      const e = bad.get(i + 1);
      b.reject(Object.assign(new Error(e?.message ?? 'the lake did not store this card'), { code: e?.code ?? 'lake-batch-incomplete' }));
    });
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    chain = chain.then(() => send(batch));
    return chain;
  };
  return {
    batched: true,
    put(card) {
      return new Promise((resolve, reject) => {
        queue.push({ card, resolve, reject });
        if (queue.length >= batchSize) void flush();
        else timer ??= setTimeout(() => void flush(), waitMs);
      });
    },
    flush,
  };
}

interface Candidate {
  repoId: string;
  sha?: string;
}

async function* listCandidates(sel: HfSelection, hub: HubParams): AsyncGenerator<Candidate> {
  if (sel.models) {
    for (const m of sel.models.slice(0, sel.limit ?? Infinity)) yield { repoId: m };
    return;
  }
  const tags = [...(sel.tags ?? []), ...(sel.library ? [sel.library] : [])];
  const search: { query?: string; owner?: string; task?: never; tags?: string[] } = {};
  if (sel.search) search.query = sel.search;
  if (sel.author) search.owner = sel.author;
  if (sel.task) (search as { task?: string }).task = sel.task;
  if (tags.length) search.tags = tags;
  const token = libToken(hub.token);
  const base = hub.fetch ?? globalThis.fetch;
  // `listModels` has no `direction`; the Hub sorts ascending unless told `-1`, and `since` needs newest first.
  const newestFirst: typeof fetch = (input, init) => {
    const u = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (u.searchParams.has('sort') && !u.searchParams.has('direction')) u.searchParams.set('direction', '-1');
    return base(u.href, init);
  };
  const it = listModels({
    search,
    additionalFields: ['sha'],
    hubUrl: hub.hubUrl ?? DEFAULT_HUB_URL,
    fetch: sel.since ? newestFirst : base,
    ...(token ? { accessToken: token } : {}),
    ...(sel.limit ? { limit: sel.limit } : {}),
    ...(sel.since ? { sort: 'lastModified' as const } : {}),
  });
  for await (const m of it) {
    // Sorted by lastModified, newest first: everything after this one is older.
    if (sel.since && m.updatedAt.getTime() < sel.since.getTime()) return;
    yield { repoId: m.name, ...(typeof m.sha === 'string' ? { sha: m.sha } : {}) };
  }
}

async function pool<T>(source: AsyncIterable<T>, concurrency: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const it = source[Symbol.asyncIterator]();
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined) {
      signal?.throwIfAborted();
      const next = await it.next();
      if (next.done) return;
      await work(next.value);
    }
  };
  const workers = Array.from({ length: Math.max(1, concurrency) }, () =>
    worker().catch((err) => {
      failure ??= err;
    }),
  );
  await Promise.all(workers);
  if (failure !== undefined) throw failure;
}
