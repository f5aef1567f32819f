import { describe, expect, it } from 'vitest';
import { validate } from '@modellake/card';
import { diffCards, layerOf, renderDiffMarkdown, renderDiffText, summarizeDiff } from '../src/diff/index.js';
import { baseCard, childCard, tensor } from './diff-fixtures.js';

describe('diffCards', () => {
  const a = baseCard();
  const b = childCard();
  const d = diffCards(a, b);

  it('uses valid cards as fixtures', () => {
    expect(validate(a).issues).toEqual([]);
    expect(validate(b).issues).toEqual([]);
  });

  it('names both sides and reports a change', () => {
    expect(d.a).toEqual({ id: 'gh:acme/models/sentiment', version: 'v1', name: 'sentiment' });
    expect(d.b.version).toBe('v2');
    expect(d.identical).toBe(false);
  });

  it('reports config keys and tensors added, removed, reshaped', () => {
    expect(d.architecture.changed).toBe(true);
    expect(d.architecture.config).toEqual([{ path: 'config.id2label.2', kind: 'added', after: 'neutral' }]);
    expect(d.architecture.signature).toEqual({ before: 'sig-aaaaaaaa', after: 'sig-bbbbbbbb', same: false });
    expect(d.architecture.tensors.added).toEqual([{ name: 'bert.pooler.dense.weight', dtype: 'F32', shape: [4, 4] }]);
    expect(d.architecture.tensors.removed).toEqual([]);
    expect(d.architecture.tensors.reshaped).toEqual([{ name: 'classifier.weight', before: [2, 4], after: [3, 4] }]);
    expect(d.architecture.tensors.unchanged).toBe(4);
  });

  it('ranks tensors and layers by relative change from the sketches', () => {
    const w = d.weights;
    expect(w.compared).toBe(true);
    expect(w.tensorsCompared).toBe(4);
    expect(w.tensorsChanged).toBe(2);
    const q1 = w.tensors.find((t) => t.name === 'bert.encoder.layer.1.attention.self.query.weight')!;
    // ‖[0,0,0,1]‖ / ‖[2,2,2,2]‖ = 1/4
    expect(q1.relativeChange).toBeCloseTo(0.25, 6);
    expect(q1.method).toBe('compare');
    const emb = w.tensors.find((t) => t.name === 'bert.embeddings.word_embeddings.weight')!;
    expect(emb).toMatchObject({ identical: true, relativeChange: 0, method: 'hash' });
    expect(w.layers[0]!.layer).toBe('bert.encoder.layer.1');
    expect(w.layers.at(-1)!.relativeChange).toBe(0);
    expect(w.overallRelativeChange).toBeGreaterThan(0);
    expect(w.identical).toBe(false);
  });

  it('reports datasets added and changed', () => {
    expect(d.data.added.map((x) => x.id)).toEqual(['hf:cardiffnlp/tweet_eval']);
    expect(d.data.removed).toEqual([]);
    expect(d.data.modified).toEqual([
      { key: 'hf:stanfordnlp/imdb (finetuning)', changes: [{ path: 'version', kind: 'changed', before: '1.0', after: '1.1' }] },
    ]);
  });

  it('computes metric deltas per task, dataset and metric', () => {
    const acc = d.metrics.deltas.find((m) => m.dataset === 'IMDB' && m.metric === 'accuracy')!;
    expect(acc).toMatchObject({ status: 'changed', before: 0.9, after: 0.93, delta: 0.03, split: 'test' });
    expect(acc.relativeDelta).toBeCloseTo(0.0333333, 5);
    expect(d.metrics.deltas.find((m) => m.metric === 'f1')).toMatchObject({ status: 'removed', before: 0.88 });
    expect(d.metrics.deltas.find((m) => m.dataset === 'TweetEval')).toMatchObject({ status: 'added', after: 0.71 });
    expect(d.metrics.deltas.find((m) => m.dataset === 'SST-2')).toMatchObject({ status: 'unchanged', delta: 0 });
  });

  it('reports governance fields, keyed bias checks and list members', () => {
    const paths = Object.fromEntries(d.governance.fields.map((f) => [f.path, f]));
    expect(paths['governance.status']).toMatchObject({ kind: 'changed', before: 'review', after: 'approved' });
    expect(paths['governance.compliance']).toMatchObject({ added: ['soc2'], removed: [] });
    expect(paths['governance.biasChecks[gender].status']).toMatchObject({ before: 'pending', after: 'passed' });
    expect(paths['governance.biasChecks[gender].value']).toMatchObject({ kind: 'added', after: 0.02 });
    expect(paths['license']).toBeUndefined();
  });

  it('reports other fields under metadata', () => {
    expect(d.metadata.map((m) => m.path)).toEqual(['version', 'tags']);
  });

  it('says a card is identical to itself', () => {
    const same = diffCards(a, structuredClone(a));
    expect(same.identical).toBe(true);
    expect(same.weights.identical).toBe(true);
    expect(renderDiffText(same)).toContain('no differences');
    expect(summarizeDiff(same)).toBe('no changes');
  });

  it('handles cards without fingerprints, metrics or governance', () => {
    const x = diffCards({ cardVersion: '1.0', id: 'local:x', name: 'x' }, { cardVersion: '1.0', id: 'local:y', name: 'y', license: 'mit' });
    expect(x.weights).toMatchObject({ compared: false, note: 'no weight sketch on either side' });
    expect(x.architecture.tensors.compared).toBe(false);
    expect(x.governance.fields).toEqual([{ path: 'license', kind: 'added', after: 'mit' }]);
    expect(x.metadata).toEqual([{ path: 'name', kind: 'changed', before: 'x', after: 'y' }]);
    expect(renderDiffMarkdown(x)).toContain('Not compared: no weight sketch on either side.');
  });

  it('sees a precision cast as identical values and falls back to statistics', () => {
    const t1 = { ...tensor('w', [2], [1, 2]), samples: undefined, valueHash: 'v1' };
    const t2 = { ...tensor('w', [2], [1, 2], 'BF16'), hash: 'other', samples: undefined, valueHash: 'v1' };
    const fa = { version: 1, architecture: { signature: 'sig-xxxxxxxx' }, tensors: [t1] };
    const fb = { version: 1, architecture: { signature: 'sig-xxxxxxxx' }, tensors: [t2] };
    const cast = diffCards({ ...baseCard(), fingerprint: fa }, { ...baseCard(), fingerprint: fb });
    expect(cast.weights.tensors[0]).toMatchObject({ method: 'compare', identical: true, relativeChange: 0 });
    expect(cast.architecture.tensors.retyped).toEqual([{ name: 'w', before: 'F32', after: 'BF16' }]);
    const stats = diffCards(
      { ...baseCard(), fingerprint: { ...fa, tensors: [{ ...t1, valueHash: undefined, l2: 10 }] } },
      { ...baseCard(), fingerprint: { ...fb, tensors: [{ ...t2, valueHash: undefined, l2: 12 }] } },
    );
    expect(stats.weights.tensors[0]).toMatchObject({ method: 'stats' });
    expect(stats.weights.tensors[0]!.relativeChange).toBeCloseTo(0.2, 6);
  });
});

