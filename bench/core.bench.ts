// `pnpm bench`: ingest throughput (single and batch puts) into the embedded SQLite lake and GET latency at 100k cards,
// each against a raw better-sqlite3 baseline (plain INSERT / SELECT by primary key of the same JSON) measured in the same run.
import Database from 'better-sqlite3';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lake, openLake, SqliteStorage } from '@modellake/core';
import { writeResults } from './results.js';
import { fmt, percentile, row, target, time } from './util.js';

const N = Number(process.env.BENCH_CARDS ?? 100_000);
const SINGLE = 5_000;
const BATCH = 1_000;
const actor = { name: 'bench', role: 'admin' as const };

function makeCard(i: number) {
  return {
    cardVersion: '1.0', id: `hf:bench-org/model-${i}`, name: `model-${i}`, version: `v${i % 7}`,
    description: `Synthetic model ${i} fine-tuned for ${['summarization', 'translation', 'object detection', 'sentiment'][i % 4]} on domain ${i % 31}.`,
    license: ['mit', 'apache-2.0', 'llama3.1', 'cc-by-nc-4.0'][i % 4], tags: ['bench', `group-${i % 50}`], tasks: [['summarization', 'translation', 'object-detection', 'text-classification'][i % 4]!],
    architecture: { family: ['llama', 'bert', 'resnet'][i % 3], library: 'transformers', parameters: 1_000_000 + i * 1000 },
    training: { datasets: [{ name: `dataset-${i % 100}`, role: 'finetuning' }], hyperparameters: { lr: 0.0001 * (1 + (i % 5)), epochs: 1 + (i % 4) } },
    evaluation: { results: [{ task: { type: 'text-classification' }, dataset: { name: `eval-${i % 10}` }, metrics: [{ type: 'accuracy', value: 0.5 + (i % 50) / 100 }] }] },
    lineage: i > 0 ? { parents: [{ id: `hf:bench-org/model-${Math.floor(i / 2)}`, relation: 'finetune' }] } : undefined,
    source: { system: 'huggingface', uri: `https://huggingface.co/bench-org/model-${i}` },
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-core-'));
console.log(`modellake core benchmark: ${fmt(N)} cards, SQLite in ${dir}, Node ${process.version}`);
const cards = Array.from({ length: N }, (_, i) => JSON.parse(JSON.stringify(makeCard(i))) as Record<string, unknown>);
const avgBytes = cards.slice(0, 1000).reduce((s, c) => s + JSON.stringify(c).length, 0) / 1000;
row('average card size', `${fmt(avgBytes)} B`);

// Baseline: raw better-sqlite3, one table, INSERT of the JSON text; one transaction per batch.
const raw = new Database(path.join(dir, 'raw.db'));
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = NORMAL');
raw.exec('CREATE TABLE cards (id TEXT PRIMARY KEY, card TEXT NOT NULL)');
const ins = raw.prepare('INSERT INTO cards (id, card) VALUES (?, ?)');
const rawSingleMs = await time(() => { for (let i = 0; i < SINGLE; i++) ins.run(`s${i}`, JSON.stringify(cards[i])); });
const rawBatchMs = await time(() => {
  for (let i = 0; i < N; i += BATCH) raw.transaction(() => { for (let j = i; j < Math.min(N, i + BATCH); j++) ins.run(cards[j]!.id as string, JSON.stringify(cards[j])); })();
});

// The lake: validation, canonical hash, revision + audit-chain entry per card, derivers installed by features.
const opened = openLake({ home: path.join(dir, 'lake'), config: { auth: { trustedActor: actor } } });
const lake: Lake = opened.lake;
const singleMs = await time(async () => { for (let i = 0; i < SINGLE; i++) await lake.putCard({ ...cards[i], id: `hf:single/m${i}` }, actor); });
const batchMs = await time(async () => {
  for (let i = 0; i < N; i += BATCH) await lake.putBatch(cards.slice(i, i + BATCH).map((value, k) => ({ line: k + 1, value })), actor);
});
const unchangedMs = await time(async () => { await lake.putBatch(cards.slice(0, 10_000).map((value, k) => ({ line: k + 1, value })), actor); });

console.log('\ningest');
row('single put (lake, awaited one by one)', `${fmt(SINGLE / (singleMs / 1000))} cards/s`, `baseline raw INSERT ${fmt(SINGLE / (rawSingleMs / 1000))} cards/s, ratio ${(rawSingleMs / singleMs).toFixed(2)}`);
row(`batch put (lake, ${BATCH}/transaction)`, `${fmt(N / (batchMs / 1000))} cards/s`, `baseline raw INSERT ${fmt(N / (rawBatchMs / 1000))} cards/s, ratio ${(rawBatchMs / batchMs).toFixed(2)}`);
row('re-put of unchanged cards (no-op path)', `${fmt(10_000 / (unchangedMs / 1000))} cards/s`);
target('batch ingest >= 5,000 cards/s', N / (batchMs / 1000) >= 5000);

// GET by id at N cards: storage call, in-process HTTP (app.request), raw SELECT baseline.
const sel = raw.prepare('SELECT card FROM cards WHERE id = ?');
const Q = 20_000;
const ids = Array.from({ length: Q }, (_, k) => cards[(k * 7919) % N]!.id as string);
const lat = async (fn: (id: string) => unknown) => {
  const xs: number[] = [];
  for (const id of ids) { const t = performance.now(); await fn(id); xs.push(performance.now() - t); }
  return xs.sort((a, b) => a - b);
};
const rawLat = await lat((id) => JSON.parse((sel.get(id) as { card: string }).card));
const storeLat = await lat((id) => lake.getCard(id));
const httpLat = await lat(async (id) => { const r = await opened.app.request(`/v1/models/${id}`); if (r.status !== 200) throw new Error(`GET ${id}: ${r.status}`); await r.json(); });
// Over a real loopback socket (keep-alive), as a client sees it.
const server = await new Promise<ReturnType<typeof serve>>((resolve) => { const sv = serve({ fetch: opened.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(sv)); });
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const agent = new Agent({ connections: 1 });
const netIds = ids.slice(0, 5000);
const netLat: number[] = [];
for (const id of netIds) {
  const t = performance.now();
  const r = await request(`${base}/v1/models/${id}`, { dispatcher: agent });
  if (r.statusCode !== 200) throw new Error(`GET ${id}: ${r.statusCode}`);
  await r.body.json();
  netLat.push(performance.now() - t);
}
netLat.sort((a, b) => a - b);
await agent.close();
server.close();
console.log(`\nGET by id at ${fmt(await lake.storage.countModels())} models (${fmt(Q)} lookups)`);
for (const [name, xs] of [['raw SELECT + JSON.parse (baseline)', rawLat], ['lake.getCard', storeLat], ['HTTP GET /v1/models/{id} (in-process)', httpLat]] as const) {
  row(name, `p50 ${percentile(xs, 50).toFixed(3)} ms`, `p99 ${percentile(xs, 99).toFixed(3)} ms`);
}
row('HTTP GET over loopback (undici keep-alive)', `p50 ${percentile(netLat, 50).toFixed(3)} ms`, `p99 ${percentile(netLat, 99).toFixed(3)} ms (${fmt(netIds.length)} lookups)`);
row('ratio p99 HTTP GET / raw SELECT', `${(percentile(httpLat, 99) / percentile(rawLat, 99)).toFixed(1)}x`);
target('p99 GET <= 5 ms (loopback HTTP)', percentile(netLat, 99) <= 5);
console.log(`\nmemory: rss ${fmt(process.memoryUsage().rss / 2 ** 20)} MiB, db ${fmt(fs.statSync(path.join(dir, 'lake', 'lake.db')).size / 2 ** 20)} MiB`);
const p = (xs: number[], q: number) => percentile(xs, q).toFixed(2);
writeResults({
  name: 'core',
  command: 'pnpm bench',
  measures: `ingest into the embedded lake (every feature installed) vs raw better-sqlite3 INSERT; GET by id at ${fmt(N / 1000)}k cards (storage, in-process HTTP, loopback HTTP) vs raw SELECT`,
  summary: `batch ${fmt(N / (batchMs / 1000))} cards/s (raw INSERT ${fmt(N / (rawBatchMs / 1000))}/s), single put ${fmt(SINGLE / (singleMs / 1000))} cards/s (raw ${fmt(SINGLE / (rawSingleMs / 1000))}/s); GET p50/p99 ${p(httpLat, 50)}/${p(httpLat, 99)} ms in-process, ${p(netLat, 50)}/${p(netLat, 99)} ms over loopback (raw SELECT ${p(rawLat, 50)}/${p(rawLat, 99)} ms)`,
  target: '≥ 5,000 cards/s batch, p99 GET ≤ 5 ms',
  figures: { cards: N, batchPerSec: N / (batchMs / 1000), rawBatchPerSec: N / (rawBatchMs / 1000), singlePerSec: SINGLE / (singleMs / 1000), rawSinglePerSec: SINGLE / (rawSingleMs / 1000), httpP50: percentile(httpLat, 50), httpP99: percentile(httpLat, 99), loopbackP50: percentile(netLat, 50), loopbackP99: percentile(netLat, 99), rawP50: percentile(rawLat, 50), rawP99: percentile(rawLat, 99) },
});
await opened.close();
raw.close();
fs.rmSync(dir, { recursive: true, force: true });
