import { FLOAT_DTYPES, halfTable, MANTISSA_BITS, toBf16Bits } from './dtypes.js';
import { toHalfBits } from './encode.js';
import { rankProfile } from './linalg.js';
import { samplePositions } from './positions.js';
import { decodeSamples } from './sketch.js';
import type { Fingerprint, TensorSketch } from './types.js';

const decoded = new WeakMap<TensorSketch, Float32Array>();
const maps = new WeakMap<Fingerprint, Map<string, TensorSketch>>();

/** Tensors of a fingerprint by name (cached per fingerprint object). */
function tensorMap(fp: Fingerprint): Map<string, TensorSketch> {
  let m = maps.get(fp);
  if (!m) {
    m = new Map((fp.tensors ?? []).map((t) => [t.name, t]));
    maps.set(fp, m);
  }
  return m;
}

/** Decoded samples of a tensor sketch (cached per sketch object). */
export function tensorSamples(t: TensorSketch): Float32Array {
  let s = decoded.get(t);
  if (!s) {
    s = t.samples ? decodeSamples(t.samples) : new Float32Array(0);
    decoded.set(t, s);
  }
  return s;
}

/** How one tensor differs between two fingerprints. */
export interface TensorComparison {
  name: string;
  /** `identical`: same bytes; `cast`: same values up to the lower precision; `changed`; `only-a`/`only-b`; `reshaped`. */
  status: 'identical' | 'cast' | 'changed' | 'only-a' | 'only-b' | 'reshaped';
  dtypeA?: string;
  dtypeB?: string;
  count: number;
  /** ‖b − a‖ / ‖a‖ over the samples. */
  relChange?: number;
  /** Cosine of the mean-centred samples. */
  cosine?: number;
  /** b.mean − a.mean (exact moments). */
  meanDelta?: number;
  /** b.std / a.std (exact moments). */
  stdRatio?: number;
  /** b.l2 / a.l2 (exact moments). */
  l2Ratio?: number;
  /** Numerical rank and top-half energy share of the sampled delta grid (matrices only). */
  deltaRank?: { rank: number; topHalfEnergy: number; gridSide: number };
}

/** Whole-model summary of a comparison. */
export interface ComparisonSummary {
  shared: number;
  identical: number;
  cast: number;
  changed: number;
  onlyA: number;
  onlyB: number;
  /** Share of shared float parameters in byte-identical tensors. */
  identicalShare: number;
  /** Share of shared float parameters equal up to a precision cast (including identical ones). */
  castShare: number;
  /** Share of shared float parameters that are identical, cast, or clearly correlated (centred cosine ≥ 0.5). */
  linkedShare: number;
  /** Estimated ‖b − a‖ / ‖a‖ over all shared float parameters. */
  relL2: number;
  /** Parameter-weighted centred cosine of the changed tensors (1 when nothing changed). */
  cosine: number;
  /** Growth of the centred energy (count × variance) from a to b over the variance of the change, on changed tensors: > 0 when b looks derived from a (updates add energy). */
  energyGrowth: number;
  /** Share of changed matrix parameters whose sampled delta is low-rank. */
  lowRankShare: number;
  /** Lowest mantissa precision among float tensors of each side. */
  precisionA: number;
  precisionB: number;
}

/** Result of {@link compareFingerprints}. */
export interface FingerprintComparison {
  sameArchitecture: boolean;
  tensors: TensorComparison[];
  summary: ComparisonSummary;
}

const effective = new WeakMap<TensorSketch, number>();

/**
 * Mantissa bits a tensor's values really use: its dtype's, or fewer when every sample is exactly representable
 * in float16 or bfloat16 (a cast stored back in a wider dtype).
 */
export function effectivePrecision(t: TensorSketch): number {
  const cached = effective.get(t);
  if (cached !== undefined) return cached;
  let bits = MANTISSA_BITS[t.dtype] ?? 23;
  const s = tensorSamples(t);
  if (bits > 10 && s.length >= 16) {
    const half = halfTable();
    if (s.every((v) => v === 0 || half[toHalfBits(v)] === v)) bits = 10;
    else if (s.every((v) => v === 0 || ((toBf16Bits(v) << 16) >>> 0) === new Uint32Array(Float32Array.of(v).buffer)[0])) bits = 7;
  }
  effective.set(t, bits);
  return bits;
}

