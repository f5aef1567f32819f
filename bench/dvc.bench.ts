// `pnpm bench:dvc`: (1) importing a DVC repository with 1,000 stages (100 model artifacts with GTO tags, metrics,
// params, a fine-tuning chain), against a baseline measured in the same run: reading and YAML-parsing its dvc.yaml and
// dvc.lock, nothing else; (2) what the installed git hooks add to `git commit` in an unchanged repository, against
// the same commits without hooks (target <= 300 ms).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createLakeClient } from '@modellake/client';
import { openLake } from '@modellake/core';
import { importDvcRepo, installHooks, uninstallHooks } from '../packages/connectors/dvc/src/index.js';
import { writeResults } from './results.js';
import { fmt, percentile, row, target, time } from './util.js';

const STAGES = Number(process.env.BENCH_DVC_STAGES ?? 1000);
const COMMITS = Number(process.env.BENCH_DVC_COMMITS ?? 15);
// `yaml` is the connector's dependency: load the very copy the importer uses.
const { parseDocument } = createRequire(path.join(import.meta.dirname, '../packages/connectors/dvc/package.json'))('yaml') as typeof import('yaml');

const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@example.org', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@example.org' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, env, encoding: 'utf8' });
const hex = (n: number, salt = 0) => ((n * 2654435761 + salt * 40503) >>> 0).toString(16).padStart(8, '0').repeat(4);

/** A DVC repository: every 10th stage trains a model from the previous model and the data of the stages between. */
function makeRepo(dir: string): { models: number } {
  const y: string[] = ['stages:'];
  const l: string[] = ["schema: '2.0'", 'stages:'];
  const params: string[] = [];
  const metrics: string[] = [];
  const artifacts: string[] = ['artifacts:'];
  let models = 0;
  for (let i = 0; i < STAGES; i++) {
    const isModel = i % 10 === 9;
    const deps = [i === 0 ? 'data/raw' : `data/s${i - 1}`, `src/s${i}.py`];
    if (isModel && i >= 19) deps.push(`models/m${i - 10}.pt`);
    const outs = isModel ? [`models/m${i}.pt`, `data/s${i}`] : [`data/s${i}`];
    y.push(`  s${i}:`, `    cmd: python src/s${i}.py`, '    deps:', ...deps.map((d) => `    - ${d}`), '    params:', `    - s${i}.lr`, `    - s${i}.epochs`, '    outs:', ...outs.map((o) => `    - ${o}`));
    if (isModel) y.push('    metrics:', `    - metrics/m${i}.json:`, '        cache: false');
    const hashOf = (p: string) => (p.startsWith('data/s') ? `${hex(Number(p.slice(6)), 1)}.dir` : p.startsWith('models/') ? hex(Number(p.slice(8, -3)), 2) : p === 'data/raw' ? `${hex(0, 3)}.dir` : hex(i, 4));
    l.push(`  s${i}:`, `    cmd: python src/s${i}.py`, '    deps:', ...deps.flatMap((d) => [`    - path: ${d}`, '      hash: md5', `      md5: ${hashOf(d)}`, '      size: 1000']));
    l.push('    params:', '      params.yaml:', `        s${i}.lr: 0.0${(i % 9) + 1}`, `        s${i}.epochs: ${(i % 5) + 1}`, '    outs:', ...[...outs, ...(isModel ? [`metrics/m${i}.json`] : [])].flatMap((o) => [`    - path: ${o}`, '      hash: md5', `      md5: ${o.startsWith('metrics/') ? hex(i, 5) : hashOf(o)}`, '      size: 2000']));
    params.push(`s${i}:`, `  lr: 0.0${(i % 9) + 1}`, `  epochs: ${(i % 5) + 1}`);
    if (isModel) {
      models++;
      artifacts.push(`  m${i}:`, `    path: models/m${i}.pt`, '    type: model', `    desc: model ${i}`, '    labels: [bench]');
      metrics.push(`metrics/m${i}.json`);
      fs.mkdirSync(path.join(dir, 'metrics'), { recursive: true });
      fs.writeFileSync(path.join(dir, `metrics/m${i}.json`), JSON.stringify({ accuracy: 0.5 + (i % 50) / 100, loss: { train: 0.1, eval: 0.2 } }));
    }
  }
  fs.writeFileSync(path.join(dir, 'dvc.yaml'), [...y, ...artifacts].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'dvc.lock'), l.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'params.yaml'), params.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'README.md'), 'bench\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'pipeline');
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  for (let i = 9; i < STAGES; i += 100) git(dir, 'tag', '-a', `m${i}@v1.0.${i}`, '-m', `Registering artifact m${i} version v1.0.${i}`, head);
  return { models };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-dvc-'));
const repo = path.join(work, 'big-pipeline');
fs.mkdirSync(repo);
const { models } = makeRepo(repo);
console.log(`modellake DVC benchmark: ${fmt(STAGES)} stages, ${models} model artifacts, in ${repo}, Node ${process.version}`);

