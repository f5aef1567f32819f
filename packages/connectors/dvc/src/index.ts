export type * from './wire.js';
export { DvcError, formatProblem, type DvcErrorCode, type DvcProblem } from './errors.js';
export {
  parseDvcYaml,
  parseDvcLock,
  parseDvcFile,
  parseLegacyArtifacts,
  parseDataFile,
  parseDvcConfig,
  joinPath,
  ARTIFACT_NAME_RE,
  type DvcEntry,
  type DvcLock,
  type DvcYaml,
  type DvcTrackedFile,
  type LockStage,
  type YamlStage,
  type YamlOut,
  type ParamRef,
  type ArtifactDecl,
  type Parsed,
  type DvcRemote,
} from './parse.js';
export { parseGtoTag, gtoRegistry, parseTagListing, type GitTag, type GtoTag, type GtoArtifactState, type GtoVersion } from './gto.js';
export type { DvcProject, DvcGitInfo, DvcMapContext, KnownOut } from './project.js';
export { toModelCards, resolveStages, flatten, isModelLike, modelFormat, CONNECTOR_NAME, CONNECTOR_VERSION, type DvcMapResult, type ResolvedStage } from './map.js';
export { readDvcRepo, type ReadDvcRepoOptions, type DvcRepo } from './read.js';
export { readGitInfo, gitTopLevel } from './git.js';
export { importDvcRepo, scanLakeOuts, outStateKey, type ImportDvcRepoOptions, type DvcImportSummary, type ImportedCard, type DvcLakeClient } from './import.js';
export { installHooks, uninstallHooks, hookScript, shellQuote, HOOK_NAMES, HOOK_MARKER, CHAINED_SUFFIX, type HookName, type InstallHooksOptions, type HookChange, type HooksResult } from './hooks.js';
