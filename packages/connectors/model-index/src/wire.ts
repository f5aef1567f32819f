/**
 * Shapes of Papers-with-Code model-index files as they appear upstream (OpenMMLab metafiles, timm
 * pages, Hugging Face card `model-index:` blocks). Keys are spelled exactly as upstream writes them;
 * every field is optional and loosely typed because real files break every rule at least once.
 */

/** A scalar as YAML gives it: numbers often arrive as strings (`"25.6M"`, `"40.5"`). */
export type WireScalar = string | number | boolean | null;

/** A root index: `Import:` lists metafiles relative to the file holding it. */
export interface WireRootIndex {
  Import?: string[];
  [key: string]: unknown;
}

/** A paper reference (`Paper:`); sometimes a bare URL string upstream. */
export interface WirePaper {
  Title?: string;
  URL?: string;
  [key: string]: unknown;
}

/** Code reference (`Code:`); sometimes a bare URL string upstream. */
export interface WireCode {
  URL?: string | null;
  Version?: string;
  [key: string]: unknown;
}

/** `Metadata:` of a collection or a model. Values are strings or numbers as the author typed them. */
export interface WireMetadata {
  'Training Data'?: string | string[];
  'Training Techniques'?: string[] | string;
  'Training Resources'?: string;
  Architecture?: string[] | string;
  Parameters?: WireScalar;
  FLOPs?: WireScalar;
  Epochs?: WireScalar;
  'Batch Size'?: WireScalar;
  'Training Memory (GB)'?: WireScalar;
  'inference time (ms/im)'?: unknown;
  /** mmaction2: the dataset a backbone was pre-trained on. */
  Pretrained?: string;
  /** timm pages. */
  Tasks?: string[];
  'File Size'?: WireScalar;
  ID?: string;
  [key: string]: unknown;
}

/** One `Collections:` entry: a model family described once for all its models. */
export interface WireCollection {
  Name: string;
  Metadata?: WireMetadata;
  Paper?: WirePaper | string;
  README?: string;
  Code?: WireCode | string;
  Task?: string;
  Year?: WireScalar;
  License?: string;
  Frameworks?: string[];
  [key: string]: unknown;
}

/** One `Results:` entry: metrics of one task on one dataset. */
export interface WireResult {
  Task?: string;
  Dataset?: string;
  Metrics?: Record<string, WireScalar> | null;
  [key: string]: unknown;
}

/** `Converted From:` of a model ported from third-party weights. */
export interface WireConvertedFrom {
  Weights?: string;
  Code?: string;
  [key: string]: unknown;
}

/** One `Models:` entry. */
export interface WireModel {
  Name: string;
  'In Collection'?: string;
  Metadata?: WireMetadata;
  /** A list upstream, but a single mapping in some files (mmsegmentation, mmaction2). */
  Results?: WireResult[] | WireResult | null;
  /** A list when a model ships several checkpoints (trackers: detector + re-id). */
  Weights?: string | string[] | null;
  Config?: string;
  'Converted From'?: WireConvertedFrom;
  /** mmpretrain: names of models fine-tuned from this one. */
  Downstream?: string[] | string;
  /** mmpretrain: checkpoint URL this model was initialised from. */
  Pretrain?: string;
  Alias?: string[] | string;
  Paper?: WirePaper | string;
  Code?: WireCode | string;
  README?: string;
  'Training Log'?: string | string[];
  /** Spelled both ways upstream. */
  'Training log'?: string | string[];
  Framework?: string;
  [key: string]: unknown;
}

/** A metafile (`metafile.yml`, or the YAML kept in a timm page comment). */
export interface WireMetafile {
  Type?: string;
  Import?: string[];
  Collections?: WireCollection[];
  Models?: WireModel[];
  [key: string]: unknown;
}

/** Hugging Face model card `model-index:` entry (front matter). */
export interface WireHfModelIndexEntry {
  name: string;
  results?: WireHfResult[];
  [key: string]: unknown;
}

/** One result of a Hugging Face card `model-index:` entry. */
export interface WireHfResult {
  task?: { type?: string; name?: string };
  dataset?: { type?: string; name?: string; config?: string; split?: string; revision?: string; args?: unknown };
  metrics?: { type?: string; name?: string; value?: WireScalar; config?: string; verified?: boolean }[];
  source?: { name?: string; url?: string };
  [key: string]: unknown;
}
