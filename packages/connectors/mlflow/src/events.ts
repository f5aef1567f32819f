import { MlflowError } from './errors.js';
import { jsonErrorOffset } from '@modellake/card';
import type { WireWebhookPayload } from './wire.js';

/** What a webhook event asks the lake to do. */
export type MlflowEventPlan =
  /** Re-read one version (created, tag set/deleted, alias created) and store its card. */
  | { kind: 'sync-version'; event: string; name: string; version: string }
  /** Re-read a registered model and all its versions (model created, alias deleted: the old holder is unknown). */
  | { kind: 'sync-model'; event: string; name: string }
  /** An entity/action this receiver does not handle (prompts, future events). */
  | { kind: 'unknown'; event: string };

/** Parses a delivery body; malformed JSON or a missing envelope is a `webhook-payload-invalid` error naming the position or field. */
export function parseWebhookPayload(body: string): WireWebhookPayload {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    const at = jsonErrorOffset(body);
    const where = at >= 0 ? ` at offset ${at} (line ${body.slice(0, at).split('\n').length})` : '';
    throw new MlflowError('webhook-payload-invalid', `Webhook body is not valid JSON${where}: ${(cause as Error).message}`, { cause });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new MlflowError('webhook-payload-invalid', 'Webhook body must be a JSON object with entity, action and data.');
  const v = value as Record<string, unknown>;
  for (const field of ['entity', 'action'] as const) {
    if (typeof v[field] !== 'string' || !v[field]) throw new MlflowError('webhook-payload-invalid', `Webhook body has no string \`${field}\`.`);
  }
  if (!v.data || typeof v.data !== 'object' || Array.isArray(v.data)) throw new MlflowError('webhook-payload-invalid', 'Webhook body has no object `data`.');
  return v as unknown as WireWebhookPayload;
}

function str(data: Record<string, unknown>, field: string, event: string): string {
  const v = data[field];
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number') return String(v);
  throw new MlflowError('webhook-payload-invalid', `Webhook event ${event} has no \`data.${field}\`.`);
}

/** Decides what an event means for the lake (pure). Unknown entity/action pairs plan `unknown`. */
export function planWebhookEvent(payload: WireWebhookPayload): MlflowEventPlan {
  const event = `${payload.entity}.${payload.action}`;
  const data = payload.data as Record<string, unknown>;
  switch (event) {
    case 'model_version.created':
    case 'model_version_tag.set':
    case 'model_version_tag.deleted':
    case 'model_version_alias.created':
      return { kind: 'sync-version', event, name: str(data, 'name', event), version: str(data, 'version', event) };
    case 'registered_model.created':
    case 'model_version_alias.deleted':
      return { kind: 'sync-model', event, name: str(data, 'name', event) };
    default:
      return { kind: 'unknown', event };
  }
}

/** The registry events the lake subscribes to (the `events` of a created webhook, as REST enum names). */
export const SUBSCRIBED_EVENTS = [
  { entity: 'REGISTERED_MODEL', action: 'CREATED' },
  { entity: 'MODEL_VERSION', action: 'CREATED' },
  { entity: 'MODEL_VERSION_TAG', action: 'SET' },
  { entity: 'MODEL_VERSION_TAG', action: 'DELETED' },
  { entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' },
  { entity: 'MODEL_VERSION_ALIAS', action: 'DELETED' },
] as const;
