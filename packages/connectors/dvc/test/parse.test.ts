import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/errors.js';
import { parseDataFile, parseDvcConfig, parseDvcFile, parseDvcLock, parseDvcYaml, parseLegacyArtifacts } from '../src/parse.js';
import { readDvcRepo } from '../src/read.js';
import { toModelCards } from '../src/map.js';
import { assemble, fixture, FIXTURES_NOTE, HAVE_FIXTURES, LAYOUTS, recordedFiles } from './shared-fixtures.js';

const H = (n: number) => n.toString(16).padStart(32, '0');

describe('dvc.yaml', () => {
  it('reads stages (string and flagged outs, params in every form, wdir) and artifacts', () => {
    const { value, problems } = parseDvcYaml(
      `stages:
  train:
    cmd: [python train.py, echo done]
    wdir: sub
    deps: [data.csv]
    params:
      - lr
      - cfg/train.toml: [optim.momentum]
      - extra.json:
    outs:
      - model.pt:
          cache: true
          desc: weights
    metrics:
      - metrics.json:
          cache: false
artifacts:
  clf:
    path: sub/model.pt
    type: model
    labels: [a]
    meta: {owner: ml}
metrics: [sub/metrics.json]
`,
      'dvc.yaml',
    );
    expect(problems).toEqual([]);
    const s = value!.stages.train!;
    expect(s).toMatchObject({ cmd: 'python train.py\necho done', wdir: 'sub', deps: ['data.csv'], outs: [{ path: 'model.pt', flags: { cache: true, desc: 'weights' } }], metrics: [{ path: 'metrics.json', flags: { cache: false } }] });
    expect(s.params).toEqual([
      { file: 'params.yaml', keys: ['lr'] },
      { file: 'cfg/train.toml', keys: ['optim.momentum'], line: 8 },
      { file: 'extra.json', keys: null, line: 9 },
    ]);
    expect(value!.artifacts.clf).toMatchObject({ path: 'sub/model.pt', type: 'model', labels: ['a'], meta: { owner: 'ml' }, line: 18 });
  });

  it('malformed YAML is reported with its line and column', () => {
    const { value, problems } = parseDvcYaml('stages:\n  train:\n    cmd: python x.py\n   deps: [a\n', 'dvc.yaml');
    expect(value).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'dvc-yaml-malformed', file: 'dvc.yaml', line: 4 });
    expect(formatProblem(problems[0]!)).toMatch(/^dvc\.yaml:4: Malformed YAML at line 4/);
  });

  it('invalid artifact names and unknown artifact fields are reported, valid artifacts kept', () => {
    const { value, problems } = parseDvcYaml('artifacts:\n  Bad_Name:\n    path: x.pkl\n  ok:\n    path: y.pkl\n    type: model\n    extra: 3\n  nopath:\n    type: model\n', 'dvc.yaml');
    expect(Object.keys(value!.artifacts)).toEqual(['ok']);
    expect(problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['dvc-schema-invalid', 2, 'artifacts.Bad_Name'],
      ['dvc-schema-invalid', 7, 'artifacts.ok.extra'],
      ['dvc-schema-invalid', 8, 'artifacts.nopath'],
    ]);
  });
});

describe('dvc.lock', () => {
  it('a hash of the wrong length is reported with file, line and field; the rest of the stage is kept', () => {
    const text = `schema: '2.0'
stages:
  train:
    cmd: python train.py
    deps:
    - path: data
      md5: ${H(1)}.dir
    outs:
    - path: model.pkl
      hash: md5
      md5: 1234abcd
      size: 10
`;
    const { value, problems } = parseDvcLock(text, 'dvc.lock');
    expect(problems).toEqual([
      {
        code: 'dvc-hash-invalid',
        file: 'dvc.lock',
        line: 11,
        field: 'stages.train.outs[0].md5',
        message: 'md5 of model.pkl is "1234abcd": expected 32 lowercase hex digits (got 8 characters); the hash is ignored.',
      },
    ]);
    expect(value!.stages.train!.outs).toEqual([{ path: 'model.pkl', hashName: 'md5', size: 10, line: 9 }]);
    expect(value!.stages.train!.deps[0]!.md5).toBe(`${H(1)}.dir`);
  });

  it('malformed YAML and wrong shapes are reported', () => {
    expect(parseDvcLock('stages: [\n', 'dvc.lock').problems[0]).toMatchObject({ code: 'dvc-yaml-malformed', line: 2 });
    const r = parseDvcLock("schema: '2.0'\nstages:\n  a: 3\n  b:\n    cmd: x\n    outs: {path: y}\n", 'dvc.lock');
    expect(r.problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['dvc-schema-invalid', 3, 'stages.a'],
      ['dvc-schema-invalid', 6, 'stages.b.outs'],
    ]);
    expect(Object.keys(r.value!.stages)).toEqual(['b']);
  });
});