describe('layerOf', () => {
  it('groups by the first numeric segment, else drops the leaf', () => {
    expect(layerOf('model.layers.3.self_attn.q_proj.weight')).toBe('model.layers.3');
    expect(layerOf('model.embed_tokens.weight')).toBe('model.embed_tokens');
    expect(layerOf('lm_head.weight')).toBe('lm_head');
    expect(layerOf('token_embd')).toBe('token_embd');
  });
});

describe('renderers', () => {
  const d = diffCards(baseCard(), childCard());

  it('renders a terminal view with every section', () => {
    const text = renderDiffText(d);
    expect(text).toContain('diff gh:acme/models/sentiment@v1 → gh:acme/models/sentiment@v2');
    for (const s of ['Architecture', 'Weights', 'Data', 'Metrics', 'Governance', 'Other fields']) expect(text).toContain(`\n${s}\n`);
    expect(text).toContain('+ config.id2label.2: neutral');
    expect(text).toContain('~ classifier.weight [2, 4] → [3, 4]');
    expect(text).toMatch(/bert\.encoder\.layer\.1\s+\d/);
    expect(text).toContain('+ hf:cardiffnlp/tweet_eval (finetuning)');
    expect(text).toContain('~ text-classification / IMDB [test] / accuracy: 0.9 → 0.93 +0.03 (+3.33%)');
    expect(text).toContain('~ governance.status: review → approved');
    expect(text).not.toContain('\x1b[');
    expect(renderDiffText(d, { color: true })).toContain('\x1b[32m+\x1b[0m');
  });

  it('cuts long lists with a pointer to --json', () => {
    expect(renderDiffText(d, { limit: 1 })).toContain('… 1 more (see --json)');
  });

  it('renders Markdown tables with escaped cells', () => {
    const md = renderDiffMarkdown(d, { headingLevel: 2 });
    expect(md.startsWith('## Diff `gh:acme/models/sentiment@v1` → `gh:acme/models/sentiment@v2`')).toBe(true);
    expect(md).toContain('### Weights');
    expect(md).toContain('| layer | relative change | tensors |');
    expect(md).toContain('| `bert.encoder.layer.1` |');
    expect(md).toContain('| text-classification | IMDB \\[test\\] | accuracy | 0.9 | 0.93 | +0.03 (+3.33%) |');
    expect(md).toContain('| ~ | `governance.status` | review | approved |');
    expect(md).toContain('| ~ | `governance.compliance` |  | +soc2 |');
    expect(summarizeDiff(d)).toBe('architecture, weights 14.1%, data, metrics, governance, metadata');
  });
});

