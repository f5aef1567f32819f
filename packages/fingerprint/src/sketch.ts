import { createHash } from 'node:crypto';
import { bfloat16Table, FLOAT_DTYPES, halfTable, SAFETENSORS_DTYPES, toBf16Bits } from './dtypes.js';
import { samplePositions } from './positions.js';
import type { ByteSource } from './source.js';
import type { TensorSketch } from './types.js';

/** A tensor to sketch: where its bytes are in a source. */
export interface TensorRange {
  name: string;
  dtype: string;
  shape: number[];
  count: number;
  start: number;
  end: number;
}

/** Options of {@link sketchTensors}. */
export interface SketchOptions {
  /** Bytes per read, rounded down to a multiple of 64 KiB (at least 64 KiB). @default 8 MiB */
  chunkSize?: number;
  /** Called after each chunk with the bytes done so far. */
  onProgress?: (bytes: number) => void;
}

interface Moments {
  sum: number;
  sumSq: number;
  min: number;
  max: number;
  n: number;
}

function elementSize(dtype: string): number {
  return SAFETENSORS_DTYPES[dtype] ?? 1;
}

/** Sums are formed per 64 KiB block of a tensor, so the result does not depend on the read size. */
const BLOCK = 65536;

/** Accumulates sum, sum of squares, min and max of float values; non-finite values are skipped. */
function accumulate(m: Moments, chunk: Uint8Array, dtype: string): void {
  for (let b = 0; b < chunk.byteLength; b += BLOCK) accumulateBlock(m, chunk.subarray(b, Math.min(chunk.byteLength, b + BLOCK)), dtype);
}

function accumulateBlock(m: Moments, chunk: Uint8Array, dtype: string): void {
  let s = 0;
  let q = 0;
  let mn = m.min;
  let mx = m.max;
  const len = chunk.byteLength;
  if (dtype === 'F32') {
    const a = new Float32Array(chunk.buffer, chunk.byteOffset, len >> 2);
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      s += v;
      q += v * v;
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
  } else if (dtype === 'F16' || dtype === 'BF16') {
    const t = dtype === 'F16' ? halfTable() : bfloat16Table();
    const a = new Uint16Array(chunk.buffer, chunk.byteOffset, len >> 1);
    for (let i = 0; i < a.length; i++) {
      const v = t[a[i]!]!;
      s += v;
      q += v * v;
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
  } else {
    const a = new Float64Array(chunk.buffer, chunk.byteOffset, len >> 3);
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      s += v;
      q += v * v;
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
  }
  if (Number.isFinite(s) && Number.isFinite(q)) {
    m.sum += s;
    m.sumSq += q;
    m.min = mn;
    m.max = mx;
    m.n += len / elementSize(dtype);
    return;
  }
  // Rare slow path: the chunk holds NaN or infinities; count only finite values.
  const vals = decode(chunk, dtype);
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i]!;
    if (!Number.isFinite(v)) continue;
    m.sum += v;
    m.sumSq += v * v;
    if (v < m.min) m.min = v;
    if (v > m.max) m.max = v;
    m.n++;
  }
}

function decode(chunk: Uint8Array, dtype: string): ArrayLike<number> {
  if (dtype === 'F32') return new Float32Array(chunk.buffer, chunk.byteOffset, chunk.byteLength >> 2);
  if (dtype === 'F64') return new Float64Array(chunk.buffer, chunk.byteOffset, chunk.byteLength >> 3);
  const t = dtype === 'F16' ? halfTable() : bfloat16Table();
  const a = new Uint16Array(chunk.buffer, chunk.byteOffset, chunk.byteLength >> 1);
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = t[a[i]!]!;
  return out;
}

function readValue(chunk: Uint8Array, index: number, dtype: string): number {
  const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (dtype === 'F32') return dv.getFloat32(index * 4, true);
  if (dtype === 'F64') return dv.getFloat64(index * 8, true);
  const bits = dv.getUint16(index * 2, true);
  return (dtype === 'F16' ? halfTable() : bfloat16Table())[bits]!;
}

