import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelIndex, ModelIndexError } from '../src/index.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'multi');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-loader-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

describe('loadModelIndex: root index', () => {
  const res = loadModelIndex({ path: path.join(FIXTURES, 'openmm', 'model-index.yml') });

  it('follows Import: relative to the root and names the namespace after its folder', () => {
    const files = res.documents.map((d) => d.file).sort();
    expect(files).toEqual(['configs/cls/metafile.yml', 'configs/det/metafile.yml']);
    expect(new Set(res.documents.map((d) => d.namespace))).toEqual(new Set(['openmm']));
  });

  it('reports a missing Import target at the line of the Import entry', () => {
    const p = res.problems.find((x) => x.code === 'import-missing');
    expect(p).toMatchObject({ severity: 'error', file: 'model-index.yml', line: 4 });
    expect(p!.message).toContain('configs/missing/metafile.yml');
  });

  it('reports malformed YAML per file with line numbers and names every model it holds', () => {
    const yamlErrors = res.problems.filter((x) => x.code === 'yaml-invalid');
    expect(yamlErrors.length).toBeGreaterThan(0);
    expect(yamlErrors.every((x) => x.file === 'configs/broken/metafile.yml' && typeof x.line === 'number')).toBe(true);
    expect(yamlErrors[0]!.line).toBe(4);
    const lost = res.problems.filter((x) => x.code === 'model-in-broken-file');
    expect(lost.map((x) => [x.model, x.line])).toEqual([
      ['broken_a', 7],
      ['broken_b', 10],
    ]);
    // Nothing from the broken file is half-loaded.
    expect(res.documents.some((d) => d.file.includes('broken'))).toBe(false);
  });

  it('counts every declared model, including those in broken files', () => {
    const loaded = res.documents.reduce((n, d) => n + d.models.length, 0);
    expect(loaded).toBe(6);
    expect(res.modelsDeclared).toBe(8);
  });

  it('resolves YAML anchors and merge keys', () => {
    const cls = res.documents.find((d) => d.file === 'configs/cls/metafile.yml')!;
    const pre = cls.models.find((m) => m.wire.Name === 'tinynet_pre')!;
    expect(pre.wire.Metadata).toMatchObject({ 'Training Data': 'ImageNet-1k', Architecture: ['Convolution'], Parameters: 11689512 });
    const ft = cls.models.find((m) => m.wire.Name === 'tinynet_ft')!;
    expect(ft.wire.Metadata?.['Training Data']).toBe('ImageNet-1k');
  });

  it('records the line of each model and of its fields', () => {
    const det = res.documents.find((d) => d.file === 'configs/det/metafile.yml')!;
    expect(det.models.map((m) => m.line)).toEqual([22, 46, 54]);
    expect(det.models[0]!.fieldLines?.['Metadata.Parameters']).toBe(26);
    expect(det.models[0]!.fieldLines?.['Results.0.Metrics.box AP']).toBe(38);
  });

  it('reads the collection README text', () => {
    const det = res.documents.find((d) => d.file === 'configs/det/metafile.yml')!;
    expect(det.collections[0]!.readme?.text).toContain('A small two-stage detector');
  });

  it('scans Config files and their _base_ chain for checkpoint references', () => {
    const det = res.documents.find((d) => d.file === 'configs/det/metafile.yml')!;
    const ft = det.models.find((m) => m.wire.Name === 'tiny-rcnn_r18_ft_voc')!;
    expect(ft.configScanned).toBe(true);
    expect(ft.checkpointRefs!.map((r) => [r.key, r.depth])).toEqual([
      ['load_from', 0],
      ['checkpoint', 2],
    ]);
  });
});

