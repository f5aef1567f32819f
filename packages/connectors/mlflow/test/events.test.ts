import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MlflowError, parseWebhookPayload, planWebhookEvent } from '../src/index.js';
import { SHARED_MLFLOW } from './shared.js';

const DIR = path.join(SHARED_MLFLOW, 'webhooks');

describe.skipIf(!fs.existsSync(DIR))(`planWebhookEvent on every recorded payload (${fs.existsSync(DIR) ? DIR : `skipped: ${DIR} is absent`})`, () => {
  const expected: Record<string, unknown> = {
    'payload.model_version.created.json': { kind: 'sync-version', event: 'model_version.created', name: 'example_model', version: '1' },
    'payload.model_version_tag.set.json': { kind: 'sync-version', event: 'model_version_tag.set', name: 'example_model', version: '1' },
    'payload.model_version_tag.deleted.json': { kind: 'sync-version', event: 'model_version_tag.deleted', name: 'example_model', version: '1' },
    'payload.model_version_alias.created.json': { kind: 'sync-version', event: 'model_version_alias.created', name: 'example_model', version: '1' },
    'payload.model_version_alias.deleted.json': { kind: 'sync-model', event: 'model_version_alias.deleted', name: 'example_model' },
    'payload.registered_model.created.json': { kind: 'sync-model', event: 'registered_model.created', name: 'example_model' },
  };
  // Guarded: a skipped suite's body still runs at collection time.
  const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.startsWith('payload.')) : [];
  it('covers every payload file', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });
  it.each(files)('%s', (f) => {
    expect(planWebhookEvent(parseWebhookPayload(fs.readFileSync(path.join(DIR, f), 'utf8')))).toEqual(expected[f]);
  });
});

describe('parseWebhookPayload / planWebhookEvent bad input', () => {
  it('names the JSON error position', () => {
    expect(() => parseWebhookPayload('{"entity": "model_version",')).toThrow(/not valid JSON/);
    try {
      parseWebhookPayload('{"entity": }');
    } catch (e) {
      expect(e).toBeInstanceOf(MlflowError);
      expect((e as MlflowError).code).toBe('webhook-payload-invalid');
      expect((e as Error).message).toMatch(/at offset 11 \(line 1\)/);
    }
  });
  it('requires entity, action and data', () => {
    expect(() => parseWebhookPayload('[]')).toThrow(/JSON object/);
    expect(() => parseWebhookPayload('{"action":"created","data":{}}')).toThrow(/`entity`/);
    expect(() => parseWebhookPayload('{"entity":"model_version","action":"created"}')).toThrow(/`data`/);
  });
  it('names a missing data field of a known event', () => {
    expect(() => planWebhookEvent(parseWebhookPayload('{"entity":"model_version","action":"created","data":{"name":"m"}}'))).toThrow(/model_version.created has no `data.version`/);
  });
  it('locates syntax errors', async () => {
    const { jsonErrorOffset } = await import('@modellake/card');
    expect(jsonErrorOffset('{"a": [1, 2, {"b": null}], "c": "x\\u00e9"}')).toBe(-1);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": "open')).toBe(11);
  });
  it('plans unknown entity/action pairs as unknown', () => {
    expect(planWebhookEvent({ entity: 'prompt', action: 'created', data: { name: 'p' } })).toEqual({ kind: 'unknown', event: 'prompt.created' });
  });
});
