/** Current fingerprint format version. */
export const FINGERPRINT_VERSION = 1;
/** Id of the sketch algorithm (sample layout and statistics). */
export const FINGERPRINT_ALGORITHM = 'mlfp-1';

import type { Fingerprint } from '@modellake/card';

/** A model fingerprint: the `Fingerprint` type generated from `schemas/fingerprint.schema.json`. */
export type { Fingerprint };

/** Per-tensor sketch: content hash, exact moments over every value, and samples at architecture-determined positions. */
export type TensorSketch = NonNullable<Fingerprint['tensors']>[number];