describe('.dvc files, params and metrics', () => {
  it('.dvc out paths are relative to the file; import deps keep their source repository', () => {
    const { value } = parseDvcFile(`deps:\n- path: get-started/data.xml\n  repo:\n    url: https://example.org/reg\n    rev_lock: abc\nouts:\n- md5: ${H(5)}\n  path: data.xml\n`, 'data/data.xml.dvc');
    expect(value!.outs).toEqual([{ path: 'data/data.xml', md5: H(5), line: 7 }]);
    expect(value!.deps[0]!.repo).toEqual({ url: 'https://example.org/reg', revLock: 'abc' });
  });

  it('reads YAML, JSON and TOML; malformed files are reported with the line', () => {
    expect(parseDataFile('[train]\nlr = 0.1\n', 'p.toml', 'params').value).toEqual({ train: { lr: 0.1 } });
    expect(parseDataFile('{"acc": 0.9}', 'm.json', 'metrics').value).toEqual({ acc: 0.9 });
    expect(parseDataFile('[train\nlr = 1\n', 'p.toml', 'params').problems[0]).toMatchObject({ code: 'dvc-params-malformed', line: 1 });
    expect(parseDataFile('{\n  "acc": 0.9,\n  "f1": }\n', 'm.json', 'metrics').problems[0]).toMatchObject({ code: 'dvc-metrics-malformed', file: 'm.json', line: 3 });
    expect(parseDataFile('- 1\n- 2\n', 'm.yaml', 'metrics').problems[0]).toMatchObject({ code: 'dvc-metrics-malformed', line: 1 });
    expect(parseDataFile('x = 1', 'params.py', 'params').problems[0]!.message).toMatch(/only YAML, JSON and TOML/);
  });
});

describe('bad repositories: reported per file, the cards that can be built still are', () => {
  it.skipIf(!HAVE_FIXTURES)(`a dvc.lock that disagrees with dvc.yaml, a missing metrics file, malformed metrics and a bad hash ${FIXTURES_NOTE}`, async () => {
    const dir = assemble('example-get-started-experiments');
    // dvc.yaml gains a stage the lock has never seen and renames an output of `evaluate`.
    const yaml = fixture('example-get-started-experiments/dvc.yaml').replace('    outs:\n    - results/evaluate\n', '    outs:\n    - results/eval\n') + '  export:\n    cmd: python export.py\n    deps: [models/model.pkl]\n    outs: [model.onnx]\n';
    writeFileSync(join(dir, 'dvc.yaml'), yaml);
    writeFileSync(join(dir, 'dvc.lock'), fixture('example-get-started-experiments/dvc.lock').replace('md5: 07b113fe1ab01de2d8a5453dccacdd3e\n      size: 165147\n    - path: results/train', 'md5: 07b113fe1ab01de2d8a5453dccacdd3e00\n      size: 165147\n    - path: results/train'));
    writeFileSync(join(dir, 'results/train/metrics.json'), '{\n  "dice_multi": 0.91,\n}\n');
    const repo = await readDvcRepo({ dir, git: false });
    const p = repo.projects[0]!;
    const { cards, problems } = toModelCards(p, { importedAt: '2026-11-26T12:00:00.000Z', allOuts: true });
    const all = [...p.problems, ...problems].map((x) => `${x.code} ${x.file}:${x.line ?? ''} ${x.field ?? ''}`);
    expect(all).toEqual([
      'dvc-hash-invalid dvc.lock:64 stages.train.outs[1].md5',
      'dvc-metrics-malformed results/train/metrics.json:3 ',
      'dvc-lock-mismatch dvc.lock:71 stages.evaluate.outs',
      'dvc-lock-mismatch dvc.yaml:63 stages.export',
    ]);
    // The model still has its card, with its training data and params; train's malformed metrics are left out,
    // and so are evaluate's, whose stale outputs are not trusted.
    const seg = cards.find((c) => c.id === 'dvc:example-get-started-experiments/pool-segmentation')!;
    expect(seg.training?.hyperparameters?.['train.arch']).toBe('shufflenet_v2_x2_0');
    expect(seg.evaluation).toBeUndefined();
    // The output whose hash was invalid is still a card, with no version (no hash, no git) and no md5.
    const pth = cards.find((c) => c.id.endsWith('/models/model.pth'))!;
    expect(pth.version).toBeUndefined();
    expect(pth.artifacts?.[0]?.md5).toBeUndefined();
  });

  it.skipIf(!HAVE_FIXTURES)(`a metrics file named in dvc.yaml but absent is reported with the reason ${FIXTURES_NOTE}`, async () => {
    const dir = assemble('example-get-started');
    const repo = await readDvcRepo({ dir, git: false });
    expect(repo.projects[0]!.problems).toEqual([
      { code: 'dvc-metrics-missing', file: 'eval/metrics.json', message: 'Metrics file eval/metrics.json named in dvc.yaml is missing (not pulled with `dvc pull`, or not produced yet); its metrics are left out.' },
    ]);
  });

  it.skipIf(!HAVE_FIXTURES)(`malformed dvc.yaml in one nested project does not stop the others ${FIXTURES_NOTE}`, async () => {
    const dir = assemble('example-get-started');
    mkdirSync(join(dir, 'broken'), { recursive: true });
    writeFileSync(join(dir, 'broken/dvc.yaml'), 'artifacts:\n  m:\n    path: [\n');
    const repo = await readDvcRepo({ dir, git: false });
    expect(repo.projects.map((p) => p.dir)).toEqual(['', 'broken']);
    expect(repo.projects[1]!.problems[0]).toMatchObject({ code: 'dvc-yaml-malformed', file: 'broken/dvc.yaml', line: 4 });
    expect(toModelCards(repo.projects[0]!, { importedAt: '2026-11-26T12:00:00.000Z' }).cards).toHaveLength(1);
  });
});

