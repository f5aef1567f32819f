import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '@modellake/card';
import { toModelCard, parseModelSource, MlflowError, type MlflowVersionRecord } from '../src/index.js';
import type { WireModelVersion, WireRegisteredModel, WireRun } from '../src/wire.js';
import { loadRegistryFixture } from './fake-mlflow-server.js';
import { SHARED_MLFLOW } from './shared.js';
import { expectPure } from '../../../../test/support/purity.js';

const ctx = { importedAt: '2026-11-26T12:00:00.000Z', trackingUri: 'http://mlflow.test:5000' };

function recordFor(name: string, version: string): MlflowVersionRecord {
  const reg = loadRegistryFixture();
  const registeredModel = reg.registered_models.find((m) => m.name === name)!;
  const mv = reg.model_versions.find((v) => v.name === name && v.version === version)!;
  const aliases = (registeredModel.aliases ?? []).filter((a) => a.version === version).map((a) => a.alias!);
  const lm = reg.logged_models?.find((m) => m.info?.model_id === mv.model_id);
  const runId = mv.run_id ?? lm?.info?.source_run_id;
  const run = reg.runs.find((r) => r.info?.run_id === runId);
  const parentRunId = run?.data?.tags?.find((t) => t.key === 'mlflow.parentRunId')?.value;
  const parentRunVersions = parentRunId ? reg.model_versions.filter((v) => v.run_id === parentRunId) : [];
  return { registeredModel, version: { ...mv, aliases }, ...(run ? { run } : {}), ...(lm ? { loggedModel: lm } : {}), ...(parentRunVersions.length ? { parentRunVersions } : {}) };
}

function expectValid(card: unknown): void {
  const r = validate(card);
  expect(r.issues).toEqual([]);
  expect(r.ok).toBe(true);
}

