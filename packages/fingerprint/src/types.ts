/** Current fingerprint format version. */
export const FINGERPRINT_VERSION = 1;
/** Id of the sketch algorithm (sample layout and statistics). */
export const FINGERPRINT_ALGORITHM = 'mlfp-1';

/** Per-tensor sketch: content hash, exact moments over every value, and samples at architecture-determined positions. */
export interface TensorSketch {
  name: string;
  dtype: string;
  shape: number[];
  /** sha256 of the raw tensor bytes (hex). */
  hash?: string;
  /** Hash of the sampled values rounded to bf16: equal across precision casts in most cases (hex). */
  valueHash?: string;
  count?: number;
  mean?: number;
  std?: number;
  min?: number;
  max?: number;
  /** Square root of the exact sum of squares of every value. */
  l2?: number;
  /** Values at the positions {@link samplePositions} gives for this name and shape: float32 LE, base64. */
  samples?: string;
}

/** A model fingerprint; structurally the `Fingerprint` of `schemas/fingerprint.schema.json`. */
export interface Fingerprint {
  version: number;
  algorithm?: string;
  architecture: {
    signature: string;
    modelType?: string;
    tensorCount?: number;
    parameters?: number;
    dtypes?: string[];
    config?: Record<string, unknown>;
  };
  files?: { path: string; format?: string; size?: number; sha256?: string }[];
  adapter?: { type?: string; baseModel?: string; rank?: number; alpha?: number; targetModules?: string[]; [k: string]: unknown };
  tensors?: TensorSketch[];
  extra?: Record<string, unknown>;
}
