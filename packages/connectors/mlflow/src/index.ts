export type * from './wire.js';
export { MLFLOW_WEBHOOK_HEADERS } from './wire.js';
export { MlflowError, isMlflowError, type MlflowErrorCode } from './errors.js';
export {
  mlflowRequest,
  trackingServerUrl,
  filterValue,
  listRegisteredModels,
  getRegisteredModel,
  listModelVersions,
  getModelVersion,
  getModelVersionByAlias,
  getRun,
  getLoggedModel,
  createWebhook,
  listWebhooks,
  type MlflowParams,
  type FetchLike,
  type FetchResponseLike,
  type SearchOptions,
} from './client.js';
export { parseModelSource, type ParsedSource } from './uris.js';
export { toModelCard, tagMap, CONNECTOR_NAME, CONNECTOR_VERSION, type MlflowVersionRecord, type MlflowCardContext } from './to-model-card.js';
export { signMlflowPayload, verifyMlflowSignature, MLFLOW_SIGNATURE_VERSION, DEFAULT_TIMESTAMP_TOLERANCE_S, type SignatureCheck, type SignatureFailure } from './signature.js';
export { parseWebhookPayload, planWebhookEvent, SUBSCRIBED_EVENTS, type MlflowEventPlan } from './events.js';
export {
  fetchVersionRecord,
  syncModelVersion,
  syncRegistry,
  applyWebhookPlan,
  watchRegistry,
  type CardSink,
  type SyncStatus,
  type SyncProgress,
  type SyncFailure,
  type SyncSummary,
  type SyncRegistryOptions,
  type SyncContextOptions,
  type WatchRegistryOptions,
} from './sync.js';
export { createClientSink } from './sink.js';
export { webhookSetup, type WebhookSetup } from './webhook-setup.js';
