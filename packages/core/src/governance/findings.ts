import type { ModelCard, Relation } from '@modellake/card';
import type { Severity } from './policy.js';

/** Evidence of a finding: where in the card (JSON pointer) and/or which ancestor it concerns. */
export interface FindingEvidence {
  /** JSON pointer into the card, e.g. `/architecture/parameters`. */
  path?: string;
  /** The ancestor the finding is about. */
  ancestorId?: string;
  /** Chain of ids from the model to the ancestor (model first). */
  ancestorPath?: string[];
  expected?: unknown;
  actual?: unknown;
  [extra: string]: unknown;
}

/** One governance finding. */
export interface Finding {
  /** Stable code `<area>.<what>` (e.g. `license.obligation-conflict`). */
  code: string;
  severity: Severity;
  message: string;
  /** The policy rule that produced it (`licenses`, `metrics[0]`, `cardVsReality`, ...). */
  rule: string;
  evidence: FindingEvidence;
}

/** An ancestor of a model, nearest first, as given to {@link evaluatePolicy}. */
export interface Ancestor {
  id: string;
  /** 1 for a direct parent. */
  depth: number;
  /** Relation of the edge into this ancestor's child. */
  relation?: Relation | string;
  /** Ids from the model down to this ancestor (model first, ancestor last). */
  path: string[];
  /** `declared` (from a card) or `detected` (by the lineage engine from weights). */
  origin: 'declared' | 'detected';
  confidence?: number;
  /** The ancestor's card, when the lake holds it. */
  card?: ModelCard;
}

/** Obligations inherited from one ancestor's license. */
export interface InheritedObligation {
  ancestorId: string;
  license: string;
  obligations: string[];
}

/** Result of evaluating a policy on one card. */
export interface PolicyEvaluation {
  id: string;
  version?: string;
  findings: Finding[];
  obligations: InheritedObligation[];
  summary: { error: number; warning: number; info: number };
  /** True when there is no finding of severity `error`. */
  passed: boolean;
}

/** Ranks severities: error 3, warning 2, info 1. */
export function severityRank(s: Severity | 'none'): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : s === 'info' ? 1 : 99;
}
