import path from 'node:path';
import { validate, type ModelCard } from '@modellake/card';
import { describe, expect, it } from 'vitest';
import { loadModelIndex, normaliseWeightsUrl, toModelCards, type ModelIndexDocument } from '../src/index.js';
import { expectPure } from '../../../../test/support/purity.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'multi');
const loaded = loadModelIndex({ path: FIXTURES });
const { cards, problems } = toModelCards(loaded.documents, { connectorVersion: '0.1.0' });
const byId = new Map(cards.map((c) => [c.card.id, c.card]));
const card = (id: string): ModelCard => {
  const c = byId.get(id);
  if (!c) throw new Error(`no card ${id}; have ${[...byId.keys()].join(', ')}`);
  return c;
};
const ext = (c: ModelCard) => c.extensions!['model-index'] as Record<string, any>;

describe('toModelCards', () => {
  it('produces a schema-valid card for every well-formed model', () => {
    expect(cards.map((c) => c.card.id).sort()).toEqual([
      'mi:hfcard/vit-food101',
      'mi:openmm/tiny-rcnn_r18_1x_coco',
      'mi:openmm/tiny-rcnn_r18_ft_voc',
      'mi:openmm/tinynet_3rdparty',
      'mi:openmm/tinynet_ft',
      'mi:openmm/tinynet_pre',
      'mi:timmish/tinynet_timm',
    ]);
    for (const c of cards) expect(validate(c.card).issues).toEqual([]);
  });

  it('maps collection and model fields, normalising numbers written as strings', () => {
    const c = card('mi:openmm/tiny-rcnn_r18_1x_coco');
    expect(c).toMatchObject({
      cardVersion: '1.0',
      name: 'tiny-rcnn_r18_1x_coco',
      description: expect.stringContaining('A small two-stage detector'),
      tags: ['openmm', 'Tiny R-CNN'],
      tasks: ['object-detection', 'image-segmentation'],
      paper: { title: 'Tiny R-CNN: Towards Small Object Detection', url: 'https://arxiv.org/abs/1506.01497', arxiv: '1506.01497', year: 2015 },
      architecture: { family: 'tiny-r-cnn', parameters: 25_600_000, flops: 1_200_000_000, components: ['FPN', 'ResNet'], formats: ['pytorch'] },
      training: {
        techniques: ['SGD with Momentum', 'Weight Decay'],
        compute: '8x V100 GPUs',
        epochs: 12,
        hyperparameters: { batch_size: 16 },
      },
      source: { system: 'model-index', path: 'openmm/configs/det/metafile.yml', connector: '@modellake/connector-model-index', connectorVersion: '0.1.0', uri: 'https://github.com/example/openmm/blob/v1.0.0/det.py#L6' },
    });
    expect(c.source).not.toHaveProperty('importedAt');
    expect(c.evaluation!.results).toEqual([
      { task: { type: 'object-detection', name: 'Object Detection' }, dataset: { name: 'COCO', type: 'coco' }, metrics: [{ type: 'box-ap', name: 'box AP', value: 40.5 }] },
      { task: { type: 'instance-segmentation', name: 'Instance Segmentation' }, dataset: { name: 'COCO', type: 'coco' }, metrics: [{ type: 'mask-ap', name: 'mask AP', value: 35.1 }] },
    ]);
    expect(c.artifacts).toEqual([
      { path: 'tiny-rcnn_r18_1x_coco-abc123.pth', uri: 'https://download.example.com/det/tiny-rcnn_r18_1x_coco-abc123.pth', format: 'pytorch' },
      { path: 'configs/det/tiny-rcnn_r18_1x_coco.py', format: 'python' },
    ]);
  });

  it('keeps unknown fields and original strings in extensions', () => {
    const e = ext(card('mi:openmm/tiny-rcnn_r18_1x_coco'));
    expect(e).toMatchObject({
      namespace: 'openmm',
      line: 22,
      collection: 'Tiny R-CNN',
      trainingLog: 'https://download.example.com/det/tiny-rcnn_r18_1x_coco.log.json',
      unknown: { 'Custom Field': 'kept' },
      metadata: { 'Training Memory (GB)': 3.4, 'inference time (ms/im)': [{ value: 12.5, hardware: 'V100' }] },
      collectionCode: { url: 'https://github.com/example/openmm/blob/v1.0.0/det.py#L6', version: 'v1.0.0' },
    });
    expect(e.original).toMatchObject({ 'architecture.parameters': '25.6M', 'architecture.flops': '1.2 GFLOPs', 'training.epochs': '12' });
  });

  it('uses training data roles: pretraining by default, finetuning under a declared parent, evaluation for results', () => {
    expect(card('mi:openmm/tinynet_pre').training!.datasets).toEqual([
      { name: 'ImageNet-1k', role: 'pretraining' },
      { name: 'ImageNet-1k', role: 'evaluation' },
    ]);
    expect(card('mi:openmm/tinynet_ft').training!.datasets).toEqual([
      { name: 'ImageNet-1k', role: 'finetuning' },
      { name: 'CUB-200-2011', role: 'evaluation' },
    ]);
  });

  it('accepts Results written as a single mapping and percentages as strings', () => {
    expect(card('mi:openmm/tinynet_pre').evaluation!.results![0]!.metrics).toEqual([
      { type: 'top-1-accuracy', name: 'Top 1 Accuracy', value: 69.9 },
      { type: 'top-5-accuracy', name: 'Top 5 Accuracy', value: 89.1 },
    ]);
    expect(card('mi:timmish/tinynet_timm').evaluation!.results![0]!.metrics[0]!.value).toBe(69.76);
    expect(ext(card('mi:timmish/tinynet_timm')).original).toMatchObject({ 'evaluation.results.Image Classification.ImageNet.Top 1 Accuracy': '69.76%' });
  });

  it('declares lineage from Downstream, Converted From (normalised URL) and config checkpoints', () => {
    expect(card('mi:openmm/tinynet_ft').lineage!.parents).toEqual([{ id: 'mi:openmm/tinynet_pre', relation: 'finetune', declaredBy: 'model-index:Downstream' }]);
    expect(card('mi:openmm/tinynet_3rdparty').lineage!.parents).toEqual([
      {
        id: 'mi:timmish/tinynet_timm',
        relation: 'conversion',
        declaredBy: 'model-index:Converted From',
        note: 'http://GITHUB.com/rwightman/pytorch-image-models/releases/download/v0.1/tinynet_timm.pth',
      },
    ]);
    expect(card('mi:openmm/tiny-rcnn_r18_1x_coco').lineage!.parents).toEqual([
      { id: 'mi:openmm/tinynet_pre', relation: 'pretrain', declaredBy: 'model-index:Config checkpoint', note: 'http://download.example.com/cls/tinynet_pre-0001.pth?v=1' },
    ]);
    expect(card('mi:openmm/tiny-rcnn_r18_ft_voc').lineage!.parents!.map((p) => [p.id, p.relation])).toEqual([
      ['mi:openmm/tiny-rcnn_r18_1x_coco', 'finetune'],
      ['mi:openmm/tinynet_pre', 'pretrain'],
    ]);
  });

  it('falls back to the result page beside the metafile for the description', () => {
    const c = card('mi:openmm/tinynet_pre');
    expect(c.description).toContain('# TinyNet results');
    expect(ext(c).page).toBe('openmm/configs/cls/metafile.md');
  });

  it('turns Alias into aliases', () => {
    expect(card('mi:openmm/tinynet_ft').aliases).toEqual(['mi:openmm/tinynet']);
  });

  it('maps an HF card model-index entry, its base_model and front matter', () => {
    const c = card('mi:hfcard/vit-food101');
    expect(c).toMatchObject({
      license: 'apache-2.0',
      description: expect.stringContaining('A ViT fine-tuned on Food-101.'),
      tags: ['hfcard', 'image-classification'],
      tasks: ['image-classification'],
      lineage: { parents: [{ id: 'hf:google/vit-base-patch16-224', relation: 'finetune', declaredBy: 'hf:base_model' }] },
      training: { datasets: [{ name: 'food101', role: 'finetuning' }, { name: 'Food-101', role: 'evaluation' }] },
    });
    expect(c.evaluation!.results).toEqual([
      { task: { type: 'image-classification', name: 'Image Classification' }, dataset: { name: 'Food-101', type: 'food101', split: 'validation' }, metrics: [{ type: 'accuracy', name: 'Accuracy', value: 0.891 }] },
    ]);
  });

  it('reports duplicate names with both locations and imports only the first', () => {
    const dup = problems.filter((p) => p.code === 'model-duplicate');
    expect(dup).toEqual([
      expect.objectContaining({ severity: 'error', file: 'openmm/configs/det/metafile.yml', line: 46, model: 'tiny-rcnn_r18_1x_coco', message: expect.stringContaining('first defined at openmm/configs/det/metafile.yml:22') }),
    ]);
    expect(card('mi:openmm/tiny-rcnn_r18_1x_coco').evaluation!.results![0]!.metrics[0]!.value).toBe(40.5);
  });

  it('reports numbers written as strings at the line of the field, and unparseable ones kept in extensions', () => {
    const w = problems.filter((p) => p.code === 'number-as-string' && p.model === 'tiny-rcnn_r18_1x_coco');
    expect(w.map((p) => [p.line, p.severity])).toEqual([
      [26, 'warning'],
      [27, 'warning'],
      [28, 'warning'],
      [29, 'warning'],
      [38, 'warning'],
    ]);
    const u = problems.find((p) => p.code === 'number-unparseable')!;
    expect(u).toMatchObject({ line: 58, model: 'tiny-rcnn_r18_ft_voc' });
    const c = card('mi:openmm/tiny-rcnn_r18_ft_voc');
    expect(c.architecture).not.toHaveProperty('parameters');
    expect(ext(c).original).toEqual({ 'architecture.parameters': 'not reported' });
  });

  it('is pure: never changes its documents, reads no clock or randomness, and gives the same cards as before', () => {
    // Documents deep-frozen (a write throws), called under two different fake clocks and random sources.
    const again = loadModelIndex({ path: FIXTURES }).documents;
    const out = expectPure(again, (docs) => toModelCards(docs, { connectorVersion: '0.1.0' }));
    expect(out.cards).toEqual(cards);
    expect(out.problems).toEqual(problems);
  });

  it('rejects malformed entries whole, never half-imported', () => {
    const doc: ModelIndexDocument = {
      kind: 'metafile',
      file: 'x/metafile.yml',
      namespace: 'x',
      collections: [],
      hfEntries: [],
      models: [
        { wire: { Name: 'ok', Results: [{ Task: 'Object Detection', Dataset: 'COCO', Metrics: { AP: 1 } }] }, line: 2 },
        { wire: { Name: 'bad-results', Results: 'COCO 40.5' as never }, line: 5 },
        { wire: { Name: 'bad-weights', Weights: { url: 'x' } as never }, line: 8 },
        { wire: { Name: '' }, line: 11 },
        { wire: 'nope' as never, line: 12 },
        { wire: { Name: 'no collection', 'In Collection': 'Ghost', Results: [{ Task: 'Object Detection', Metrics: null }] }, line: 13 },
      ],
    };
    const res = toModelCards([doc]);
    expect(res.cards.map((c) => c.card.id)).toEqual(['mi:x/ok', 'mi:x/no collection']);
    expect(res.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.code])).toEqual([
      [5, 'model-invalid'],
      [8, 'model-invalid'],
      [11, 'model-invalid'],
      [12, 'model-invalid'],
    ]);
    expect(res.problems.filter((p) => p.severity === 'warning').map((p) => p.code)).toEqual(['collection-unknown', 'result-invalid']);
    const nc = res.cards[1]!.card;
    expect(nc.name).toBe('no collection');
    expect(nc.evaluation).toBeUndefined();
    expect(ext(nc).original['evaluation.results.dropped']).toEqual([{ Task: 'Object Detection', Metrics: null }]);
  });
});

