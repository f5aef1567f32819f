// `pnpm bench:fingerprint`: (1) fingerprint throughput on a multi-GB synthetic safetensors file against `sha256sum`
// of the same file in the same run (target >= 90%); (2) fingerprint size per model (this file, and a 7B layout);
// (3) lineage detection time for 1k and 10k models of one family (target <= 10 s for 10k); (4) detection figures on
// ../shared/benchmarks/lineage-dev when present.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decodeSamples,
  encodeSamples,
  fingerprintSafetensors,
  openFileSource,
  samplePositions,
  valueHashOf,
  FINGERPRINT_ALGORITHM,
  FINGERPRINT_VERSION,
  type Fingerprint,
  type TensorSketch,
} from '@modellake/fingerprint';
import { LineageIndex, scanModelTree, scoreLineage, type LineageTruth } from '@modellake/core';
import { printedRow, writeResults } from './results.js';
import { fmt, row, target, time } from './util.js';
import { randn } from '../packages/fingerprint/test/helpers.js';

const GB = Number(process.env.BENCH_FP_GB ?? 2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-fp-'));
console.log(`modellake fingerprint benchmark: ${GB} GB synthetic safetensors in ${dir}, Node ${process.version}, ${os.cpus().length} cores`);


// (1) A checkpoint-like file: 8 MiB matrices (F32 [2048, 1024]) plus a norm vector per layer, written block by block.
const file = path.join(dir, 'model.safetensors');
const matBytes = 2048 * 1024 * 4;
const layers = Math.max(1, Math.round((GB * 1024 ** 3) / (matBytes * 4)));
const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
let off = 0;
const plan: { bytes: number; block: Uint8Array }[] = [];
const mat = new Uint8Array(randn(2048 * 1024, 7).buffer);
const norm = new Uint8Array(Float32Array.from(randn(1024, 8), (x) => 1 + x).buffer);
for (let l = 0; l < layers; l++) {
  for (const m of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) {
    header[`model.layers.${l}.self_attn.${m}.weight`] = { dtype: 'F32', shape: [2048, 1024], data_offsets: [off, off + matBytes] };
    off += matBytes;
    plan.push({ bytes: matBytes, block: mat });
  }
  header[`model.layers.${l}.input_layernorm.weight`] = { dtype: 'F32', shape: [1024], data_offsets: [off, off + 4096] };
  off += 4096;
  plan.push({ bytes: 4096, block: norm });
}
const hjson = Buffer.from(JSON.stringify(header));
const hpad = Buffer.alloc(Math.ceil(hjson.byteLength / 8) * 8, 0x20);
hjson.copy(hpad);
const fd = fs.openSync(file, 'w');
const len = Buffer.alloc(8);
len.writeBigUInt64LE(BigInt(hpad.byteLength));
fs.writeSync(fd, len);
fs.writeSync(fd, hpad);
for (const p of plan) fs.writeSync(fd, p.block, 0, p.bytes);
fs.closeSync(fd);
const size = fs.statSync(file).size;
row('file size', `${fmt(size / 1024 ** 2)} MiB`, `${layers * 5} tensors`);

const shaRuns: number[] = [];
const fpRuns: number[] = [];
let fp: Fingerprint | undefined;
for (let r = 0; r < 2; r++) {
  shaRuns.push(await time(() => execFileSync('sha256sum', [file])));
  fpRuns.push(
    await time(async () => {
      const src = await openFileSource(file);
      fp = await fingerprintSafetensors([{ source: src, path: 'model.safetensors' }]);
      await src.close();
    }),
  );
}
const shaMs = Math.min(...shaRuns);
const fpMs = Math.min(...fpRuns);
const mbps = (ms: number): number => size / 1024 ** 2 / (ms / 1000);
row('sha256sum (baseline, best of 2)', `${fmt(mbps(shaMs))} MiB/s`, `${fmt(shaMs)} ms`);
row('fingerprint (hash + moments + samples)', `${fmt(mbps(fpMs))} MiB/s`, `${fmt(fpMs)} ms`);
const ratio = shaMs / fpMs;
row('fingerprint / sha256sum throughput', `${fmt(ratio * 100, 1)} %`);
target('fingerprint throughput >= 90% of sha256sum', ratio >= 0.9);

// (2) Fingerprint size: this file, and a Llama-7B layout (291 tensors) with the same per-tensor sketch.
const sizeOf = (f: Fingerprint): number => Buffer.byteLength(JSON.stringify(f));
row('fingerprint size, this file', `${fmt(sizeOf(fp!) / 1024, 1)} kB`, `${fp!.tensors!.length} tensors`);
const llama: { name: string; shape: number[] }[] = [
  { name: 'model.embed_tokens.weight', shape: [32000, 4096] },
  { name: 'lm_head.weight', shape: [32000, 4096] },
  { name: 'model.norm.weight', shape: [4096] },
];
for (let l = 0; l < 32; l++) {
  for (const m of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) llama.push({ name: `model.layers.${l}.self_attn.${m}.weight`, shape: [4096, 4096] });
  for (const m of ['gate_proj', 'up_proj']) llama.push({ name: `model.layers.${l}.mlp.${m}.weight`, shape: [11008, 4096] });
  llama.push({ name: `model.layers.${l}.mlp.down_proj.weight`, shape: [4096, 11008] });
  llama.push({ name: `model.layers.${l}.input_layernorm.weight`, shape: [4096] }, { name: `model.layers.${l}.post_attention_layernorm.weight`, shape: [4096] });
}
const sketch = (t: { name: string; shape: number[] }, seed: number, base?: Float32Array, rel = 0): TensorSketch => {
  const k = samplePositions(t.name, t.shape).positions.length;
  const noise = randn(k, seed, 0.02 * rel);
  const s = base ? base.map((x, i) => x + noise[i]!) : randn(k, seed);
  const count = t.shape.reduce((a, b) => a * b, 1);
  let ss = 0;
  for (const x of s) ss += x * x;
  return { name: t.name, dtype: 'BF16', shape: t.shape, hash: seed.toString(16).padStart(64, '0'), valueHash: valueHashOf(s), count, mean: 0, std: 0.02, min: -0.1, max: 0.1, l2: Math.sqrt((ss * count) / k), samples: encodeSamples(s) };
};
const fp7b: Fingerprint = { version: FINGERPRINT_VERSION, algorithm: FINGERPRINT_ALGORITHM, architecture: { signature: 'x'.repeat(24), tensorCount: llama.length, parameters: 6_738_415_616 }, tensors: llama.map((t, i) => sketch(t, i + 1)) };
row('fingerprint size, Llama-7B layout', `${fmt(sizeOf(fp7b) / 1024, 1)} kB`, `${llama.length} tensors`);

// (3) Lineage detection over one family: each model is a fine-tune of a random earlier one.
const layout = Array.from({ length: 16 }, (_, i) => ({ name: `layers.${i}.weight`, shape: [1024, 1024] }));
const family = (n: number) => {
  const out: Fingerprint[] = [];
  const parents: number[] = [];
  const samples: Float32Array[][] = [];
  let rnd = 12345;
  for (let i = 0; i < n; i++) {
    rnd = (Math.imul(rnd, 1664525) + 1013904223) >>> 0;
    parents.push(i === 0 ? -1 : rnd % i);
    const parent = i === 0 ? undefined : samples[parents[i]!];
    const ts = layout.map((t, j) => sketch(t, i * 100 + j + 1, parent?.[j], 0.15));
    samples.push(ts.map((t) => decodeSamples(t.samples!)));
    out.push({ version: 1, architecture: { signature: 'family' }, tensors: ts.map((t) => ({ ...t, hash: `${i}-${t.name}` })) });
  }
  return { fps: out, parents };
};
for (const n of [1000, 10_000]) {
  const { fps, parents } = family(n);
  const index = new LineageIndex();
  const addMs = await time(() => fps.forEach((f, i) => index.add({ id: `m${i}`, kind: 'full', fingerprint: f, declared: [] })));
  let edges: { parent: string; child: string }[] = [];
  const graphMs = await time(() => (edges = index.graph().edges));
  const right = edges.filter((e) => e.parent === `m${parents[Number(e.child.slice(1))]}`).length;
  row(`lineage, ${fmt(n)} models in one family`, `${fmt((addMs + graphMs) / 1000, 2)} s`, `incremental adds ${fmt(addMs)} ms (${fmt(addMs / n, 2)} ms/model), graph ${fmt(graphMs)} ms`);
  row(`  directed edges right`, `${fmt(right)}/${fmt(n - 1)}`, `${fmt((100 * right) / (n - 1), 1)} %`);
  if (n === 10_000) target('lineage detection for 10k models <= 10 s', (addMs + graphMs) / 1000 <= 10);
}

// (4) Detection figures on the development set, when present.
const devDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/benchmarks/lineage-dev');
if (fs.existsSync(path.join(devDir, 'truth.json'))) {
  const truth = JSON.parse(fs.readFileSync(path.join(devDir, 'truth.json'), 'utf8')) as LineageTruth;
  let result: Awaited<ReturnType<typeof scanModelTree>> | undefined;
  const ms = await time(async () => (result = await scanModelTree(path.join(devDir, 'models'))));
  const s = scoreLineage(result!, truth);
  row('lineage-dev: directed edges right', `${s.directedCorrect}/${s.truthEdges}`, `${fmt(s.edgeAccuracy * 100, 1)} % (scan ${fmt(ms)} ms)`);
  row('lineage-dev: relation right', `${s.relationCorrect}/${s.directedCorrect}`, `${fmt(s.relationAccuracy * 100, 1)} %`);
  row('lineage-dev: false base_model flagged', `${s.falseDeclaredFlagged}/${s.falseDeclared}`, `${s.falseAlarms} false alarms`);
  row('lineage-dev: spurious / cross-family edges', `${s.spurious} / ${s.crossFamily}`);
} else {
  console.log('  lineage-dev not found at ../shared/benchmarks/lineage-dev: skipped');
}
fs.rmSync(dir, { recursive: true, force: true });

// Figures for the README (`pnpm bench:report`), composed from the rows printed above.
{
  const v = (label: string, field: 'value' | 'note' = 'value') => printedRow(label)?.[field] ?? '?';
  writeResults({
    name: 'fingerprint',
    command: 'pnpm bench:fingerprint',
    measures: `fingerprint throughput on a ${GB} GB safetensors file vs \`sha256sum\`; fingerprint size; lineage detection time for 1k and 10k models of one family`,
    summary: `fingerprint ${v('fingerprint (hash')} vs sha256sum ${v('sha256sum (baseline')} (${v('fingerprint / sha256sum')}); ${v('fingerprint size, Llama-7B')} for a Llama-7B layout; lineage ${v('lineage, 1,000 models')} (1k), ${v('lineage, 10,000 models')} (10k)`,
    target: '≥ 90 % of sha256sum, ≤ 10 s for 10k',
  });
}
