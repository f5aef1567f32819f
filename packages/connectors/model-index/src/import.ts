import { validate, type ModelCard } from '@modellake/card';
import type { ModelIndexProblem } from './errors.js';
import { loadModelIndex } from './loader.js';
import { toModelCards, type MappedCard } from './map.js';

/** Result of a lake batch import, as `@modellake/client` returns it (only the members used here). */
export interface BatchPutResult {
  results: { line: number; id: string; status: 'created' | 'updated' | 'unchanged' }[];
  errors: { line: number; id?: string; code: string; message: string; issues?: { path: string; message: string }[] }[];
}

/** What the importer needs from a lake client: `createLakeClient()` from `@modellake/client` fits. */
export interface CardSink {
  putCards(cards: unknown[], options?: { signal?: AbortSignal }): Promise<BatchPutResult>;
}

/** Options of {@link importModelIndex}. */
export interface ImportModelIndexOptions {
  /** A root `model-index.yml`, a metafile, a page, an HF README, or a directory (e.g. the whole corpus). */
  path: string;
  /** Namespace of the ids (`mi:<namespace>/<name>`). @default the directory holding each root file */
  namespace?: string;
  /** Lake client; without it the cards are only mapped and validated (dry run). */
  client?: CardSink;
  /** Cards per `putCards` call. @default 500 */
  batchSize?: number;
  /** Follow `Config:` files for checkpoint references. @default true */
  scanConfigs?: boolean;
  /** Folders with mmcv checkpoint alias tables. @default any `model_zoo` folder under a directory path */
  modelZoo?: string[];
  /** Connector version recorded in `source.connectorVersion`. */
  connectorVersion?: string;
  /** Recorded in `source.importedAt` when given (left out by default so re-imports are `unchanged`). */
  importedAt?: string;
  signal?: AbortSignal;
  /** Called after each stage and batch, for progress bars. */
  onProgress?: (p: { stage: 'load' | 'map' | 'push'; done: number; total: number }) => void;
}

/** Per-model outcome of an import. */
export interface ImportedModel {
  id: string;
  file: string;
  line: number;
  status: 'created' | 'updated' | 'unchanged' | 'mapped';
}

/** Summary of an import: every declared model is either in `models` or named by an error problem. */
export interface ImportModelIndexResult {
  filesRead: number;
  /** Model entries found in the files (including those in files that failed to parse). */
  modelsDeclared: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Cards mapped and valid but not sent (no client given). */
  mapped: number;
  /** Models not imported: each has an error problem naming its file and line. */
  failed: number;
  models: ImportedModel[];
  /** Errors (model not imported, file unusable) and warnings (normalised numbers, dropped results...). */
  problems: ModelIndexProblem[];
  timings: { loadMs: number; mapMs: number; pushMs: number; totalMs: number };
}

/**
 * Imports model-index files into the lake: load, map, validate every card, push the valid ones in
 * batches through the client, and account for every model (imported, or reported with file:line).
 * @example await importModelIndex({ path: 'mmdetection', client: createLakeClient({ baseUrl }) })
 */
