import type { DvcProblem } from './errors.js';
import type { GitTag } from './gto.js';
import type { ArtifactDecl, DvcLock, DvcRemote, DvcTrackedFile, DvcYaml } from './parse.js';

/** Git facts of the checkout a project was read from. */
export interface DvcGitInfo {
  /** HEAD commit sha. */
  commit?: string;
  branch?: string;
  /** `remote.origin.url`, if set. */
  remoteUrl?: string;
  tags: GitTag[];
}

/**
 * Everything read from one DVC project (a directory holding dvc.yaml and/or `.dvc` files):
 * the input of the pure mapper. Paths inside are relative to `dir`.
 */
export interface DvcProject {
  /** Repository name used in card ids (`dvc:<repoName>/<artifact>`). */
  repoName: string;
  /** Directory of the project relative to the repository root (`''` for the root). */
  dir: string;
  dvcYaml?: DvcYaml;
  dvcLock?: DvcLock;
  /** GTO's legacy artifacts.yaml, when present. */
  legacyArtifacts?: Record<string, ArtifactDecl>;
  dvcFiles: DvcTrackedFile[];
  /** Parsed params files by project-relative path. */
  params: Record<string, Record<string, unknown>>;
  /** Parsed metrics files by project-relative path. */
  metrics: Record<string, Record<string, unknown>>;
  git?: DvcGitInfo;
  /** Default remote of the repository's `.dvc/config` (never `config.local`, which may hold credentials). */
  remote?: DvcRemote;
  /** Problems found while reading the files (paths relative to the repository root). */
  problems: DvcProblem[];
}

/** An output whose hash is known outside the project being mapped (another project, or a card in the lake). */
export interface KnownOut {
  /** md5 (`<32 hex>` or `<32 hex>.dir`), etag or checksum as DVC records it. */
  hash: string;
  /** Id of the model card that holds this output. */
  id: string;
  version?: string;
  path?: string;
}

/** Context of the pure mapper: time and everything else that is not in the project files. */
export interface DvcMapContext {
  /** ISO 8601 time of the import. */
  importedAt: string;
  connectorVersion?: string;
  /** Also make a card for every model-like output that is not a declared artifact. @default false */
  allOuts?: boolean;
  /** Outputs known elsewhere, for declared lineage across projects and repositories. */
  knownOuts?: readonly KnownOut[];
}