describe('loadModelIndex: pages, cards and directories', () => {
  it('reads the YAML kept in a timm page HTML comment, with lines in the .mdx', () => {
    const res = loadModelIndex({ path: path.join(FIXTURES, 'timmish', 'docs', 'models', 'tinynet.mdx'), namespace: 'timm' });
    expect(res.problems).toEqual([]);
    const doc = res.documents[0]!;
    expect(doc).toMatchObject({ kind: 'timm-page', namespace: 'timm' });
    expect(doc.models[0]!.line).toBe(20);
    expect(doc.collections[0]!.readme?.text).toContain('TinyNet** is a tiny convolutional network');
  });

  it('finds Config and README paths of a metafile imported on its own by looking up its folders', () => {
    const res = loadModelIndex({ path: path.join(FIXTURES, 'openmm', 'configs', 'det', 'metafile.yml'), namespace: 'openmm' });
    const doc = res.documents[0]!;
    expect(doc.collections[0]!.readme?.text).toContain('A small two-stage detector');
    expect(doc.models.find((m) => m.wire.Name === 'tiny-rcnn_r18_ft_voc')!.configScanned).toBe(true);
  });

  it('reads the model-index: block of a Hugging Face model card', () => {
    const res = loadModelIndex({ path: path.join(FIXTURES, 'hfcard', 'README.md') });
    const doc = res.documents[0]!;
    expect(doc.kind).toBe('hf-card');
    expect(doc.namespace).toBe('hfcard');
    expect(doc.hfEntries[0]).toMatchObject({ line: 9, wire: { name: 'vit-food101' } });
    expect(doc.hfEntries[0]!.cardData.base_model).toBe('google/vit-base-patch16-224');
  });

  it('walks a directory of repositories, one namespace each, skipping _derived folders', () => {
    const res = loadModelIndex({ path: FIXTURES });
    const byNs = new Map<string, number>();
    for (const d of res.documents) byNs.set(d.namespace, (byNs.get(d.namespace) ?? 0) + d.models.length + d.hfEntries.length);
    expect(Object.fromEntries(byNs)).toEqual({ openmm: 6, timmish: 1, hfcard: 1 });
    expect(res.documents.filter((d) => d.kind === 'timm-page')).toHaveLength(1);
  });

  it('throws a typed error for a missing path and for a folder with nothing to import', () => {
    expect(() => loadModelIndex({ path: path.join(tmp, 'nope') })).toThrow(ModelIndexError);
    fs.mkdirSync(path.join(tmp, 'empty'), { recursive: true });
    try {
      loadModelIndex({ path: path.join(tmp, 'empty') });
      expect.unreachable();
    } catch (e) {
      expect((e as ModelIndexError).code).toBe('nothing-to-import');
    }
  });

  it('reports a document that is not a mapping, and a Models: that is not a list, without crashing', () => {
    const a = write('bad/list.yml', '- just\n- a list\n');
    expect(loadModelIndex({ path: a }).problems[0]).toMatchObject({ code: 'document-invalid', severity: 'error', line: 1 });
    const b = write('bad/models.yml', 'Collections: []\nModels:\n  Name: not-a-list\n');
    const res = loadModelIndex({ path: b });
    expect(res.problems[0]).toMatchObject({ code: 'document-invalid', severity: 'error', line: 3, model: '(Models)' });
    expect(res.modelsDeclared).toBe(1);
  });

  it('reports an Import: that is not a list and non-string entries', () => {
    const a = write('imp/model-index.yml', 'Import: configs/a.yml\n');
    expect(loadModelIndex({ path: a }).problems[0]).toMatchObject({ code: 'import-invalid', line: 1 });
    const b = write('imp2/model-index.yml', 'Import:\n  - 42\n  - {a: 1}\n');
    expect(loadModelIndex({ path: b }).problems.map((p) => [p.code, p.line])).toEqual([
      ['import-invalid', 2],
      ['import-invalid', 3],
    ]);
  });

  it('reports invalid front matter of a card with its line, and the models it held', () => {
    const p = write('card/README.md', '---\nlicense: mit\nmodel-index:\n- name: x\n  results: [\n---\n# x\n');
    const res = loadModelIndex({ path: p });
    expect(res.problems[0]).toMatchObject({ code: 'front-matter-invalid', severity: 'error' });
    expect(res.problems[0]!.line).toBeGreaterThan(1);
    expect(res.problems.find((x) => x.code === 'model-in-broken-file')).toMatchObject({ model: 'x', line: 4 });
    expect(res.modelsDeclared).toBe(1);
  });

  it('does not read the same file twice when two roots import it', () => {
    write('twice/model-index.yml', 'Import:\n  - m.yml\n  - ./m.yml\n');
    write('twice/m.yml', 'Models:\n  - Name: a\n');
    const res = loadModelIndex({ path: path.join(tmp, 'twice') });
    expect(res.modelsDeclared).toBe(1);
    expect(res.filesRead).toBe(2);
  });

  it('warns about a key repeated in one mapping, with both lines', () => {
    const p = write('dupkey/metafile.yml', 'Models:\n  - Name: a\n    Weights: https://x/a.pth\n    Weights: https://x/b.pth\n');
    const res = loadModelIndex({ path: p });
    expect(res.problems).toEqual([
      expect.objectContaining({ code: 'duplicate-key', severity: 'warning', line: 4, message: expect.stringContaining('first at line 3') }),
    ]);
    expect(res.documents[0]!.models[0]!.wire.Weights).toBe('https://x/b.pth');
  });

  it('reports an alias bomb instead of expanding it, and still names its models', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}]`);
    lines.push('Models:', '  - Name: bomb', '    Metadata: *l');
    const p = write('bomb/metafile.yml', lines.join('\n') + '\n');
    const res = loadModelIndex({ path: p });
    expect(res.problems[0]).toMatchObject({ code: 'yaml-invalid', severity: 'error', line: 1 });
    expect(res.problems.find((x) => x.code === 'model-in-broken-file')).toMatchObject({ model: 'bomb', line: 14 });
    expect(res.modelsDeclared).toBe(1);
    expect(res.documents).toEqual([]);
  });

  it('gives .mdx line numbers for malformed YAML inside a timm page comment', () => {
    const p = write('page/bad.mdx', '# Page\n\ntext\n\n<!--\nType: model-index\nModels:\n- Name: x\n  Weights: [unclosed\n-->\n');
    const res = loadModelIndex({ path: p });
    const err = res.problems.find((x) => x.code === 'yaml-invalid')!;
    expect(err.line).toBeGreaterThanOrEqual(9);
    expect(res.problems.find((x) => x.code === 'model-in-broken-file')).toMatchObject({ model: 'x', line: 8 });
  });

  it('never reads README or Config paths that are absolute or climb out with ..', () => {
    write('secret.md', 'SECRET');
    const p = write('esc/repo/configs/m/metafile.yml', 'Collections:\n  - Name: A\n    README: ../../../../secret.md\n  - Name: B\n    README: ' + path.join(tmp, 'secret.md') + '\nModels:\n  - Name: m\n    In Collection: A\n    Config: ../../../../secret.md\n');
    const res = loadModelIndex({ path: p });
    expect(res.documents[0]!.collections.map((c) => c.readme)).toEqual([undefined, undefined]);
    expect(res.documents[0]!.models[0]!.configScanned).toBeUndefined();
  });

  it('imports metafiles found in a folder without a model-index.yml', () => {
    const res = loadModelIndex({ path: path.join(FIXTURES, 'openmm', 'configs'), namespace: 'zoo' });
    expect(res.documents.map((d) => d.file).sort()).toEqual(['cls/metafile.yml', 'det/metafile.yml']);
    expect(res.problems.filter((p) => p.code === 'yaml-invalid').every((p) => p.file === 'broken/metafile.yml')).toBe(true);
    expect(res.modelsDeclared).toBe(8);
  });
});
