/**
 * `pnpm bench:search`: quality and speed of search.
 * - quality: nDCG@10 of the hybrid ranking vs a plain bm25 baseline over the same text, on the graded
 *   query set `bench/search-queries.json` (natural-language queries over the model-index corpus);
 * - speed: corpus import time (map + store + index), search p50/p99 at corpus size and at 100k
 *   synthetic cards, memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelCard } from '@modellake/card';
import { openLake, SearchIndex, SqliteStorage, slug, type SearchIndex as SearchIndexType } from '@modellake/core';
import { importModelIndex } from '../packages/connectors/model-index/src/index.js';
import { writeResults } from './results.js';
import { fmt, percentile, row, target } from './util.js';

const CORPUS = process.env.MODELLAKE_CORPUS ?? path.resolve(import.meta.dirname, '../../shared/corpus/model-index');
const SYNTHETIC = Number(process.env.SEARCH_BENCH_SYNTHETIC ?? 100_000);

interface Rule {
  grade: number;
  task?: string[];
  dataset?: string[];
  collection?: string[];
  library?: string[];
  /** Substrings of the card name. */
  name?: string[];
}
interface Query {
  id: string;
  q: string;
  rules: Rule[];
}

/** Grade of a card under a query's rules: the highest grade among the rules it matches. */
function grade(card: ModelCard, rules: Rule[]): number {
  const tasks = new Set([...(card.tasks ?? []), ...(card.evaluation?.results ?? []).map((r) => r.task.type)].map(slug));
  const datasets = [...(card.training?.datasets ?? []).map((d) => d.name), ...(card.evaluation?.results ?? []).map((r) => r.dataset?.name ?? '')].map(slug);
  const ext = (card.extensions?.['model-index'] ?? {}) as { collection?: string };
  let best = 0;
  for (const r of rules) {
    if (r.grade <= best) continue;
    if (r.task && !r.task.some((t) => tasks.has(slug(t)))) continue;
    if (r.dataset && !r.dataset.some((d) => datasets.some((x) => x.includes(slug(d))))) continue;
    if (r.collection && !r.collection.some((c) => slug(c) === slug(ext.collection ?? ''))) continue;
    if (r.library && !r.library.includes(card.architecture?.library ?? '')) continue;
    if (r.name && !r.name.some((n) => card.name.toLowerCase().includes(n))) continue;
    best = r.grade;
  }
  return best;
}

