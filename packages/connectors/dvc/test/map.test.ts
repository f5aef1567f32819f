import { validate, type ModelCard } from '@modellake/card';
import { describe, expect, it } from 'vitest';
import { readDvcRepo } from '../src/read.js';
import { toModelCards } from '../src/map.js';
import type { DvcProject } from '../src/project.js';
import { parseDvcLock, parseDvcYaml } from '../src/parse.js';
import { assemble, FIXTURES_NOTE, HAVE_FIXTURES, HEADS, recordedTags } from './shared-fixtures.js';

const ctx = { importedAt: '2026-11-26T12:00:00.000Z' };

async function project(layout: string, git?: { repo: string; head?: string }): Promise<DvcProject> {
  const repo = await readDvcRepo({ dir: assemble(layout), git: false });
  expect(repo.projects).toHaveLength(1);
  const p = repo.projects[0]!;
  if (git) p.git = { ...(git.head ? { commit: git.head } : {}), tags: recordedTags(git.repo) };
  return p;
}

function expectValid(cards: ModelCard[]): void {
  for (const c of cards) expect(validate(c).issues, c.id).toEqual([]);
}

describe.skipIf(!HAVE_FIXTURES)(`toModelCards over the recorded DVC projects ${FIXTURES_NOTE}`, () => {
  it('example-get-started: text-classification with GTO version, params, datasets and the missing DVC-tracked metrics reported', async () => {
    const p = await project('example-get-started', { repo: 'example-get-started', head: HEADS['example-get-started']! });
    expect(p.problems).toEqual([expect.objectContaining({ code: 'dvc-metrics-missing', file: 'eval/metrics.json' })]);
    const { cards, problems } = toModelCards(p, ctx);
    expect(problems).toEqual([]);
    expectValid(cards);
    expect(cards.map((c) => c.id)).toEqual(['dvc:example-get-started/text-classification']);
    const card = cards[0]!;
    expect(card.version).toBe('v1.2.0');
    expect(card.training?.hyperparameters).toEqual({ 'train.min_split': 0.01, 'train.n_est': 50, 'train.seed': 20170428 });
    expect(card.training?.datasets?.map((d) => d.name)).toEqual(['data/features', 'stackoverflow-dataset']);
    // DVC 3 stores the file in its default remote (.dvc/config) under files/md5/<2>/<30>.
    expect(card.artifacts?.[0]).toEqual({ path: 'model.pkl', md5: 'd1f6e055f7f5e2827fcfae68d9b64d4c', size: 1958115, format: 'pickle', uri: 'https://remote.dvc.org/get-started/files/md5/d1/f6e055f7f5e2827fcfae68d9b64d4c' });
    expect((card.extensions?.dvc as { gto: { stages: Record<string, string> } }).gto.stages).toEqual({ prod: 'v1.0.0', stage: 'v1.1.0', dev: 'v1.2.0' });
    // Plots named by id with per-file y fields, and a plain image path; all of the evaluate stage's out `eval`.
    expect((card.extensions?.dvc as { plots: string[] }).plots).toEqual([
      'eval/plots/sklearn/roc/train.json',
      'eval/plots/sklearn/roc/test.json',
      'eval/plots/sklearn/cm/train.json',
      'eval/plots/sklearn/cm/test.json',
      'eval/plots/sklearn/prc/train.json',
      'eval/plots/sklearn/prc/test.json',
      'eval/plots/images/importance.png',
    ]);
    await expect(JSON.stringify(cards, null, 2) + '\n').toMatchFileSnapshot('./__golden__/example-get-started.cards.json');
  });

  it('example-get-started-experiments: metrics of train and evaluate, unassigned dev stage, and --all-outs lineage model.pth -> model.tar.gz', async () => {
    const p = await project('example-get-started-experiments', { repo: 'example-get-started-experiments', head: HEADS['example-get-started-experiments']! });
    expect(p.problems).toEqual([]);
    const { cards, problems } = toModelCards(p, { ...ctx, allOuts: true });
    expect(problems).toEqual([]);
    expectValid(cards);
    expect(cards.map((c) => c.id)).toEqual([
      'dvc:example-get-started-experiments/pool-segmentation',
      'dvc:example-get-started-experiments/models/model.pth',
      'dvc:example-get-started-experiments/model.tar.gz',
    ]);
    const [seg, pth, tar] = cards as [ModelCard, ModelCard, ModelCard];
    expect(seg.version).toBe('v1.0.0');
    expect((seg.extensions?.dvc as { gto: { stages: Record<string, string> } }).gto.stages).toEqual({ prod: 'v1.0.0' });
    expect(seg.evaluation?.results?.map((r) => [r.task.name, r.metrics.map((m) => `${m.type}=${m.value}`)])).toEqual([
      ['train', ['train.loss=0.03174786642193794', 'eval.loss=0.01930679939687252', 'dice_multi=0.9135811575962693']],
      ['evaluate', ['dice_multi=0.8695227490639182']],
    ]);
    expect(seg.evaluation?.results?.[1]?.dataset).toEqual({ name: 'data/test_data', revision: '1bb16eb1219b47a8bf711ade27c476e4.dir' });
    expect(seg.training?.hyperparameters?.['train.fine_tune_args.epochs']).toBe(8);
    expect(seg.training?.hyperparameters?.['results/train/params.yaml:model']).toBe('DynamicUnet');
    expect(pth.version).toBe('07b113fe1ab01de2d8a5453dccacdd3e');
    expect(tar.lineage?.parents).toEqual([
      {
        id: 'dvc:example-get-started-experiments/models/model.pth',
        version: '07b113fe1ab01de2d8a5453dccacdd3e',
        declaredBy: 'dvc.lock',
        relation: 'conversion',
        note: 'stage sagemaker consumes models/model.pth (07b113fe1ab01de2d8a5453dccacdd3e)',
      },
    ]);
    await expect(JSON.stringify(cards, null, 2) + '\n').toMatchFileSnapshot('./__golden__/example-get-started-experiments.cards.json');
  });

  it('the DVCLive notebook commit: a model tracked by a .dvc file, versioned by its hash', async () => {
    const p = await project('example-get-started-experiments-notebook');
    const { cards, problems } = toModelCards(p, ctx);
    expect(problems).toEqual([]);
    expectValid(cards);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.version).toBe('896c99a4f50e5051bf6617413c3baff2');
    expect(cards[0]!.source?.path).toBe('models/model.pkl.dvc');
    expect(cards[0]!.evaluation?.results).toHaveLength(2);
    await expect(JSON.stringify(cards, null, 2) + '\n').toMatchFileSnapshot('./__golden__/example-get-started-experiments-notebook.cards.json');
  });

  it("GTO's legacy artifacts.yaml declares the model", async () => {
    const p = await project('example-get-started-experiments-legacy');
    const { cards } = toModelCards(p, ctx);
    expectValid(cards);
    expect(cards.map((c) => [c.id, c.description, c.tags])).toEqual([['dvc:example-get-started-experiments-legacy/seg-model', 'some optional desc', ['segmentation', 'cv']]]);
    await expect(JSON.stringify(cards, null, 2) + '\n').toMatchFileSnapshot('./__golden__/example-get-started-experiments-legacy.cards.json');
  });
});

