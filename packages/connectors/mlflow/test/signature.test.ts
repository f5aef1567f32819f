import fs from 'node:fs';
import path from 'node:path';
import { SHARED_MLFLOW } from './shared.js';
import { describe, expect, it } from 'vitest';
import { signMlflowPayload, verifyMlflowSignature } from '../src/index.js';

const VECTOR = path.join(SHARED_MLFLOW, 'webhooks/signature-test-vector.json');

describe.skipIf(!fs.existsSync(VECTOR))(`signature test vector (${fs.existsSync(VECTOR) ? VECTOR : `skipped: ${VECTOR} is absent`})`, () => {
  it('signs to the recorded X-MLflow-Signature and verifies', () => {
    const v = JSON.parse(fs.readFileSync(VECTOR, 'utf8')) as { secret: string; headers: Record<string, string>; body: string };
    const h = v.headers;
    expect(signMlflowPayload({ secret: v.secret, deliveryId: h['X-MLflow-Delivery-Id']!, timestamp: h['X-MLflow-Timestamp']!, body: v.body })).toBe(h['X-MLflow-Signature']);
    const check = verifyMlflowSignature({ secret: v.secret, body: Buffer.from(v.body), signature: h['X-MLflow-Signature'], deliveryId: h['X-MLflow-Delivery-Id'], timestamp: h['X-MLflow-Timestamp'], nowS: Number(h['X-MLflow-Timestamp']) + 10 });
    expect(check).toEqual({ ok: true, deliveryId: h['X-MLflow-Delivery-Id'], timestamp: 1753950452 });
  });
});

describe('verifyMlflowSignature', () => {
  const secret = 's3cret';
  const body = '{"entity": "model_version", "action": "created", "data": {"name": "m", "version": "1"}}';
  const base = { secret, body, deliveryId: 'd-1', timestamp: '1800000000', nowS: 1800000010 };
  const signature = signMlflowPayload({ secret, deliveryId: 'd-1', timestamp: '1800000000', body });

  it('accepts a correct signature (also among several space-separated ones)', () => {
    expect(verifyMlflowSignature({ ...base, signature }).ok).toBe(true);
    expect(verifyMlflowSignature({ ...base, signature: `v1,AAAA ${signature}` }).ok).toBe(true);
  });
  it('rejects a signature made with another secret, or over another body', () => {
    const other = signMlflowPayload({ secret: 'nope', deliveryId: 'd-1', timestamp: '1800000000', body });
    expect(verifyMlflowSignature({ ...base, signature: other })).toMatchObject({ ok: false, reason: 'signature-invalid' });
    expect(verifyMlflowSignature({ ...base, body: body.replace('"1"', '"2"'), signature })).toMatchObject({ ok: false, reason: 'signature-invalid' });
    expect(verifyMlflowSignature({ ...base, signature: 'v1,garbage' })).toMatchObject({ ok: false, reason: 'signature-invalid' });
  });
  it('binds the delivery id and timestamp into the signature', () => {
    expect(verifyMlflowSignature({ ...base, deliveryId: 'd-2', signature })).toMatchObject({ ok: false, reason: 'signature-invalid' });
    expect(verifyMlflowSignature({ ...base, timestamp: '1800000001', signature })).toMatchObject({ ok: false, reason: 'signature-invalid' });
  });
  it('rejects missing headers with a reason', () => {
    expect(verifyMlflowSignature({ ...base, signature: undefined })).toMatchObject({ ok: false, reason: 'signature-missing' });
    expect(verifyMlflowSignature({ ...base, signature, deliveryId: null })).toMatchObject({ ok: false, reason: 'delivery-id-missing' });
    expect(verifyMlflowSignature({ ...base, signature, timestamp: '' })).toMatchObject({ ok: false, reason: 'timestamp-missing' });
    expect(verifyMlflowSignature({ ...base, signature, timestamp: 'yesterday' })).toMatchObject({ ok: false, reason: 'timestamp-missing' });
  });
  it('rejects timestamps older than 5 minutes or too far in the future', () => {
    expect(verifyMlflowSignature({ ...base, signature, nowS: 1800000000 + 300 }).ok).toBe(true);
    const stale = verifyMlflowSignature({ ...base, signature, nowS: 1800000000 + 301 });
    expect(stale).toMatchObject({ ok: false, reason: 'timestamp-stale' });
    expect(!stale.ok && stale.message).toMatch(/301 s old/);
    expect(verifyMlflowSignature({ ...base, signature, nowS: 1800000000 - 400 })).toMatchObject({ ok: false, reason: 'timestamp-stale' });
  });
});
