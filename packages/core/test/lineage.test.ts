import { shared } from '../../../test/support/shared.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLineage, findModelFolders, LineageIndex, readModelFolder, scanModelTree, scoreLineage, toLineageModel, type LineageTruth } from '../src/lineage/index.js';
import { finetune, loraMerge, merge, randomWeights, writeAdapter, writeModel } from '../../fingerprint/test/helpers.js';

/** Two families of one architecture and one of another, with every relation kind and one false base_model. */
function buildTree(): { dir: string; truth: LineageTruth } {
  const dir = mkdtempSync(join(tmpdir(), 'mlfp-tree-'));
  const root = randomWeights(1);
  const ftA = finetune(root, 2, 0.25);
  const ftB = finetune(root, 3, 0.2);
  const ftA2 = finetune(ftA, 4, 0.15);
  const targets = ['layers.0.attn.q.weight', 'layers.0.attn.v.weight', 'layers.1.attn.q.weight', 'layers.1.attn.v.weight'];
  const lora = loraMerge(ftB, 5, targets, 2);
  const soup = merge(ftA, ftB, 0.5);
  const other = randomWeights(50);
  const otherFt = finetune(other, 51, 0.2);
  const wide = randomWeights(70, 48);
  const wideFt = finetune(wide, 71, 0.3);
  writeModel(join(dir, 'acme/base'), root);
  writeModel(join(dir, 'acme/chat'), ftA, { readme: { base_model: 'acme/base' } });
  writeModel(join(dir, 'beta/code'), ftB);
  writeModel(join(dir, 'beta/code-v2'), ftA2, { readme: { base_model: 'beta/code' } });
  writeModel(join(dir, 'beta/code-lora'), lora);
  writeAdapter(join(dir, 'beta/code-adapter'), 'beta/code', ftB, targets.slice(0, 2));
  writeModel(join(dir, 'gamma/soup'), soup, { readme: { tags: ['base_model:merge:acme/chat'] } });
  writeModel(join(dir, 'acme/base-bf16'), root, { dtype: 'BF16' });
  writeModel(join(dir, 'zeta/other'), other);
  writeModel(join(dir, 'zeta/other-ft'), otherFt);
  writeModel(join(dir, 'wide/base'), wide, { config: { model_type: 'wide' } });
  writeModel(join(dir, 'wide/ft'), wideFt, { readme: { base_model: 'zeta/other' } });
  const truth: LineageTruth = {
    nodes: [],
    edges: [
      { parent: 'acme/base', child: 'acme/chat', relation: 'finetune' },
      { parent: 'acme/base', child: 'beta/code', relation: 'finetune' },
      { parent: 'acme/chat', child: 'beta/code-v2', relation: 'finetune' },
      { parent: 'beta/code', child: 'beta/code-lora', relation: 'finetune' },
      { parent: 'beta/code', child: 'beta/code-adapter', relation: 'adapter' },
      { parent: 'acme/chat', child: 'gamma/soup', relation: 'merge' },
      { parent: 'beta/code', child: 'gamma/soup', relation: 'merge' },
      { parent: 'acme/base', child: 'acme/base-bf16', relation: 'quantized' },
      { parent: 'zeta/other', child: 'zeta/other-ft', relation: 'finetune' },
      { parent: 'wide/base', child: 'wide/ft', relation: 'finetune' },
    ],
    declared: [
      { model: 'acme/chat', declared_base: 'acme/base', true: true },
      { model: 'beta/code-v2', declared_base: 'beta/code', true: false },
      { model: 'wide/ft', declared_base: 'zeta/other', true: false },
    ],
  };
  return { dir, truth };
}