describe('toModelCards on small hand-made projects', () => {
  const base = (over: Partial<DvcProject>): DvcProject => ({ repoName: 'demo', dir: '', dvcFiles: [], params: {}, metrics: {}, problems: [], ...over });
  const H = (n: number) => n.toString(16).padStart(32, '0');

  it('foreach/matrix stages: dvc.lock entries name@key belong to their generator; wdir paths are joined', () => {
    const parsedYaml = parseDvcYaml(
      `stages:
  train:
    foreach: [us, eu]
    do:
      cmd: python train.py \${item}
      wdir: regions
      deps:
      - data/\${item}
      outs:
      - model-\${item}.pkl
artifacts:
  model-us: {path: regions/model-us.pkl, type: model}
  model-eu: {path: regions/model-eu.pkl, type: model}
`,
      'dvc.yaml',
    );
    expect(parsedYaml.problems).toEqual([]);
    const yaml = parsedYaml.value!;
    const lock = parseDvcLock(
      ['us', 'eu']
        .map((r, i) => `  train@${r}:\n    cmd: python train.py ${r}\n    deps:\n    - path: data/${r}\n      md5: ${H(20 + i)}.dir\n    outs:\n    - path: model-${r}.pkl\n      md5: ${H(30 + i)}\n`)
        .join('')
        .replace(/^/, "schema: '2.0'\nstages:\n"),
      'dvc.lock',
    );
    expect(lock.problems).toEqual([]);
    const { cards, problems } = toModelCards(base({ dvcYaml: yaml, dvcLock: lock.value! }), ctx);
    expect(problems).toEqual([]);
    expectValid(cards);
    expect(cards.map((c) => [c.id, c.version, c.training?.procedure, c.training?.datasets?.[0]?.uri])).toEqual([
      ['dvc:demo/model-us', H(30), 'python train.py us', 'regions/data/us'],
      ['dvc:demo/model-eu', H(31), 'python train.py eu', 'regions/data/eu'],
    ]);
  });

  it('a dvc.lock stage that dvc.yaml no longer declares is reported and ignored', () => {
    const yaml = parseDvcYaml('artifacts:\n  m: {path: m.pkl, type: model}\n', 'dvc.yaml').value!;
    const lock = parseDvcLock(`schema: '2.0'\nstages:\n  old:\n    cmd: python old.py\n    outs:\n    - path: m.pkl\n      md5: ${H(40)}\n`, 'dvc.lock').value!;
    const { cards, problems } = toModelCards(base({ dir: 'sub', dvcYaml: yaml, dvcLock: lock }), ctx);
    expect(problems.map((p) => [p.code, p.file, p.line])).toEqual([
      ['dvc-lock-mismatch', 'sub/dvc.lock', 3],
      ['dvc-out-missing', 'sub/dvc.yaml', 2],
    ]);
    expect(cards.map((c) => [c.id, c.version])).toEqual([['dvc:demo/sub:m', undefined]]);
  });

  it('declares lineage across projects from a known output hash (another repository already in the lake)', () => {
    const p = base({
      dvcYaml: {
        file: 'dvc.yaml',
        stages: { finetune: { name: 'finetune', cmd: 'python finetune.py', wdir: '', deps: ['base.pt', 'data/train'], outs: [{ path: 'ft.pt', flags: {} }], metrics: [], params: [], generator: false } },
        artifacts: { ft: { name: 'ft', path: 'ft.pt', type: 'model', file: 'dvc.yaml' } },
        metrics: [],
        params: [],
        plots: undefined,
      },
      dvcLock: {
        file: 'dvc.lock',
        stages: {
          finetune: { name: 'finetune', cmd: 'python finetune.py', deps: [{ path: 'base.pt', md5: H(1) }, { path: 'data/train', md5: `${H(2)}.dir` }], outs: [{ path: 'ft.pt', md5: H(3), size: 10 }], params: {} },
        },
      },
    });
    const { cards } = toModelCards(p, { ...ctx, knownOuts: [{ hash: H(1), id: 'dvc:base-repo/base', version: 'v2.0.0' }] });
    expectValid(cards);
    expect(cards[0]!.lineage?.parents).toEqual([{ id: 'dvc:base-repo/base', version: 'v2.0.0', declaredBy: 'dvc.lock', relation: 'finetune', note: `stage finetune consumes base.pt (${H(1)})` }]);
    expect(cards[0]!.training?.datasets).toEqual([{ name: 'data/train', uri: 'data/train', digest: `md5:${H(2)}.dir` }]);
  });

  it('nested projects get GTO full names (dir:name) and tags written with =', () => {
    const p = base({
      dir: 'team/nlp',
      dvcYaml: { file: 'dvc.yaml', stages: {}, artifacts: { clf: { name: 'clf', path: 'm.onnx', type: 'model', file: 'dvc.yaml' } }, metrics: [], params: [], plots: undefined },
      dvcFiles: [{ file: 'm.onnx.dvc', outs: [{ path: 'm.onnx', md5: H(9) }], deps: [], frozen: false }],
      git: { commit: 'c'.repeat(40), tags: [{ name: 'team/nlp=clf@v0.3.0', commit: 'c'.repeat(40) }, { name: 'team/nlp=clf@deprecated#2', commit: 'c'.repeat(40) }] },
    });
    const { cards } = toModelCards(p, ctx);
    expectValid(cards);
    expect(cards[0]).toMatchObject({ id: 'dvc:demo/team/nlp:clf', version: 'v0.3.0', governance: { status: 'deprecated' }, artifacts: [{ path: 'team/nlp/m.onnx', md5: H(9), format: 'onnx' }] });
  });

  it('a model whose path no output records still gets a card, and the problem names the artifact line', () => {
    const p = base({ dvcYaml: { file: 'dvc.yaml', stages: {}, artifacts: { ghost: { name: 'ghost', path: 'ghost.pkl', type: 'model', file: 'dvc.yaml', line: 3 } }, metrics: [], params: [], plots: undefined } });
    const { cards, problems } = toModelCards(p, ctx);
    expectValid(cards);
    expect(cards.map((c) => c.id)).toEqual(['dvc:demo/ghost']);
    expect(problems).toEqual([expect.objectContaining({ code: 'dvc-out-missing', file: 'dvc.yaml', line: 3, field: 'artifacts.ghost.path' })]);
  });

  it('a remote artifact path (s3://) becomes the artifact uri', () => {
    const p = base({ legacyArtifacts: { 'cv-class': { name: 'cv-class', path: 's3://mycorp/proj-ml/classif-v2.pt', type: 'model', file: 'artifacts.yaml' } } });
    const { cards, problems } = toModelCards(p, ctx);
    expectValid(cards);
    expect(problems).toEqual([]);
    expect(cards[0]!.artifacts).toEqual([{ path: 'classif-v2.pt', uri: 's3://mycorp/proj-ml/classif-v2.pt', format: 'pytorch' }]);
  });
});
