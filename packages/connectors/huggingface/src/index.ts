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