/** Lowest effective mantissa precision among the float tensors of a fingerprint (0 when none). */
export function fingerprintPrecision(fp: Fingerprint): number {
  let p = Infinity;
  for (const t of fp.tensors ?? []) if (FLOAT_DTYPES.has(t.dtype) && (t.count ?? 0) > 0 && (t.std ?? 0) > 0) p = Math.min(p, effectivePrecision(t));
  return Number.isFinite(p) ? p : 0;
}

const minPrecision = fingerprintPrecision;

function castEqual(a: TensorSketch, b: TensorSketch, sa: Float32Array, sb: Float32Array): boolean {
  if (a.valueHash && a.valueHash === b.valueHash && a.dtype !== b.dtype) return true;
  const bits = Math.min(effectivePrecision(a), effectivePrecision(b));
  const tol = 2 ** -bits;
  for (let i = 0; i < sa.length; i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (Math.abs(x - y) > tol * Math.max(Math.abs(x), Math.abs(y)) + 1e-7) return false;
  }
  if (a.l2 !== undefined && b.l2 !== undefined && Math.abs(a.l2 - b.l2) > 2 * tol * Math.max(a.l2, b.l2) + 1e-6) return false;
  return sa.length > 0;
}

/** Options of {@link compareFingerprints}. */
export interface CompareOptions {
  /** Compute the rank profile of each changed matrix's sampled delta (costlier). @default true */
  deltaRank?: boolean;
  /** Skip the per-tensor list (`tensors` comes back empty); the summary is unchanged. @default false */
  summaryOnly?: boolean;
}

/** Sum of squares of a tensor: exact from `l2`, else estimated from its samples. */
function energy(t: TensorSketch, count: number): number {
  if (t.l2 !== undefined) return t.l2 ** 2;
  const s = tensorSamples(t);
  if (!s.length) return 0;
  let q = 0;
  for (let i = 0; i < s.length; i++) q += s[i]! * s[i]!;
  return (q * count) / s.length;
}

