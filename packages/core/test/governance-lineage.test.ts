import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelCard } from '@modellake/card';
import { createMemoryStorage, findAncestors, Governance, Lake } from '../src/index.js';
import type { LineageGraph } from '../src/lineage/index.js';
import { dishonestChild, llamaBase } from './governance-fixtures.js';

const actor = { name: 'seed', role: 'admin' as const };
const mistral: ModelCard = { cardVersion: '1.0', id: 'hf:mistralai/Mistral-7B-v0.1', name: 'Mistral 7B', license: 'apache-2.0', organisation: 'Mistral AI' };

/** Graph as the lineage engine reports it: the declared Llama edge, plus a weights-only edge to Mistral with a finding. */
const graph: LineageGraph = {
  models: [llamaBase().id, dishonestChild().id, mistral.id],
  edges: [
    { parent: mistral.id, child: dishonestChild().id, relation: 'finetune', confidence: 0.96, basis: 'weights', evidence: { meanRelDelta: 0.01 } },
    { parent: llamaBase().id, child: 'hf:acme/unrelated', relation: 'finetune', confidence: 0.5, basis: 'declared', evidence: {} },
  ],
  findings: [{ model: dishonestChild().id, code: 'declared-parent-mismatch', message: 'Declared parent hf:meta-llama/Llama-3.1-8B does not match the weights; they match hf:mistralai/Mistral-7B-v0.1.', details: { declared: llamaBase().id, detected: mistral.id } }],
  roots: {},
};

describe('governance with the lineage engine', () => {
  // A bare lake (no features installed), so the test controls what the `lineage` deriver answers.
  const lake = new Lake({ storage: createMemoryStorage() });
  beforeAll(async () => {
    for (const c of [llamaBase(), dishonestChild(), mistral]) await lake.putCard(c, actor);
  });
  afterAll(async () => lake.storage.close());

  it('falls back to declared parents without the lineage feature', async () => {
    const a = await findAncestors(lake, dishonestChild());
    expect(a.map((x) => [x.id, x.origin])).toEqual([[llamaBase().id, 'declared']]);
  });

  it('merges detected edges from the engine and reports its findings', async () => {
    lake.addDeriver({ name: 'lineage', onCardStored() {}, graph: async () => graph } as never);
    const a = await findAncestors(lake, dishonestChild());
    expect(a.map((x) => [x.id, x.origin, x.confidence, !!x.card])).toEqual([
      [llamaBase().id, 'declared', undefined, true],
      [mistral.id, 'detected', 0.96, true],
    ]);
    const body = await new Governance(lake).findings('hf:acme/llama-support-bot');
    expect(body.ancestors.map((x) => x.origin)).toEqual(['declared', 'detected']);
    const mismatch = body.findings.filter((f) => f.code === 'reality.base-model-mismatch' || f.code === 'lineage.declared-parent-mismatch');
    expect(mismatch.map((f) => [f.code, f.severity])).toEqual([
      ['reality.base-model-mismatch', 'error'],
      ['lineage.declared-parent-mismatch', 'error'],
    ]);
    expect(mismatch[0]!.evidence).toMatchObject({ ancestorId: mistral.id, confidence: 0.96 });
    expect(mismatch[1]!.evidence).toMatchObject({ path: '/lineage/parents', detected: mistral.id });
  });
});

describe('governance with the real lineage engine', () => {
  it('reports a declared base model that the weights contradict', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { finetune, randomWeights, writeModel } = await import('../../fingerprint/test/helpers.js');
    const { readModelFolder } = await import('../src/lineage/index.js');
    const { openLake } = await import('../src/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'mlk-gov-lineage-'));
    const other = randomWeights(50);
    const wide = randomWeights(70, 48);
    writeModel(join(dir, 'zeta/other'), other);
    writeModel(join(dir, 'wide/base'), wide, { config: { model_type: 'wide' } });
    writeModel(join(dir, 'wide/ft'), finetune(wide, 71, 0.3), { config: { model_type: 'wide' } });
    const opened = openLake({ storage: createMemoryStorage(), config: { auth: { trustedActor: actor } } });
    try {
      for (const name of ['zeta/other', 'wide/base', 'wide/ft']) {
        const folder = await readModelFolder(join(dir, name), `hf:${name}`);
        const card: ModelCard = { cardVersion: '1.0', id: `hf:${name}`, name, license: 'apache-2.0', fingerprint: folder.fingerprint };
        if (name === 'wide/ft') card.lineage = { parents: [{ id: 'hf:zeta/other', relation: 'finetune', declaredBy: 'hf:base_model' }] };
        await opened.lake.putCard(card, actor);
      }
      const res = await opened.app.request('/v1/models/hf:wide/ft/findings');
      const body = (await res.json()) as { findings: { code: string; severity: string; message: string; evidence: Record<string, unknown> }[] };
      const f = body.findings.find((x) => x.code === 'lineage.declared-parent-mismatch');
      expect(f).toMatchObject({ severity: 'error', evidence: { path: '/lineage/parents', ancestorId: 'hf:zeta/other' } });
      expect(f!.message).toMatch(/^The card declares hf:zeta\/other as its finetune parent/);
    } finally {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
