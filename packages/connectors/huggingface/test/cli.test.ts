import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLake } from '@modellake/core';
import ImportHf from '../../../cli/src/commands/import/hf.js';
import { LAKE_STATE_KEY, type ImportSummary } from '../src/index.js';
import { startFakeHub, type FakeHub } from './fake-hub.js';
import { seedHub } from './fixtures.js';

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../cli');

async function run(argv: string[]): Promise<{ out: string; error?: Error }> {
  let out = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const l = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  try {
    await ImportHf.run(argv, cliRoot);
    return { out };
  } catch (error) {
    return { out, error: error as Error };
  } finally {
    w.mockRestore();
    l.mockRestore();
  }
}

describe('modellake import hf (embedded lake, fake hub)', () => {
  let hub: FakeHub;
  let home: string;
  beforeEach(async () => {
    hub = await startFakeHub();
    seedHub(hub);
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-hf-cli-'));
  });
  afterEach(async () => {
    await hub.close();
    process.exitCode = undefined;
  });

  it('imports, reports skips and failures, stores aliases and keeps its state in the lake', async () => {
    const { out, error } = await run(['--home', home, '--hub-url', hub.url, '--json', '--model', 'old-acme/tiny-bert', '--model', 'acme/tiny-lora', '--model', 'acme/gated-model', '--model', 'acme/lying-header']);
    expect(error).toBeUndefined();
    const summary = JSON.parse(out) as ImportSummary;
    expect(summary.imported.map((i) => i.id).sort()).toEqual(['hf:acme/tiny-bert', 'hf:acme/tiny-lora']);
    expect(summary.skipped.map((s) => s.code)).toEqual(['hf-gated']);
    expect(summary.failed.map((f) => f.code)).toEqual(['hf-safetensors-invalid']);
    expect(process.exitCode).toBe(1);
    const lake = openLake({ home });
    try {
      expect((await lake.lake.getCard('hf:old-acme/tiny-bert'))?.card.id).toBe('hf:acme/tiny-bert');
      const lora = await lake.lake.getCard('hf:acme/tiny-lora');
      expect(lora?.card.lineage?.parents?.[0]?.id).toBe('hf:upstream/not-imported-yet');
      const state = (await lake.lake.storage.getState(`client:${LAKE_STATE_KEY}`)) as { versions: Record<string, string> };
      expect(Object.keys(state.versions).sort()).toEqual(['acme/tiny-bert', 'acme/tiny-lora']);
    } finally {
      await lake.close();
    }
  });

  it('a second run with --since last imports nothing new and says so', async () => {
    expect((await run(['--home', home, '--hub-url', hub.url, '--author', 'acme', '--filter', 'library=transformers'])).error).toBeUndefined();
    const { out, error } = await run(['--home', home, '--hub-url', hub.url, '--author', 'acme', '--filter', 'library=transformers', '--since', 'last']);
    expect(error).toBeUndefined();
    expect(out).toMatch(/0 imported \(0 new, 0 updated\)/);
    const lists = hub.requests.filter((r) => r.path.startsWith('/api/models?'));
    expect(lists.at(-1)!.path).toContain('sort=lastModified');
  });

  it('rejects a malformed --filter with a clear message', async () => {
    const { error } = await run(['--home', home, '--hub-url', hub.url, '--filter', 'colour=blue']);
    expect(error?.message).toMatch(/--filter "colour=blue" must be task=<pipeline tag>, library=<name> or tag=<tag>/);
  });
});
