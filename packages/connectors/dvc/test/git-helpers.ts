import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Environment that isolates git from the machine's config (no global hooksPath, no signing). */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.org',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.org',
    ...extra,
  };
}

/** Runs git in `cwd` and returns stdout (throws on a non-zero exit). */
export function git(cwd: string, args: string[], extra: Record<string, string> = {}): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd, env: gitEnv(extra), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Writes files (path -> content) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A fresh git repository named `name` in a temp directory, with `files` committed. */
export function makeRepo(name: string, files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'dvc-git-')), name);
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q']);
  writeFiles(dir, files);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'initial']);
  return dir;
}

/** A 32-hex md5 made from a number. */
export const md5 = (n: number) => n.toString(16).padStart(32, 'a');

/** dvc.yaml + dvc.lock of a one-stage project whose `train` stage turns `deps` into `out` (artifact `name`). */
export function trainProject(o: { name: string; out: string; outMd5: string; deps: { path: string; md5: string }[]; params?: Record<string, unknown> }): Record<string, string> {
  const params = o.params ?? { lr: 0.1 };
  return {
    'dvc.yaml': `stages:\n  train:\n    cmd: python train.py\n    deps:\n${o.deps.map((d) => `    - ${d.path}\n`).join('')}    params:\n${Object.keys(params).map((k) => `    - ${k}\n`).join('')}    outs:\n    - ${o.out}\nartifacts:\n  ${o.name}:\n    path: ${o.out}\n    type: model\n`,
    'dvc.lock': `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    deps:\n${o.deps.map((d) => `    - path: ${d.path}\n      hash: md5\n      md5: ${d.md5}\n      size: 10\n`).join('')}    params:\n      params.yaml:\n${Object.entries(params).map(([k, v]) => `        ${k}: ${JSON.stringify(v)}\n`).join('')}    outs:\n    - path: ${o.out}\n      hash: md5\n      md5: ${o.outMd5}\n      size: 100\n`,
    'params.yaml': Object.entries(params).map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`).join(''),
  };
}
