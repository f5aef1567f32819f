import type { ModelCard } from '@modellake/card';
import type { LakeClient } from '@modellake/client';
import { problem, type DvcProblem } from './errors.js';
import { toModelCards } from './map.js';
import type { KnownOut } from './project.js';
import { readDvcRepo, type DvcRepo } from './read.js';

/** The part of the lake client the import uses. */
export type DvcLakeClient = Pick<LakeClient, 'putCards' | 'getState' | 'setState' | 'listModels' | 'findCard'>;

/** Options of {@link importDvcRepo}. */
export interface ImportDvcRepoOptions {
  /** Repository (or directory inside one) to import. */
  dir: string;
  /** Lake to write to; without one the cards are only built (dry run). */
  client?: DvcLakeClient;
  /** Also import every model-like output that is not a declared artifact. @default false */
  allOuts?: boolean;
  /** Repository name in card ids. @default origin remote name, else directory name */
  repoName?: string;
  /** Also list every `dvc:` card in the lake to match hashes no state entry knows (slow on big lakes). @default false */
  scanLake?: boolean;
  /** Clock, for tests. @default () => new Date() */
  now?: () => Date;
  /** Cards per batch request. @default 500 */
  batchSize?: number;
  signal?: AbortSignal;
}

/** One card of an import summary. */
export interface ImportedCard {
  id: string;
  version?: string;
  project: string;
  status: 'created' | 'updated' | 'unchanged' | 'failed' | 'built';
  parents: string[];
  error?: string;
}