function sameSamples(a: TensorSketch, b: TensorSketch): boolean {
  const sa = tensorSamples(a);
  const sb = tensorSamples(b);
  if (!sa.length || sa.length !== sb.length) return false;
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return false;
  return a.mean === b.mean && a.std === b.std;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Compares two fingerprints tensor by tensor (matched by name), without the model files. */
export function compareFingerprints(a: Fingerprint, b: Fingerprint, opts: CompareOptions = {}): FingerprintComparison {
  const wantRank = opts.deltaRank ?? true;
  const mapA = tensorMap(a);
  const mapB = tensorMap(b);
  const list: TensorComparison[] = [];
  const tensors = { push: opts.summaryOnly ? (_: TensorComparison): void => undefined : (t: TensorComparison): void => void list.push(t) };
  let shared = 0, identical = 0, cast = 0, changed = 0, onlyA = 0, onlyB = 0;
  let wFloat = 0, wIdent = 0, wCast = 0, wLinked = 0, sumD = 0, sumEa = 0, chEa = 0, chEb = 0, chD = 0, wCos = 0, cosSum = 0, wMat = 0, wLow = 0;
  for (const ta of a.tensors ?? []) {
    const tb = mapB.get(ta.name);
    const count = ta.count ?? ta.shape.reduce((x, y) => x * y, 1);
    if (!tb) {
      onlyA++;
      tensors.push({ name: ta.name, status: 'only-a', dtypeA: ta.dtype, count });
      continue;
    }
    if (!sameShape(ta.shape, tb.shape)) {
      tensors.push({ name: ta.name, status: 'reshaped', dtypeA: ta.dtype, dtypeB: tb.dtype, count });
      continue;
    }
    shared++;
    const isFloat = FLOAT_DTYPES.has(ta.dtype) && FLOAT_DTYPES.has(tb.dtype) && count > 0;
    const c: TensorComparison = { name: ta.name, status: 'changed', dtypeA: ta.dtype, dtypeB: tb.dtype, count };
    // Without content hashes (sample-only sketches), same dtype and bit-equal samples count as identical.
    const sameBytes = ta.hash && tb.hash ? ta.hash === tb.hash : ta.dtype === tb.dtype && isFloat && sameSamples(ta, tb);
    const ea = energy(ta, count);
    const eb = energy(tb, count);
    if (sameBytes) {
      c.status = 'identical';
      identical++;
      if (isFloat) {
        wFloat += count; wIdent += count; wCast += count; wLinked += count; sumEa += ea;
      }
      tensors.push(c);
      continue;
    }
    if (!isFloat) {
      changed++;
      tensors.push(c);
      continue;
    }
    const sa = tensorSamples(ta);
    const sb = tensorSamples(tb);
    const n = Math.min(sa.length, sb.length);
    let dd = 0, aa = 0, ca = 0, cb = 0, cab = 0;
    const ma = ta.mean ?? 0;
    const mb = tb.mean ?? 0;
    for (let i = 0; i < n; i++) {
      const x = sa[i]!;
      const y = sb[i]!;
      dd += (y - x) ** 2;
      aa += x * x;
      ca += (x - ma) ** 2;
      cb += (y - mb) ** 2;
      cab += (x - ma) * (y - mb);
    }
    c.relChange = aa > 0 ? Math.sqrt(dd / aa) : dd > 0 ? Infinity : 0;
    c.cosine = ca > 0 && cb > 0 ? cab / Math.sqrt(ca * cb) : ca === cb ? 1 : 0;
    if (ta.mean !== undefined && tb.mean !== undefined) c.meanDelta = tb.mean - ta.mean;
    if (ta.std && tb.std !== undefined) c.stdRatio = tb.std / ta.std;
    if (ta.l2 && tb.l2 !== undefined) c.l2Ratio = tb.l2 / ta.l2;
    const d = n > 0 ? (count * dd) / n : 0;
    wFloat += count;
    sumEa += ea;
    if (castEqual(ta, tb, sa, sb)) {
      c.status = 'cast';
      cast++;
      wCast += count;
      wLinked += count;
      sumD += d;
      tensors.push(c);
      continue;
    }
    changed++;
    sumD += d;
    // Direction signal on centred energy (spread around the mean), so tensors with a large mean such as norm
    // weights near 1 do not drown the signal in the random sign of their mean shift.
    const va = ta.std !== undefined ? ta.std ** 2 : n > 0 ? ca / n : 0;
    const vb = tb.std !== undefined ? tb.std ** 2 : n > 0 ? cb / n : 0;
    const shift = mb - ma;
    chEa += count * va;
    chEb += count * vb;
    chD += n > 0 ? count * Math.max(0, dd / n - shift * shift) : 0;
    if (c.cosine >= 0.5) wLinked += count;
    wCos += count;
    cosSum += count * c.cosine;
    if (wantRank && ta.shape.length >= 2 && n > 0) {
      const layout = samplePositions(ta.name, ta.shape);
      if (layout.rows >= 8 && layout.cols >= 8 && layout.rows * layout.cols === n) {
        const delta = new Float64Array(n);
        for (let i = 0; i < n; i++) delta[i] = sb[i]! - sa[i]!;
        const rp = rankProfile(delta, layout.rows, layout.cols);
        c.deltaRank = { ...rp, gridSide: Math.min(layout.rows, layout.cols) };
        wMat += count;
        if (rp.topHalfEnergy > 0.9999) wLow += count;
      }
    }
    tensors.push(c);
  }
  for (const tb of b.tensors ?? []) {
    if (!mapA.has(tb.name)) {
      onlyB++;
      tensors.push({ name: tb.name, status: 'only-b', dtypeB: tb.dtype, count: tb.count ?? 0 });
    }
  }
  const share = (x: number): number => (wFloat > 0 ? x / wFloat : 0);
  return {
    sameArchitecture: a.architecture.signature === b.architecture.signature,
    tensors: list,
    summary: {
      shared, identical, cast, changed, onlyA, onlyB,
      identicalShare: share(wIdent),
      castShare: share(wCast),
      linkedShare: share(wLinked),
      relL2: sumEa > 0 ? Math.sqrt(sumD / sumEa) : sumD > 0 ? Infinity : 0,
      cosine: wCos > 0 ? cosSum / wCos : 1,
      energyGrowth: chD > 0 ? (chEb - chEa) / chD : 0,
      lowRankShare: wMat > 0 ? wLow / wMat : 0,
      precisionA: minPrecision(a),
      precisionB: minPrecision(b),
    },
  };
}

/** Least-squares fit of c ≈ w·a + (1 − w)·b over samples of shared float tensors (each tensor scaled to unit RMS). */
export function fitMerge(c: Fingerprint, a: Fingerprint, b: Fingerprint): { weight: number; residual: number } {
  const ma = tensorMap(a);
  const mb = tensorMap(b);
  let num = 0, den = 0;
  const parts: [Float32Array, Float32Array, Float32Array, number][] = [];
  for (const tc of c.tensors ?? []) {
    const ta = ma.get(tc.name);
    const tb = mb.get(tc.name);
    if (!ta || !tb || !tc.samples || !ta.samples || !tb.samples) continue;
    const sc = tensorSamples(tc), sa = tensorSamples(ta), sb = tensorSamples(tb);
    const n = Math.min(sc.length, sa.length, sb.length);
    let e = 0;
    for (let i = 0; i < n; i++) e += sc[i]! * sc[i]!;
    const scale = e > 0 ? n / e : 1;
    parts.push([sc, sa, sb, scale]);
    for (let i = 0; i < n; i++) {
      const x = sa[i]! - sb[i]!;
      const y = sc[i]! - sb[i]!;
      num += scale * x * y;
      den += scale * x * x;
    }
  }
  if (den <= 0) return { weight: 0.5, residual: Infinity };
  const w = num / den;
  let r = 0;
  for (const [sc, sa, sb, scale] of parts) {
    const n = Math.min(sc.length, sa.length, sb.length);
    for (let i = 0; i < n; i++) r += scale * (sc[i]! - (w * sa[i]! + (1 - w) * sb[i]!)) ** 2;
  }
  return { weight: w, residual: Math.sqrt(r / den) };
}

/** Fixed-length unit vector of centred, scaled samples (slots interleaved across tensors): a cheap similarity key for nearest-neighbour search. */
export function coarseVector(fp: Fingerprint, dims = 64): Float32Array {
  const mats = (fp.tensors ?? [])
    .filter((t) => t.samples && t.shape.length >= 2 && (t.std ?? 0) > 0)
    .sort((x, y) => (y.count ?? 0) - (x.count ?? 0) || (x.name < y.name ? -1 : 1));
  const pool = mats.length ? mats : (fp.tensors ?? []).filter((t) => t.samples && (t.std ?? 0) > 0);
  const out = new Float32Array(dims);
  if (!pool.length) return out;
  const use = [...pool.slice(0, Math.min(8, pool.length))].sort((x, y) => (x.name < y.name ? -1 : 1));
  // Slots are interleaved across tensors, so any prefix of the vector already covers every tensor used.
  const per = Math.ceil(dims / use.length);
  for (let k = 0; k < dims; k++) {
    const t = use[k % use.length]!;
    const s = tensorSamples(t);
    if (!s.length) continue;
    const j = Math.floor(k / use.length);
    out[k] = (s[Math.floor((j * s.length) / per)]! - (t.mean ?? 0)) / (t.std || 1);
  }
  let norm = 0;
  for (let i = 0; i < dims; i++) norm += out[i]! ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dims; i++) out[i] = out[i]! / norm;
  return out;
}

/** Fixed-length vector of raw sampled values (no centring or scaling), so linear relations such as merges carry over. */
export function probeVector(fp: Fingerprint, dims = 64): Float32Array {
  const use = (fp.tensors ?? [])
    .filter((t) => t.samples && (t.std ?? 0) > 0)
    .sort((x, y) => (y.count ?? 0) - (x.count ?? 0) || (x.name < y.name ? -1 : 1))
    .slice(0, 8)
    .sort((x, y) => (x.name < y.name ? -1 : 1));
  const out = new Float32Array(dims);
  if (!use.length) return out;
  const per = Math.max(1, Math.floor(dims / use.length));
  let k = 0;
  for (const t of use) {
    const s = tensorSamples(t);
    for (let i = 0; i < per && k < dims && i < s.length; i++) out[k++] = s[Math.floor((i * s.length) / per)]!;
  }
  return out;
}
