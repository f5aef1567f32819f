import { SAFETENSORS_DTYPES, toBf16Bits } from './dtypes.js';

/** A tensor to encode: float values are converted to the dtype (F32, F16 or BF16); raw bytes are written as is. */
export interface TensorInput {
  name: string;
  dtype: string;
  shape: number[];
  values?: ArrayLike<number>;
  bytes?: Uint8Array;
}

/** Rounds a float to the nearest IEEE half and returns its bits. */
export function toHalfBits(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const e = (x >>> 23) & 0xff;
  let m = x & 0x7fffff;
  if (e === 0xff) return sign | 0x7c00 | (m ? 0x200 : 0);
  const exp = e - 127 + 15;
  if (exp >= 0x1f) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    m |= 0x800000;
    const shift = 14 - exp;
    const half = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rem > mid || (rem === mid && half & 1) ? 1 : 0));
  }
  const half = (exp << 10) | (m >>> 13);
  const rem = m & 0x1fff;
  return sign | (half + (rem > 0x1000 || (rem === 0x1000 && half & 1) ? 1 : 0));
}

/** Encodes tensors as a safetensors file (header padded to 8 bytes, tensors in the given order). */
export function encodeSafetensors(tensors: readonly TensorInput[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const t of tensors) {
    let bytes = t.bytes;
    if (!bytes) {
      const vals = t.values ?? [];
      if (t.dtype === 'F32') bytes = new Uint8Array(Float32Array.from(vals).buffer);
      else if (t.dtype === 'F64') bytes = new Uint8Array(Float64Array.from(vals).buffer);
      else if (t.dtype === 'F16' || t.dtype === 'BF16') {
        const u = new Uint16Array(vals.length);
        for (let i = 0; i < vals.length; i++) u[i] = t.dtype === 'F16' ? toHalfBits(vals[i]!) : toBf16Bits(vals[i]!);
        bytes = new Uint8Array(u.buffer);
      } else bytes = new Uint8Array(vals.length * (SAFETENSORS_DTYPES[t.dtype] ?? 1));
    }
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    blobs.push(bytes);
    offset += bytes.byteLength;
  }
  const raw = new TextEncoder().encode(JSON.stringify(header));
  const hb = new Uint8Array(Math.ceil(raw.byteLength / 8) * 8).fill(0x20);
  hb.set(raw);
  const out = new Uint8Array(8 + hb.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(hb.byteLength), true);
  out.set(hb, 8);
  let at = 8 + hb.byteLength;
  for (const b of blobs) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}
