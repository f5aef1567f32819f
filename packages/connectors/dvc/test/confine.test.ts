import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDvcRepo } from '../src/read.js';
import { toModelCards } from '../src/map.js';

const CTX = { importedAt: '2026-11-26T12:00:00.000Z' };

/** Writes a small DVC project (hand-made, in the shapes of iterative/example-get-started) under `<tmp>/repo`, with `<tmp>/outside` beside it. */
function project(files: Record<string, string>): { base: string; repo: string } {
  const base = mkdtempSync(join(tmpdir(), 'dvc-confine-'));
  const repo = join(base, 'repo');
  for (const [p, text] of Object.entries({ 'outside/creds.yaml': 'aws_secret: hunter2\n', 'outside/metrics.json': '{"leak": 1}\n', ...files })) {
    const abs = p.startsWith('outside/') ? join(base, p) : join(repo, p);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return { base, repo };
}

const DVC_YAML = `stages:
  train:
    cmd: python train.py
    deps:
    - data.csv
    params:
    - lr
    - ../outside/creds.yaml:
    outs:
    - model.pkl
    metrics:
    - ../outside/metrics.json:
        cache: false
    - eval/metrics.json:
        cache: false
artifacts:
  clf:
    path: model.pkl
    type: model
`;

describe('DVC import stays inside the repository', () => {
  it('refuses params and metrics files outside the root, reports file and line, and imports the rest', async () => {
    const { repo } = project({ 'dvc.yaml': DVC_YAML, 'params.yaml': 'lr: 0.1\n', 'eval/metrics.json': '{"acc": 0.9}\n' });
    const r = await readDvcRepo({ dir: repo, git: false });
    const p = r.projects[0]!;
    expect(p.problems).toEqual([
      expect.objectContaining({ code: 'dvc-path-outside-root', file: 'dvc.yaml', line: 8, message: expect.stringContaining('../outside/creds.yaml') }),
      expect.objectContaining({ code: 'dvc-path-outside-root', file: 'dvc.yaml', line: 12, message: expect.stringContaining('../outside/metrics.json') }),
    ]);
    expect(Object.keys(p.params)).toEqual(['params.yaml']);
    expect(Object.keys(p.metrics)).toEqual(['eval/metrics.json']);
    const card = toModelCards(p, CTX).cards.find((c) => c.id === 'dvc:repo/clf')!;
    expect(JSON.stringify(card)).not.toMatch(/hunter2|aws_secret|leak/);
    expect(card.training?.hyperparameters).toEqual({ lr: 0.1 });
  });

  it('refuses absolute paths and symlinks out of the root, even for params.yaml itself', async () => {
    const yaml = 'stages:\n  train:\n    cmd: python train.py\n    params:\n    - /etc/passwd:\n    outs:\n    - model.pkl\nartifacts:\n  clf: {path: model.pkl, type: model}\n';
    const { base, repo } = project({ 'dvc.yaml': yaml });
    symlinkSync(join(base, 'outside/creds.yaml'), join(repo, 'params.yaml'));
    const p = (await readDvcRepo({ dir: repo, git: false })).projects[0]!;
    expect(p.problems.map((x) => [x.code, x.file, x.line])).toEqual([
      ['dvc-path-outside-root', 'dvc.yaml', 5],
      ['dvc-path-outside-root', 'dvc.yaml', undefined],
    ]);
    expect(p.params).toEqual({});
    expect(JSON.stringify(toModelCards(p, CTX).cards)).not.toMatch(/hunter2|root:x:0/);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO named as a params file instead of hanging', async () => {
    const { repo } = project({ 'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    params:\n    - cfg.yaml:\n    outs:\n    - model.pkl\n' });
    execFileSync('mkfifo', [join(repo, 'cfg.yaml')]);
    const p = (await readDvcRepo({ dir: repo, git: false })).projects[0]!;
    expect(p.problems).toEqual([expect.objectContaining({ code: 'dvc-file-unreadable', file: 'dvc.yaml', line: 5, message: expect.stringMatching(/cfg\.yaml is a FIFO/) })]);
  }, 10_000);

  it('a metrics file named in dvc.yaml but absent is reported with the reason (own fixture)', async () => {
    const { repo } = project({ 'dvc.yaml': 'stages:\n  evaluate:\n    cmd: python eval.py\n    metrics:\n    - eval/metrics.json:\n        cache: false\n', 'params.yaml': 'lr: 1\n' });
    expect((await readDvcRepo({ dir: repo, git: false })).projects[0]!.problems).toEqual([
      { code: 'dvc-metrics-missing', file: 'eval/metrics.json', message: 'Metrics file eval/metrics.json named in dvc.yaml is missing (not pulled with `dvc pull`, or not produced yet); its metrics are left out.' },
    ]);
  });

  it('malformed dvc.yaml in one nested project does not stop the others (own fixture)', async () => {
    const { repo } = project({ 'dvc.yaml': DVC_YAML.replace(/    - \.\.\/outside.*\n(        cache: false\n)?/g, ''), 'params.yaml': 'lr: 0.1\n', 'broken/dvc.yaml': 'artifacts:\n  m:\n    path: [\n' });
    const r = await readDvcRepo({ dir: repo, git: false });
    expect(r.projects.map((p) => p.dir)).toEqual(['', 'broken']);
    expect(r.projects[1]!.problems[0]).toMatchObject({ code: 'dvc-yaml-malformed', file: 'broken/dvc.yaml', line: 4 });
    expect(toModelCards(r.projects[0]!, CTX).cards.map((c) => c.id)).toEqual(['dvc:repo/clf']);
  });
});
