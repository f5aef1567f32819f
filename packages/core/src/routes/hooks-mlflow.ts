import { MLFLOW_WEBHOOK_HEADERS, MlflowError, parseWebhookPayload, planWebhookEvent, verifyMlflowSignature, type MlflowEventPlan } from '@modellake/connector-mlflow';
import { Hono } from 'hono';
import type { RouteContext } from '../app.js';
import { requireRole } from '../auth.js';
import { BODY_LIMITS, decodeBody, readBodyLimited } from '../body.js';
import { LakeError, toProblem } from '../errors.js';
import { intQuery } from '../query.js';
import type { DeliveryQueue } from '../hooks/delivery-queue.js';
import type { DeliveryWorker } from '../hooks/worker.js';

/** Largest webhook body accepted (MLflow payloads are a few hundred bytes). */
const MAX_HOOK_BODY_BYTES = BODY_LIMITS.webhook;

/**
 * `POST /v1/hooks/mlflow`: verifies the signature over the raw body, refuses stale timestamps,
 * deduplicates by delivery id, queues the event durably and answers at once; the worker syncs later.
 */
export function mlflowHookRoutes(ctx: RouteContext, deps: { queue: DeliveryQueue; worker: DeliveryWorker; now: () => number; log: Pick<Console, 'warn'> }): Hono {
  const r = new Hono();
  ctx.document('post', '/v1/hooks/mlflow', {
    summary: 'Receive an MLflow Model Registry webhook (signed with X-MLflow-Signature).',
    tags: ['hooks'],
    role: 'public',
    security: [],
    responses: {
      '200': { description: 'Queued, or a repeated delivery acknowledged without processing.' },
      '202': { description: 'Unknown event type: acknowledged and logged, not processed.' },
      '400': { description: 'Malformed JSON or event data.' },
      '401': { description: 'Missing, wrong or stale signature; nothing stored.' },
      '413': { description: 'Body over 1 MiB (checked while streaming, before the signature); the connection is closed.' },
      '503': { description: 'No webhook secret configured on this lake.' },
    },
  });
  r.post('/hooks/mlflow', async (c) => {
    // Size first, while streaming: nothing (not even the signature) is looked at before the body is
    // known to fit, and no more than the limit is ever buffered.
    const raw = Buffer.from(await readBodyLimited(c, MAX_HOOK_BODY_BYTES, { what: 'Webhook body' }));
    const secret = ctx.config.mlflow?.webhookSecret;
    if (!secret) {
      // Answered here rather than thrown: a disabled receiver is configuration, not a server fault to log.
      const problem = toProblem(new LakeError('mlflow-webhooks-disabled', 503, 'MLflow webhooks are not enabled on this lake: start it with --mlflow-webhook-secret (or MODELLAKE_MLFLOW_WEBHOOK_SECRET).'), '/v1/hooks/mlflow');
      return c.json(problem, 503, { 'content-type': 'application/problem+json' });
    }
    deps.worker.noteActivity();
    const nowMs = deps.now();
    const check = verifyMlflowSignature({
      secret,
      body: raw,
      signature: c.req.header(MLFLOW_WEBHOOK_HEADERS.signature),
      deliveryId: c.req.header(MLFLOW_WEBHOOK_HEADERS.deliveryId),
      timestamp: c.req.header(MLFLOW_WEBHOOK_HEADERS.timestamp),
      nowS: Math.floor(nowMs / 1000),
    });
    if (!check.ok) throw new LakeError('webhook-unauthorized', 401, check.message, { details: { reason: check.reason } });
    const deliveryId = check.deliveryId;
    const body = decodeBody(raw, 'Webhook body');
    const receivedAt = new Date(nowMs).toISOString();

    // A retry of an accepted delivery is acknowledged before anything else is looked at.
    const known = deps.queue.get('mlflow', deliveryId);
    if (known) return c.json({ status: 'duplicate', deliveryId, event: known.event, state: known.status }, 200);

    let plan: MlflowEventPlan;
    try {
      plan = planWebhookEvent(parseWebhookPayload(body));
    } catch (err) {
      if (err instanceof MlflowError) throw new LakeError('webhook-payload-invalid', 400, err.message, { details: { deliveryId } });
      throw err;
    }
    if (plan.kind === 'unknown') {
      const outcome = deps.queue.enqueue({ source: 'mlflow', deliveryId, event: plan.event, key: '', body, status: 'ignored', receivedAt, now: nowMs });
      deps.log.warn(`modellake: MLflow webhook ${deliveryId} has event type ${plan.event}, which this lake does not handle; acknowledged and ignored.`);
      return c.json({ status: outcome === 'duplicate' ? 'duplicate' : 'ignored', deliveryId, event: plan.event }, outcome === 'duplicate' ? 200 : 202);
    }
    const outcome = deps.queue.enqueue({ source: 'mlflow', deliveryId, event: plan.event, key: plan.name, body, receivedAt, now: nowMs });
    if (outcome === 'duplicate') return c.json({ status: 'duplicate', deliveryId, event: plan.event }, 200);
    deps.worker.kick();
    return c.json({ status: 'queued', deliveryId, event: plan.event, model: plan.name, ...(plan.kind === 'sync-version' ? { version: plan.version } : {}) }, 200);
  });

  ctx.document('get', '/v1/hooks/mlflow/deliveries', { summary: 'Recent MLflow webhook deliveries and their processing state', tags: ['hooks'], role: 'admin' });
  r.get('/hooks/mlflow/deliveries', requireRole('admin'), async (c) => {
    const limit = intQuery(c, 'limit', { min: 1, max: 500 }) ?? 50;
    return c.json({ counts: deps.queue.counts(), deliveries: deps.queue.recent('mlflow', limit).map(({ body: _body, ...d }) => d) });
  });
  return r;
}
