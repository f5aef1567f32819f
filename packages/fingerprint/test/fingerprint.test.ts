import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareFingerprints,
  decodeSamples,
  encodeSafetensors,
  fingerprintModelFolder,
  fingerprintSafetensors,
  fingerprintUrl,
  fitMerge,
  openFileSource,
  openHttpSource,
  readHfConfig,
  readShardIndex,
  samplePositions,
  toHalfBits,
  type Fingerprint,
} from '../src/index.js';
import { halfTable } from '../src/dtypes.js';
import { finetune, loraMerge, merge, randn, randomWeights, writeAdapter, writeModel, type Weights } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'mlfp-fp-'));
let n = 0;

async function fpOf(w: Weights, dtype = 'F32', chunkSize?: number): Promise<Fingerprint> {
  const d = join(root, `m${++n}`);
  writeModel(d, w, { dtype });
  return (await fingerprintModelFolder(d, chunkSize ? { chunkSize } : {})).fingerprint;
}

describe('fingerprint', () => {
  const base = randomWeights(1);

  it('computes exact moments, hashes and samples at the fixed positions', async () => {
    const fp = await fpOf(base);
    expect(fp.version).toBe(1);
    expect(fp.architecture.parameters).toBe([...base.values()].reduce((a, t) => a + t.values.length, 0));
    const t = fp.tensors!.find((x) => x.name === 'layers.0.mlp.up.weight')!;
    const v = base.get('layers.0.mlp.up.weight')!.values;
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    expect(t.mean).toBeCloseTo(mean, 10);
    expect(t.l2).toBeCloseTo(Math.sqrt(v.reduce((a, b) => a + b * b, 0)), 8);
    expect(t.min).toBe(Math.min(...v));
    expect(t.max).toBe(Math.max(...v));
    const layout = samplePositions(t.name, t.shape);
    expect(layout.rows * layout.cols).toBe(256);
    expect(Array.from(decodeSamples(t.samples!))).toEqual(layout.positions.map((p) => v[p]));
    expect(t.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same fingerprint whatever the read chunk size (tensors crossing chunk boundaries)', async () => {
    const big: Weights = new Map([['big.weight', { shape: [300, 257], values: randn(300 * 257, 8) }], ...base]);
    const a = await fpOf(big, 'F32', 65536);
    const b = await fpOf(big, 'F32');
    expect(a.tensors).toEqual(b.tensors);
  });

  it('reads tensors packed at unaligned offsets and small tensors sharing one read', async () => {
    const vals = randn(1000, 12);
    const bytes = encodeSafetensors([
      { name: 'flag', dtype: 'U8', shape: [3], bytes: new Uint8Array([1, 2, 3]) },
      { name: 'w', dtype: 'F32', shape: [1000], values: vals },
      { name: 'h', dtype: 'F16', shape: [4], values: [1, -2, 0.5, 4] },
    ]);
    const p = join(root, 'packed.safetensors');
    writeFileSync(p, bytes);
    const src = await openFileSource(p);
    const fp = await fingerprintSafetensors([{ source: src, path: 'packed.safetensors' }]);
    await src.close();
    const w = fp.tensors!.find((t) => t.name === 'w')!;
    expect(w.mean).toBeCloseTo(vals.reduce((a, b) => a + b, 0) / 1000, 12);
    expect(Array.from(decodeSamples(w.samples!))).toEqual(samplePositions('w', [1000]).positions.map((i) => vals[i]));
    expect(fp.tensors!.find((t) => t.name === 'h')).toMatchObject({ mean: 0.875, min: -2, max: 4 });
    expect(fp.tensors!.find((t) => t.name === 'flag')!.samples).toBeUndefined();
  });

  it('positions depend only on name and shape', () => {
    expect(samplePositions('x.weight', [64, 32])).toEqual(samplePositions('x.weight', [64, 32]));
    expect(samplePositions('x.weight', [64, 32]).positions).not.toEqual(samplePositions('y.weight', [64, 32]).positions);
    expect(samplePositions('b', [10]).positions).toHaveLength(10);
  });

  it('recognises identical models, fp16 and bf16 casts', async () => {
    const a = await fpOf(base);
    const same = compareFingerprints(a, await fpOf(base));
    expect(same.summary.identical).toBe(same.summary.shared);
    for (const dtype of ['F16', 'BF16']) {
      const c = compareFingerprints(a, await fpOf(base, dtype));
      expect(c.summary.castShare).toBe(1);
      expect(c.summary.identicalShare).toBe(0);
      expect(c.summary.precisionB).toBeLessThan(c.summary.precisionA);
      expect(c.tensors.every((t) => t.status === 'cast')).toBe(true);
    }
  });

  it('recognises a cast stored back in float32 by the precision its values really use', async () => {
    const half = halfTable();
    const rounded: Weights = new Map([...base].map(([k, t]) => [k, { shape: t.shape, values: t.values.map((v) => half[toHalfBits(v)]!) }]));
    const c = compareFingerprints(await fpOf(base), await fpOf(rounded));
    expect(c.summary.castShare).toBe(1);
    expect(c.summary.precisionA).toBe(23);
    expect(c.summary.precisionB).toBe(10);
  });

  it('measures fine-tune distance, direction signal and separates unrelated models', async () => {
    const a = await fpOf(base);
    const ft = compareFingerprints(a, await fpOf(finetune(base, 2, 0.2)));
    expect(ft.summary.relL2).toBeGreaterThan(0.1);
    expect(ft.summary.relL2).toBeLessThan(0.4);
    expect(ft.summary.linkedShare).toBeGreaterThan(0.9);
    expect(ft.summary.energyGrowth).toBeGreaterThan(0.5);
    const other = compareFingerprints(a, await fpOf(randomWeights(99)));
    expect(other.summary.linkedShare).toBeLessThan(0.2);
    expect(other.summary.identicalShare).toBe(0);
  });

  it('sees a LoRA merge as a low-rank delta with every other tensor identical', async () => {
    const targets = ['layers.0.attn.q.weight', 'layers.1.attn.v.weight'];
    const c = compareFingerprints(await fpOf(base), await fpOf(loraMerge(base, 3, targets, 2)));
    const changed = c.tensors.filter((t) => t.status === 'changed');
    expect(changed.map((t) => t.name).sort()).toEqual(targets.sort());
    expect(changed.every((t) => t.deltaRank!.rank === 2)).toBe(true);
    expect(c.summary.lowRankShare).toBe(1);
    const ft = compareFingerprints(await fpOf(base), await fpOf(finetune(base, 4)));
    expect(ft.summary.lowRankShare).toBe(0);
  });

  it('compares sample-only sketches (no content hashes, l2, min or max) from range readers', async () => {
    const strip = (fp: Fingerprint): Fingerprint => ({ ...fp, tensors: fp.tensors!.map(({ hash: _h, l2: _l, min: _mn, max: _mx, ...t }) => t) });
    const a = strip(await fpOf(base));
    const lora = compareFingerprints(a, strip(await fpOf(loraMerge(base, 9, ['layers.0.attn.q.weight']))));
    expect(lora.summary.identical).toBe(lora.summary.shared - 1);
    const ft = compareFingerprints(a, strip(await fpOf(finetune(base, 10, 0.2)))).summary;
    expect(ft.relL2).toBeGreaterThan(0.1);
    expect(ft.relL2).toBeLessThan(0.4);
    expect(ft.energyGrowth).toBeGreaterThan(0);
  });

  it('fits a merge weight on samples', async () => {
    const x = finetune(base, 5);
    const y = finetune(base, 6);
    const fit = fitMerge(await fpOf(merge(x, y, 0.3)), await fpOf(x), await fpOf(y));
    expect(fit.weight).toBeCloseTo(0.3, 3);
    expect(fit.residual).toBeLessThan(1e-3);
    const notMerge = fitMerge(await fpOf(finetune(base, 7)), await fpOf(x), await fpOf(y));
    expect(notMerge.residual).toBeGreaterThan(0.3);
  });

  it('fingerprints sharded checkpoints through the index and rejects path escapes', async () => {
    const d = join(root, 'sharded');
    mkdirSync(d);
    const t = [...base];
    const half = Math.floor(t.length / 2);
    const enc = (part: typeof t) => encodeSafetensors(part.map(([name, x]) => ({ name, dtype: 'F32', shape: x.shape, values: x.values })));
    writeFileSync(join(d, 'model-00001-of-00002.safetensors'), enc(t.slice(0, half)));
    writeFileSync(join(d, 'model-00002-of-00002.safetensors'), enc(t.slice(half)));
    const weightMap = Object.fromEntries(t.map(([name], i) => [name, i < half ? 'model-00001-of-00002.safetensors' : 'model-00002-of-00002.safetensors']));
    writeFileSync(join(d, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: 1 }, weight_map: weightMap }));
    const fp = (await fingerprintModelFolder(d)).fingerprint;
    expect(fp.files!.map((f) => f.path)).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    expect(compareFingerprints(fp, await fpOf(base)).summary.identicalShare).toBe(1);
    const bad = join(root, 'bad-index.json');
    writeFileSync(bad, JSON.stringify({ weight_map: { w: '../../etc/passwd' } }));
    await expect(readShardIndex(bad)).rejects.toThrow(/bad-index\.json.*must be a file name in the same folder/);
  });

  it('reads PEFT adapters and their base', async () => {
    const d = join(root, 'adapter');
    writeAdapter(d, 'acme/base', base, ['layers.0.attn.q.weight']);
    const f = await fingerprintModelFolder(d);
    expect(f.kind).toBe('adapter');
    expect(f.fingerprint.adapter).toMatchObject({ type: 'LORA', baseModel: 'acme/base', rank: 2, targetModules: ['q', 'v'] });
    expect(f.fingerprint.tensors).toHaveLength(2);
  });

  it('names the file and position of a broken config.json', async () => {
    const p = join(root, 'config.json');
    writeFileSync(p, '{"model_type": "x",, }');
    await expect(readHfConfig(p)).rejects.toThrow(/config\.json.*invalid JSON/);
    await expect(fingerprintModelFolder(mkdtempSync(join(root, 'empty-')))).rejects.toMatchObject({ code: 'not-a-model' });
  });

  it('fingerprints a remote file with HTTP range requests', async () => {
    const bytes = encodeSafetensors([{ name: 'w', dtype: 'F32', shape: [64, 64], values: randn(4096, 3) }]);
    const ranges: string[] = [];
    const server = createServer((req, res) => {
      const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
      if (!m) return void res.writeHead(501).end(`no range for ${req.url}`);
      ranges.push(m[0]);
      const [s, e] = [Number(m[1]), Math.min(Number(m[2]), bytes.byteLength - 1)];
      res.writeHead(206, { 'content-range': `bytes ${s}-${e}/${bytes.byteLength}`, 'content-length': String(e - s + 1) });
      res.end(Buffer.from(bytes.subarray(s, e + 1)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/acme/m/resolve/main/model.safetensors`;
      const remote = await fingerprintSafetensors([{ source: await openHttpSource({ url }), path: 'model.safetensors' }]);
      expect((await fingerprintUrl({ url })).tensors).toEqual(remote.tensors);
      const p = join(root, 'local.safetensors');
      writeFileSync(p, bytes);
      const local = await fingerprintSafetensors([{ source: await openFileSource(p), path: 'model.safetensors' }]);
      expect(remote.tensors).toEqual(local.tensors);
      expect(ranges.length).toBeLessThanOrEqual(8);
    } finally {
      server.close();
    }
  });
});
