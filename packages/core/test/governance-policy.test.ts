import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '@modellake/card';
import { createMemoryStorage, evaluatePolicy, loadPolicy, openLake, PolicyError, policySchema, type Policy } from '../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function policyError(text: string): PolicyError {
  try {
    loadPolicy(text, 'test.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return e as PolicyError;
  }
  throw new Error('policy was accepted');
}

const card = (extra: Partial<ModelCard> = {}): ModelCard => ({ cardVersion: '1.0', id: 'hf:acme/clf', name: 'clf', ...extra });
const codes = (policy: Policy, c: ModelCard) => evaluatePolicy(policy, c, { now: '2026-06-01T00:00:00Z' }).findings.map((f) => f.code).sort();

describe('policy file', () => {
  it('the bundled schema equals schemas/policy.schema.json', () => {
    expect(policySchema).toEqual(JSON.parse(fs.readFileSync(path.join(root, 'schemas/policy.schema.json'), 'utf8')));
  });

  it('loads the example policy', () => {
    const p = loadPolicy(fs.readFileSync(path.join(root, 'examples/policy.yaml'), 'utf8'));
    expect(p.name).toBe('acme production policy');
    expect(p.rules?.licenses?.forbidden).toContain('cc-by-nc-4.0');
    expect(p.approvals?.transitions?.approve?.roles).toEqual(['admin']);
  });

  it('rejects an unknown rule with its path and line', () => {
    const e = policyError('version: 1\nrules:\n  licenses:\n    allowed: [mit]\n  licences:\n    allowed: [mit]\n');
    expect(e.code).toBe('policy-invalid');
    expect(e.issues).toEqual([{ path: '/rules/licences', line: 5, message: 'unknown rule `licences` in `/rules`' }]);
    expect(e.message).toContain('/rules/licences (line 5)');
  });

  it('rejects an unknown member inside a rule', () => {
    const e = policyError('version: 1\nrules:\n  metrics:\n    - metric: accuracy\n      minimum: 0.8\n');
    expect(e.issues[0]).toMatchObject({ path: '/rules/metrics/0/minimum', line: 5 });
  });

  it('rejects a wrong type with its path and line', () => {
    const e = policyError('version: 1\nrules:\n  metrics:\n    - metric: accuracy\n      min: high\n');
    expect(e.issues).toEqual([{ path: '/rules/metrics/0/min', line: 5, message: '`/rules/metrics/0/min` must be of type number' }]);
  });

  it('rejects a bad enum (severity) and a missing version', () => {
    const e = policyError('rules:\n  licenses:\n    severity: fatal\n');
    const paths = e.issues.map((i) => i.path);
    expect(paths).toContain('/version');
    expect(paths).toContain('/rules/licenses/severity');
  });

  it('rejects an unknown approval role', () => {
    const e = policyError('version: 1\napprovals:\n  transitions:\n    approve: { roles: [superuser] }\n');
    expect(e.issues[0]?.path).toBe('/approvals/transitions/approve/roles/0');
  });

  it('a lake starts with the policy file of its config, and refuses a bad one naming the file', async () => {
    const opened = openLake({ storage: createMemoryStorage(), config: { auth: { trustedActor: { name: 't', role: 'admin' } }, governance: { policyFile: path.join(root, 'examples/policy.yaml') } } });
    const res = await opened.app.request('/v1/governance/policy');
    expect(((await res.json()) as Policy).name).toBe('acme production policy');
    await opened.close();
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlk-pol-')), 'p.yaml');
    fs.writeFileSync(bad, 'version: 2\n');
    expect(() => openLake({ storage: createMemoryStorage(), config: { governance: { policyFile: bad } } })).toThrow(`${bad}: invalid policy\n  /version (line 1): \`/version\` must be 1`);
  });

  it('rejects invalid YAML with the line', () => {
    const e = policyError('version: 1\nrules:\n  licenses: [unclosed\n');
    expect(e.code).toBe('policy-yaml-invalid');
    expect(e.issues[0]?.line).toBeGreaterThanOrEqual(3);
  });
});

