import { describe, expect, it } from 'vitest';
import type { ModelCard } from '@modellake/card';
import { DEFAULT_POLICY, evaluatePolicy, licenseInfo, type Ancestor, type Policy } from '../src/index.js';
import { childAncestors, dishonestChild, llamaBase } from './governance-fixtures.js';

const byCode = (p: Policy, card: ModelCard, ancestors: Ancestor[] = []) => {
  const out: Record<string, { severity: string; evidence: Record<string, unknown>; message: string }[]> = {};
  for (const f of evaluatePolicy(p, card, { ancestors }).findings) (out[f.code] ??= []).push(f);
  return out;
};

describe('card-vs-reality', () => {
  it('flags declared parameters, dtype and family that the files contradict', () => {
    const f = byCode(DEFAULT_POLICY, dishonestChild(), childAncestors());
    expect(f['reality.parameters-mismatch']![0]).toMatchObject({ severity: 'error', evidence: { path: '/architecture/parameters', expected: 8_030_261_248, actual: 7_000_000_000 } });
    expect(f['reality.dtypes-mismatch']![0]).toMatchObject({ evidence: { path: '/architecture/dtypes', expected: ['bf16'], actual: ['float16'] } });
    expect(f['reality.architecture-mismatch']![0]).toMatchObject({ evidence: { path: '/architecture/family', expected: 'llama', actual: 'mistral' } });
    expect(f['reality.architecture-mismatch']).toHaveLength(1);
  });

  it('accepts an honest card (tolerance, dtype spellings, family/type)', () => {
    const c = dishonestChild();
    c.architecture = { family: 'Llama', type: 'LlamaForCausalLM', parameters: 8_030_000_000, dtypes: ['bf16'] };
    c.evaluation!.results![0]!.source = { name: 'internal eval', url: 'https://ci.acme.dev/run/1' };
    c.training!.datasets!.push({ name: 'public web data', role: 'pretraining' });
    c.license = 'llama3.1';
    c.governance!.commercialUse = false;
    const f = byCode(DEFAULT_POLICY, c, childAncestors());
    expect(Object.keys(f)).toEqual(['license.obligations-inherited']);
  });

  it('flags metrics claimed without an evaluation source', () => {
    const f = byCode(DEFAULT_POLICY, dishonestChild(), childAncestors());
    expect(f['reality.metric-without-source']![0]).toMatchObject({ severity: 'warning', evidence: { path: '/evaluation/results/0' } });
  });

  it('flags datasets declared by the parent but missing from the child', () => {
    const f = byCode(DEFAULT_POLICY, dishonestChild(), childAncestors());
    expect(f['reality.parent-dataset-missing']![0]).toMatchObject({ severity: 'info', evidence: { ancestorId: 'hf:meta-llama/Llama-3.1-8B', expected: 'public web data' } });
    const quantized = childAncestors().map((a) => ({ ...a, relation: 'quantized' }));
    expect(byCode(DEFAULT_POLICY, dishonestChild(), quantized)['reality.parent-dataset-missing']![0]!.severity).toBe('warning');
  });

  it('flags a declared base model that the adapter files or detected lineage contradict', () => {
    const c = dishonestChild();
    c.fingerprint = { version: 1, architecture: { signature: 'lora' }, adapter: { type: 'lora', baseModel: 'mistralai/Mistral-7B-v0.1', rank: 16 } };
    expect(byCode(DEFAULT_POLICY, c, childAncestors())['reality.base-model-mismatch']![0]).toMatchObject({ evidence: { expected: 'mistralai/Mistral-7B-v0.1', actual: ['hf:meta-llama/Llama-3.1-8B'] } });

    const c2 = dishonestChild();
    const detected: Ancestor = { id: 'hf:mistralai/Mistral-7B-v0.1', depth: 1, path: [c2.id, 'hf:mistralai/Mistral-7B-v0.1'], origin: 'detected', confidence: 0.97, relation: 'finetune' };
    const f = byCode(DEFAULT_POLICY, c2, [...childAncestors(), detected])['reality.base-model-mismatch']!;
    expect(f[0]!.evidence).toMatchObject({ ancestorId: 'hf:mistralai/Mistral-7B-v0.1', confidence: 0.97 });
    // Detection agreeing with the declaration is no finding.
    const agree: Ancestor = { ...detected, id: 'hf:meta-llama/Llama-3.1-8B' };
    expect(byCode(DEFAULT_POLICY, c2, [...childAncestors(), agree])['reality.base-model-mismatch']).toBeUndefined();
  });

  it('flags a fine-tune whose tensor layout differs from the declared parent', () => {
    const c = dishonestChild();
    c.fingerprint = { version: 1, architecture: { signature: 'sig-bert', tensorCount: 199, modelType: 'llama' } };
    expect(byCode(DEFAULT_POLICY, c, childAncestors())['reality.base-model-mismatch']![0]).toMatchObject({ severity: 'warning', evidence: { ancestorId: 'hf:meta-llama/Llama-3.1-8B' } });
  });

  it('flags a card that claims an approval the lake never gave', () => {
    const c = { ...dishonestChild(), governance: { status: 'approved' as const } };
    const f = evaluatePolicy(DEFAULT_POLICY, c, { approvalStatus: 'review' }).findings.find((x) => x.code === 'reality.status-unapproved');
    expect(f).toMatchObject({ severity: 'warning', evidence: { path: '/governance/status', expected: 'review', actual: 'approved' } });
    expect(evaluatePolicy(DEFAULT_POLICY, c, { approvalStatus: 'approved' }).findings.map((x) => x.code)).not.toContain('reality.status-unapproved');
    expect(evaluatePolicy(DEFAULT_POLICY, c).findings.map((x) => x.code)).not.toContain('reality.status-unapproved');
  });

  it('can be switched off or narrowed', () => {
    const off: Policy = { version: 1, rules: { cardVsReality: { enabled: false }, lineage: { inheritObligations: false } } };
    expect(evaluatePolicy(off, dishonestChild(), { ancestors: childAncestors() }).findings).toEqual([]);
    const only: Policy = { version: 1, rules: { cardVsReality: { checks: ['parameters'] }, lineage: { inheritObligations: false } } };
    expect(evaluatePolicy(only, dishonestChild(), { ancestors: childAncestors() }).findings.map((f) => f.code)).toEqual(['reality.parameters-mismatch']);
  });
});

