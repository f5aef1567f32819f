// `pnpm bench:governance`: policy evaluation throughput (example policy, with an ancestor) against card schema
// validation of the same cards, and audit-chain verification against plain sha256 of the same entries, each baseline
// measured in the same run. Every side is warmed up first (Ajv compiles the card schema on the first validate(): that
// one-time cost is reported on its own), then ROUNDS rounds alternate which side runs first, and medians are reported.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson, validate, type ModelCard } from '@modellake/card';
import { AUDIT_GENESIS, auditEntryHash, evaluatePolicy, loadPolicy, verifyAuditChain, type Ancestor, type AuditEntry } from '@modellake/core';
import { writeResults } from './results.js';
import { fmt, median, row, time } from './util.js';

const N = Number(process.env.BENCH_CARDS ?? 20_000);
const ENTRIES = Number(process.env.BENCH_AUDIT ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
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

console.log(`modellake governance benchmark: ${fmt(N)} cards, ${fmt(ENTRIES)} audit entries, ${ROUNDS} rounds (order alternated, medians), Node ${process.version}`);

/** Runs both sides ROUNDS times, alternating which goes first, after one warm-up call of each; medians in ms. */
async function compare(a: () => unknown, b: () => unknown): Promise<{ a: number; b: number; ratios: number[] }> {
  a();
  b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      as.push(await time(a));
      bs.push(await time(b));
    } else {
      bs.push(await time(b));
      as.push(await time(a));
    }
  }
  return { a: median(as), b: median(bs), ratios: as.map((x, i) => x / bs[i]!) };
}

// Ajv compiles the card schema on the first validate(): measured alone, then left out of the comparison.
const compileMs = await time(() => validate(cards[0]!));
let findings = 0;
const cardsRun = await compare(
  () => { findings = 0; for (const c of cards) findings += evaluatePolicy(policy, c, { ancestors, now: '2026-06-01T00:00:00Z' }).findings.length; },
  () => { for (const c of cards) validate(c); },
);
const evalUs = (cardsRun.a * 1000) / N;
const validateUs = (cardsRun.b * 1000) / N;
const evalRatio = cardsRun.a / cardsRun.b;
row('first validate() call (Ajv schema compile)', `${fmt(compileMs, 1)} ms`, 'one-time, excluded below');
row('baseline: validate() per card (warm, median)', `${fmt(validateUs, 2)} µs`);
row('evaluatePolicy() per card (example policy)', `${fmt(evalUs, 1)} µs`, `${fmt(N / (cardsRun.a / 1000))} cards/s, ${fmt(findings / N, 1)} findings/card`);
row('ratio evaluate / validate (median)', `${fmt(evalRatio, 1)}x`, `per round ${fmt(Math.min(...cardsRun.ratios), 1)}-${fmt(Math.max(...cardsRun.ratios), 1)}x`);

const chain: AuditEntry[] = [];
let prev = AUDIT_GENESIS;
for (let seq = 1; seq <= ENTRIES; seq++) {
  const b = { seq, at: new Date(1_700_000_000_000 + seq * 1000).toISOString(), actor: 'bench', action: 'card.put', subject: `hf:acme/model-${seq % 1000}`, details: { revision: seq, hash: `sha256:${seq}` }, prevHash: prev };
  const e = { ...b, hash: auditEntryHash(b) };
  chain.push(e);
  prev = e.hash;
}
let ok = false;
const chainRun = await compare(
  () => { ok = verifyAuditChain(chain).ok; },
  () => { for (const e of chain) createHash('sha256').update(canonicalJson(e)).digest('hex'); },
);
const verifyUs = (chainRun.a * 1000) / ENTRIES;
const shaUs = (chainRun.b * 1000) / ENTRIES;
const verifyRatio = chainRun.a / chainRun.b;
row('baseline: sha256(canonicalJson) per entry', `${fmt(shaUs, 2)} µs`);
row('verifyAuditChain per entry', `${fmt(verifyUs, 2)} µs`, `${fmt(ENTRIES / (chainRun.a / 1000))} entries/s, ok=${ok}`);
row('ratio verify / baseline (median)', `${fmt(verifyRatio, 2)}x`, `per round ${fmt(Math.min(...chainRun.ratios), 2)}-${fmt(Math.max(...chainRun.ratios), 2)}x`);
if (!ok) throw new Error('the audit chain did not verify');

writeResults({
  name: 'governance',
  command: 'pnpm bench:governance',
  measures: 'policy evaluation vs schema validation (warm, Ajv compile reported apart); audit-chain verification vs plain sha256; medians of alternating rounds',
  summary: `${fmt(evalUs, 1)} µs/card (${fmt(evalRatio, 1)}x warm \`validate()\`, ${fmt(validateUs, 2)} µs; first call compiles the schema in ${fmt(compileMs, 0)} ms); ${fmt(verifyUs, 2)} µs/entry (${fmt(verifyRatio, 2)}x sha256)`,
  target: '—',
  figures: { cards: N, entries: ENTRIES, rounds: ROUNDS, compileMs, validateUs, evalUs, evalRatio, shaUs, verifyUs, verifyRatio },
});
