/** Safetensors dtypes this package understands, with their size in bytes. */
export const SAFETENSORS_DTYPES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

/** Floating-point dtypes whose values enter moments and samples. */
export const FLOAT_DTYPES = new Set(['F16', 'BF16', 'F32', 'F64']);

/** Bits of mantissa precision per float dtype (used to rank precision and tolerate casts). */
export const MANTISSA_BITS: Readonly<Record<string, number>> = { F64: 52, F32: 23, F16: 10, BF16: 7, F8_E4M3: 3, F8_E5M2: 2 };

let f16Table: Float32Array | undefined;
let bf16Table: Float32Array | undefined;

/** Lookup table from an IEEE half bit pattern to its float32 value. */
export function halfTable(): Float32Array {
  if (f16Table) return f16Table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    if (e === 0) t[h] = s * m * 2 ** -24;
    else if (e === 31) t[h] = m ? NaN : s * Infinity;
    else t[h] = s * (1 + m / 1024) * 2 ** (e - 15);
  }
  f16Table = t;
  return t;
}

/** Lookup table from a bfloat16 bit pattern to its float32 value. */
export function bfloat16Table(): Float32Array {
  if (bf16Table) return bf16Table;
  const u = new Uint32Array(65536);
  for (let h = 0; h < 65536; h++) u[h] = h << 16;
  bf16Table = new Float32Array(u.buffer);
  return bf16Table;
}

const cvtF32 = new Float32Array(1);
const cvtU32 = new Uint32Array(cvtF32.buffer);

/** Rounds a float to the nearest bfloat16 (round half to even) and returns its 16-bit pattern. */
export function toBf16Bits(v: number): number {
  cvtF32[0] = v;
  const x = cvtU32[0]!;
  if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) return 0x7fc0;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}
