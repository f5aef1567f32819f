import { HfImportError } from './errors.js';
import type { SafetensorsTensorInfo } from './wire.js';

/** A parsed, validated safetensors header. */
export interface SafetensorsHeader {
  /** Byte length of the JSON header (the u64 at offset 0). */
  headerLength: number;
  /** Offset of the first data byte (8 + headerLength). */
  dataStart: number;
  tensors: Array<{ name: string; dtype: string; shape: number[]; dataOffsets: [number, number] }>;
  metadata?: Record<string, string>;
}

/** Reads `length` bytes at `offset` of a remote file (an HTTP range request). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E4M3: 1, F8_E5M2: 1, F8_E8M0: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8, C64: 8,
};
/** Largest header accepted (the Hub's own limit). */
export const MAX_SAFETENSORS_HEADER = 25_000_000;
/** Bytes read by the first range request: enough for the whole header of most files, so one round trip. */
export const FIRST_READ_BYTES = 64 * 1024;

/**
 * Reads and validates the header of a remote safetensors file with one or two range requests (the
 * first `FIRST_READ_BYTES`, then the rest of the header if it is longer). Never reads tensor data.
 */
export async function readSafetensorsHeader(params: { file: string; size: number; read: RangeReader }): Promise<SafetensorsHeader> {
  const { file, size } = params;
  if (size < 8) throw bad(file, `file is ${size} bytes, too short for a safetensors header`, 0);
  const first = await params.read(0, Math.min(size, FIRST_READ_BYTES));
  if (first.byteLength < 8) throw bad(file, `range read returned ${first.byteLength} bytes, expected at least 8`, 0);
  const n = new DataView(first.buffer, first.byteOffset, first.byteLength).getBigUint64(0, true);
  if (n === 0n || n > BigInt(MAX_SAFETENSORS_HEADER)) throw bad(file, `header length ${n} is out of range (1..${MAX_SAFETENSORS_HEADER})`, 0);
  const headerLength = Number(n);
  if (8 + headerLength > size) throw bad(file, `header length ${headerLength} runs past the end of the ${size}-byte file`, 0);
  let bytes: Uint8Array;
  if (first.byteLength >= 8 + headerLength) bytes = first.subarray(8, 8 + headerLength);
  else {
    const rest = await params.read(first.byteLength, 8 + headerLength - first.byteLength);
    bytes = new Uint8Array(headerLength);
    bytes.set(first.subarray(8), 0);
    bytes.set(rest.subarray(0, 8 + headerLength - first.byteLength), first.byteLength - 8);
  }
  return parseSafetensorsHeader(bytes, { file, fileSize: size });
}

/**
 * Parses the JSON header bytes of a safetensors file and checks that it tells the truth: known dtypes,
 * non-negative integer shapes, data offsets that match `dtype × shape`, do not overlap, and end exactly
 * at the end of the file. Throws `hf-safetensors-invalid` naming the file, tensor and byte offset.
 */
export function parseSafetensorsHeader(bytes: Uint8Array, ctx: { file: string; fileSize: number }): SafetensorsHeader {
  const { file, fileSize } = ctx;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw bad(file, `header is not valid UTF-8 JSON (${(err as Error).message})`, 8);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw bad(file, 'header is not a JSON object', 8);
  const dataStart = 8 + bytes.byteLength;
  const dataLength = fileSize - dataStart;
  const tensors: SafetensorsHeader['tensors'] = [];
  let metadata: Record<string, string> | undefined;
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw && typeof raw === 'object') metadata = raw as Record<string, string>;
      continue;
    }
    const t = raw as Partial<SafetensorsTensorInfo>;
    const width = typeof t?.dtype === 'string' ? DTYPE_BYTES[t.dtype] : undefined;
    if (!width) throw bad(file, `tensor "${name}" has unknown dtype ${JSON.stringify(t?.dtype)}`, 8);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw bad(file, `tensor "${name}" has an invalid shape ${JSON.stringify(t.shape)}`, 8);
    }
    const off = t.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0) || off[1] < off[0]) {
      throw bad(file, `tensor "${name}" has invalid data_offsets ${JSON.stringify(off)}`, 8);
    }
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (off[1] - off[0] !== count * width) {
      throw bad(file, `tensor "${name}" declares ${off[1] - off[0]} bytes but ${t.dtype}${JSON.stringify(t.shape)} needs ${count * width}`, dataStart + off[0]);
    }
    if (off[1] > dataLength) {
      throw bad(file, `tensor "${name}" ends at data offset ${off[1]}, past the end of the file (${dataLength} data bytes)`, dataStart + off[0]);
    }
    tensors.push({ name, dtype: t.dtype!, shape: t.shape, dataOffsets: [off[0], off[1]] });
  }
  const sorted = [...tensors].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0]);
  let pos = 0;
  for (const t of sorted) {
    if (t.dataOffsets[0] < pos) throw bad(file, `tensor "${t.name}" overlaps the previous tensor at data offset ${t.dataOffsets[0]}`, dataStart + t.dataOffsets[0]);
    pos = t.dataOffsets[1];
  }
  if (pos !== dataLength) throw bad(file, `tensors cover ${pos} data bytes but the file holds ${dataLength}`, dataStart + pos);
  return { headerLength: bytes.byteLength, dataStart, tensors, ...(metadata ? { metadata } : {}) };
}

function bad(file: string, message: string, offset: number): HfImportError {
  return new HfImportError('hf-safetensors-invalid', `${file}: safetensors header rejected at byte ${offset}: ${message}.`, { file });
}