describe('license obligations along lineage', () => {
  it('knows the table flags', () => {
    expect(licenseInfo('Llama3.1')).toMatchObject({ commercial: true, family: 'llama' });
    expect(licenseInfo('llama3.1')!.obligations.join(' ')).toMatch(/Built with Llama.*700 million/s);
    expect(licenseInfo('cc-by-nc-4.0')!.commercial).toBe(false);
    expect(licenseInfo('cc-by-nc-3.0')!.commercial).toBe(false);
    expect(licenseInfo('other')).toBeUndefined();
  });

  it('a relicensed Llama fine-tune conflicts and inherits the Llama obligations', () => {
    const ev = evaluatePolicy(DEFAULT_POLICY, dishonestChild(), { ancestors: childAncestors() });
    const conflict = ev.findings.find((f) => f.code === 'license.obligation-conflict')!;
    expect(conflict).toMatchObject({ severity: 'error', evidence: { ancestorId: 'hf:meta-llama/Llama-3.1-8B', path: '/license', expected: 'llama3.1', actual: 'apache-2.0' } });
    expect(ev.obligations).toEqual([{ ancestorId: 'hf:meta-llama/Llama-3.1-8B', license: 'llama3.1', obligations: licenseInfo('llama3.1')!.obligations }]);
    expect(ev.findings.find((f) => f.code === 'license.obligations-inherited')!.severity).toBe('info');
  });

  it('obligations propagate through several generations, nearest first', () => {
    const mid: ModelCard = { cardVersion: '1.0', id: 'hf:acme/mid', name: 'mid', license: 'llama3.1' };
    const ancestors: Ancestor[] = [
      { id: 'hf:acme/mid', depth: 1, relation: 'finetune', origin: 'declared', path: ['hf:acme/q', 'hf:acme/mid'], card: mid },
      { id: llamaBase().id, depth: 2, relation: 'finetune', origin: 'declared', path: ['hf:acme/q', 'hf:acme/mid', llamaBase().id], card: llamaBase() },
    ];
    const q: ModelCard = { cardVersion: '1.0', id: 'hf:acme/q', name: 'q', license: 'mit' };
    const conflicts = evaluatePolicy(DEFAULT_POLICY, q, { ancestors }).findings.filter((f) => f.code === 'license.obligation-conflict');
    expect(conflicts.map((f) => f.evidence.ancestorPath)).toEqual([['hf:acme/q', 'hf:acme/mid'], ['hf:acme/q', 'hf:acme/mid', llamaBase().id]]);
    const undeclared = evaluatePolicy(DEFAULT_POLICY, { ...q, license: undefined } as ModelCard, { ancestors }).findings.map((f) => f.code);
    expect(undeclared).toContain('license.inherited-undeclared');
  });

  it('a commercial model with a non-commercial ancestor is an error', () => {
    const nc: ModelCard = { cardVersion: '1.0', id: 'hf:lab/research-model', name: 'research', license: 'cc-by-nc-4.0' };
    const child: ModelCard = { cardVersion: '1.0', id: 'hf:acme/product', name: 'product', license: 'cc-by-nc-4.0', governance: { commercialUse: true } };
    const anc: Ancestor[] = [{ id: nc.id, depth: 1, relation: 'distillation', origin: 'declared', path: [child.id, nc.id], card: nc }];
    const codes = evaluatePolicy(DEFAULT_POLICY, child, { ancestors: anc }).findings.map((f) => f.code);
    expect(codes).toContain('lineage.non-commercial-ancestor');
    expect(codes).not.toContain('license.obligation-conflict');
    const relicensed = evaluatePolicy(DEFAULT_POLICY, { ...child, license: 'apache-2.0', governance: {} }, { ancestors: anc }).findings.map((f) => f.code);
    expect(relicensed).toContain('license.obligation-conflict');
    expect(relicensed).not.toContain('lineage.non-commercial-ancestor');
  });

  it('forbidden ancestor licenses, unknown parents and maxDepth', () => {
    const p: Policy = { version: 1, rules: { lineage: { forbiddenAncestorLicenses: ['llama3.1'], requireParentsInLake: true, maxDepth: 1, inheritObligations: false }, cardVsReality: { enabled: false } } };
    const ancestors: Ancestor[] = [
      { id: 'hf:ghost/parent', depth: 1, origin: 'declared', path: ['hf:x/y', 'hf:ghost/parent'] },
      { id: llamaBase().id, depth: 2, origin: 'declared', path: ['hf:x/y', 'hf:ghost/parent', llamaBase().id], card: llamaBase() },
    ];
    const f = evaluatePolicy(p, { cardVersion: '1.0', id: 'hf:x/y', name: 'y' }, { ancestors }).findings;
    expect(f.map((x) => [x.code, x.evidence.ancestorId])).toEqual([['lineage.parent-not-in-lake', 'hf:ghost/parent']]);
    const deeper = evaluatePolicy({ ...p, rules: { ...p.rules, lineage: { ...p.rules!.lineage, maxDepth: 2 } } }, { cardVersion: '1.0', id: 'hf:x/y', name: 'y' }, { ancestors }).findings;
    expect(deeper.map((x) => x.code)).toContain('lineage.forbidden-ancestor-license');
  });
});