describe('weights from real fingerprints (@modellake/fingerprint)', () => {
  it('finds the layer that was fine-tuned', async () => {
    const { fingerprintModelFolder } = await import('@modellake/fingerprint');
    const fs = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const { safetensorsBytes, pseudoRandom } = await import('./diff-fixtures.js');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-diff-'));
    try {
      const base = {
        'model.embed.weight': { shape: [32, 16], values: pseudoRandom(512, 1) },
        'model.layers.0.mlp.weight': { shape: [16, 16], values: pseudoRandom(256, 2) },
        'model.layers.1.mlp.weight': { shape: [16, 16], values: pseudoRandom(256, 3) },
      };
      const tuned = {
        ...base,
        'model.layers.1.mlp.weight': { shape: [16, 16], values: base['model.layers.1.mlp.weight'].values.map((v, i) => v + 0.1 * pseudoRandom(256, 9)[i]!) },
      };
      const fp = async (name: string, tensors: typeof base) => {
        await fs.mkdir(path.join(dir, name));
        await fs.writeFile(path.join(dir, name, 'model.safetensors'), safetensorsBytes(tensors));
        return (await fingerprintModelFolder(path.join(dir, name))).fingerprint;
      };
      const a = { ...baseCard(), fingerprint: await fp('a', base) };
      const b = { ...childCard(), fingerprint: await fp('b', tuned) };
      const d = diffCards(a, b);
      expect(d.architecture.signature?.same).toBe(true);
      expect(d.weights.compared).toBe(true);
      expect(d.weights.tensorsChanged).toBe(1);
      expect(d.weights.layers[0]!.layer).toBe('model.layers.1');
      expect(d.weights.layers[0]!.relativeChange).toBeGreaterThan(0.05);
      expect(d.weights.layers[0]!.relativeChange).toBeLessThan(0.3);
      expect(d.weights.layers.slice(1).every((l) => l.relativeChange === 0)).toBe(true);
      expect(d.weights.summary?.changed).toBe(1);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
