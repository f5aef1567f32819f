import type { Dataset } from '@modellake/card';
import type { ComparisonSummary } from '@modellake/fingerprint';

/** One changed value at a dotted path (`architecture.config.hidden_size`, `governance.status`). */
export interface ValueChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
  /** For lists of strings: members only in `after`. */
  added?: string[];
  /** For lists of strings: members only in `before`. */
  removed?: string[];
}

/** Which card a side of the diff is. */
export interface DiffSide {
  id: string;
  version?: string;
  name: string;
}

/** A tensor as named in a fingerprint. */
export interface TensorInfo {
  name: string;
  dtype?: string;
  shape?: number[];
}

/** Architecture section: declared fields, framework config keys, and the tensor layout. */
export interface ArchitectureDiff {
  changed: boolean;
  /** Scalar and list fields of `architecture` (family, type, parameters, layers, dtypes...). */
  fields: ValueChange[];
  /** Flattened framework config keys (`architecture.config`, or the fingerprint's config). */
  config: ValueChange[];
  /** Fingerprint architecture signatures, when both sides have one. */
  signature?: { before: string; after: string; same: boolean };
  tensors: {
    /** False when either side has no tensor list in its fingerprint. */
    compared: boolean;
    added: TensorInfo[];
    removed: TensorInfo[];
    reshaped: { name: string; before: number[]; after: number[] }[];
    retyped: { name: string; before: string; after: string }[];
    unchanged: number;
  };
}

/** Relative change of one tensor between the two sides. */
export interface TensorChange {
  name: string;
  /** ‖b − a‖ / ‖a‖ (estimated from the sketch); null when the sketch cannot tell. */
  relativeChange: number | null;
  identical: boolean;
  /** How the figure was obtained: byte hash, bf16 value hash, sampled values, or summary statistics. */
  method: 'hash' | 'value-hash' | 'samples' | 'stats' | 'compare' | 'unknown';
}

/** Aggregated change of one layer (tensors grouped by their name prefix up to the layer index). */
export interface LayerChange {
  layer: string;
  relativeChange: number;
  tensors: number;
}

/** Weights section: per-tensor relative change from the fingerprints, and the layers that moved most. */
export interface WeightsDiff {
  /** False when either side has no weight sketch (then `note` says why). */
  compared: boolean;
  note?: string;
  identical: boolean;
  /** Norm-weighted relative change over all compared tensors. */
  overallRelativeChange: number | null;
  tensorsCompared: number;
  tensorsChanged: number;
  /** Every compared tensor, largest change first. */
  tensors: TensorChange[];
  /** Layers, largest change first. */
  layers: LayerChange[];
  /** Whole-model figures of @modellake/fingerprint's comparison (cosine, low-rank share, precisions...). */
  summary?: ComparisonSummary;
}

/** Training data section: datasets added, removed, or changed (same name and role, different version/digest). */
export interface DataDiff {
  changed: boolean;
  added: Dataset[];
  removed: Dataset[];
  modified: { key: string; changes: ValueChange[] }[];
}

/** Delta of one metric on one task and dataset. */
export interface MetricDelta {
  task: string;
  dataset: string;
  split?: string;
  metric: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  before?: number | string;
  after?: number | string;
  /** after − before, when both are numbers. */
  delta?: number;
  /** delta / |before|, when before is a non-zero number. */
  relativeDelta?: number;
}

/** Metrics section. */
export interface MetricsDiff {
  changed: boolean;
  deltas: MetricDelta[];
}

/** Governance section (owner, status, risk, approvals, bias checks, plus license). */
export interface GovernanceDiff {
  changed: boolean;
  fields: ValueChange[];
}

/** The full difference between two cards, section by section. */
export interface CardDiff {
  a: DiffSide;
  b: DiffSide;
  /** True when no section changed. */
  identical: boolean;
  architecture: ArchitectureDiff;
  weights: WeightsDiff;
  data: DataDiff;
  metrics: MetricsDiff;
  governance: GovernanceDiff;
  /** Other card fields (name, tags, tasks, declared parents, ...). */
  metadata: ValueChange[];
}