describe('evaluatePolicy rules', () => {
  it('required fields name the missing path', () => {
    const p: Policy = { version: 1, rules: { requiredFields: { fields: ['license', 'governance.owner', 'description'] } } };
    const f = evaluatePolicy(p, card({ description: 'x' })).findings;
    expect(f.map((x) => [x.code, x.evidence.path])).toEqual([['card.field-missing', '/license'], ['card.field-missing', '/governance/owner']]);
    expect(f[0]!.severity).toBe('error');
  });

  it('licenses: forbidden, not allowed, missing, non-commercial when commercial', () => {
    const p: Policy = { version: 1, rules: { licenses: { required: true, allowed: ['mit', 'Apache-2.0'], forbidden: ['cc-by-nc-4.0'], forbidNonCommercialWhenCommercial: true } } };
    expect(codes(p, card())).toEqual(['license.missing']);
    expect(codes(p, card({ license: 'apache-2.0' }))).toEqual([]);
    expect(codes(p, card({ license: 'gpl-3.0' }))).toEqual(['license.not-allowed']);
    expect(codes(p, card({ license: 'CC-BY-NC-4.0', governance: { commercialUse: true } }))).toEqual(['license.forbidden', 'license.non-commercial']);
  });

  it('datasets: approved list, forbidden, usage approvals and their expiry', () => {
    const p: Policy = { version: 1, rules: { datasets: { approved: ['hf:squad', 'internal-*'], forbidden: ['hf:scraped/*'], requireUsageApproval: true } } };
    const c = card({
      training: { datasets: [{ name: 'squad', id: 'hf:squad' }, { name: 'internal-tickets' }, { name: 'web', id: 'hf:scraped/web' }, { name: 'other' }] },
      governance: { dataUsageApprovals: [{ dataset: 'hf:squad', expires: '2027-01-01' }, { dataset: 'internal-tickets', expires: '2026-01-01' }] },
    });
    const f = evaluatePolicy(p, c, { now: '2026-06-01T00:00:00Z' }).findings.map((x) => `${x.code}@${x.evidence.path}`);
    expect(f).toEqual([
      'dataset.usage-approval-expired@/training/datasets/1',
      'dataset.forbidden@/training/datasets/2',
      'dataset.usage-approval-missing@/training/datasets/2',
      'dataset.not-approved@/training/datasets/3',
      'dataset.usage-approval-missing@/training/datasets/3',
    ]);
  });

  it('bias checks by task and by risk level', () => {
    const p: Policy = {
      version: 1,
      rules: { biasChecks: [{ tasks: ['text-classification'], required: ['demographic-parity'] }, { riskLevels: ['high'], required: ['equalized-odds', 'toxicity'] }] },
    };
    expect(codes(p, card({ tasks: ['image-classification'] }))).toEqual([]);
    expect(codes(p, card({ tasks: ['text-classification'] }))).toEqual(['bias.check-missing']);
    const c = card({
      tasks: ['text-classification'],
      governance: {
        riskLevel: 'high',
        biasChecks: [{ name: 'demographic-parity', status: 'failed', metric: 'dp', value: 0.3, threshold: 0.1 }, { name: 'equalized-odds', status: 'pending' }, { name: 'toxicity', status: 'waived' }],
      },
    });
    const f = evaluatePolicy(p, c).findings;
    expect(f.map((x) => x.code)).toEqual(['bias.check-failed', 'bias.check-pending', 'bias.check-waived']);
    expect(f[0]!.evidence.path).toBe('/governance/biasChecks/0');
    expect(f[0]!.message).toContain('dp 0.3, threshold 0.1');
  });

  it('metric thresholds, required metrics and scope', () => {
    const p: Policy = {
      version: 1,
      rules: {
        metrics: [
          { metric: 'accuracy', task: 'text-classification', min: 0.85, required: true },
          { metric: 'latency-ms', max: 50, severity: 'warning', appliesTo: ['hf:acme/*'] },
          { metric: 'f1', required: true, appliesTo: ['hf:other/*'] },
        ],
      },
    };
    const c = card({
      evaluation: { results: [{ task: { type: 'text-classification' }, dataset: { name: 'imdb' }, source: { name: 'ci run 42' }, metrics: [{ type: 'accuracy', value: 0.8 }, { type: 'latency-ms', value: '75' }] }] },
    });
    const f = evaluatePolicy(p, c).findings;
    expect(f.map((x) => [x.code, x.severity, x.evidence.path])).toEqual([
      ['metric.below-min', 'error', '/evaluation/results/0/metrics/0/value'],
      ['metric.above-max', 'warning', '/evaluation/results/0/metrics/1/value'],
    ]);
    expect(codes(p, card())).toEqual(['metric.missing']);
  });

  it('severities and per-namespace overrides change or drop findings', () => {
    const p: Policy = {
      version: 1,
      rules: { licenses: { required: true }, riskLevel: { required: true } },
      severities: { 'risk.level-missing': 'warning' },
      overrides: [{ match: ['local:*'], severities: { 'license.missing': 'off', 'risk.level-missing': 'info' } }],
    };
    const a = evaluatePolicy(p, card());
    expect(a.findings.map((f) => [f.code, f.severity])).toEqual([['license.missing', 'error'], ['risk.level-missing', 'warning']]);
    expect(a.passed).toBe(false);
    const b = evaluatePolicy(p, card({ id: 'local:scratch' }));
    expect(b.findings.map((f) => [f.code, f.severity])).toEqual([['risk.level-missing', 'info']]);
    expect(b.passed).toBe(true);
    expect(b.summary).toEqual({ error: 0, warning: 0, info: 1 });
  });

  it('risk level forbidden and citation completeness', () => {
    const p: Policy = { version: 1, rules: { riskLevel: { forbidden: ['unacceptable'] }, citation: { requireAuthors: true, requireDatasetReferences: true } } };
    const c = card({ governance: { riskLevel: 'unacceptable' }, training: { datasets: [{ name: 'mystery data' }] } });
    expect(codes(p, c)).toEqual(['citation.authors-missing', 'citation.dataset-reference-missing', 'risk.level-forbidden']);
  });
});
