// `npx tsx bench/governance.bench.ts`: policy evaluation throughput (example policy, with an ancestor) against card
// schema validation of the same cards, and audit-chain verification against plain sha256 of the same entries,
// each baseline measured in the same run.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson, validate, type ModelCard } from '@modellake/card';
import { AUDIT_GENESIS, auditEntryHash, evaluatePolicy, loadPolicy, verifyAuditChain, type Ancestor, type AuditEntry } from '@modellake/core';
import { fmt, row, time } from './util.js';

const N = Number(process.env.BENCH_CARDS ?? 20_000);
const ENTRIES = Number(process.env.BENCH_AUDIT ?? 100_000);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const policy = loadPolicy(fs.readFileSync(path.join(root, 'examples/policy.yaml'), 'utf8'));

const base: ModelCard = { cardVersion: '1.0', id: 'hf:meta-llama/Llama-3.1-8B', name: 'Llama 3.1 8B', license: 'llama3.1', training: { datasets: [{ name: 'web', role: 'pretraining' }] } };
function card(i: number): ModelCard {
  return {
    cardVersion: '1.0', id: `hf:acme/model-${i}`, name: `model ${i}`, license: ['mit', 'apache-2.0', 'llama3.1', 'cc-by-nc-4.0'][i % 4]!, description: 'x',
    tasks: ['text-classification'], authors: [{ name: 'Ada Lovelace' }],
    architecture: { family: 'llama', parameters: 8_000_000_000 + (i % 3) * 1e9, dtypes: ['bfloat16'] },
    training: { datasets: [{ name: `internal-${i % 10}`, role: 'finetuning' }] },
    evaluation: { results: [{ task: { type: 'text-classification' }, dataset: { name: 'eval' }, metrics: [{ type: 'accuracy', value: 0.8 + (i % 20) / 100 }] }] },
    governance: { owner: 'team', riskLevel: i % 5 === 0 ? 'high' : 'limited', commercialUse: i % 2 === 0, biasChecks: [{ name: 'demographic-parity', status: 'passed' }] },
    lineage: { parents: [{ id: base.id, relation: 'finetune' }] },
    fingerprint: { version: 1, architecture: { signature: 'sig-llama-8b', modelType: 'llama', parameters: 8_030_261_248, dtypes: ['BF16'] } },
  };
}
const cards = Array.from({ length: N }, (_, i) => card(i));
const ancestors: Ancestor[] = [{ id: base.id, depth: 1, relation: 'finetune', origin: 'declared', path: ['x', base.id], card: base }];

console.log(`modellake governance benchmark: ${fmt(N)} cards, ${fmt(ENTRIES)} audit entries, Node ${process.version}`);
const validateMs = await time(() => { for (const c of cards) validate(c); });
let findings = 0;
const evalMs = await time(() => { for (const c of cards) findings += evaluatePolicy(policy, c, { ancestors, now: '2026-06-01T00:00:00Z' }).findings.length; });
row('baseline: validate() per card', `${fmt((validateMs * 1000) / N, 1)} µs`);
row('evaluatePolicy() per card (example policy)', `${fmt((evalMs * 1000) / N, 1)} µs`, `${fmt(N / (evalMs / 1000))} cards/s, ${fmt(findings / N, 1)} findings/card`);
row('ratio evaluate / validate', `${fmt(evalMs / validateMs, 2)}x`);

const chain: AuditEntry[] = [];
let prev = AUDIT_GENESIS;
for (let seq = 1; seq <= ENTRIES; seq++) {
  const b = { seq, at: new Date(1_700_000_000_000 + seq * 1000).toISOString(), actor: 'bench', action: 'card.put', subject: `hf:acme/model-${seq % 1000}`, details: { revision: seq, hash: `sha256:${seq}` }, prevHash: prev };
  const e = { ...b, hash: auditEntryHash(b) };
  chain.push(e);
  prev = e.hash;
}
const shaMs = await time(() => { for (const e of chain) createHash('sha256').update(canonicalJson(e)).digest('hex'); });
let ok = false;
const verifyMs = await time(() => { ok = verifyAuditChain(chain).ok; });
row('baseline: sha256(canonicalJson) per entry', `${fmt((shaMs * 1000) / ENTRIES, 2)} µs`);
row('verifyAuditChain per entry', `${fmt((verifyMs * 1000) / ENTRIES, 2)} µs`, `${fmt(ENTRIES / (verifyMs / 1000))} entries/s, ok=${ok}`);
row('ratio verify / baseline', `${fmt(verifyMs / shaMs, 2)}x`);
