import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, gitEnv, makeRepo, md5, trainProject, writeFiles } from './git-helpers.js';
import { assemble, FIXTURES_NOTE, HAVE_FIXTURES } from './shared-fixtures.js';

const CLI = join(import.meta.dirname, '../../../cli/bin/run.js');
const BUILT = existsSync(join(import.meta.dirname, '../../../cli/dist/commands/dvc/install.js'));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: gitEnv(env), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!BUILT)('the built modellake CLI (run `pnpm build` first: skipped)', () => {
  it.skipIf(!HAVE_FIXTURES)(`import dvc prints a summary, and --json the same result ${FIXTURES_NOTE}`, () => {
    const home = mkdtempSync(join(tmpdir(), 'dvc-cli-lake-'));
    const dir = assemble('example-get-started');
    const text = cli(['import', 'dvc', dir, '--home', home]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('✓ dvc:example-get-started/text-classification@d1f6e055f7f5e2827fcfae68d9b64d4c created');
    expect(text.stdout).toContain('! eval/metrics.json: Metrics file eval/metrics.json named in dvc.yaml is missing');
    expect(text.stdout).toContain('example-get-started: 1 DVC project(s), 1 model(s): 1 new, 0 updated, 0 unchanged, 0 failed; 1 problem(s)');
    const json = cli(['import', 'dvc', dir, '--home', home, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ repoName: 'example-get-started', unchanged: 1, cards: [{ id: 'dvc:example-get-started/text-classification', status: 'unchanged' }] });
  }, 120_000);

  it('dvc install: git commit fires the real CLI into the lake; dvc uninstall restores the previous hook', () => {
    const home = mkdtempSync(join(tmpdir(), 'dvc-cli-lake-'));
    const dir = makeRepo('cli-hooked', trainProject({ name: 'ranker', out: 'ranker.pkl', outMd5: md5(42), deps: [{ path: 'clicks.parquet', md5: md5(43) }] }));
    writeFiles(dir, { '.git/hooks/post-commit': '#!/bin/sh\necho previous >> .git/previous.log\n' });
    spawnSync('chmod', ['+x', join(dir, '.git/hooks/post-commit')]);
    const inst = cli(['dvc', 'install', dir, '--home', home, '--json']);
    expect(inst.status, inst.stderr).toBe(0);
    expect(JSON.parse(inst.stdout).changes.map((c: { action: string }) => c.action)).toEqual(['chained', 'installed']);

    writeFiles(dir, { 'notes.md': 'hello\n' });
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'notes'], { MODELLAKE_HOOK_SYNC: '1' });
    expect(readFileSync(join(dir, '.git/previous.log'), 'utf8')).toBe('previous\n');
    const show = cli(['list', '--prefix', 'dvc:', '--home', home, '--json']);
    expect(JSON.parse(show.stdout).models.map((m: { id: string; version: string }) => [m.id, m.version])).toEqual([['dvc:cli-hooked/ranker', md5(42)]]);

    const un = cli(['dvc', 'uninstall', dir, '--json']);
    expect(JSON.parse(un.stdout).changes.map((c: { action: string }) => c.action)).toEqual(['restored', 'removed']);
    expect(readFileSync(join(dir, '.git/hooks/post-commit'), 'utf8')).toBe('#!/bin/sh\necho previous >> .git/previous.log\n');
  }, 120_000);
});
