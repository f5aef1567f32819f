import { FingerprintError, parseSafetensorsHeader, type SafetensorsHeader } from '@modellake/fingerprint';
import { HfImportError } from './errors.js';

export type { SafetensorsHeader };

/** Reads `length` bytes at `offset` of a remote file (an HTTP range request). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

/** Largest header accepted (the Hub's own limit). */
export const MAX_SAFETENSORS_HEADER = 25_000_000;
/** Bytes read by the first range request: enough for the whole header of most files, so one round trip. */
export const FIRST_READ_BYTES = 64 * 1024;

/**
 * Reads the header of a remote safetensors file with one or two range requests (the first
 * `FIRST_READ_BYTES`, then the rest of the header if it is longer) and validates it with
 * `@modellake/fingerprint` (dtypes, shapes, offsets against the file size, overlaps). Never reads
 * tensor data. A header that lies throws `hf-safetensors-invalid` naming the file and byte offset.
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
  try {
    return parseSafetensorsHeader(bytes, { file, fileSize: size });
  } catch (err) {
    if (err instanceof FingerprintError) {
      // FingerprintError messages already start with "<file> at offset <n>: ".
      throw new HfImportError('hf-safetensors-invalid', `safetensors header rejected: ${err.message}.`, { file, cause: err });
    }
    throw err;
  }
}

function bad(file: string, message: string, offset: number): HfImportError {
  return new HfImportError('hf-safetensors-invalid', `safetensors header rejected: ${file} at offset ${offset}: ${message}.`, { file });
}
