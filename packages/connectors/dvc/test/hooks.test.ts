import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAINED_SUFFIX, HOOK_MARKER, installHooks, uninstallHooks } from '../src/hooks.js';
import { git, gitEnv, makeRepo, md5, trainProject, writeFiles } from './git-helpers.js';

const ROOT = join(import.meta.dirname, '../../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
// The hook runs this stand-in for the CLI (same library call, embedded lake), so no build is needed.
const COMMAND = [TSX, '--conditions=source', join(import.meta.dirname, 'hook-cli.ts')];

function run(cwd: string, args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, env: gitEnv(env), encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function commit(dir: string, msg: string, env: Record<string, string> = { MODELLAKE_HOOK_SYNC: '1' }) {
  git(dir, ['add', '-A']);
  return run(dir, ['commit', '-q', '-m', msg], env);
}

function log(dir: string): string {
  const p = join(dir, '.git/modellake/hook.log');
  return existsSync(p) ? readFileSync(p, 'utf8') : '';
}

const imports = (dir: string) => log(dir).split('\n').filter((l) => l.startsWith('{"cards"')).map((l) => JSON.parse(l) as { cards: [string, string, string][] });

/** A repository with DVC's own hooks in place, as `dvc install` writes them, and a stub `dvc` that records its calls. */
function repoWithDvcHooks(): { dir: string; home: string; calls: string; env: Record<string, string> } {
  const dir = makeRepo('hooked', { ...trainProject({ name: 'clf', out: 'model.pkl', outMd5: md5(1), deps: [{ path: 'data.csv', md5: md5(2) }] }), 'README.md': 'v1\n' });
  const bin = mkdtempSync(join(tmpdir(), 'dvc-stub-'));
  const calls = join(bin, 'calls.log');
  writeFileSync(join(bin, 'dvc'), `#!/bin/sh\necho "dvc $*" >> ${calls}\ncat >> ${calls}\n`);
  chmodSync(join(bin, 'dvc'), 0o755);
  for (const hook of ['post-commit', 'pre-push']) {
    writeFileSync(join(dir, '.git/hooks', hook), `#!/bin/sh\nexec dvc git-hook ${hook} $@\n`);
    chmodSync(join(dir, '.git/hooks', hook), 0o755);
  }
  const home = mkdtempSync(join(tmpdir(), 'dvc-hook-lake-'));
  return { dir, home, calls, env: { MODELLAKE_HOOK_SYNC: '1', PATH: `${bin}:${process.env.PATH}` } };
}

describe('modellake dvc hooks fired by git', () => {
  it('post-commit imports when DVC files change, skips unchanged commits cheaply, and chains DVC\'s own hook', async () => {
    const { dir, home, calls, env } = repoWithDvcHooks();
    const before = readFileSync(join(dir, '.git/hooks/post-commit'), 'utf8');
    const res = await installHooks({ dir, command: COMMAND, args: ['--home', home] });
    expect(res.changes.map((c) => [c.hook, c.action])).toEqual([
      ['post-commit', 'chained'],
      ['pre-push', 'chained'],
    ]);
    expect(readFileSync(join(dir, `.git/hooks/post-commit${CHAINED_SUFFIX}`), 'utf8')).toBe(before);

    // 1. A commit after install: the stamp is new, so the import runs and stores the card.
    writeFiles(dir, { 'README.md': 'v2\n' });
    const c1 = commit(dir, 'docs', env);
    expect(c1.status).toBe(0);
    expect(imports(dir)).toEqual([{ cards: [['dvc:hooked/clf', md5(1), 'created']] }]);
    expect(readFileSync(calls, 'utf8')).toContain('dvc git-hook post-commit');

    // 2. Nothing DVC-related changed: no import, DVC's hook still runs.
    writeFiles(dir, { 'README.md': 'v3\n' });
    expect(commit(dir, 'docs again', env).status).toBe(0);
    expect(imports(dir)).toHaveLength(1);
    expect(readFileSync(calls, 'utf8').match(/git-hook post-commit/g)).toHaveLength(2);

    // 3. dvc.lock changed (a new model version): imported again.
    writeFiles(dir, trainProject({ name: 'clf', out: 'model.pkl', outMd5: md5(3), deps: [{ path: 'data.csv', md5: md5(4) }] }));
    expect(commit(dir, 'retrain', env).status).toBe(0);
    expect(imports(dir).at(-1)).toEqual({ cards: [['dvc:hooked/clf', md5(3), 'updated']] });

    // 4. `gto register` tags HEAD; the tag changes the stamp, so the pre-push hook imports the
    // registered version. DVC's pre-push hook gets the original arguments and the refs on stdin.
    git(dir, ['tag', '-a', 'clf@v1.0.0', '-m', 'Registering artifact clf version v1.0.0']);
    const remote = mkdtempSync(join(tmpdir(), 'dvc-remote-'));
    git(remote, ['init', '-q', '--bare']);
    const push = run(dir, ['push', '-q', remote, 'main'], env);
    expect(push.status).toBe(0);
    expect(imports(dir).at(-1)).toEqual({ cards: [['dvc:hooked/clf', 'v1.0.0', 'updated']] });
    expect(imports(dir)).toHaveLength(3);
    const recorded = readFileSync(calls, 'utf8');
    expect(recorded).toContain(`dvc git-hook pre-push ${remote} ${remote}`);
    expect(recorded).toMatch(/refs\/heads\/main [0-9a-f]{40} refs\/heads\/main/);
  }, 120_000);

  it('never blocks or breaks the commit when the import fails (lake down): a warning, then nothing', async () => {
    const { dir, home, env } = repoWithDvcHooks();
    await installHooks({ dir, command: COMMAND, args: ['--home', home] });
    writeFiles(dir, { 'README.md': 'x\n' });
    const c = commit(dir, 'lake down', { ...env, HOOK_CLI_FAIL: '1' });
    expect(c.status).toBe(0);
    expect(c.stderr).toContain('modellake: warning: DVC import failed');
    expect(git(dir, ['log', '--oneline']).split('\n').filter(Boolean)).toHaveLength(2);
    // The stamp was not written, so the next commit retries.
    expect(existsSync(join(dir, '.git/modellake/stamp'))).toBe(false);
    writeFiles(dir, { 'README.md': 'y\n' });
    expect(commit(dir, 'lake back', env).status).toBe(0);
    expect(imports(dir)).toEqual([{ cards: [['dvc:hooked/clf', md5(1), 'created']] }]);
  }, 120_000);

  it('runs in the background by default: git returns at once and the import lands afterwards', async () => {
    const dir = makeRepo('bg', trainProject({ name: 'm', out: 'm.onnx', outMd5: md5(7), deps: [{ path: 'd', md5: md5(8) }] }));
    const home = mkdtempSync(join(tmpdir(), 'dvc-hook-lake-'));
    await installHooks({ dir, command: COMMAND, args: ['--home', home] });
    writeFiles(dir, { 'x.txt': '1\n' });
    expect(commit(dir, 'bg', {}).status).toBe(0);
    const deadline = Date.now() + 90_000;
    while (!existsSync(join(dir, '.git/modellake/stamp')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(imports(dir)).toEqual([{ cards: [['dvc:bg/m', md5(7), 'created']] }]);
  }, 120_000);

  it('install is idempotent and uninstall restores exactly what was there', async () => {
    const { dir, home } = repoWithDvcHooks();
    const original = readFileSync(join(dir, '.git/hooks/pre-push'), 'utf8');
    await installHooks({ dir, command: COMMAND, args: ['--home', home] });
    const installed = readFileSync(join(dir, '.git/hooks/pre-push'), 'utf8');
    expect(installed).toContain(HOOK_MARKER);
    const again = await installHooks({ dir, command: COMMAND, args: ['--home', home] });
    expect(again.changes.map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
    expect(readFileSync(join(dir, `.git/hooks/pre-push${CHAINED_SUFFIX}`), 'utf8')).toBe(original);
    // A different lake rewrites our hook but keeps the chained one.
    const moved = await installHooks({ dir, command: COMMAND, args: ['--home', join(home, 'other')] });
    expect(moved.changes.map((c) => c.action)).toEqual(['updated', 'updated']);
    expect(readFileSync(join(dir, `.git/hooks/pre-push${CHAINED_SUFFIX}`), 'utf8')).toBe(original);

    const un = await uninstallHooks({ dir });
    expect(un.changes.map((c) => c.action)).toEqual(['restored', 'restored']);
    expect(readFileSync(join(dir, '.git/hooks/pre-push'), 'utf8')).toBe(original);
    expect(existsSync(join(dir, `.git/hooks/pre-push${CHAINED_SUFFIX}`))).toBe(false);
    expect((await uninstallHooks({ dir })).changes.map((c) => c.action)).toEqual(['not-installed', 'not-installed']);

    // In a repository without hooks, uninstall removes ours.
    const bare = makeRepo('nohooks', trainProject({ name: 'm', out: 'm.pt', outMd5: md5(1), deps: [] }));
    expect((await installHooks({ dir: bare, command: COMMAND })).changes.map((c) => c.action)).toEqual(['installed', 'installed']);
    expect((await uninstallHooks({ dir: bare })).changes.map((c) => c.action)).toEqual(['removed', 'removed']);
    expect(existsSync(join(bare, '.git/hooks/post-commit'))).toBe(false);
  }, 120_000);

  it('refuses a relative command and honours core.hooksPath', async () => {
    const dir = makeRepo('hookspath', trainProject({ name: 'm', out: 'm.pt', outMd5: md5(1), deps: [] }));
    await expect(installHooks({ dir, command: ['modellake'] })).rejects.toMatchObject({ code: 'dvc-hook-failed' });
    git(dir, ['config', 'core.hooksPath', '.githooks']);
    const res = await installHooks({ dir, command: COMMAND });
    expect(res.hooksDir).toBe(join(dir, '.githooks'));
    expect(readFileSync(join(dir, '.githooks/post-commit'), 'utf8')).toContain(HOOK_MARKER);
  }, 120_000);
});
