import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSafetensors, type TensorInput } from '../src/index.js';

/** Deterministic pseudo-random normal values. */
export function randn(n: number, seed: number, scale = 0.02): Float32Array {
  let s = seed >>> 0 || 1;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    out[i] = r * Math.cos(t) * scale;
    if (i + 1 < n) out[i + 1] = r * Math.sin(t) * scale;
  }
  return out;
}

/** A small model: tensor name -> shape and float32 values. */
export type Weights = Map<string, { shape: number[]; values: Float32Array }>;

/** A tiny transformer-like layout (embedding, two blocks of matrices, norms and biases). */
export function randomWeights(seed: number, dim = 32, vocab = 64): Weights {
  const w: Weights = new Map();
  let k = 0;
  const add = (name: string, shape: number[], scale = 0.02, offset = 0): void => {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = randn(n, seed * 1000 + ++k, scale);
    if (offset) for (let i = 0; i < n; i++) v[i] = v[i]! + offset;
    w.set(name, { shape, values: v });
  };
  add('embed.weight', [vocab, dim]);
  for (let l = 0; l < 2; l++) {
    add(`layers.${l}.attn.q.weight`, [dim, dim]);
    add(`layers.${l}.attn.v.weight`, [dim, dim]);
    add(`layers.${l}.mlp.up.weight`, [dim * 2, dim]);
    add(`layers.${l}.mlp.down.weight`, [dim, dim * 2]);
    add(`layers.${l}.norm.weight`, [dim], 0.05, 1);
    add(`layers.${l}.mlp.up.bias`, [dim * 2], 0.01);
  }
  return w;
}

/** Fine-tune: every tensor moves by independent noise of relative size `rel`. */
export function finetune(w: Weights, seed: number, rel = 0.2): Weights {
  const out: Weights = new Map();
  let k = 0;
  for (const [name, t] of w) {
    let ss = 0;
    for (const x of t.values) ss += x * x;
    const rms = Math.sqrt(ss / t.values.length);
    const noise = randn(t.values.length, seed * 7919 + ++k, rms * rel);
    out.set(name, { shape: t.shape, values: t.values.map((x, i) => x + noise[i]!) });
  }
  return out;
}

/** LoRA merge: adds a rank-r product to the named matrices; every other tensor stays byte-identical. */
export function loraMerge(w: Weights, seed: number, targets: string[], r = 2, scale = 0.05): Weights {
  const out: Weights = new Map(w);
  let k = 0;
  for (const name of targets) {
    const t = w.get(name)!;
    const [rows, cols] = t.shape as [number, number];
    const a = randn(r * cols, seed * 31 + ++k, scale);
    const b = randn(rows * r, seed * 37 + ++k, scale);
    const v = Float32Array.from(t.values);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let q = 0; q < r; q++) s += b[i * r + q]! * a[q * cols + j]!;
      v[i * cols + j] = v[i * cols + j]! + s;
    }
    out.set(name, { shape: t.shape, values: v });
  }
  return out;
}

/** Weighted average of two models. */
export function merge(a: Weights, b: Weights, wa = 0.5): Weights {
  const out: Weights = new Map();
  for (const [name, t] of a) out.set(name, { shape: t.shape, values: t.values.map((x, i) => wa * x + (1 - wa) * b.get(name)!.values[i]!) });
  return out;
}

/** Writes a model folder: model.safetensors (in `dtype`), config.json, and an optional README with front matter. */
export function writeModel(dir: string, w: Weights, opts: { dtype?: string; readme?: Record<string, unknown>; config?: Record<string, unknown> } = {}): void {
  mkdirSync(dir, { recursive: true });
  const tensors: TensorInput[] = [...w].map(([name, t]) => ({ name, dtype: opts.dtype ?? 'F32', shape: t.shape, values: t.values }));
  writeFileSync(join(dir, 'model.safetensors'), encodeSafetensors(tensors));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(opts.config ?? { model_type: 'toy', hidden_size: 32, num_hidden_layers: 2 }));
  if (opts.readme) {
    const fm = Object.entries(opts.readme).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n');
    writeFileSync(join(dir, 'README.md'), `---\n${fm}\n---\n\nA toy model.\n`);
  }
}

/** Writes a PEFT adapter folder with LoRA A/B matrices for the named targets. */
export function writeAdapter(dir: string, base: string, w: Weights, targets: string[], r = 2): void {
  mkdirSync(dir, { recursive: true });
  const tensors: TensorInput[] = [];
  targets.forEach((name, i) => {
    const [rows, cols] = w.get(name)!.shape as [number, number];
    const mod = name.replace(/\.weight$/, '');
    tensors.push({ name: `base_model.model.${mod}.lora_A.weight`, dtype: 'F32', shape: [r, cols], values: randn(r * cols, 900 + i) });
    tensors.push({ name: `base_model.model.${mod}.lora_B.weight`, dtype: 'F32', shape: [rows, r], values: randn(rows * r, 950 + i) });
  });
  writeFileSync(join(dir, 'adapter_model.safetensors'), encodeSafetensors(tensors));
  writeFileSync(join(dir, 'adapter_config.json'), JSON.stringify({ peft_type: 'LORA', base_model_name_or_path: base, r, lora_alpha: 2 * r, target_modules: ['q', 'v'] }));
  writeFileSync(join(dir, 'README.md'), `---\nbase_model: ''\nlibrary_name: peft\n---\n`);
}