describe('nested metrics', () => {
  it('splits a metric that holds several values into one metric each, the outer key as config', () => {
    const doc: ModelIndexDocument = {
      kind: 'metafile',
      file: 'g/metafile.yml',
      namespace: 'g',
      collections: [],
      hfEntries: [],
      models: [{ wire: { Name: 'deblur', Results: [{ Task: 'Deblurring', Dataset: 'GoPro', Metrics: { 'PSNR/<br/>SSIM': { PSNR: 29.55, SSIM: 0.934 } } }] }, line: 1 }],
    };
    const res = toModelCards([doc]);
    expect(res.problems).toEqual([]);
    expect(res.cards[0]!.card.evaluation!.results![0]!.metrics).toEqual([
      { type: 'psnr', name: 'PSNR', value: 29.55, config: 'PSNR/<br/>SSIM' },
      { type: 'ssim', name: 'SSIM', value: 0.934, config: 'PSNR/<br/>SSIM' },
    ]);
  });
});

describe('duplicate collections', () => {
  it('warns about a collection defined twice in a file and uses the first', () => {
    const doc: ModelIndexDocument = {
      kind: 'metafile',
      file: 'c/metafile.yml',
      namespace: 'c',
      collections: [
        { wire: { Name: 'Net', Paper: { Title: 'First' } }, line: 2 },
        { wire: { Name: 'Net', Paper: { Title: 'Second' } }, line: 6 },
      ],
      hfEntries: [],
      models: [{ wire: { Name: 'net-a', 'In Collection': 'Net' }, line: 10 }],
    };
    const res = toModelCards([doc]);
    expect(res.problems).toEqual([expect.objectContaining({ code: 'collection-duplicate', severity: 'warning', line: 6 })]);
    expect(res.cards[0]!.card.paper).toEqual({ title: 'First' });
  });
});

