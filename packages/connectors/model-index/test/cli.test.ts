import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import ImportModelIndex from '../../../cli/src/commands/import/model-index.js';
import { runCommand } from '../../../cli/test/run-command.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'multi');


const run = (argv: string[]) => runCommand(ImportModelIndex, argv);

describe('modellake import model-index (embedded lake)', () => {
  let home: string;
  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-mi-'));
  });
  afterAll(async () => fs.rm(home, { recursive: true, force: true }));
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('imports into the lake and prints a summary with file:line reasons', async () => {
    const { out, error } = await run([FIXTURES, '--home', home]);
    expect(error).toBeUndefined();
    expect(out).toContain('✗ openmm/configs/det/metafile.yml:46: error model-duplicate');
    expect(out).toContain('✗ openmm/model-index.yml:4: error import-missing');
    expect(out).toMatch(/warnings \(\d+ number-as-string/);
    expect(out).toContain('6 files read, 10 models: 7 imported (7 new, 0 updated), 0 unchanged, 3 failed');
    expect(process.exitCode).toBe(2);
  });

  it('reports a re-import as unchanged, with --json', async () => {
    const { out, error } = await run([FIXTURES, '--home', home, '--json']);
    expect(error).toBeUndefined();
    const r = JSON.parse(out) as { created: number; unchanged: number; failed: number; modelsDeclared: number; problems: { code: string; file: string; line: number }[] };
    expect(r).toMatchObject({ created: 0, unchanged: 7, failed: 3, modelsDeclared: 10 });
    expect(r.problems.find((p) => p.code === 'yaml-invalid')).toMatchObject({ file: 'openmm/configs/broken/metafile.yml', line: 4 });
  });

  it('validates only with --dry-run', async () => {
    const { out, error } = await run([path.join(FIXTURES, 'openmm', 'configs', 'cls', 'metafile.yml'), '--namespace', 'zoo', '--dry-run', '--home', home]);
    expect(error).toBeUndefined();
    expect(out).toContain('1 files read, 3 models: 3 valid (dry run), 0 failed');
    expect(process.exitCode).toBeUndefined();
  });

  it('fails clearly on a missing path', async () => {
    const { error } = await run([path.join(FIXTURES, 'nope'), '--home', home]);
    expect(error?.message).toContain('No such file or directory');
  });
});
