import type { Fingerprint } from '@modellake/card';
import { compareFingerprints, type TensorComparison } from '@modellake/fingerprint';
import type { LayerChange, TensorChange, WeightsDiff } from './types.js';

type FpTensor = NonNullable<Fingerprint['tensors']>[number];

const LEAF_SUFFIXES = new Set(['weight', 'bias', 'scale', 'scales', 'qweight', 'qzeros', 'g_idx', 'running_mean', 'running_var']);

/**
 * Layer a tensor belongs to: its name up to the first numeric segment (`model.layers.3`), else the
 * name without its leaf (`model.embed_tokens`), else the name itself.
 * @example layerOf('model.layers.3.self_attn.q_proj.weight') // 'model.layers.3'
 */
export function layerOf(tensorName: string): string {
  const parts = tensorName.split('.');
  const idx = parts.findIndex((p) => /^\d+$/.test(p));
  if (idx >= 0) return parts.slice(0, idx + 1).join('.');
  if (parts.length > 1 && LEAF_SUFFIXES.has(parts[parts.length - 1]!)) return parts.slice(0, -1).join('.');
  return tensorName;
}

function decodeSamples(b64: string): Float32Array | undefined {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length === 0 || buf.length % 4 !== 0) return undefined;
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

function sameShape(a: FpTensor, b: FpTensor): boolean {
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

/** Relative change of one tensor from the two sketches, with how it was estimated. */
export function compareTensor(a: FpTensor, b: FpTensor): TensorChange {
  const name = a.name;
  if (a.hash && b.hash && a.hash === b.hash) return { name, relativeChange: 0, identical: true, method: 'hash' };
  if (a.valueHash && b.valueHash && a.valueHash === b.valueHash) return { name, relativeChange: 0, identical: true, method: 'value-hash' };
  if (a.samples && b.samples) {
    const sa = decodeSamples(a.samples);
    const sb = decodeSamples(b.samples);
    if (sa && sb && sa.length === sb.length) {
      let num = 0;
      let den = 0;
      for (let i = 0; i < sa.length; i++) {
        const d = sb[i]! - sa[i]!;
        num += d * d;
        den += sa[i]! * sa[i]!;
      }
      const rel = den > 0 ? Math.sqrt(num / den) : num > 0 ? Infinity : 0;
      const known = (a.hash && b.hash) || (a.valueHash && b.valueHash);
      return { name, relativeChange: Number.isFinite(rel) ? rel : null, identical: rel === 0 && !known, method: 'samples' };
    }
  }
  if (typeof a.l2 === 'number' && typeof b.l2 === 'number' && a.l2 > 0) {
    // Only a lower bound: ‖b − a‖ ≥ |‖b‖ − ‖a‖|. Mean shift adds to it when counts are known.
    let rel = Math.abs(b.l2 - a.l2) / a.l2;
    if (typeof a.mean === 'number' && typeof b.mean === 'number' && typeof a.count === 'number' && a.count > 0) {
      rel = Math.max(rel, (Math.abs(b.mean - a.mean) * Math.sqrt(a.count)) / a.l2);
    }
    return { name, relativeChange: rel, identical: false, method: 'stats' };
  }
  return { name, relativeChange: null, identical: false, method: 'unknown' };
}

/** Groups tensor changes into layers; a layer's change is the norm-weighted change of its tensors. */
export function aggregateLayers(changes: TensorChange[], norms: Map<string, number>): LayerChange[] {
  const acc = new Map<string, { num: number; den: number; sum: number; n: number; weighted: boolean }>();
  for (const c of changes) {
    if (c.relativeChange === null) continue;
    const layer = layerOf(c.name);
    const e = acc.get(layer) ?? { num: 0, den: 0, sum: 0, n: 0, weighted: true };
    const norm = norms.get(c.name);
    if (norm === undefined) e.weighted = false;
    else {
      e.num += (c.relativeChange * norm) ** 2;
      e.den += norm ** 2;
    }
    e.sum += c.relativeChange;
    e.n += 1;
    acc.set(layer, e);
  }
  const layers = [...acc].map(([layer, e]) => ({
    layer,
    relativeChange: e.weighted && e.den > 0 ? Math.sqrt(e.num / e.den) : e.sum / e.n,
    tensors: e.n,
  }));
  return layers.sort((x, y) => y.relativeChange - x.relativeChange || x.layer.localeCompare(y.layer));
}

/**
 * One tensor's change: from @modellake/fingerprint's comparison when both sketches carry samples
 * (or the tensors are byte-identical), else from hashes and statistics ({@link compareTensor}).
 */
function fromComparison(c: TensorComparison | undefined, ta: FpTensor, tb: FpTensor): TensorChange {
  const name = ta.name;
  if (c?.status === 'identical') return { name, relativeChange: 0, identical: true, method: 'hash' };
  if (c?.status === 'cast') return { name, relativeChange: c.relChange ?? 0, identical: true, method: 'compare' };
  if (c?.status === 'changed' && ta.samples && tb.samples && c.relChange !== undefined) {
    return { name, relativeChange: Number.isFinite(c.relChange) ? c.relChange : null, identical: false, method: 'compare' };
  }
  return compareTensor(ta, tb);
}

/** Weights section of a diff, from two fingerprints (either may be missing). */
export function diffWeights(a: Fingerprint | undefined, b: Fingerprint | undefined): WeightsDiff {
  const empty: WeightsDiff = {
    compared: false,
    identical: false,
    overallRelativeChange: null,
    tensorsCompared: 0,
    tensorsChanged: 0,
    tensors: [],
    layers: [],
  };
  if (!a?.tensors?.length || !b?.tensors?.length) {
    const note = !a?.tensors?.length && !b?.tensors?.length ? 'no weight sketch on either side' : `no weight sketch on side ${a?.tensors?.length ? 'b' : 'a'}`;
    return { ...empty, note };
  }
  const mb = new Map(b.tensors.map((t) => [t.name, t]));
  const comparison = compareFingerprints(a, b);
  const compared = new Map<string, TensorComparison>(comparison.tensors.map((c) => [c.name, c]));
  const changes: TensorChange[] = [];
  const norms = new Map<string, number>();
  for (const ta of a.tensors) {
    const tb = mb.get(ta.name);
    if (!tb || !sameShape(ta, tb)) continue;
    changes.push(fromComparison(compared.get(ta.name), ta, tb));
    if (typeof ta.l2 === 'number') norms.set(ta.name, ta.l2);
  }
  if (changes.length === 0) return { ...empty, note: 'no tensor with the same name and shape on both sides' };
  changes.sort(
    (x, y) => (y.relativeChange ?? -1) - (x.relativeChange ?? -1) || x.name.localeCompare(y.name),
  );
  const layers = aggregateLayers(changes, norms);
  const known = changes.filter((c) => c.relativeChange !== null);
  let overall: number | null = null;
  if (known.length > 0) {
    const weighted = known.every((c) => norms.has(c.name));
    if (weighted) {
      let num = 0;
      let den = 0;
      for (const c of known) {
        const n = norms.get(c.name)!;
        num += (c.relativeChange! * n) ** 2;
        den += n * n;
      }
      overall = den > 0 ? Math.sqrt(num / den) : 0;
    } else overall = known.reduce((s, c) => s + c.relativeChange!, 0) / known.length;
  }
  const changed = changes.filter((c) => !c.identical && c.relativeChange !== 0).length;
  const sameLayout = a.tensors.length === b.tensors.length && changes.length === a.tensors.length;
  return {
    compared: true,
    identical: sameLayout && changes.every((c) => c.identical),
    overallRelativeChange: overall,
    tensorsCompared: changes.length,
    tensorsChanged: changed,
    tensors: changes,
    layers,
    summary: comparison.summary,
  };
}
