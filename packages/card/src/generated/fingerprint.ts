/* eslint-disable */
/** Generated from schemas/*.schema.json by `pnpm gen`. Do not edit by hand. */

/**
 * Architecture signature and weight sketch of a model, computed from its files. Opaque to the card; produced and compared by @modellake/fingerprint.
 */
export interface Fingerprint {
  /**
   * Fingerprint format version.
   */
  version: number;
  /**
   * Sketch algorithm id, e.g. `mlfp-1`.
   */
  algorithm?: string;
  architecture: {
    /**
     * Hash of the tensor layout (names, shapes) independent of dtype.
     */
    signature: string;
    modelType?: string;
    tensorCount?: number;
    parameters?: number;
    dtypes?: string[];
    config?: {
      [k: string]: unknown;
    };
  };
  files?: {
    path: string;
    format?: string;
    size?: number;
    sha256?: string;
  }[];
  /**
   * Set when the files are a PEFT adapter rather than full weights.
   */
  adapter?: {
    type?: string;
    baseModel?: string;
    rank?: number;
    alpha?: number;
    targetModules?: string[];
    [k: string]: unknown;
  };
  tensors?: {
    name: string;
    dtype: string;
    shape: number[];
    /**
     * Content hash of the raw tensor bytes (hex).
     */
    hash?: string;
    /**
     * Hash of the sampled values rounded to bf16 (hex): equal across most precision casts; casts are confirmed on samples and exact moments.
     */
    valueHash?: string;
    count?: number;
    mean?: number;
    std?: number;
    min?: number;
    max?: number;
    l2?: number;
    /**
     * Values at positions fixed by the tensor name and shape (algorithm `mlfp-1`: a 16x16 row/column grid for matrices, 256 positions for vectors), float32 little-endian, base64.
     */
    samples?: string;
  }[];
  extra?: {
    [k: string]: unknown;
  };
}
