import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openLake, type CardDiff } from '@modellake/core';
import type { ModelCard } from '@modellake/card';
import Diff from '../src/commands/diff.js';
import { runCommand } from './run-command.js';

const actor = { name: 'test', role: 'admin' as const };

const v1: ModelCard = {
  cardVersion: '1.0',
  id: 'mlflow:fraud',
  name: 'fraud',
  version: '1',
  training: { datasets: [{ name: 'tx-2024', role: 'pretraining' }] },
  evaluation: { results: [{ task: { type: 'tabular-classification' }, dataset: { name: 'holdout' }, metrics: [{ type: 'auc', value: 0.91 }] }] },
  governance: { status: 'review' },
};
const v2: ModelCard = {
  ...v1,
  version: '2',
  training: { datasets: [{ name: 'tx-2024', role: 'pretraining' }, { name: 'tx-2025', role: 'finetuning' }] },
  evaluation: { results: [{ task: { type: 'tabular-classification' }, dataset: { name: 'holdout' }, metrics: [{ type: 'auc', value: 0.94 }] }] },
  governance: { status: 'approved' },
  lineage: { parents: [{ id: 'mlflow:fraud-base', relation: 'finetune' }] },
};
const base: ModelCard = { cardVersion: '1.0', id: 'mlflow:fraud-base', name: 'fraud-base', training: { datasets: [{ name: 'tx-2024', role: 'pretraining' }] } };

const run = (argv: string[]) => runCommand(Diff, argv);

describe('modellake diff', () => {
  let home: string;
  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-diff-'));
    const opened = openLake({ home });
    for (const c of [base, v1, v2]) await opened.lake.putCard(c, actor);
    await opened.close();
  });
  afterAll(async () => fs.rm(home, { recursive: true, force: true }));

  it('prints a readable diff of two versions', async () => {
    const { out, error } = await run(['mlflow:fraud@1', 'mlflow:fraud@2', '--home', home, '--no-color']);
    expect(error).toBeUndefined();
    expect(out).toContain('diff mlflow:fraud@1 → mlflow:fraud@2');
    expect(out).toContain('+ tx-2025 (finetuning)');
    expect(out).toContain('~ tabular-classification / holdout / auc: 0.91 → 0.94 +0.03');
    expect(out).toContain('~ governance.status: review → approved');
    expect(out).not.toContain('\x1b[');
  });

  it('prints Markdown tables with --markdown', async () => {
    const { out, error } = await run(['mlflow:fraud@1', 'mlflow:fraud@2', '--home', home, '--markdown']);
    expect(error).toBeUndefined();
    expect(out).toContain('### Diff `mlflow:fraud@1` → `mlflow:fraud@2`');
    expect(out).toContain('| tabular-classification | holdout | auc | 0.91 | 0.94 | +0.03 (+3.30%) |');
  });

  it('prints the complete diff with --json', async () => {
    const { out, error } = await run(['mlflow:fraud@1', 'mlflow:fraud@2', '--home', home, '--json']);
    expect(error).toBeUndefined();
    const diff = JSON.parse(out) as CardDiff;
    expect(diff.data.added).toEqual([{ name: 'tx-2025', role: 'finetuning' }]);
    expect(diff.metrics.deltas[0]).toMatchObject({ metric: 'auc', delta: 0.03, status: 'changed' });
    expect(diff.weights).toMatchObject({ compared: false });
  });

  it('compares against the previous revision when given one ref', async () => {
    const { out } = await run(['mlflow:fraud', '--home', home, '--json']);
    const diff = JSON.parse(out) as CardDiff;
    expect([diff.a.version, diff.b.version]).toEqual(['1', '2']);
  });

  it('compares against the declared parent with --parent', async () => {
    const { out } = await run(['mlflow:fraud', '--parent', '--home', home, '--json']);
    const diff = JSON.parse(out) as CardDiff;
    expect(diff.a.id).toBe('mlflow:fraud-base');
    expect(diff.data.added.map((d) => d.name)).toEqual(['tx-2025']);
  });

  it('fails clearly on a first revision, a missing parent and an unknown model', async () => {
    const first = await run(['mlflow:fraud-base', '--home', home]);
    expect(first.error?.message).toContain('revision 1 is its first');
    expect(first.error?.oclif?.exit).toBe(2);
    const noParent = await run(['mlflow:fraud-base', '--parent', '--home', home]);
    expect(noParent.error?.message).toContain('declares no parent');
    const both = await run(['mlflow:fraud@1', 'mlflow:fraud@2', '--parent', '--home', home]);
    expect(both.error?.message).toContain('--parent takes one ref');
    const unknown = await run(['mlflow:nope', 'mlflow:fraud', '--home', home]);
    expect(unknown.error?.message).toContain('No model with id mlflow:nope');
    expect(unknown.error?.oclif?.exit).toBe(3);
  });
});
