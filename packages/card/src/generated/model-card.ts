/* eslint-disable */
/** Generated from schemas/*.schema.json by `pnpm gen`. Do not edit by hand. */
import type { Fingerprint } from './fingerprint.js';

/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "stringList".
 */
export type StringList = string[];
/**
 * Tasks in Hugging Face pipeline-tag vocabulary where possible (e.g. `text-generation`).
 */
export type StringList1 = string[];
/**
 * Application domains (legal, medical, vision, ...).
 */
export type StringList2 = string[];
/**
 * Natural languages (ISO 639-1 where known).
 */
export type StringList3 = string[];
/**
 * Named building blocks (backbone, neck, head, techniques).
 */
export type StringList4 = string[];
/**
 * File formats (safetensors, gguf, onnx, pickle, pytorch).
 */
export type StringList5 = string[];
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "scalar".
 */
export type Scalar = string | number | boolean | null;
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "relation".
 */
export type Relation =
  | 'finetune'
  | 'adapter'
  | 'quantized'
  | 'merge'
  | 'distillation'
  | 'continued-pretraining'
  | 'version'
  | 'conversion'
  | 'pretrain'
  | 'other';

/**
 * The modellake model card: what a source said about one version of one model.
 */
export interface ModelCard {
  /**
   * Version of this schema the card was written for.
   */
  cardVersion: '1.0';
  /**
   * Stable model id: `<source>:<native id>`, e.g. `hf:google-bert/bert-base-uncased`.
   */
  id: string;
  /**
   * Source revision of this card: commit sha, registry version, semver, content hash.
   */
  version?: string;
  /**
   * Other ids this model is known by (renamed repos, registry aliases).
   */
  aliases?: string[];
  /**
   * Human name of the model.
   */
  name: string;
  /**
   * Free text (Markdown) describing the model.
   */
  description?: string;
  authors?: Person[];
  organisation?: string;
  created?: string;
  updated?: string;
  /**
   * SPDX identifier or Hugging Face license id (e.g. `apache-2.0`, `llama3.1`, `other`).
   */
  license?: string;
  licenseUrl?: string;
  tags?: StringList;
  tasks?: StringList1;
  domains?: StringList2;
  languages?: StringList3;
  paper?: Reference;
  architecture?: Architecture;
  training?: Training;
  evaluation?: Evaluation;
  lineage?: Lineage;
  usage?: Usage;
  governance?: Governance;
  artifacts?: Artifact[];
  fingerprint?: Fingerprint;
  source?: Source;
  /**
   * Namespaced free-form data from sources, so no source loses information (e.g. `hf`, `mlflow`, `model-index`).
   */
  extensions?: {
    [k: string]: {
      [k: string]: unknown;
    };
  };
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "person".
 */
export interface Person {
  name: string;
  email?: string;
  url?: string;
  organisation?: string;
}
/**
 * A citable work: paper, dataset page, report.
 *
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "reference".
 */
export interface Reference {
  title?: string;
  url?: string;
  authors?: string[];
  year?: number;
  doi?: string;
  arxiv?: string;
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "architecture".
 */
export interface Architecture {
  /**
   * Architecture family (e.g. `llama`, `bert`, `resnet`, `faster-rcnn`).
   */
  family?: string;
  /**
   * Concrete model class (e.g. `LlamaForCausalLM`, `RandomForestClassifier`).
   */
  type?: string;
  /**
   * Library or framework (e.g. `transformers`, `peft`, `sklearn`, `mmdet`, `timm`).
   */
  library?: string;
  /**
   * Total parameter count.
   */
  parameters?: number;
  /**
   * FLOPs per forward pass as reported by the source.
   */
  flops?: number;
  layers?: number;
  hiddenSize?: number;
  attentionHeads?: number;
  vocabSize?: number;
  contextLength?: number;
  components?: StringList4;
  dtypes?: StringList;
  formats?: StringList5;
  /**
   * Quantization scheme (e.g. `Q4_K_M`, `gptq-4bit`).
   */
  quantization?: string;
  /**
   * Framework config as the source gave it (e.g. HF config.json).
   */
  config?: {
    [k: string]: unknown;
  };
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "training".
 */
export interface Training {
  datasets?: Dataset[];
  procedure?: string;
  techniques?: StringList;
  hyperparameters?: {
    [k: string]: Scalar;
  };
  compute?: string;
  epochs?: number;
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "dataset".
 */
export interface Dataset {
  name: string;
  /**
   * Dataset id where known (e.g. `hf:HuggingFaceH4/ultrachat_200k`).
   */
  id?: string;
  role?: 'pretraining' | 'finetuning' | 'evaluation' | 'validation' | 'other';
  uri?: string;
  version?: string;
  /**
   * Content hash of the data (md5, sha256, MLflow dataset digest).
   */
  digest?: string;
  split?: string;
  license?: string;
  citation?: Reference;
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "evaluation".
 */
export interface Evaluation {
  results?: EvaluationResult[];
}
/**
 * One result block in the Hugging Face model-index shape.
 *
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "evaluationResult".
 */
export interface EvaluationResult {
  task: {
    type: string;
    name?: string;
  };
  dataset?: {
    type?: string;
    name: string;
    config?: string;
    split?: string;
    revision?: string;
    args?: {
      [k: string]: unknown;
    };
  };
  /**
   * @minItems 1
   */
  metrics: [Metric, ...Metric[]];
  /**
   * Where the result comes from (leaderboard, paper, run).
   */
  source?: {
    name?: string;
    url?: string;
  };
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "metric".
 */
export interface Metric {
  type: string;
  name?: string;
  value: number | string;
  config?: string;
  verified?: boolean;
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "lineage".
 */
export interface Lineage {
  parents?: Parent[];
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "parent".
 */
export interface Parent {
  /**
   * Parent model id (may name a model not yet in the lake).
   */
  id: string;
  version?: string;
  relation?: Relation;
  /**
   * Where the claim came from (e.g. `hf:base_model`, `peft:adapter_config`, `dvc.lock`).
   */
  declaredBy?: string;
  /**
   * Share of the parent in a merge.
   */
  weight?: number;
  note?: string;
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "usage".
 */
export interface Usage {
  intendedUses?: string[];
  outOfScopeUses?: string[];
  limitations?: string[];
  examples?: {
    title?: string;
    input?: unknown;
    output?: unknown;
  }[];
  howToUse?: string;
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "governance".
 */
export interface Governance {
  owner?: string;
  status?: 'draft' | 'review' | 'approved' | 'rejected' | 'remediation' | 'deprecated';
  riskLevel?: 'minimal' | 'limited' | 'high' | 'unacceptable';
  commercialUse?: boolean;
  compliance?: StringList;
  dataUsageApprovals?: {
    dataset: string;
    approvedBy?: string;
    approvedAt?: string;
    scope?: string;
    reference?: string;
    expires?: string;
  }[];
  biasChecks?: BiasCheck[];
  contact?: string;
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "biasCheck".
 */
export interface BiasCheck {
  name: string;
  status: 'passed' | 'failed' | 'pending' | 'waived';
  metric?: string;
  value?: number;
  threshold?: number;
  date?: string;
  reference?: string;
  notes?: string;
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "artifact".
 */
export interface Artifact {
  path: string;
  size?: number;
  sha256?: string;
  md5?: string;
  format?: string;
  uri?: string;
  lfs?: boolean;
}
/**
 * This interface was referenced by `ModelCard`'s JSON-Schema
 * via the `definition` "source".
 */
export interface Source {
  system: 'huggingface' | 'mlflow' | 'dvc' | 'github' | 'model-index' | 'local' | 'manual';
  uri?: string;
  revision?: string;
  connector?: string;
  connectorVersion?: string;
  importedAt?: string;
  repository?: string;
  commit?: string;
  ref?: string;
  runUrl?: string;
  actor?: string;
  path?: string;
}
