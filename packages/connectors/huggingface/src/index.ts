export type * from './wire.js';
export { HfImportError, isSkippable, toHfError, type HfErrorCode } from './errors.js';
export {
  toModelCard,
  hfModelId,
  CONNECTOR_NAME,
  type HfModelRecord,
  type SafetensorsSummary,
  type MappingWarning,
  type ToModelCardContext,
} from './to-model-card.js';
export { createHubFetch, parseRetryAfter, type HubFetchOptions } from './http.js';
export { readSafetensorsHeader, FIRST_READ_BYTES, MAX_SAFETENSORS_HEADER, type SafetensorsHeader, type RangeReader } from './safetensors.js';
export {
  fetchModelRecord,
  toApiModelInfo,
  DEFAULT_HUB_URL,
  INFO_FIELDS,
  type HubParams,
  type FetchModelOptions,
  type FetchedModel,
  type WeightSketcher,
} from './fetch-model.js';
export {
  createFileCheckpointStore,
  createMemoryCheckpointStore,
  createLakeCheckpointStore,
  LAKE_STATE_KEY,
  emptyState,
  type CheckpointStore,
  type HfImportState,
} from './checkpoint.js';
export {
  importFromHub,
  lastRunStart,
  selectionKey,
  DEFAULT_CONCURRENCY,
  type HfSelection,
  type CardSink,
  type ImportProgress,
  type ImportOutcome,
  type ImportSummary,
  type ImportFromHubOptions,
} from './import.js';
export { createRangeSketcher, type RangeSketcherOptions } from './sketch.js';
