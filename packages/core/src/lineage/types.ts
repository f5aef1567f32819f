import type { Fingerprint } from '@modellake/fingerprint';

/** Relation of a lineage edge (the card schema's `relation` values). */
export type LineageRelation = 'finetune' | 'adapter' | 'quantized' | 'merge' | 'distillation' | 'continued-pretraining' | 'version';

/** A parent a source declared for a model. */
export interface DeclaredParent {
  /** Parent id as written by the source (resolved against known models by the engine). */
  id: string;
  relation?: LineageRelation;
  /** Where the claim came from: `card`, `tag`, `peft`, `gguf`, `mlflow`, `dvc`, ... */
  source: string;
}

/** What the lineage engine knows about one model. */
export interface LineageModel {
  id: string;
  /** `full` weights, a PEFT `adapter`, a `gguf` file, or `none` when only declared info is known. */
  kind: 'full' | 'adapter' | 'gguf' | 'none';
  fingerprint?: Fingerprint;
  declared: DeclaredParent[];
}

/** One parent -> child edge with the evidence behind it. */
export interface LineageEdge {
  parent: string;
  child: string;
  relation: LineageRelation;
  /** 0..1. */
  confidence: number;
  /** `weights` (detected), `declared`, or `both`. */
  basis: 'weights' | 'declared' | 'both';
  evidence: Record<string, unknown>;
}

/** A governance finding raised by lineage (e.g. `declared-parent-mismatch`). */
export interface LineageFinding {
  model: string;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** The lineage graph of a set of models. */
export interface LineageGraph {
  models: string[];
  edges: LineageEdge[];
  findings: LineageFinding[];
  /** Root of each model's family. */
  roots: Record<string, string>;
}