/** Encodes float32 values as little-endian base64. */
export function encodeSamples(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** Decodes base64 little-endian float32 samples. */
export function decodeSamples(b64: string): Float32Array {
  const buf = Buffer.from(b64, 'base64');
  const out = new Float32Array(buf.byteLength >> 2);
  new Uint8Array(out.buffer).set(buf.subarray(0, out.length * 4));
  return out;
}

/** Hash of sampled values rounded to bf16 (hex, 128 bits). */
export function valueHashOf(samples: Float32Array): string {
  const bits = new Uint16Array(samples.length);
  for (let i = 0; i < samples.length; i++) bits[i] = toBf16Bits(samples[i]!);
  return createHash('sha256').update(new Uint8Array(bits.buffer)).digest('hex').slice(0, 32);
}

/** Gaps between tensors up to this size are read through rather than starting a new read. */
const MAX_GAP = 1 << 20;

interface Segment {
  tensor: number;
  /** Offset in the window buffer. */
  at: number;
  length: number;
  /** Offset of the segment inside its tensor (0 or a multiple of the read size). */
  rel: number;
}

interface Window {
  offset: number;
  length: number;
  segments: Segment[];
}

/** Plans reads of at most `size` bytes: small neighbouring tensors share a read, large ones are split at multiples of `size`. */
function planWindows(sorted: readonly TensorRange[], size: number): Window[] {
  const out: Window[] = [];
  let cur: Window | undefined;
  sorted.forEach((t, i) => {
    const total = t.end - t.start;
    let rel = 0;
    do {
      const pos = t.start + rel;
      const len = Math.min(size, total - rel);
      const end = cur ? cur.offset + cur.length : 0;
      const fits = !!cur && rel === 0 && pos >= end && pos - end <= MAX_GAP && pos + len - cur.offset <= size;
      if (!fits || !cur) {
        cur = { offset: pos, length: 0, segments: [] };
        out.push(cur);
      }
      cur.segments.push({ tensor: i, at: pos - cur.offset, length: len, rel });
      cur.length = pos + len - cur.offset;
      rel += len;
    } while (rel < total);
  });
  return out;
}

/** Sketches tensors of one source in a single sequential pass: sha256 of the bytes, exact moments and fixed-position samples. */
export async function sketchTensors(src: ByteSource, tensors: readonly TensorRange[], opts: SketchOptions = {}): Promise<TensorSketch[]> {
  const size = Math.max(BLOCK, Math.floor((opts.chunkSize ?? 8 << 20) / BLOCK) * BLOCK);
  const sorted = [...tensors].sort((a, b) => a.start - b.start);
  const windows = planWindows(sorted, size);
  const bufs = [new Uint8Array(new ArrayBuffer(size)), new Uint8Array(new ArrayBuffer(size))];
  const out: TensorSketch[] = [];
  let hash = createHash('sha256');
  let current = -1;
  let m: Moments = { sum: 0, sumSq: 0, min: Infinity, max: -Infinity, n: 0 };
  let positions: number[] = [];
  let samples = new Float32Array(0);
  let p = 0;
  let done = 0;
  const finish = (): void => {
    if (current < 0) return;
    const t = sorted[current]!;
    const sk: TensorSketch = { name: t.name, dtype: t.dtype, shape: t.shape, hash: hash.digest('hex'), count: t.count };
    if (FLOAT_DTYPES.has(t.dtype) && t.count > 0) {
      const n = Math.max(m.n, 1);
      const mean = m.sum / n;
      sk.mean = mean;
      sk.std = Math.sqrt(Math.max(0, m.sumSq / n - mean * mean));
      sk.min = Number.isFinite(m.min) ? m.min : 0;
      sk.max = Number.isFinite(m.max) ? m.max : 0;
      sk.l2 = Math.sqrt(m.sumSq);
      sk.samples = encodeSamples(samples);
      sk.valueHash = valueHashOf(samples);
    }
    out.push(sk);
    current = -1;
  };
  const start = (i: number): void => {
    finish();
    current = i;
    const t = sorted[i]!;
    hash = createHash('sha256');
    m = { sum: 0, sumSq: 0, min: Infinity, max: -Infinity, n: 0 };
    positions = FLOAT_DTYPES.has(t.dtype) ? samplePositions(t.name, t.shape).positions : [];
    samples = new Float32Array(positions.length);
    p = 0;
  };
  const read = (k: number): Promise<Uint8Array> | undefined => {
    const w = windows[k];
    return w ? src.read(w.offset, w.length, bufs[k & 1]) : undefined;
  };
  let pending = read(0);
  for (let k = 0; k < windows.length; k++) {
    const bytes = await pending!;
    // Every read is known up front, so the next one is issued before this window is processed.
    pending = read(k + 1);
    for (const seg of windows[k]!.segments) {
      if (seg.tensor !== current) start(seg.tensor);
      const t = sorted[seg.tensor]!;
      let chunk = bytes.subarray(seg.at, seg.at + seg.length);
      hash.update(chunk);
      if (FLOAT_DTYPES.has(t.dtype) && chunk.byteLength > 0) {
        const es = elementSize(t.dtype);
        // Typed-array views need element alignment; tensors packed at odd offsets are copied once.
        if (chunk.byteOffset % es !== 0) chunk = new Uint8Array(chunk);
        accumulate(m, chunk, t.dtype);
        const first = seg.rel / es;
        const last = first + chunk.byteLength / es;
        while (p < positions.length && positions[p]! < last) {
          samples[p] = readValue(chunk, positions[p]! - first, t.dtype);
          p++;
        }
      }
      if (t.start + seg.rel + seg.length === t.end) finish();
    }
    done += windows[k]!.length;
    opts.onProgress?.(done);
  }
  finish();
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