describe('toModelCard on the test registry', () => {
  it.each([
    ['fraud-detector', '1'],
    ['fraud-detector', '2'],
    ['fraud-detector', '3'],
    ['fraud-base', '1'],
    ['summarizer', '1'],
    ['support-agent', '1'],
  ])('maps %s v%s to a valid card matching the reviewed golden card', async (name, version) => {
    const card = toModelCard(recordFor(name, version), ctx);
    expectValid(card);
    await expect(JSON.stringify(card, null, 2) + '\n').toMatchFileSnapshot(`./__golden__/${name}-v${version}.card.json`);
  });

  it('carries id, version, aliases, stage, params, metrics, datasets, author and lineage', () => {
    const card = toModelCard(recordFor('fraud-detector', '2'), ctx);
    expect(card.id).toBe('mlflow:fraud-detector');
    expect(card.version).toBe('2');
    expect(card.aliases).toEqual(['mlflow:fraud-detector@champion']);
    expect(card.tags).toEqual(expect.arrayContaining(['team:risk', 'validated:true', 'owner:risk-ml', 'stage:Production', 'alias:champion', 'sklearn']));
    expect(card.tags).not.toContain('mlflow.internal:x');
    expect(card.governance?.status).toBe('approved');
    expect(card.authors).toEqual([{ name: 'alice' }]);
    expect(card.training?.hyperparameters).toEqual({ n_estimators: 400, max_depth: 8, class_weight: 'balanced', early_stopping: true });
    expect(card.training?.datasets).toEqual([{ name: 'transactions-2025q4', uri: 's3://risk-data/transactions/2025q4.parquet', digest: '9f2c41ab', split: 'training' }]);
    expect(card.evaluation?.results?.[0]?.metrics).toEqual([
      { type: 'auc', name: 'auc', value: 0.95 },
      { type: 'f1', name: 'f1', value: 0.74 },
    ]);
    expect(card.architecture).toEqual({ library: 'sklearn', formats: ['pickle'] });
    expect(card.lineage?.parents).toEqual([
      { id: 'mlflow:fraud-base', version: '1', relation: 'other', declaredBy: 'mlflow:parentRunId', note: 'registered from parent run 3b2c1d0e9f8a47b6a5c4d3e2f1a0b9c8' },
    ]);
    expect(card.source?.runUrl).toBe('http://mlflow.test:5000/#/experiments/1/runs/2a1b3c4d5e6f47a8b9c0d1e2f3a4b5c6');
    expect(card.artifacts).toEqual([{ path: 'model', uri: '/srv/mlruns/1/2a1b3c4d5e6f47a8b9c0d1e2f3a4b5c6/artifacts/model', format: 'pickle' }]);
  });

  it('maps a source model (models:/name/version) to a declared parent', () => {
    const card = toModelCard(recordFor('fraud-detector', '3'), ctx);
    expect(card.lineage?.parents).toEqual([{ id: 'mlflow:fraud-base', version: '1', relation: 'other', declaredBy: 'mlflow:source' }]);
    expect(card.aliases).toEqual(['mlflow:fraud-detector@challenger']);
    expect(card.governance).toBeUndefined();
  });

  it('marks a source version of the same registered model as relation version', () => {
    const rec = recordFor('fraud-detector', '3');
    rec.version = { ...rec.version!, source: 'models:/fraud-detector/2' };
    expect(toModelCard(rec, ctx).lineage?.parents?.[0]).toMatchObject({ id: 'mlflow:fraud-detector', version: '2', relation: 'version' });
  });

  it('uses MLflow 3 logged model params and per-dataset metrics', () => {
    const card = toModelCard(recordFor('support-agent', '1'), ctx);
    expect(card.training?.hyperparameters).toEqual({ temperature: 0.2, llm: 'gpt-x' });
    expect(card.evaluation?.results).toEqual([
      { task: { type: 'unspecified' }, dataset: { name: 'support-eval' }, metrics: [{ type: 'correctness', name: 'correctness', value: 0.82 }], source: { name: 'mlflow logged model m-7f3e2a1b9c8d4e5f', url: 'http://mlflow.test:5000/#/experiments/3/runs/6e5f4a3b2c1d40e9d8c7b6a5f4e3d2c1' } },
    ]);
    expect(card.extensions?.mlflow).toMatchObject({ version: { modelId: 'm-7f3e2a1b9c8d4e5f' }, loggedModel: { modelType: 'agent' } });
  });

  it('maps the transformers flavor: task, class and the Hub model it came from', () => {
    const card = toModelCard(recordFor('summarizer', '1'), ctx);
    expect(card.tasks).toEqual(['summarization']);
    expect(card.architecture).toMatchObject({ library: 'transformers', type: 'BartForConditionalGeneration' });
    expect(card.lineage?.parents).toEqual([{ id: 'hf:sshleifer/distilbart-cnn-12-6', relation: 'other', declaredBy: 'mlflow:transformers.source_model_name' }]);
  });

  it('builds a version-less card for a registered model without versions', () => {
    const reg = loadRegistryFixture();
    const card = toModelCard({ registeredModel: reg.registered_models[0]! }, ctx);
    expectValid(card);
    expect(card).toMatchObject({ id: 'mlflow:fraud-base', name: 'fraud-base', description: 'Baseline fraud classifier' });
    expect(card.version).toBeUndefined();
  });

  it('is pure: never changes its input, reads no clock or randomness, and gives the same card as before', () => {
    // Input and context deep-frozen (a write throws), called under two different fake clocks and random sources.
    const card = expectPure({ record: recordFor('fraud-detector', '1'), ctx: { ...ctx } }, ({ record, ctx: c }) => toModelCard(record, c));
    expect(card).toEqual(toModelCard(recordFor('fraud-detector', '1'), ctx));
    expect(card.source).toMatchObject({ importedAt: ctx.importedAt });
  });

  it('rejects a record without a model name, and a version of another model', () => {
    expect(() => toModelCard({ registeredModel: {} }, ctx)).toThrow(MlflowError);
    expect(() => toModelCard({ registeredModel: { name: 'a' }, version: { name: 'b', version: '1' } }, ctx)).toThrow(/belongs to "b", not to registered model "a"/);
  });
});

describe('parseModelSource', () => {
  it.each([
    ['models:/fraud/3', { kind: 'registered-version', name: 'fraud', version: '3' }],
    ['models:/fraud@champion', { kind: 'registered-alias', name: 'fraud', alias: 'champion' }],
    ['models:/fraud/Production', { kind: 'registered-stage', name: 'fraud', stage: 'Production' }],
    ['models:/m-123', { kind: 'logged-model', modelId: 'm-123' }],
    ['runs:/abc/model', { kind: 'run', runId: 'abc', artifactPath: 'model' }],
    ['s3://b/1/0123456789abcdef0123456789abcdef/artifacts/model', { kind: 'artifact', uri: 's3://b/1/0123456789abcdef0123456789abcdef/artifacts/model', runId: '0123456789abcdef0123456789abcdef', artifactPath: 'model' }],
  ])('%s', (src, expected) => {
    expect(parseModelSource(src)).toEqual(expected);
  });
});