/** nDCG@k with graded gains (2^g - 1). */
function ndcg(ranked: string[], grades: Map<string, number>, k = 10): number {
  const dcg = ranked.slice(0, k).reduce((s, id, i) => s + (2 ** (grades.get(id) ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = [...grades.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

async function latencies(index: SearchIndexType, queries: string[], passes: number): Promise<number[]> {
  // Warm-up: one pass over every query (JIT, SQLite page cache), then measure.
  for (const q of queries) await index.search({ q });
  const out: number[] = [];
  for (let p = 0; p < passes; p++) {
    for (const q of queries) {
      const t = performance.now();
      await index.search({ q, limit: 10 });
      out.push(performance.now() - t);
      if (process.env.SEARCH_BENCH_SLOW && performance.now() - t > 20) console.log(`    slow: ${(performance.now() - t).toFixed(1)} ms  ${q}`);
    }
  }
  return out.sort((a, b) => a - b);
}

/** A synthetic variant of a real card: new id and name, shifted size and metrics, same vocabulary. */
function synth(card: ModelCard, i: number): ModelCard {
  const jitter = 0.8 + ((i * 7919) % 400) / 1000;
  const c: ModelCard = { ...card, id: `${card.id}~s${i}`, name: `${card.name}-v${i}` };
  if (card.architecture?.parameters) c.architecture = { ...card.architecture, parameters: Math.round(card.architecture.parameters * jitter) };
  if (card.evaluation?.results) {
    c.evaluation = {
      results: card.evaluation.results.map((r) => ({ ...r, metrics: r.metrics.map((m) => ({ ...m, value: typeof m.value === 'number' ? Number((m.value * jitter).toFixed(2)) : m.value })) as typeof r.metrics })),
    };
  }
  return c;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CORPUS)) {
    console.log(`search bench: corpus not found at ${CORPUS} (set MODELLAKE_CORPUS); skipped`);
    return;
  }
  const spec = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'search-queries.json'), 'utf8')) as { queries: Query[] };
  console.log(`search bench: corpus ${CORPUS}, ${spec.queries.length} graded queries, node ${process.version}, ${os.cpus().length} cpus`);

  // ---- corpus import through the real path: connector -> lake (SQLite) -> search deriver
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-search-bench-'));
  const lake = openLake({ home, config: { auth: { trustedActor: { name: 'bench', role: 'admin' } } } });
  const actor = { name: 'bench', role: 'admin' as const };
  const cards: ModelCard[] = [];
  const t0 = performance.now();
  const res = await importModelIndex({
    path: CORPUS,
    client: {
      async putCards(batch) {
        cards.push(...(batch as ModelCard[]));
        const r = await lake.lake.putBatch(batch.map((value, i) => ({ line: i + 1, value })), actor);
        return { results: r.results.map((x) => ({ line: x.line, id: x.id, status: x.status })), errors: r.errors };
      },
    },
  });
  const importMs = performance.now() - t0;
  const index = createIndexFromLake(lake.home);
  console.log('\nimport');
  row('cards imported (connector -> lake -> index)', fmt(res.created + res.updated + res.unchanged), `${res.failed} failed in the corpus files`);
  row('corpus import time', `${fmt(importMs / 1000, 2)} s`, 'load + map + validate + store + full-text + embeddings');
  target('corpus import < 10 s', importMs < 10_000);

  // ---- quality: the development set and the held-out set, each against bm25 in the same run
  const byId = new Map(cards.map((c) => [c.id, c]));
  const holdout = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'search-queries-holdout.json'), 'utf8')) as { queries: Query[] };
  const blind = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'search-queries-blind.json'), 'utf8')) as { queries: Query[] };
  const blind2 = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'search-queries-blind2.json'), 'utf8')) as { queries: Query[] };
  console.log('\nquality (nDCG@10, same run, same text)');
  let ours = 0;
  let base = 0;
  const quality: Record<string, { hybrid: number; bm25: number }> = {};
  for (const [label, set] of [['development set', spec.queries], ['held-out set', holdout.queries], ['blind set', blind.queries], ['blind set 2', blind2.queries]] as const) {
    let a = 0;
    let b = 0;
    const per: string[] = [];
    for (const q of set) {
      const grades = new Map<string, number>();
      for (const c of byId.values()) {
        const g = grade(c, q.rules);
        if (g > 0) grades.set(c.id, g);
      }
      const x = ndcg((await index.search({ q: q.q, limit: 10 })).hits.map((h) => h.id), grades);
      const y = ndcg(index.bm25Ids(q.q, 10), grades);
      a += x;
      b += y;
      per.push(`    ${q.id.padEnd(22)} ours ${x.toFixed(3)}  bm25 ${y.toFixed(3)}  (${grades.size} relevant)`);
    }
    a /= set.length;
    b /= set.length;
    if (process.env.SEARCH_BENCH_VERBOSE) console.log(per.join('\n'));
    row(`${label} (${set.length} queries): hybrid`, a.toFixed(3), 'bm25 + built-in embeddings, fused');
    row(`${label}: baseline bm25 over the same text`, b.toFixed(3), `ratio ${(a / (b || 1e-9)).toFixed(2)}x`);
    quality[label] = { hybrid: a, bm25: b };
    if (label === 'development set') {
      ours = a;
      base = b;
    }
  }
  target('nDCG@10 >= 0.75 (development set)', ours >= 0.75);
  target('>= 1.5x the bm25 baseline (development set)', ours >= 1.5 * base);

  // ---- latency at corpus size
  const queries = spec.queries.map((q) => q.q);
  const small = await latencies(index, queries, 5);
  console.log(`\nlatency at corpus size (${fmt(index.size)} cards, ${small.length} searches)`);
  row('search p50', `${percentile(small, 50).toFixed(2)} ms`);
  row('search p99', `${percentile(small, 99).toFixed(2)} ms`);
  await lake.close();

  // ---- 100k synthetic cards
  const storage = new SqliteStorage({ file: path.join(home, 'synthetic.db') });
  const real = [...byId.values()];
  const heapBefore = process.memoryUsage().heapUsed;
  const buildMs = await buildSynthetic(storage, real);
  // Measure on the index as a server opens it (loaded from SQLite), without the build's garbage around.
  const t2 = performance.now();
  const opened = new SearchIndex({ db: storage.db });
  const openMs = performance.now() - t2;
  const large = await latencies(opened, queries, 3);
  const mem = process.memoryUsage();
  console.log(`\nlatency at ${fmt(opened.size)} synthetic cards (${large.length} searches)`);
  row('index build', `${fmt(buildMs / 1000, 1)} s`, `${fmt(SYNTHETIC / (buildMs / 1000))} cards/s`);
  row('index open (load from SQLite)', `${fmt(openMs / 1000, 1)} s`);
  row('search p50', `${percentile(large, 50).toFixed(2)} ms`);
  row('search p99', `${percentile(large, 99).toFixed(2)} ms`);
  row('memory: heap used / rss', `${fmt(mem.heapUsed / 2 ** 20)} / ${fmt(mem.rss / 2 ** 20)} MiB`, `index heap growth ${fmt((mem.heapUsed - heapBefore) / 2 ** 20)} MiB`);
  const bmLat: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    opened.bm25Ids(q, 10);
    bmLat.push(performance.now() - t);
  }
  bmLat.sort((a, b) => a - b);
  row('baseline: bm25 alone p50 / p99', `${percentile(bmLat, 50).toFixed(2)} / ${percentile(bmLat, 99).toFixed(2)} ms`);
  target('p99 <= 20 ms at 100k cards', percentile(large, 99) <= 20);
  const q = (label: string, short: string) => `${quality[label]!.hybrid.toFixed(3)} vs ${quality[label]!.bm25.toFixed(3)} (${short})`;
  const ms = (xs: number[]) => `${percentile(xs, 50).toFixed(2)}/${percentile(xs, 99).toFixed(2)} ms`;
  writeResults({
    name: 'search',
    command: 'pnpm bench:search',
    measures: `corpus import, nDCG@10 (hybrid vs BM25 on 4 graded query sets), search p50/p99 at corpus size and ${fmt(SYNTHETIC / 1000)}k cards, memory`,
    summary: `import ${fmt(importMs / 1000, 2)} s; nDCG@10 ${q('development set', 'dev')}, ${q('held-out set', 'held-out')}, ${q('blind set', 'blind')}, ${q('blind set 2', 'blind 2')}; p50/p99 ${ms(small)} at ${fmt(index.size)} cards, ${ms(large)} at ${fmt(opened.size)} (bm25 alone ${ms(bmLat)})`,
    target: 'import < 10 s, nDCG ≥ 0.75 and ≥ 1.5x BM25, p99 ≤ 20 ms',
    figures: { importMs, corpusCards: index.size, syntheticCards: opened.size, ...Object.fromEntries(Object.entries(quality).flatMap(([k, v]) => [[`${k} hybrid`, v.hybrid], [`${k} bm25`, v.bm25]])), p50Corpus: percentile(small, 50), p99Corpus: percentile(small, 99), p50Synthetic: percentile(large, 50), p99Synthetic: percentile(large, 99), bm25P50: percentile(bmLat, 50), bm25P99: percentile(bmLat, 99) },
  });
  await opened.close();
  await storage.close();
  fs.rmSync(home, { recursive: true, force: true });
}

/** Indexes SYNTHETIC variants of the real cards into a fresh index; returns the build time. */
async function buildSynthetic(storage: SqliteStorage, real: ModelCard[]): Promise<number> {
  const big = new SearchIndex({ db: storage.db });
  const t1 = performance.now();
  for (let i = 0; i < SYNTHETIC; i += 1000) {
    await big.upsertMany(Array.from({ length: Math.min(1000, SYNTHETIC - i) }, (_, j) => synth(real[(i + j) % real.length]!, i + j)));
  }
  const ms = performance.now() - t1;
  await big.close();
  return ms;
}

/** Opens a second view of the lake's search tables (same file) for querying without HTTP. */
function createIndexFromLake(home: string): SearchIndex {
  const storage = new SqliteStorage({ file: path.join(home, 'lake.db') });
  return new SearchIndex({ db: storage.db });
}

await main();
