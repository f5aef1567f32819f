export type * from './wire.js';
export { ModelIndexError, formatProblem, type ModelIndexProblem, type ProblemCode, type ModelIndexErrorCode } from './errors.js';
export { parseCount, parsePlainNumber, type ParsedNumber } from './numbers.js';
export { slugify, toTaskTag, LIBRARY_BY_NAMESPACE } from './tasks.js';
export { scanConfig, type CheckpointRef } from './config-scan.js';
export {
  loadModelIndex,
  type LoadModelIndexOptions,
  type LoadResult,
  type ModelIndexDocument,
  type LoadedModel,
  type LoadedCollection,
  type LoadedHfEntry,
  type DocumentKind,
} from './loader.js';
export { toModelCards, normaliseWeightsUrl, EXTENSION, type MapContext, type MappedCard, type ToModelCardsResult } from './map.js';
export {
  importModelIndex,
  readModelIndexCards,
  type ReadModelIndexCardsOptions,
  type ReadModelIndexCardsResult,
  type ImportModelIndexOptions,
  type ImportModelIndexResult,
  type ImportedModel,
  type CardSink,
  type BatchPutResult,
} from './import.js';
