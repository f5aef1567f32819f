/**
 * MLflow REST and webhook shapes, exactly as MLflow sends them (snake_case, proto2 JSON: every
 * field optional, int64 timestamps in milliseconds, `version` as a string). Mirrors
 * `mlflow/protos/model_registry.proto`, `service.proto` and `webhooks.proto`.
 */

/** `{ key, value }` tag of a registered model, model version, run or dataset input. */
export interface WireTag {
  key?: string;
  value?: string;
}

/** `RegisteredModelAlias`: an alias name and the version it points to. */
export interface WireRegisteredModelAlias {
  alias?: string;
  version?: string;
}

/** `ModelVersionStatus` enum. */
export type WireModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

/** `ModelVersion` message. MLflow 3 adds `model_id` (the logged model it was registered from). */
export interface WireModelVersion {
  name?: string;
  version?: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: WireModelVersionStatus | (string & {});
  status_message?: string;
  tags?: WireTag[];
  run_link?: string;
  aliases?: string[];
  model_id?: string;
}

/** `RegisteredModel` message. */
export interface WireRegisteredModel {
  name?: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  description?: string;
  latest_versions?: WireModelVersion[];
  tags?: WireTag[];
  aliases?: WireRegisteredModelAlias[];
}

/** Response of `GET registered-models/search`. */
export interface WireSearchRegisteredModelsResponse {
  registered_models?: WireRegisteredModel[];
  next_page_token?: string;
}

/** Response of `GET registered-models/get`. */
export interface WireGetRegisteredModelResponse {
  registered_model?: WireRegisteredModel;
}

/** Response of `GET model-versions/search`. */
export interface WireSearchModelVersionsResponse {
  model_versions?: WireModelVersion[];
  next_page_token?: string;
}

/** Response of `GET model-versions/get` and `GET registered-models/alias`. */
export interface WireModelVersionResponse {
  model_version?: WireModelVersion;
}

/** `Metric` message (latest value of a run metric). */
export interface WireMetric {
  key?: string;
  value?: number | string;
  timestamp?: number;
  step?: number;
  model_id?: string;
  dataset_name?: string;
  dataset_digest?: string;
  run_id?: string;
}

/** `Param` message. */
export interface WireParam {
  key?: string;
  value?: string;
}

/** `RunInfo` message (`run_uuid` is the deprecated twin of `run_id`). */
export interface WireRunInfo {
  run_id?: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id?: string;
  user_id?: string;
  status?: string;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

/** `RunData` message. */
export interface WireRunData {
  metrics?: WireMetric[];
  params?: WireParam[];
  tags?: WireTag[];
}

/** `Dataset` message: `source` and `schema`/`profile` are JSON strings. */
export interface WireDataset {
  name?: string;
  digest?: string;
  source_type?: string;
  source?: string;
  schema?: string;
  profile?: string;
}

/** `DatasetInput` message; the `mlflow.data.context` tag says training, validation or evaluation. */
export interface WireDatasetInput {
  tags?: WireTag[];
  dataset?: WireDataset;
}

/** `ModelInput` message (MLflow 3: a run that used a logged model). */
export interface WireModelInput {
  model_id?: string;
}

/** `RunInputs` message. */
export interface WireRunInputs {
  dataset_inputs?: WireDatasetInput[];
  model_inputs?: WireModelInput[];
}

/** `Run` message. */
export interface WireRun {
  info?: WireRunInfo;
  data?: WireRunData;
  inputs?: WireRunInputs;
}

/** Response of `GET runs/get`. */
export interface WireGetRunResponse {
  run?: WireRun;
}

/** `LoggedModelInfo` (MLflow 3). */
export interface WireLoggedModelInfo {
  model_id?: string;
  experiment_id?: string;
  name?: string;
  creation_timestamp_ms?: number;
  last_updated_timestamp_ms?: number;
  artifact_uri?: string;
  status?: string;
  creator_id?: number | string;
  model_type?: string;
  source_run_id?: string;
  status_message?: string;
  tags?: WireTag[];
}

/** `LoggedModelData` (MLflow 3). */
export interface WireLoggedModelData {
  params?: WireParam[];
  metrics?: WireMetric[];
}

/** `LoggedModel` (MLflow 3). */
export interface WireLoggedModel {
  info?: WireLoggedModelInfo;
  data?: WireLoggedModelData;
}

/** Response of `GET logged-models/{model_id}` (MLflow 3). */
export interface WireGetLoggedModelResponse {
  model?: WireLoggedModel;
}

/** Error body of every MLflow REST error, e.g. `{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"..."}`. */
export interface WireErrorBody {
  error_code?: string;
  message?: string;
}

/** `WebhookEvent`: entity and action, as enum names in REST (`MODEL_VERSION`, `CREATED`). */
export interface WireWebhookEvent {
  entity?: string;
  action?: string;
}

/** `Webhook` message. */
export interface WireWebhook {
  webhook_id?: string;
  name?: string;
  description?: string;
  url?: string;
  events?: WireWebhookEvent[];
  status?: 'ACTIVE' | 'DISABLED' | (string & {});
  creation_timestamp?: number;
  last_updated_timestamp?: number;
}

/** Body of `POST /mlflow/webhooks` (CreateWebhook). */
export interface WireCreateWebhookRequest {
  name: string;
  description?: string;
  url: string;
  events: WireWebhookEvent[];
  secret?: string;
  status?: 'ACTIVE' | 'DISABLED';
}

/** Response of `POST /mlflow/webhooks` and `GET /mlflow/webhooks/{id}`. */
export interface WireWebhookResponse {
  webhook?: WireWebhook;
}

/** Response of `GET /mlflow/webhooks`. */
export interface WireListWebhooksResponse {
  webhooks?: WireWebhook[];
  next_page_token?: string;
}

/** Envelope of a webhook delivery body: entity and action in lowercase, ISO timestamp, event data. */
export interface WireWebhookPayload<D = Record<string, unknown>> {
  entity: string;
  action: string;
  timestamp?: string;
  data: D;
  workspace?: string;
}

/** `data` of `registered_model.created`. */
export interface WireRegisteredModelCreatedData {
  name: string;
  tags?: Record<string, string>;
  description?: string | null;
}

/** `data` of `model_version.created`. */
export interface WireModelVersionCreatedData {
  name: string;
  version: string;
  source?: string;
  run_id?: string | null;
  tags?: Record<string, string>;
  description?: string | null;
}

/** `data` of `model_version_tag.set`. */
export interface WireModelVersionTagSetData {
  name: string;
  version: string;
  key: string;
  value: string;
}

/** `data` of `model_version_tag.deleted`. */
export interface WireModelVersionTagDeletedData {
  name: string;
  version: string;
  key: string;
}

/** `data` of `model_version_alias.created`. */
export interface WireModelVersionAliasCreatedData {
  name: string;
  alias: string;
  version: string;
}

/** `data` of `model_version_alias.deleted`. */
export interface WireModelVersionAliasDeletedData {
  name: string;
  alias: string;
}

/** Request headers MLflow sets on a webhook delivery. */
export const MLFLOW_WEBHOOK_HEADERS = {
  signature: 'x-mlflow-signature',
  timestamp: 'x-mlflow-timestamp',
  deliveryId: 'x-mlflow-delivery-id',
} as const;
