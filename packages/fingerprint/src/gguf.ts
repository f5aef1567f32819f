import { FingerprintError } from './errors.js';
import { MAX_TENSORS } from './safetensors.js';
import type { ByteSource } from './source.js';

/** ggml tensor types: [name, block size in elements, bytes per block]. */
const GGML_TYPES: Readonly<Record<number, readonly [string, number, number]>> = {
  0: ['F32', 1, 4],
  1: ['F16', 1, 2],
  2: ['Q4_0', 32, 18],
  3: ['Q4_1', 32, 20],
  6: ['Q5_0', 32, 22],
  7: ['Q5_1', 32, 24],
  8: ['Q8_0', 32, 34],
  9: ['Q8_1', 32, 36],
  10: ['Q2_K', 256, 84],
  11: ['Q3_K', 256, 110],
  12: ['Q4_K', 256, 144],
  13: ['Q5_K', 256, 176],
  14: ['Q6_K', 256, 210],
  15: ['Q8_K', 256, 292],
  16: ['IQ2_XXS', 256, 66],
  17: ['IQ2_XS', 256, 74],
  18: ['IQ3_XXS', 256, 98],
  19: ['IQ1_S', 256, 50],
  20: ['IQ4_NL', 32, 18],
  21: ['IQ3_S', 256, 110],
  22: ['IQ2_S', 256, 82],
  23: ['IQ4_XS', 256, 136],
  24: ['I8', 1, 1],
  25: ['I16', 1, 2],
  26: ['I32', 1, 4],
  27: ['I64', 1, 8],
  28: ['F64', 1, 8],
  29: ['IQ1_M', 256, 56],
  30: ['BF16', 1, 2],
};

/** A GGUF metadata value. */
export type GgufValue = number | bigint | boolean | string | GgufValue[];

/** One tensor described by a GGUF header. */
export interface GgufTensor {
  name: string;
  /** Dimensions in GGUF order (fastest-varying first). */
  shape: number[];
  dtype: string;
  count: number;
  /** Absolute offsets in the file. */
  start: number;
  end: number;
}

/** A validated GGUF header. */
export interface GgufHeader {
  file: string;
  version: number;
  metadata: Record<string, GgufValue>;
  tensors: GgufTensor[];
  dataStart: number;
}

const MAX_STRING = 16 * 1024 * 1024;
const MAX_ARRAY = 64 * 1024 * 1024;

class Cursor {
  buf: Uint8Array = new Uint8Array(0);
  base = 0;
  pos = 0;
  constructor(readonly src: ByteSource) {}