const SHARED = SHARED_MLFLOW;
const readShared = (p: string): unknown => JSON.parse(fs.readFileSync(path.join(SHARED, p), 'utf8'));

describe.skipIf(!fs.existsSync(SHARED))('toModelCard on recorded MLflow payloads (../shared/fixtures/mlflow)', () => {
  it('maps the recorded REST responses (registered model + version + run)', async () => {
    const rm = (readShared('rest/registered-models-search.response.json') as { registered_models: WireRegisteredModel[] }).registered_models[0]!;
    const mv = (readShared('rest/registered-models-alias-get.response.json') as { model_version: WireModelVersion }).model_version;
    const run = (readShared('rest/runs-get.response.json') as { run: WireRun }).run;
    const card = toModelCard({ registeredModel: rm, version: mv, run }, ctx);
    expectValid(card);
    expect(card).toMatchObject({ id: 'mlflow:sklearn_wine', version: '1', aliases: ['mlflow:sklearn_wine@good-to-go'], governance: { status: 'approved' }, authors: [{ name: 'andre' }] });
    expect(card.training?.hyperparameters).toEqual({ max_depth: 4, max_leaf_nodes: 32 });
    expect(card.training?.datasets).toEqual([{ name: 'dataset', digest: '217f4949', uri: 'https://raw.githubusercontent.com/mlflow/mlflow/master/examples/sklearn_elasticnet_wine/wine-quality.csv', split: 'training' }]);
    expect(card.evaluation?.results?.[0]?.metrics.map((m) => m.type)).toEqual(['rmse', 'r2', 'mae']);
    await expect(JSON.stringify(card, null, 2) + '\n').toMatchFileSnapshot('./__golden__/recorded.sklearn_wine-v1.card.json');
  });

  it('maps the recorded registered model with latest_versions and tag-less versions', () => {
    const rm = (readShared('rest/registered-models-get.response.json') as { registered_model: WireRegisteredModel }).registered_model;
    const card = toModelCard({ registeredModel: rm, version: rm.latest_versions![0]! }, ctx);
    expectValid(card);
    expect(card).toMatchObject({ id: 'mlflow:sklearn_wine_onnx', version: '5', aliases: ['mlflow:sklearn_wine_onnx@my_alias_03_onnx'] });
    expect(card.artifacts).toEqual([{ path: 'onnx-model', uri: '/opt/mlflow/server/mlruns/1/6891e9c93f5b4c18a54c534e01c19378/artifacts/onnx-model' }]);
  });

  it('maps the Databricks runs/get recording: transformers flavor from mlflow.log-model.history', () => {
    const run = (readShared('samples/mlflow-tools__databricks__raw_run.rest-get-run.json') as { run: WireRun }).run;
    const card = toModelCard({ registeredModel: { name: 'nlp-summarizer' }, version: { name: 'nlp-summarizer', version: '1', source: `runs:/${run.info!.run_id}/pipeline`, run_id: run.info!.run_id! }, run }, ctx);
    expectValid(card);
    expect(card.tasks).toEqual(['summarization']);
    expect(card.authors).toEqual([{ name: 'andre@piolet-knot.com' }]);
    expect(card.lineage?.parents).toEqual([{ id: 'hf:sshleifer/distilbart-cnn-12-6', relation: 'other', declaredBy: 'mlflow:transformers.source_model_name' }]);
  });

  it('maps the mlflow-tools model version dump (tags as a map, Archived stage)', () => {
    const dump = readShared('samples/mlflow-tools__oss__model_version.dump.json') as { model_version: WireModelVersion & { tags: unknown }; registered_model: WireRegisteredModel & { latest_versions: unknown } };
    const { latest_versions: _l, ...rm } = dump.registered_model;
    const mv = { ...dump.model_version, tags: Object.entries(dump.model_version.tags as Record<string, string>).map(([key, value]) => ({ key, value })) };
    const card = toModelCard({ registeredModel: rm, version: mv }, ctx);
    expectValid(card);
    expect(card).toMatchObject({ version: '6', governance: { status: 'deprecated' }, tags: expect.arrayContaining(['stage:Archived', 'registered_version_info:v6 Production - wine']) });
  });
});
