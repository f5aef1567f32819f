import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '@modellake/card';
import { createLakeClient, LakeApiError, type LakeClient } from '@modellake/client';
import { afterEach, describe, expect, it } from 'vitest';
import { openLake, type OpenLake } from '../../../core/src/index.js';
import { importDvcRepo, outStateKey, scanLakeOuts } from '../src/import.js';
import { readDvcRepo } from '../src/read.js';
import { git, makeRepo, md5, trainProject, writeFiles } from './git-helpers.js';
import { assemble, FIXTURES_NOTE, HAVE_FIXTURES } from './shared-fixtures.js';

const lakes: OpenLake[] = [];
afterEach(async () => {
  while (lakes.length) await lakes.pop()!.close();
});

function lake(): { client: LakeClient; open: OpenLake } {
  const open = openLake({ home: mkdtempSync(join(tmpdir(), 'dvc-lake-')), config: { auth: { trustedActor: { name: 'local:test', role: 'admin' } } } });
  lakes.push(open);
  return { open, client: createLakeClient({ baseUrl: 'http://embedded.lake', fetch: async (input, init) => open.app.fetch(new Request(input, init)) }) };
}

const now = () => new Date('2026-11-26T12:00:00.000Z');

describe('importDvcRepo into an embedded lake', () => {
  it('declares lineage across repositories by hash: the base model is found in the lake by the fine-tuning repository', async () => {
    const { client } = lake();
    const base = makeRepo('base-repo', trainProject({ name: 'base', out: 'base.pt', outMd5: md5(1), deps: [{ path: 'corpus', md5: `${md5(2)}.dir` }] }));
    git(base, ['tag', '-a', 'base@v1.0.0', '-m', 'Registering artifact base version v1.0.0']);
    const first = await importDvcRepo({ dir: base, client, now });
    expect(first.cards.map((c) => [c.id, c.version, c.status])).toEqual([['dvc:base-repo/base', 'v1.0.0', 'created']]);
    expect(await client.getState(outStateKey(md5(1)))).toMatchObject({ id: 'dvc:base-repo/base', version: 'v1.0.0' });

    // The second repository pulled base.pt with `dvc import` and fine-tunes it.
    const ft = makeRepo('ft-repo', {
      ...trainProject({ name: 'chat', out: 'chat.pt', outMd5: md5(3), deps: [{ path: 'base.pt', md5: md5(1) }, { path: 'sft', md5: `${md5(4)}.dir` }, { path: 'train.py', md5: md5(5) }] }),
      'base.pt.dvc': `deps:\n- path: base.pt\n  repo:\n    url: ../base-repo\n    rev_lock: ${'1'.repeat(40)}\nouts:\n- md5: ${md5(1)}\n  size: 100\n  hash: md5\n  path: base.pt\n`,
    });
    const second = await importDvcRepo({ dir: ft, client, now });
    expect(second.problems).toEqual([]);
    expect(second.cards).toEqual([expect.objectContaining({ id: 'dvc:ft-repo/chat', version: md5(3), status: 'created', parents: ['dvc:base-repo/base@v1.0.0'] })]);
    const stored = (await client.getCard('dvc:ft-repo/chat')).card;
    expect(validate(stored).ok).toBe(true);
    expect(stored.lineage?.parents?.[0]).toMatchObject({ id: 'dvc:base-repo/base', version: 'v1.0.0', declaredBy: 'dvc.lock' });
    expect(stored.training?.datasets?.map((d) => d.name)).toEqual(['sft']);
    expect(stored.source).toMatchObject({ system: 'dvc', repository: 'ft-repo', commit: git(ft, ['rev-parse', 'HEAD']).trim(), ref: 'main' });

    // The documented fallback finds the same output by listing the lake's dvc: cards.
    expect(await scanLakeOuts(client)).toEqual(expect.arrayContaining([expect.objectContaining({ hash: md5(1), id: 'dvc:base-repo/base' })]));

    // Importing again changes nothing.
    const again = await importDvcRepo({ dir: ft, client, now });
    expect([again.created, again.updated, again.unchanged]).toEqual([0, 0, 1]);
  });

  it('walks nested projects: a model in a sub-project declares the root model as parent within one import', async () => {
    const { client } = lake();
    const dir = makeRepo('mono', trainProject({ name: 'teacher', out: 'teacher.pt', outMd5: md5(10), deps: [{ path: 'data', md5: `${md5(11)}.dir` }] }));
    writeFiles(dir, Object.fromEntries(Object.entries(trainProject({ name: 'student', out: 'student.pt', outMd5: md5(12), deps: [{ path: '../teacher.pt', md5: md5(10) }], params: { temperature: 2 } })).map(([k, v]) => [`distill/${k}`, v.replace('python train.py', 'python distill.py')])));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'student']);
    git(dir, ['tag', '-a', 'distill=student@v0.1.0', '-m', 'Registering artifact distill:student version v0.1.0']);
    const s = await importDvcRepo({ dir, client, now });
    expect(s.projects).toEqual(['.', 'distill']);
    expect(s.cards.map((c) => [c.id, c.version, c.parents])).toEqual([
      ['dvc:mono/teacher', md5(10), []],
      ['dvc:mono/distill:student', 'v0.1.0', [`dvc:mono/teacher@${md5(10)}`]],
    ]);
    const student = (await client.getCard('dvc:mono/distill:student')).card;
    expect(student.lineage?.parents?.[0]).toMatchObject({ relation: 'distillation', declaredBy: 'distill/dvc.lock' });
    expect(student.training?.hyperparameters).toEqual({ temperature: 2 });
  });

  it.skipIf(!HAVE_FIXTURES)(`imports a recorded project (example-get-started) and reports the missing metrics file ${FIXTURES_NOTE}`, async () => {
    const { client } = lake();
    const s = await importDvcRepo({ dir: assemble('example-get-started'), client, now });
    expect(s.cards.map((c) => [c.id, c.status])).toEqual([['dvc:example-get-started/text-classification', 'created']]);
    expect(s.problems.map((p) => `${p.code} ${p.file}`)).toEqual(['dvc-metrics-missing eval/metrics.json']);
  });

  it('builds cards without a lake (dry run) and fails clearly when the lake is unreachable', async () => {
    const dir = makeRepo('dry', trainProject({ name: 'm', out: 'm.pkl', outMd5: md5(20), deps: [{ path: 'd.csv', md5: md5(21) }] }));
    const dry = await importDvcRepo({ dir, now });
    expect(dry.cards.map((c) => [c.id, c.status])).toEqual([['dvc:dry/m', 'built']]);
    const down = createLakeClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })) });
    await expect(importDvcRepo({ dir, client: down, now })).rejects.toBeInstanceOf(LakeApiError);
  });

  it('in a git checkout, finds DVC files with git: untracked ones count, ignored data directories are never walked', async () => {
    const dir = makeRepo('gitwalk', { ...trainProject({ name: 'm', out: 'm.pkl', outMd5: md5(50), deps: [] }), '.gitignore': '/data\n' });
    writeFiles(dir, {
      'data/pulled/dvc.yaml': 'artifacts:\n  ignored: {path: x.pkl, type: model}\n',
      'new/dvc.yaml': 'artifacts:\n  fresh: {path: y.pkl, type: model}\n',
    });
    const repo = await readDvcRepo({ dir });
    expect(repo.projects.map((p) => p.dir)).toEqual(['', 'new']);
    // From a sub-directory only that part is read, named from the repository root.
    const sub = await readDvcRepo({ dir: join(dir, 'new') });
    expect([sub.root, sub.projects.map((p) => p.dir)]).toEqual([dir, ['new']]);
  });

  it('a directory without DVC files is refused with a clear error', async () => {
    const dir = makeRepo('plain', { 'README.md': 'hi\n' });
    await expect(importDvcRepo({ dir, now })).rejects.toMatchObject({ code: 'dvc-not-a-project' });
  });
});