  async need(n: number): Promise<void> {
    const have = this.base + this.buf.byteLength - this.pos;
    if (have >= n) return;
    if (this.pos + n > this.src.size) {
      throw new FingerprintError('truncated', `needs ${n} bytes but the file ends at ${this.src.size}`, { file: this.src.name, offset: this.pos });
    }
    const want = Math.min(this.src.size - this.pos, Math.max(n, 1 << 20));
    this.buf = await this.src.read(this.pos, want);
    this.base = this.pos;
  }
  private view(n: number): DataView {
    const off = this.pos - this.base;
    this.pos += n;
    return new DataView(this.buf.buffer, this.buf.byteOffset + off, n);
  }
  async u32(): Promise<number> {
    await this.need(4);
    return this.view(4).getUint32(0, true);
  }
  async u64(): Promise<number> {
    await this.need(8);
    const at = this.pos;
    const v = this.view(8).getBigUint64(0, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new FingerprintError('bad-gguf', `64-bit value ${v} is too large`, { file: this.src.name, offset: at });
    return Number(v);
  }
  async string(): Promise<string> {
    const at = this.pos;
    const n = await this.u64();
    if (n > MAX_STRING) throw new FingerprintError('bad-gguf', `string length ${n} exceeds ${MAX_STRING}`, { file: this.src.name, offset: at });
    await this.need(n);
    const off = this.pos - this.base;
    this.pos += n;
    return new TextDecoder().decode(this.buf.subarray(off, off + n));
  }
  async scalar(type: number): Promise<GgufValue> {
    const at = this.pos;
    switch (type) {
      case 0: await this.need(1); return this.view(1).getUint8(0);
      case 1: await this.need(1); return this.view(1).getInt8(0);
      case 2: await this.need(2); return this.view(2).getUint16(0, true);
      case 3: await this.need(2); return this.view(2).getInt16(0, true);
      case 4: return this.u32();
      case 5: await this.need(4); return this.view(4).getInt32(0, true);
      case 6: await this.need(4); return this.view(4).getFloat32(0, true);
      case 7: await this.need(1); return this.view(1).getUint8(0) !== 0;
      case 8: return this.string();
      case 10: await this.need(8); return this.view(8).getBigUint64(0, true);
      case 11: await this.need(8); return this.view(8).getBigInt64(0, true);
      case 12: await this.need(8); return this.view(8).getFloat64(0, true);
      case 9: {
        const inner = await this.u32();
        const cntAt = this.pos;
        const n = await this.u64();
        if (n > MAX_ARRAY || n > this.src.size - this.pos) {
          throw new FingerprintError('bad-gguf', `array length ${n} is larger than the file allows`, { file: this.src.name, offset: cntAt });
        }
        const out: GgufValue[] = [];
        for (let i = 0; i < n; i++) out.push(await this.scalar(inner));
        return out;
      }
      default:
        throw new FingerprintError('bad-gguf', `unknown metadata value type ${type}`, { file: this.src.name, offset: at });
    }
  }
}

/** Reads and validates a GGUF header (metadata and tensor table). */
export async function readGgufHeader(src: ByteSource): Promise<GgufHeader> {
  const c = new Cursor(src);
  await c.need(4);
  const magic = new TextDecoder().decode(c.buf.subarray(0, 4));
  if (magic !== 'GGUF') throw new FingerprintError('bad-gguf', `bad magic ${JSON.stringify(magic)}`, { file: src.name, offset: 0 });
  c.pos = 4;
  const version = await c.u32();
  if (version < 2 || version > 3) throw new FingerprintError('bad-gguf', `unsupported GGUF version ${version}`, { file: src.name, offset: 4 });
  const tensorCount = await c.u64();
  const kvCount = await c.u64();
  if (tensorCount > src.size / 24 || kvCount > src.size / 12) {
    throw new FingerprintError('bad-gguf', `claims ${tensorCount} tensors and ${kvCount} metadata entries, more than ${src.size} bytes can hold`, { file: src.name, offset: 8 });
  }
  if (tensorCount > MAX_TENSORS) {
    throw new FingerprintError('bad-gguf', `claims ${tensorCount} tensors, more than the limit of ${MAX_TENSORS}`, { file: src.name, offset: 8 });
  }
  const metadata: Record<string, GgufValue> = {};
  const valueAt: Record<string, number> = {};
  for (let i = 0; i < kvCount; i++) {
    const key = await c.string();
    const type = await c.u32();
    valueAt[key] = c.pos;
    metadata[key] = await c.scalar(type);
  }
  const raw: { name: string; shape: number[]; type: number; offset: number; at: number }[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const at = c.pos;
    const name = await c.string();
    const nd = await c.u32();
    if (nd > 8) throw new FingerprintError('bad-shape', `tensor "${name}" has ${nd} dimensions`, { file: src.name, offset: at });
    const shape: number[] = [];
    for (let d = 0; d < nd; d++) shape.push(await c.u64());
    const type = await c.u32();
    const offset = await c.u64();
    raw.push({ name, shape, type, offset, at });
  }
  const alignment = ggufAlignment(metadata['general.alignment'], src.name, valueAt['general.alignment']);
  const dataStart = Math.ceil(c.pos / alignment) * alignment;
  const tensors: GgufTensor[] = raw.map((t) => {
    const info = GGML_TYPES[t.type];
    if (!info) throw new FingerprintError('bad-dtype', `tensor "${t.name}" has unknown ggml type ${t.type}`, { file: src.name, offset: t.at });
    let count = 1;
    for (const d of t.shape) count *= d;
    if (!Number.isSafeInteger(count) || count > src.size * 8) {
      throw new FingerprintError('bad-shape', `tensor "${t.name}" shape ${JSON.stringify(t.shape)} is larger than the file`, { file: src.name, offset: t.at });
    }
    const [dtype, block, bytes] = info;
    if (count % block !== 0) throw new FingerprintError('bad-shape', `tensor "${t.name}" has ${count} elements, not a multiple of ${dtype} block ${block}`, { file: src.name, offset: t.at });
    const start = dataStart + t.offset;
    const end = start + (count / block) * bytes;
    if (end > src.size) throw new FingerprintError('bad-offsets', `tensor "${t.name}" ends at ${end}, past the end of the file (${src.size})`, { file: src.name, offset: start });
    return { name: t.name, shape: t.shape, dtype, count, start, end };
  });
  const sorted = [...tensors].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) {
      throw new FingerprintError('bad-offsets', `tensor "${sorted[i]!.name}" overlaps tensor "${sorted[i - 1]!.name}"`, { file: src.name, offset: sorted[i]!.start });
    }
  }
  return { file: src.name, version, metadata, tensors: sorted, dataStart };
}

/**
 * `general.alignment`, when present, must be a positive power-of-two integer (at most 1 MiB), as
 * ggml requires; anything else (NaN, 0.3, 0, a string) would misplace every tensor, so it is refused.
 */
function ggufAlignment(v: GgufValue | undefined, file: string, offset: number | undefined): number {
  if (v === undefined) return 32;
  const n = typeof v === 'bigint' ? (v <= BigInt(1 << 30) ? Number(v) : Number.NaN) : typeof v === 'number' ? v : Number.NaN;
  if (!Number.isInteger(n) || n <= 0 || n > 1 << 20 || (n & (n - 1)) !== 0) {
    const shown = typeof v === 'bigint' ? v.toString() : typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'an array' : String(v);
    throw new FingerprintError('bad-gguf', `general.alignment is ${shown}: it must be a positive power-of-two integer (at most ${1 << 20})`, { file, ...(offset !== undefined ? { offset } : {}) });
  }
  return n;
}

/** Base models declared by GGUF `general.base_model.N.*` keys. */
export function ggufBaseModels(meta: Record<string, GgufValue>): { name?: string; organization?: string; repoUrl?: string }[] {
  const n = Number(meta['general.base_model.count'] ?? 0);
  const out: { name?: string; organization?: string; repoUrl?: string }[] = [];
  for (let i = 0; i < Math.min(n, 64); i++) {
    const s = (k: string): string | undefined => {
      const v = meta[`general.base_model.${i}.${k}`];
      return typeof v === 'string' ? v : undefined;
    };
    const entry = { name: s('name'), organization: s('organization'), repoUrl: s('repo_url') };
    out.push(Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)));
  }
  return out;
}
