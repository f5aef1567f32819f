import { createWebhook, type MlflowParams } from './client.js';
import { isMlflowError } from './errors.js';
import { SUBSCRIBED_EVENTS } from './events.js';
import type { WireCreateWebhookRequest, WireWebhook } from './wire.js';

/** What `modellake mlflow webhook create` did: registered through MLflow's API, or printed for manual setup. */
export interface WebhookSetup {
  registered: boolean;
  request: WireCreateWebhookRequest;
  webhook?: WireWebhook;
  /** Why it was not registered (e.g. an MLflow 2 server without the webhook API). */
  reason?: string;
}

/**
 * Builds the webhook MLflow should call (`<lake>/v1/hooks/mlflow`, all registry events, signed with
 * `secret`) and, when `register` is set, creates it through MLflow's webhook API.
 */
export async function webhookSetup(options: {
  lakeUrl: string;
  secret: string;
  name?: string;
  register?: boolean;
  mlflow?: MlflowParams;
}): Promise<WebhookSetup> {
  const request: WireCreateWebhookRequest = {
    name: options.name ?? 'modellake',
    description: 'Keeps the modellake model lake in sync with this registry.',
    url: `${options.lakeUrl.replace(/\/+$/, '')}/v1/hooks/mlflow`,
    events: SUBSCRIBED_EVENTS.map((e) => ({ ...e })),
    secret: options.secret,
    status: 'ACTIVE',
  };
  if (!options.register || !options.mlflow) return { registered: false, request };
  try {
    const webhook = await createWebhook({ ...options.mlflow, webhook: request });
    return { registered: true, request, webhook };
  } catch (err) {
    if (isMlflowError(err, 'mlflow-unsupported')) return { registered: false, request, reason: err.message };
    throw err;
  }
}