describe('lineage engine', () => {
  const { dir, truth } = buildTree();

  it('recovers every edge, relation and direction of synthetic trees and flags false base_model claims', async () => {
    const r = await scanModelTree(dir);
    const s = scoreLineage(r, truth);
    expect(s.misses).toEqual([]);
    expect(s.directedCorrect).toBe(truth.edges.length);
    expect(s.relationCorrect).toBe(truth.edges.length);
    expect(s.crossFamily).toBe(0);
    expect(s.falseDeclaredFlagged).toBe(2);
    expect(s.falseAlarms).toBe(0);
    expect(r.models.map((m) => m.id)).toContain('beta/code-adapter');
    const lora = r.edges.find((e) => e.child === 'beta/code-lora')!;
    expect(lora.evidence).toMatchObject({ pattern: 'lora-merge', lowRankShare: 1 });
    const soup = r.edges.filter((e) => e.child === 'gamma/soup');
    expect(soup.map((e) => e.evidence.weight)).toEqual([0.5, 0.5]);
    const wide = r.findings.find((f) => f.model === 'wide/ft')!;
    expect(wide.code).toBe('declared-parent-mismatch');
    expect(wide.message).toMatch(/different architectures/);
  });

  it('gives the same graph when models arrive one by one in any order', async () => {
    const folders = await Promise.all((await findModelFolders(dir)).map((d) => readModelFolder(d.dir, d.id)));
    const models = folders.map(toLineageModel);
    const batch = detectLineage(models);
    const index = new LineageIndex();
    for (const m of [...models].reverse()) index.add(m);
    const strip = (g: typeof batch) => g.edges.map((e) => `${e.parent}>${e.child}:${e.relation}`).sort();
    expect(strip(index.graph())).toEqual(strip(batch));
    expect(index.graph(['zeta/other-ft']).models).toEqual(['zeta/other', 'zeta/other-ft']);
    expect(index.graph().roots['beta/code-lora']).toBe('acme/base');
  });

  it('replacing a model keeps one set of comparisons for it', async () => {
    const folders = await Promise.all((await findModelFolders(dir)).map((d) => readModelFolder(d.dir, d.id)));
    const index = new LineageIndex();
    for (const f of folders) index.add(toLineageModel(f));
    const before = index.graph().edges.length;
    index.add(toLineageModel(folders[0]!));
    expect(index.graph().edges.length).toBe(before);
    index.remove('zeta/other-ft');
    expect(index.graph().edges.some((e) => e.child === 'zeta/other-ft')).toBe(false);
  });

  it('attaches a bf16 fine-tune to the bf16 copy of its parent, not to the f32 original', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mlfp-cast-'));
    const root = randomWeights(80);
    writeModel(join(d, 'org/base'), root);
    writeModel(join(d, 'org/base-bf16'), root, { dtype: 'BF16' });
    writeModel(join(d, 'org/base-bf16-ft'), finetune(root, 81, 0.2), { dtype: 'BF16' });
    const r = await scanModelTree(d);
    expect(r.edges.map((e) => `${e.parent}>${e.child}:${e.relation}`).sort()).toEqual([
      'org/base-bf16>org/base-bf16-ft:finetune',
      'org/base>org/base-bf16:quantized',
    ]);
  });

  it('tells a LoRA merge from its base as parent on the tensors where the two differ', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mlfp-focus-'));
    const root = randomWeights(60);
    const targets = ['layers.0.attn.q.weight', 'layers.1.attn.v.weight'];
    const lora = loraMerge(root, 61, targets, 2, 0.02);
    writeModel(join(d, 'org/base'), root);
    writeModel(join(d, 'org/lora'), lora);
    writeModel(join(d, 'org/lora-ft'), finetune(lora, 62, 0.25));
    writeModel(join(d, 'org/other-ft'), finetune(root, 63, 0.3));
    const r = await scanModelTree(d);
    expect(r.edges.map((e) => `${e.parent}>${e.child}`).sort()).toEqual(['org/base>org/lora', 'org/base>org/other-ft', 'org/lora>org/lora-ft']);
  });

  it('takes a declared parent that is a precision copy of the detected one', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mlfp-twin-'));
    const root = randomWeights(85);
    writeModel(join(d, 'org/base'), root);
    writeModel(join(d, 'org/base-bf16'), root, { dtype: 'BF16' });
    writeModel(join(d, 'org/ft'), finetune(root, 86, 0.2), { readme: { base_model: 'org/base-bf16' } });
    const r = await scanModelTree(d);
    expect(r.edges.map((e) => `${e.parent}>${e.child}:${e.relation}`).sort()).toEqual(['org/base-bf16>org/ft:finetune', 'org/base>org/base-bf16:quantized']);
    expect(r.findings).toEqual([]);
  });

  it('relates models whose layouts differ by an added head', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mlfp-head-'));
    const root = randomWeights(95);
    const child = finetune(root, 96, 0.2);
    child.set('classifier.weight', { shape: [4, 32], values: randomWeights(97).get('layers.0.attn.q.weight')!.values.slice(0, 128) });
    writeModel(join(d, 'org/base'), root);
    writeModel(join(d, 'org/classifier'), child);
    writeModel(join(d, 'org/unrelated'), randomWeights(98), { readme: { base_model: 'org/base' } });
    const r = await scanModelTree(d);
    expect(r.edges.map((e) => `${e.parent}>${e.child}:${e.relation}`)).toEqual(['org/base>org/classifier:finetune']);
    expect(r.findings.map((f) => f.model)).toEqual(['org/unrelated']);
    expect(r.findings[0]!.message).toMatch(/unrelated/);
  });

  it('finds model folders whose weights are symlinks (Hugging Face cache snapshots)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mlfp-link-'));
    writeModel(join(d, 'blobs/real'), randomWeights(90));
    mkdirSync(join(d, 'snapshots/abc'), { recursive: true });
    symlinkSync(join(d, 'blobs/real/model.safetensors'), join(d, 'snapshots/abc/model.safetensors'));
    symlinkSync(join(d, 'snapshots'), join(d, 'snapshots-again'));
    expect((await findModelFolders(d)).map((f) => f.id)).toEqual(['blobs/real', 'snapshots/abc']);
  });

  it('keeps declared parents it cannot check and edges to models with no weights', () => {
    const g = detectLineage([
      { id: 'hf:org/base', kind: 'none', declared: [] },
      { id: 'mlflow:fraud', kind: 'none', declared: [{ id: 'org/base', relation: 'finetune', source: 'mlflow' }] },
    ]);
    expect(g.edges).toMatchObject([{ parent: 'hf:org/base', child: 'mlflow:fraud', relation: 'finetune', basis: 'declared' }]);
    expect(g.findings).toEqual([]);
  });
});

const dev = shared('benchmarks', 'lineage-dev').path;
describe.skipIf(!existsSync(join(dev, 'truth.json')))('lineage-dev benchmark (skipped when ../shared/benchmarks/lineage-dev is absent)', () => {
  it('meets the detection targets on the development set', async () => {
    const r = await scanModelTree(join(dev, 'models'));
    const s = scoreLineage(r, JSON.parse(readFileSync(join(dev, 'truth.json'), 'utf8')) as LineageTruth);
    expect(s.edgeAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(s.relationAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(s.falseDeclaredFlagged).toBe(s.falseDeclared);
    expect(s.falseAlarms).toBeLessThanOrEqual(1);
    expect(s.crossFamily).toBe(0);
  });
});