export async function importModelIndex(options: ImportModelIndexOptions): Promise<ImportModelIndexResult> {
  const t0 = performance.now();
  const read = readModelIndexCards(options);
  const { problems } = read;
  const valid = read.cards;
  options.onProgress?.({ stage: 'load', done: read.filesRead, total: read.filesRead });
  options.onProgress?.({ stage: 'map', done: valid.length, total: valid.length });
  const t2 = performance.now();

  const models: ImportedModel[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0, mapped: 0 };
  const batchSize = Math.max(1, options.batchSize ?? 500);
  if (!options.client) {
    for (const m of valid) models.push({ id: m.card.id, file: m.file, line: m.line, status: 'mapped' });
    counts.mapped = valid.length;
  } else {
    for (let i = 0; i < valid.length; i += batchSize) {
      options.signal?.throwIfAborted();
      const chunk = valid.slice(i, i + batchSize);
      let res: BatchPutResult;
      try {
        res = await options.client.putCards(chunk.map((m) => m.card as ModelCard), options.signal ? { signal: options.signal } : undefined);
      } catch (err) {
        // A failed batch leaves its models reported, never half-imported: the lake stores a batch in one transaction.
        for (const m of chunk) problems.push(cardProblem(m, 'put-failed', `Lake rejected the batch: ${(err as Error).message}`));
        options.onProgress?.({ stage: 'push', done: Math.min(i + batchSize, valid.length), total: valid.length });
        continue;
      }
      for (const r of res.results) {
        const m = chunk[r.line - 1];
        if (!m) continue;
        models.push({ id: r.id, file: m.file, line: m.line, status: r.status });
        counts[r.status]++;
      }
      for (const e of res.errors) {
        const m = chunk[e.line - 1];
        if (m) problems.push(cardProblem(m, 'put-failed', `${e.code}: ${e.message}${e.issues?.length ? ` (${e.issues.map((x) => `${x.path}: ${x.message}`).join('; ')})` : ''}`));
      }
      options.onProgress?.({ stage: 'push', done: Math.min(i + batchSize, valid.length), total: valid.length });
    }
  }
  const t3 = performance.now();
  const failed = problems.filter((p) => p.severity === 'error' && p.model !== undefined).length;
  return {
    filesRead: read.filesRead,
    modelsDeclared: read.modelsDeclared,
    ...counts,
    failed,
    models,
    problems,
    timings: { loadMs: read.loadMs, mapMs: t2 - t0 - read.loadMs, pushMs: t3 - t2, totalMs: t3 - t0 },
  };
}

/** Options of {@link readModelIndexCards}. */
export type ReadModelIndexCardsOptions = Pick<ImportModelIndexOptions, 'path' | 'namespace' | 'scanConfigs' | 'modelZoo' | 'connectorVersion' | 'importedAt'>;

/** Valid cards read from a path, with everything that was reported. */
export interface ReadModelIndexCardsResult {
  /** Schema-valid cards with their file and line. */
  cards: MappedCard[];
  problems: ModelIndexProblem[];
  filesRead: number;
  modelsDeclared: number;
  loadMs: number;
}

/**
 * Loads, maps and validates without a lake: the cards an import would send. Use it to time or
 * preview an import (e.g. the search benchmark puts these cards into its own lake).
 */
export function readModelIndexCards(options: ReadModelIndexCardsOptions): ReadModelIndexCardsResult {
  const t0 = performance.now();
  const loaded = loadModelIndex({
    path: options.path,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.scanConfigs !== undefined ? { scanConfigs: options.scanConfigs } : {}),
    ...(options.modelZoo ? { modelZoo: options.modelZoo } : {}),
  });
  const loadMs = performance.now() - t0;
  const mapped = toModelCards(loaded.documents, {
    ...(options.connectorVersion ? { connectorVersion: options.connectorVersion } : {}),
    ...(options.importedAt ? { importedAt: options.importedAt } : {}),
    checkpointAliases: loaded.checkpointAliases,
  });
  const problems: ModelIndexProblem[] = [...loaded.problems, ...mapped.problems];
  const cards: MappedCard[] = [];
  for (const m of mapped.cards) {
    const v = validate(m.card);
    if (v.ok) cards.push(m);
    else problems.push(cardProblem(m, 'card-invalid', v.issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')));
  }
  return { cards, problems, filesRead: loaded.filesRead, modelsDeclared: loaded.modelsDeclared, loadMs };
}

function cardProblem(m: MappedCard, code: ModelIndexProblem['code'], message: string): ModelIndexProblem {
  return { code, severity: 'error', file: m.file, line: m.line, model: m.card.name, message: `${m.card.id} not imported: ${message}` };
}
