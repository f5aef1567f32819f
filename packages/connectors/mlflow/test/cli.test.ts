import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Command } from '@oclif/core';
import { openLake } from '@modellake/core';
import ImportMlflow, { parseSince } from '../../../cli/src/commands/import/mlflow.js';
import MlflowWatch from '../../../cli/src/commands/mlflow/watch.js';
import MlflowWebhookCreate from '../../../cli/src/commands/mlflow/webhook/create.js';
import { loadRegistryFixture, startFakeMlflow, type FakeMlflow } from './fake-mlflow-server.js';

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../cli');

async function run(cmd: typeof Command, argv: string[]): Promise<{ out: string; result?: unknown; error?: Error & { oclif?: { exit?: number } } }> {
  let out = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const l = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out += `${args.join(' ')}\n`;
  });
  try {
    const result = await cmd.run(argv, cliRoot);
    return { out, result };
  } catch (error) {
    return { out, error: error as Error };
  } finally {
    w.mockRestore();
    l.mockRestore();
  }
}

describe('modellake import mlflow / mlflow watch / mlflow webhook create', () => {
  let fake: FakeMlflow;
  let home: string;
  beforeAll(async () => {
    fake = await startFakeMlflow({ registry: loadRegistryFixture(), token: 'tok' });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-mlflow-'));
  });
  afterAll(async () => {
    await fake.stop();
    await fs.rm(home, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('imports the whole registry, prints a summary, and is idempotent', async () => {
    const first = await run(ImportMlflow, ['--tracking-uri', fake.url, '--mlflow-token', 'tok', '--home', home]);
    expect(first.error).toBeUndefined();
    expect(first.out).toMatch(/4 models, 6 versions: 6 new, 0 updated, 0 unchanged, 0 failed/);
    expect(first.out).toMatch(/next incremental run: --since 1767607205900/);
    const second = await run(ImportMlflow, ['--tracking-uri', fake.url, '--mlflow-token', 'tok', '--home', home, '--model', 'fraud-detector']);
    expect(second.out).toMatch(/1 models, 3 versions: 0 new, 0 updated, 3 unchanged/);
    const opened = openLake({ home });
    expect((await opened.lake.getCard('mlflow:fraud-detector', { version: '3' })).card.lineage?.parents?.[0]?.id).toBe('mlflow:fraud-base');
    await opened.close();
  });

  it('exits with a clear error for an unknown model and for bad credentials', async () => {
    const missing = await run(ImportMlflow, ['--tracking-uri', fake.url, '--mlflow-token', 'tok', '--home', home, '--model', 'ghost']);
    expect(missing.error?.message).toMatch(/registered model "ghost" does not exist/);
    expect(missing.error?.oclif?.exit).toBe(3);
    const denied = await run(ImportMlflow, ['--tracking-uri', fake.url, '--mlflow-token', 'wrong', '--home', home]);
    expect(denied.error?.message).toMatch(/HTTP 401 UNAUTHENTICATED.*--mlflow-token/);
    expect(denied.error?.oclif?.exit).toBe(4);
  });

  it('parses --since as a date, a duration or epoch ms', () => {
    expect(parseSince('2026-01-05T10:00:00Z')).toBe(1767607200000);
    expect(parseSince('2h', 10_000_000)).toBe(10_000_000 - 7_200_000);
    expect(parseSince('1767607200000')).toBe(1767607200000);
    expect(() => parseSince('last tuesday')).toThrow(/neither a date/);
  });

  it('watch --once polls once and saves its checkpoint in the lake', async () => {
    const r = await run(MlflowWatch, ['--tracking-uri', fake.url, '--mlflow-token', 'tok', '--home', home, '--once', '--json']);
    expect(r.error).toBeUndefined();
    expect(r.result).toEqual({ polls: 1, checkpoint: 1767607205900 });
    const opened = openLake({ home });
    expect(await opened.lake.storage.getState(`client:mlflow-watch:${fake.url}`)).toBe(1767607205900);
    await opened.close();
  });

  it('webhook create registers through the MLflow API, or prints it', async () => {
    const reg = await run(MlflowWebhookCreate, ['--lake-url', 'http://lake.test:8470', '--secret', 's3', '--register', '--tracking-uri', fake.url, '--mlflow-token', 'tok']);
    expect(reg.error).toBeUndefined();
    expect(reg.out).toMatch(/Created MLflow webhook wh-1 -> http:\/\/lake.test:8470\/v1\/hooks\/mlflow \(6 registry events\)/);
    expect(fake.webhooks[0]?.secret).toBe('s3');
    const printed = await run(MlflowWebhookCreate, ['--lake-url', 'http://lake.test:8470', '--secret', 's3']);
    expect(printed.out).toContain('"url": "http://lake.test:8470/v1/hooks/mlflow"');
    expect(printed.out).toContain('"secret": "<your secret>"');
    expect(printed.out).not.toContain('s3"');
  });
});
