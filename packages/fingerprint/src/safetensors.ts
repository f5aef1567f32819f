import { SAFETENSORS_DTYPES } from './dtypes.js';
import { FingerprintError } from './errors.js';
import type { ByteSource } from './source.js';

/** Largest header accepted (the reference implementation's limit). */
export const MAX_SAFETENSORS_HEADER = 100_000_000;

/**
 * Most tensors one file may list (safetensors and GGUF). Real checkpoints stay far below it (the
 * largest mixture-of-experts shards list a few tens of thousands); a header of a million empty
 * tensors would otherwise cost gigabytes of sketches.
 */
export const MAX_TENSORS = 200_000;

/** One tensor entry of a safetensors header, with absolute byte offsets in the file. */
export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Number of elements. */
  count: number;
  /** Absolute offset of the first byte in the file. */
  start: number;
  /** Absolute offset one past the last byte. */
  end: number;
}

/** A validated safetensors header. */
export interface SafetensorsHeader {
  file: string;
  size: number;
  /** Absolute offset of the data section. */
  dataStart: number;
  metadata: Record<string, string>;
  /** Tensors sorted by offset. */
  tensors: TensorEntry[];
}

/** Validates a safetensors header given its JSON bytes and the file size; never trusts a claimed size before checking it. */
export function parseSafetensorsHeader(json: Uint8Array, opts: { file: string; fileSize: number }): SafetensorsHeader {
  const { file, fileSize } = opts;
  const dataStart = 8 + json.byteLength;
  const dataSize = fileSize - dataStart;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    throw new FingerprintError('bad-header', `header is not valid UTF-8 JSON (${(e as Error).message})`, { file, offset: 8, cause: e });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FingerprintError('bad-header', 'header is not a JSON object', { file, offset: 8 });
  }
  let listed = 0;
  for (const key in raw) {
    if (key !== '__metadata__' && ++listed > MAX_TENSORS) {
      throw new FingerprintError('bad-header', `header lists more than ${MAX_TENSORS} tensors (the limit of this reader)`, { file, offset: 8 });
    }
  }
  const metadata: Record<string, string> = {};
  const tensors: TensorEntry[] = [];
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) if (typeof v === 'string') metadata[k] = v;
      }
      continue;
    }
    const bad = (code: 'bad-header' | 'bad-dtype' | 'bad-shape' | 'bad-offsets', msg: string, offset = 8): never => {
      throw new FingerprintError(code, `tensor "${name}": ${msg}`, { file, offset });
    };
    if (!value || typeof value !== 'object') bad('bad-header', 'entry is not an object');
    const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof v.dtype !== 'string' || !(v.dtype in SAFETENSORS_DTYPES)) bad('bad-dtype', `unknown dtype ${JSON.stringify(v.dtype)}`);
    const dtype = v.dtype as string;
    if (!Array.isArray(v.shape) || v.shape.length > 16) bad('bad-shape', 'shape must be an array of at most 16 dimensions');
    let count = 1;
    for (const d of v.shape as unknown[]) {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) bad('bad-shape', `dimension ${JSON.stringify(d)} is not a non-negative integer`);
      count *= d as number;
      if (count > Number.MAX_SAFE_INTEGER || count * SAFETENSORS_DTYPES[dtype]! > Math.max(dataSize, 0)) {
        bad('bad-shape', `shape ${JSON.stringify(v.shape)} needs more bytes than the file holds (${Math.max(dataSize, 0)})`);
      }
    }
    const offs = v.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)) {
      bad('bad-offsets', 'data_offsets must be two non-negative integers');
    }
    const [b, e] = offs as [number, number];
    if (b > e) bad('bad-offsets', `data_offsets [${b}, ${e}] are reversed`, dataStart + b);
    if (e > dataSize) bad('bad-offsets', `data_offsets end ${e} is past the end of the data section (${dataSize} bytes)`, dataStart + b);
    if (e - b !== count * SAFETENSORS_DTYPES[dtype]!) {
      bad('bad-offsets', `data_offsets span ${e - b} bytes but ${dtype}${JSON.stringify(v.shape)} needs ${count * SAFETENSORS_DTYPES[dtype]!}`, dataStart + b);
    }
    tensors.push({ name, dtype, shape: (v.shape as number[]).slice(), count, start: dataStart + b, end: dataStart + e });
  }
  tensors.sort((x, y) => x.start - y.start || x.end - y.end);
  for (let i = 1; i < tensors.length; i++) {
    const prev = tensors[i - 1]!;
    const cur = tensors[i]!;
    if (cur.start < prev.end) {
      throw new FingerprintError('bad-offsets', `tensor "${cur.name}" overlaps tensor "${prev.name}"`, { file, offset: cur.start });
    }
  }
  return { file, size: fileSize, dataStart, metadata, tensors };
}

/** Reads and validates the header of a safetensors file from a ByteSource. */
export async function readSafetensorsHeader(source: ByteSource): Promise<SafetensorsHeader> {
  if (source.size < 8) {
    throw new FingerprintError('truncated', `file is ${source.size} bytes, shorter than the 8-byte header length`, { file: source.name, offset: 0 });
  }
  const lenBytes = await source.read(0, 8);
  const len = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true);
  if (len > BigInt(MAX_SAFETENSORS_HEADER)) {
    throw new FingerprintError('header-too-large', `header length ${len} exceeds the ${MAX_SAFETENSORS_HEADER}-byte limit`, { file: source.name, offset: 0 });
  }
  const n = Number(len);
  if (8 + n > source.size) {
    throw new FingerprintError('truncated', `header length ${n} runs past the end of the file (${source.size} bytes)`, { file: source.name, offset: 8 });
  }
  const json = await source.read(8, n);
  return parseSafetensorsHeader(json, { file: source.name, fileSize: source.size });
}