/** Summary of an import. */
export interface DvcImportSummary {
  root: string;
  repoName: string;
  commit?: string;
  projects: string[];
  cards: ImportedCard[];
  problems: DvcProblem[];
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/** State key under which the lake remembers which card holds an output hash (the cross-repository lineage index). */
export function outStateKey(hash: string): string {
  return `dvc/out/${hash}`;
}

function outHash(card: ModelCard): string | undefined {
  const out = (card.extensions?.dvc as { out?: { md5?: string; etag?: string; checksum?: string } } | undefined)?.out;
  return out?.md5 ?? out?.etag ?? out?.checksum;
}

function knownOf(card: ModelCard): KnownOut | undefined {
  const hash = outHash(card);
  if (!hash) return undefined;
  const k: KnownOut = { hash, id: card.id };
  if (card.version !== undefined) k.version = card.version;
  const path = card.artifacts?.[0]?.path;
  if (path !== undefined) k.path = path;
  return k;
}

function digestHash(digest: string | undefined): string | undefined {
  if (!digest) return undefined;
  const i = digest.indexOf(':');
  return i < 0 ? digest : digest.slice(i + 1);
}

/** Lists the lake's `dvc:` cards and returns the outputs they hold (the fallback when no state entry knows a hash). */
export async function scanLakeOuts(client: Pick<LakeClient, 'listModels' | 'findCard'>, opts: { signal?: AbortSignal } = {}): Promise<KnownOut[]> {
  const known: KnownOut[] = [];
  for await (const m of client.listModels({ prefix: 'dvc:', ...(opts.signal ? { signal: opts.signal } : {}) })) {
    if (m.deleted) continue;
    const found = await client.findCard(m.id, opts.signal ? { signal: opts.signal } : {});
    const card = found?.card;
    if (!card) continue;
    const k = knownOf(card);
    if (k) known.push(k);
    for (const a of card.artifacts ?? []) {
      if (a.md5 && a.md5 !== k?.hash) known.push({ hash: a.md5, id: card.id, ...(card.version ? { version: card.version } : {}), path: a.path });
    }
  }
  return known;
}

/**
 * Imports every DVC project under `dir`: reads the files, maps them (declared lineage matched by
 * hash within this import, then against the lake's index of outputs), and stores the cards.
 */
export async function importDvcRepo(opts: ImportDvcRepoOptions): Promise<DvcImportSummary> {
  const repo: DvcRepo = await readDvcRepo({ dir: opts.dir, ...(opts.repoName ? { repoName: opts.repoName } : {}) });
  const importedAt = (opts.now ?? (() => new Date()))().toISOString();
  const base = { importedAt, allOuts: opts.allOuts ?? false };
  const problems: DvcProblem[] = repo.projects.flatMap((p) => p.problems);

  // Pass 1 finds the outputs this import produces and the data hashes it still has to resolve.
  const first = repo.projects.map((p) => toModelCards(p, base));
  const known = new Map<string, KnownOut>();
  for (const r of first) for (const c of r.cards) {
    const k = knownOf(c);
    if (k && !known.has(k.hash)) known.set(k.hash, k);
  }
  // Hashes of every non-code input of a producing stage may name a model held elsewhere.
  const wanted = new Set<string>();
  for (const r of first) for (const c of r.cards) {
    const ext = c.extensions?.dvc as { stage?: { deps?: { path: string; md5?: string; etag?: string }[] }; code?: { path: string }[] } | undefined;
    const code = new Set((ext?.code ?? []).map((x) => x.path));
    for (const d of ext?.stage?.deps ?? []) {
      const h = d.md5 ?? d.etag;
      if (h && !code.has(d.path) && !known.has(h)) wanted.add(h);
    }
    for (const d of c.training?.datasets ?? []) {
      const h = digestHash(d.digest);
      if (h && !known.has(h)) wanted.add(h);
    }
  }
  if (opts.client && wanted.size > 0) {
    try {
      const client = opts.client;
      const found = await Promise.all([...wanted].map((h) => client.getState<KnownOut>(outStateKey(h), opts.signal ? { signal: opts.signal } : {})));
      for (const k of found) if (k && typeof k.id === 'string' && !known.has(k.hash)) known.set(k.hash, k);
      if (opts.scanLake && [...wanted].some((h) => !known.has(h))) {
        for (const k of await scanLakeOuts(client, opts.signal ? { signal: opts.signal } : {})) if (!known.has(k.hash)) known.set(k.hash, k);
      }
    } catch (err) {
      if (err instanceof Error && 'status' in err && (err as { status: number }).status === 0) throw err;
      problems.push(problem('dvc-lake-failed', '', `Could not look up output hashes in the lake: ${(err as Error).message}. Lineage across repositories is left out.`));
    }
  }

  // Pass 2 maps with everything known.
  const knownOuts = [...known.values()];
  const cards: { card: ModelCard; project: string }[] = [];
  repo.projects.forEach((p) => {
    const r = toModelCards(p, { ...base, knownOuts });
    problems.push(...r.problems);
    for (const card of r.cards) cards.push({ card, project: p.dir });
  });

  const summary: DvcImportSummary = {
    root: repo.root,
    repoName: repo.repoName,
    projects: repo.projects.map((p) => p.dir || '.'),
    cards: cards.map(({ card, project }) => ({
      id: card.id,
      ...(card.version !== undefined ? { version: card.version } : {}),
      project: project || '.',
      status: 'built' as const,
      parents: (card.lineage?.parents ?? []).map((x) => (x.version ? `${x.id}@${x.version}` : x.id)),
    })),
    problems,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
  };
  if (repo.git?.commit) summary.commit = repo.git.commit;
  if (!opts.client) return summary;

  const client = opts.client;
  const size = opts.batchSize ?? 500;
  const signalOpt = opts.signal ? { signal: opts.signal } : {};
  const changed: ModelCard[] = [];
  for (let i = 0; i < cards.length; i += size) {
    const chunk = cards.slice(i, i + size);
    const res = await client.putCards(
      chunk.map((c) => c.card),
      signalOpt,
    );
    for (const r of res.results) {
      const row = summary.cards[i + r.line - 1]!;
      row.status = r.status;
      summary[r.status] += 1;
      if (r.status !== 'unchanged') changed.push(chunk[r.line - 1]!.card);
    }
    for (const e of res.errors) {
      const row = summary.cards[i + e.line - 1]!;
      row.status = 'failed';
      row.error = e.message;
      summary.failed += 1;
    }
  }
  // Remember which card holds each output, so other repositories' imports can declare lineage to it.
  await Promise.all(
    changed.map(async (card) => {
      const k = knownOf(card);
      if (k) await client.setState(outStateKey(k.hash), k, signalOpt);
    }),
  );
  return summary;
}