const baselineMs = await time(() => {
  for (const f of ['dvc.yaml', 'dvc.lock']) parseDocument(fs.readFileSync(path.join(repo, f), 'utf8')).toJS();
});
const dryMs = await time(() => importDvcRepo({ dir: repo }));
const home = path.join(work, 'lake');
const opened = openLake({ home, config: { auth: { trustedActor: { name: 'bench', role: 'admin' } } } });
const client = createLakeClient({ baseUrl: 'http://embedded.lake', fetch: async (input, init) => opened.app.fetch(new Request(input, init)) });
let first = await importDvcRepo({ dir: repo });
const firstMs = await time(async () => {
  first = await importDvcRepo({ dir: repo, client });
});
let again = first;
const againMs = await time(async () => {
  again = await importDvcRepo({ dir: repo, client });
});
await opened.close();

console.log('\nimport');
row('baseline: read + YAML-parse dvc.yaml, dvc.lock', `${fmt(baselineMs)} ms`);
row('read + map + git (no lake)', `${fmt(dryMs)} ms`, `${fmt(dryMs / baselineMs, 1)}x baseline`);
row('import into embedded lake (first run)', `${fmt(firstMs)} ms`, `${fmt(firstMs / baselineMs, 1)}x baseline; ${first.created} created, ${first.problems.length} problems`);
row('re-import (unchanged)', `${fmt(againMs)} ms`, `${fmt(againMs / baselineMs, 1)}x baseline; ${again.unchanged} unchanged`);
row('cards with declared parents', `${first.cards.filter((c) => c.parents.length > 0).length}`);
target(`${fmt(STAGES)}-stage import < 10 s`, firstMs < 10_000);

// Hook overhead: commits that touch no DVC file, with and without the hooks.
const cliBin = path.join(import.meta.dirname, '../packages/cli/bin/run.js');
const built = fs.existsSync(path.join(import.meta.dirname, '../packages/cli/dist/commands/import/dvc.js'));
const command = built ? [process.execPath, cliBin] : [path.join(import.meta.dirname, '../node_modules/.bin/tsx'), '--conditions=source', path.join(import.meta.dirname, '../packages/connectors/dvc/test/hook-cli.ts')];
let n = 0;
const commit = (extra: Record<string, string> = {}): number => {
  fs.writeFileSync(path.join(repo, 'README.md'), `bench ${n++}\n`);
  git(repo, 'add', 'README.md');
  const t = performance.now();
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', `c${n}`], { cwd: repo, env: { ...env, ...extra } });
  if (r.status !== 0) throw new Error(`git commit failed: ${r.stderr}`);
  return performance.now() - t;
};
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

const without = Array.from({ length: COMMITS }, () => commit());
await installHooks({ dir: repo, command, args: ['--home', home] });
const importingMs = commit({ MODELLAKE_HOOK_SYNC: '1' });
const stamped = fs.existsSync(path.join(repo, '.git/modellake/stamp'));
const withHooks = Array.from({ length: COMMITS }, () => commit());
fs.appendFileSync(path.join(repo, 'params.yaml'), '# touched\n');
git(repo, 'add', 'params.yaml');
const changedBackgroundMs = commit();
await uninstallHooks({ dir: repo });
const withoutAfter = Array.from({ length: COMMITS }, () => commit());

const base = median([...without, ...withoutAfter]);
const hooked = median(withHooks);
console.log('\nhooks');
row('git commit without hooks (median)', `${fmt(base, 1)} ms`, `${COMMITS * 2} commits`);
row('git commit with hooks, unchanged (median)', `${fmt(hooked, 1)} ms`, `overhead ${fmt(hooked - base, 1)} ms, ratio ${fmt(hooked / base, 2)}`);
row('git commit with hooks, changed, background', `${fmt(changedBackgroundMs, 1)} ms`, 'import left running in the background');
row('git commit with hooks, changed, synchronous', `${fmt(importingMs, 1)} ms`, `${built ? 'built CLI' : 'tsx stand-in (CLI not built)'}; stamp written: ${stamped}`);
target('hook overhead on an unchanged repository <= 300 ms', hooked - base <= 300);
writeResults({
  name: 'dvc',
  command: 'pnpm bench:dvc',
  measures: `import of a repository with ${fmt(STAGES)} stages vs reading and YAML-parsing dvc.yaml + dvc.lock; hook overhead on \`git commit\` vs the same commits without hooks`,
  summary: `import ${fmt(firstMs / 1000, 2)} s (${fmt(firstMs / baselineMs, 1)}x the ${fmt(baselineMs)} ms parse baseline), re-import ${fmt(againMs / 1000, 2)} s; hook overhead ${fmt(hooked - base, 1)} ms per unchanged commit (${fmt(hooked, 1)} vs ${fmt(base, 1)} ms)`,
  target: 'hook ≤ 300 ms',
  figures: { stages: STAGES, models, baselineMs, dryMs, firstMs, againMs, commitMs: base, hookedCommitMs: hooked, hookOverheadMs: hooked - base },
});
// Give the background import a moment to finish before removing its lake.
await new Promise((r) => setTimeout(r, 3000));
fs.rmSync(work, { recursive: true, force: true });
