import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signature scheme version MLflow puts before the base64 digest. */
export const MLFLOW_SIGNATURE_VERSION = 'v1';

/** Oldest accepted `X-MLflow-Timestamp`, in seconds. @default 300 */
export const DEFAULT_TIMESTAMP_TOLERANCE_S = 300;

/** Computes `v1,<base64 HMAC-SHA256(secret, "<delivery id>.<timestamp>.<raw body>")>` as MLflow signs a delivery. */
export function signMlflowPayload(input: { secret: string; deliveryId: string; timestamp: string; body: string | Uint8Array }): string {
  const mac = createHmac('sha256', input.secret);
  mac.update(`${input.deliveryId}.${input.timestamp}.`);
  mac.update(input.body);
  return `${MLFLOW_SIGNATURE_VERSION},${mac.digest('base64')}`;
}

/** Why a delivery was refused. */
export type SignatureFailure = 'signature-missing' | 'signature-invalid' | 'timestamp-missing' | 'timestamp-stale' | 'delivery-id-missing';

/** Outcome of verifying a delivery. */
export type SignatureCheck = { ok: true; deliveryId: string; timestamp: number } | { ok: false; reason: SignatureFailure; message: string };

/**
 * Verifies an MLflow webhook delivery: headers present, timestamp within `toleranceS` of `nowS`
 * (both directions), and one of the space-separated `v1,` signatures matching in constant time.
 */
export function verifyMlflowSignature(input: {
  secret: string;
  body: string | Uint8Array;
  signature: string | null | undefined;
  deliveryId: string | null | undefined;
  timestamp: string | null | undefined;
  nowS: number;
  toleranceS?: number;
}): SignatureCheck {
  const tolerance = input.toleranceS ?? DEFAULT_TIMESTAMP_TOLERANCE_S;
  if (!input.signature) return { ok: false, reason: 'signature-missing', message: 'The delivery has no X-MLflow-Signature header (is a secret set on the MLflow webhook?).' };
  if (!input.deliveryId) return { ok: false, reason: 'delivery-id-missing', message: 'The delivery has no X-MLflow-Delivery-Id header.' };
  if (!input.timestamp) return { ok: false, reason: 'timestamp-missing', message: 'The delivery has no X-MLflow-Timestamp header.' };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'timestamp-missing', message: `X-MLflow-Timestamp ${JSON.stringify(input.timestamp.slice(0, 40))} is not a Unix time in seconds.` };
  const ts = Number(input.timestamp);
  const age = input.nowS - ts;
  if (Math.abs(age) > tolerance) {
    return {
      ok: false,
      reason: 'timestamp-stale',
      message: age > 0 ? `X-MLflow-Timestamp is ${age} s old; deliveries older than ${tolerance} s are refused (replay protection).` : `X-MLflow-Timestamp is ${-age} s in the future; clocks differ by more than ${tolerance} s.`,
    };
  }
  const expected = Buffer.from(signMlflowPayload({ secret: input.secret, deliveryId: input.deliveryId, timestamp: input.timestamp, body: input.body }));
  for (const candidate of input.signature.trim().split(/\s+/)) {
    const got = Buffer.from(candidate);
    if (got.length === expected.length && timingSafeEqual(got, expected)) return { ok: true, deliveryId: input.deliveryId, timestamp: ts };
  }
  return { ok: false, reason: 'signature-invalid', message: 'X-MLflow-Signature does not match the body signed with the configured secret.' };
}