describe.skipIf(!HAVE_FIXTURES)(`recorded schema and samples ${FIXTURES_NOTE}`, () => {
  // Compiled on first use, never at collection time: a skipped suite's body still runs to collect its tests.
  let compiled: (((d: unknown) => boolean) & { errors?: unknown[] }) | undefined;
  const check = (d: unknown): boolean => {
    const require = createRequire(join(import.meta.dirname, '../../../card/package.json'));
    const Ajv = require('ajv') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] } };
    compiled ??= new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(fixture('dvcyaml-schema.json')) as object);
    return compiled(d);
  };

  it('every recorded file is used by a layout or a test', () => {
    const used = new Set([...Object.values(LAYOUTS).flatMap((l) => Object.values(l)), 'gto-tags.tsv', 'dvcyaml-schema.json', 'dvcyaml-schema__valid-artifacts.dvc.yaml', 'dvcyaml-schema__invalid-artifacts-extra.dvc.yaml', 'example-gto__artifacts.yaml', 'gto-show-registry.sample.json', 'gto-history-churn.sample.json', 'dvc-pre-commit-hooks.yaml']);
    expect(recordedFiles().filter((f) => !used.has(f))).toEqual([]);
  });

  it('the recorded dvc.yaml files are valid against the official schema, and so is what the tests write', () => {
    for (const f of ['example-get-started/dvc.yaml', 'example-get-started-experiments/dvc.yaml', 'example-get-started-experiments/dvc.yaml.notebook-dvclive-commit-fa9e4f4.yaml', 'dvcyaml-schema__valid-artifacts.dvc.yaml']) {
      expect(check(parseYaml(fixture(f))), f).toBe(true);
    }
    expect(check(parseYaml('stages:\n  export:\n    cmd: python export.py\n    deps: [models/model.pkl]\n    outs: [model.onnx]\n'))).toBe(true);
  });

  it('the schema example with an extra artifact field is invalid there and reported here', () => {
    const text = fixture('dvcyaml-schema__invalid-artifacts-extra.dvc.yaml');
    expect(check(parseYaml(text))).toBe(false);
    const { problems } = parseDvcYaml(text, 'dvc.yaml');
    expect(problems.map((p) => p.field)).toEqual(['artifacts.with-extra-field.extra', 'artifacts.with-extra-field']);
  });

  it('.dvc/config: the default remote, as configobj writes it', () => {
    expect(parseDvcConfig(fixture('example-get-started/dvc-config.ini'))).toEqual({ name: 'public-s3', url: 'https://remote.dvc.org/get-started' });
    expect(parseDvcConfig('[core]\n    remote = b\n[\'remote "a"\']\n    url = s3://a\n[\'remote "b"\']\n    url = /mnt/b\n')).toEqual({ name: 'b', url: '/mnt/b' });
    expect(parseDvcConfig('[core]\n    autostage = true\n')).toBeUndefined();
  });

  it("the schema example's valid artifacts and example-gto's artifacts.yaml parse", () => {
    const { value, problems } = parseDvcYaml(fixture('dvcyaml-schema__valid-artifacts.dvc.yaml'), 'dvc.yaml');
    expect(problems).toEqual([]);
    expect(Object.keys(value!.artifacts)).toEqual(['myart', 'hello']);
    const legacy = parseLegacyArtifacts(fixture('example-gto__artifacts.yaml'), 'artifacts.yaml');
    expect(legacy.problems).toEqual([]);
    expect(Object.values(legacy.value!).map((a) => [a.name, a.type, a.path])).toEqual([
      ['churn', 'model', 'models/churn.pkl'],
      ['cv-class', 'model', 's3://mycorp/proj-ml/classif-v2.pt'],
      ['segment', 'model', 's3://mycorp/proj-ml/segm-model-2022-04-15.pt'],
    ]);
  });
});
