/**
 * Upstream shapes exactly as DVC and GTO write them (dvc.yaml, dvc.lock, `*.dvc`, GTO's legacy
 * artifacts.yaml). Only the mapper turns these into model cards.
 */

/** A stage output in dvc.yaml: a path, or `{ <path>: OutFlags }`. */
export type DvcYamlOutWire = string | Record<string, DvcYamlOutFlagsWire | null>;

/** Flags of one output in dvc.yaml (`cache`, `persist`, `desc`, `type`, `labels`, `meta`, ...). */
export interface DvcYamlOutFlagsWire {
  cache?: boolean;
  persist?: boolean;
  checkpoint?: boolean;
  desc?: string;
  type?: string;
  labels?: string[];
  meta?: Record<string, unknown>;
  remote?: string;
  push?: boolean;
}

/** A params entry of a stage: a key in params.yaml, `{ <file>: [keys] }` or `{ <file>: null }` (whole file). */
export type DvcYamlParamWire = string | Record<string, string[] | null>;

/** One stage of dvc.yaml. */
export interface DvcYamlStageWire {
  cmd: string | string[];
  wdir?: string;
  deps?: string[];
  params?: DvcYamlParamWire[];
  outs?: DvcYamlOutWire[];
  metrics?: DvcYamlOutWire[];
  plots?: unknown[];
  frozen?: boolean;
  always_changed?: boolean;
  vars?: unknown[];
  desc?: string;
  meta?: unknown;
}

/** A `foreach`/`do` or `matrix` stage generator (resolved into `name@key` stages in dvc.lock). */
export interface DvcYamlGeneratorWire {
  foreach?: unknown;
  matrix?: Record<string, unknown>;
  do?: DvcYamlStageWire;
  cmd?: string | string[];
  [key: string]: unknown;
}

/** A top-level artifact of dvc.yaml. */
export interface DvcYamlArtifactWire {
  path: string;
  type?: string;
  desc?: string;
  labels?: string[];
  meta?: Record<string, unknown>;
}

/** dvc.yaml. */
export interface DvcYamlWire {
  vars?: unknown[];
  stages?: Record<string, DvcYamlStageWire | DvcYamlGeneratorWire>;
  plots?: unknown[] | Record<string, unknown>;
  params?: string[];
  metrics?: string[];
  artifacts?: Record<string, DvcYamlArtifactWire>;
  datasets?: unknown[];
}

/** A dependency or output as recorded in dvc.lock or a `.dvc` file. */
export interface DvcLockEntryWire {
  path: string;
  /** Hash algorithm name in DVC 3 (`md5`); absent in DVC 2 locks (md5-dos2unix). */
  hash?: string;
  md5?: string;
  etag?: string;
  checksum?: string;
  version_id?: string;
  size?: number;
  nfiles?: number;
  isexec?: boolean;
  cache?: boolean;
  persist?: boolean;
  desc?: string;
  type?: string;
  labels?: string[];
  meta?: Record<string, unknown>;
  remote?: string;
  push?: boolean;
  repo?: { url: string; rev?: string; rev_lock?: string };
}

/** One stage of dvc.lock. */
export interface DvcLockStageWire {
  cmd: string | string[];
  deps?: DvcLockEntryWire[];
  params?: Record<string, Record<string, unknown>>;
  outs?: DvcLockEntryWire[];
  frozen?: boolean;
}

/** dvc.lock (schema '2.0'). */
export interface DvcLockWire {
  schema?: string;
  stages?: Record<string, DvcLockStageWire>;
}

/** A `.dvc` file (`dvc add` / `dvc import` output). */
export interface DvcFileWire {
  md5?: string;
  frozen?: boolean;
  wdir?: string;
  desc?: string;
  deps?: DvcLockEntryWire[];
  outs?: DvcLockEntryWire[];
}

/** One artifact of GTO's legacy `artifacts.yaml`. */
export interface GtoLegacyArtifactWire {
  path?: string;
  type?: string;
  description?: string;
  labels?: string[];
  virtual?: boolean;
  custom?: unknown;
}