describe('normaliseWeightsUrl', () => {
  it('ignores scheme, host case, query and timm’s old GitHub home', () => {
    expect(normaliseWeightsUrl('http://GitHub.com/rwightman/pytorch-image-models/releases/x.pth?raw=1')).toBe(
      normaliseWeightsUrl('https://github.com/huggingface/pytorch-image-models/releases/x.pth'),
    );
  });
});

describe('checkpoint aliases (mmcv model_zoo tables)', () => {
  it('resolves open-mmlab:// references in configs, including deprecated names, to the models that publish those weights', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-alias-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    try {
      write('mmcv/mmcv/model_zoo/open_mmlab.json', JSON.stringify({ 'cls/tinynet': 'https://dl.example.com/cls/tinynet.pth' }));
      write('mmcv/mmcv/model_zoo/deprecated.json', JSON.stringify({ tinynet_old: 'cls/tinynet' }));
      write('cls/model-index.yml', 'Import:\n  - metafile.yml\n');
      write('cls/metafile.yml', 'Models:\n  - Name: tinynet\n    Weights: https://dl.example.com/cls/tinynet.pth\n');
      write('det/model-index.yml', 'Import:\n  - configs/metafile.yml\n');
      write('det/configs/metafile.yml', 'Models:\n  - Name: det_a\n    Config: configs/det_a.py\n  - Name: det_b\n    Config: configs/det_b.py\n');
      write('det/configs/det_a.py', "model = dict(backbone=dict(init_cfg=dict(type='Pretrained', checkpoint='open-mmlab://cls/tinynet')))\n");
      write('det/configs/det_b.py', "pretrained = 'openmmlab://tinynet_old'\n");
      const loaded = loadModelIndex({ path: dir });
      expect(loaded.checkpointAliases['open-mmlab://tinynet_old']).toBe('https://dl.example.com/cls/tinynet.pth');
      const { cards: out } = toModelCards(loaded.documents, { checkpointAliases: loaded.checkpointAliases });
      const parents = Object.fromEntries(out.map((c) => [c.card.id, c.card.lineage?.parents]));
      expect(parents['mi:det/det_a']).toEqual([
        { id: 'mi:cls/tinynet', relation: 'pretrain', declaredBy: 'model-index:Config checkpoint', note: 'open-mmlab://cls/tinynet -> https://dl.example.com/cls/tinynet.pth' },
      ]);
      expect(parents['mi:det/det_b']).toEqual([
        { id: 'mi:cls/tinynet', relation: 'pretrain', declaredBy: 'model-index:Config pretrained', note: 'openmmlab://tinynet_old -> https://dl.example.com/cls/tinynet.pth' },
      ]);
      // Without the tables the alias cannot be matched.
      expect(toModelCards(loaded.documents).cards.every((c) => !c.card.lineage)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
