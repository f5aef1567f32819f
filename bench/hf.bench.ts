// `pnpm bench:hf`: models/s importing 2,000 models from a fake Hugging Face Hub that answers every request after
// 50 ms (listing with Link pages, model info, tree, README, config.json, safetensors header range reads), into an
// embedded lake through the client, as `modellake import hf --author bench` does. Baseline measured in the same run:
// the same import with concurrency 1 (serial) on the first BENCH_HF_SERIAL models. Target: >= 200 models/s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLakeClient } from '@modellake/client';
import { openLake } from '@modellake/core';
import { DEFAULT_CONCURRENCY, importFromHub } from '../packages/connectors/huggingface/src/index.js';
import { makeSafetensors, startFakeHub } from '../packages/connectors/huggingface/test/fake-hub.js';
import { infoRecord } from '../packages/connectors/huggingface/test/fixtures.js';
import { writeResults } from './results.js';
import { fmt, row, target } from './util.js';

const MODELS = Number(process.env.BENCH_HF_MODELS ?? 2000);
const SERIAL = Number(process.env.BENCH_HF_SERIAL ?? 100);
const LATENCY = Number(process.env.BENCH_HF_LATENCY_MS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_HF_CONCURRENCY ?? DEFAULT_CONCURRENCY);

/** The fake hub runs in a child process (its own event loop and core), as a remote hub would. */
async function serveHub(): Promise<void> {
  const hub = await startFakeHub({ latencyMs: LATENCY });
  const weights = makeSafetensors([
    { name: 'embeddings.word_embeddings.weight', shape: [64, 32] },
    { name: 'encoder.layer.0.attention.self.query.weight', shape: [32, 32] },
    { name: 'encoder.layer.0.attention.self.key.weight', shape: [32, 32] },
  ]);
  const config = JSON.stringify({ architectures: ['BertForMaskedLM'], model_type: 'bert', hidden_size: 32, num_hidden_layers: 1, vocab_size: 64 });
  for (let i = 0; i < MODELS; i++) {
    const id = `bench/model-${String(i).padStart(5, '0')}`;
    const base = i % 10 === 0 ? undefined : `bench/model-${String(i - (i % 10)).padStart(5, '0')}`;
    hub.addRepo({
      info: infoRecord(id, { likes: MODELS - i, lastModified: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), ...(base ? { tags: ['transformers', 'safetensors', `base_model:finetune:${base}`] } : {}) }),
      files: {
        'README.md': `---\nlicense: apache-2.0\n${base ? `base_model: ${base}\n` : ''}---\n# ${id}\n\nBench model ${i}.\n`,
        'config.json': config,
        'model.safetensors': weights,
      },
    });
  }
  process.on('message', (m: string) => {
    if (m === 'count') process.send!(hub.requests.length);
  });
  process.send!(hub.url);
}

if (process.argv.includes('--serve-hub')) {
  await serveHub();
} else {
  await main();
}

async function main(): Promise<void> {
const worker = fork(fileURLToPath(import.meta.url), ['--serve-hub'], { execArgv: process.execArgv.filter((a) => !a.startsWith('--cpu-prof')) });
const next = () => new Promise<unknown>((resolve) => worker.once('message', resolve));
const hubUrl = (await next()) as string;
const requestCount = async () => {
  worker.send('count');
  return (await next()) as number;
};

async function run(label: string, concurrency: number, limit: number): Promise<number> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlk-bench-hf-'));
  const lake = openLake({ home, config: { auth: { trustedActor: { name: 'bench', role: 'admin' } } } });
  const client = createLakeClient({ baseUrl: 'http://embedded.lake', fetch: async (input, init) => lake.app.fetch(new Request(input, init)) });
  const before = await requestCount();
  const t = performance.now();
  const s = await importFromHub({ hubUrl, selection: { author: 'bench', limit }, sink: client, concurrency });
  const secs = (performance.now() - t) / 1000;
  await lake.close();
  fs.rmSync(home, { recursive: true, force: true });
  const n = s.imported.length;
  if (n !== limit || s.failed.length) throw new Error(`${label}: imported ${n}/${limit}, failed ${JSON.stringify(s.failed.slice(0, 3))}`);
  const rate = n / secs;
  row(label, `${fmt(rate, 1)} models/s`, `${n} models in ${fmt(secs, 2)} s, ${fmt(((await requestCount()) - before) / n, 1)} hub requests/model`);
  return rate;
}

console.log(`bench:hf — fake hub on loopback, ${LATENCY} ms per request, ${MODELS} models, embedded lake (SQLite) through the client`);
// The parallel figure is CPU-bound (importer + lake share one core): a busy machine lowers it; say how busy.
console.log(`  ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start`);
const serial = await run(`serial (concurrency 1, first ${SERIAL})`, 1, Math.min(SERIAL, MODELS));
const parallel = await run(`default concurrency (${CONCURRENCY}, all ${MODELS})`, CONCURRENCY, MODELS);
row('speed-up over serial', `${fmt(parallel / serial, 1)}x`);
target('>= 200 models/s at the default concurrency', parallel >= 200);
writeResults({
  name: 'hf',
  command: 'pnpm bench:hf',
  measures: `models/s importing ${fmt(MODELS)} models from a fake hub answering with ${LATENCY} ms latency, serial (first ${fmt(Math.min(SERIAL, MODELS))}) vs default concurrency`,
  summary: `serial ${fmt(serial, 1)} models/s; concurrency ${CONCURRENCY}: ${fmt(parallel, 1)} models/s (${fmt(parallel / serial, 1)}x)`,
  target: '≥ 200 models/s',
  figures: { models: MODELS, latencyMs: LATENCY, concurrency: CONCURRENCY, serialPerSec: serial, parallelPerSec: parallel },
});
worker.kill();
}
