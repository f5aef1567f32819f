import { canonicalJson, type ModelCard } from '@modellake/card';
import { createHash } from 'node:crypto';
import { isMalformedDetails } from '../audit.js';
import { LakeError } from '../errors.js';
import type { Lake } from '../lake.js';
import type { LineageGraph } from '../lineage/types.js';
import type { Actor, AuditEntry, StoredCard } from '../types.js';
import { findAncestors, lineageFindingsOf, lineageGraphOf } from './ancestors.js';
import { verifyAuditChain, type AuditProblem, type AuditVerification, type VerifyAuditOptions } from './audit-chain.js';
import { buildCitationEntries, formatCitation, type CitationEntry, type CitationFormat } from './citation.js';
import { evaluatePolicy } from './evaluate.js';
import type { Ancestor, PolicyEvaluation } from './findings.js';
import { DEFAULT_POLICY, validatePolicy, type Policy, type TransitionAction } from './policy.js';
import { planTransition, TRANSITIONS, type ApprovalStatus } from './workflow.js';

/** One recorded transition of a model version. */
export interface ApprovalEvent {
  action: TransitionAction;
  from: ApprovalStatus;
  to: ApprovalStatus;
  actor: string;
  role: string;
  at: string;
  comment?: string;
  /** Seq of the audit entry that records it. */
  auditSeq: number;
}

/**
 * Approval state of one model version (kept by the lake, never written into the card). It is derived from
 * the hash-chained audit log (`governance.transition` entries), never from a mutable row, so editing the
 * database cannot forge an approval without breaking `audit-log verify`.
 */
export interface ApprovalState {
  id: string;
  revision: number;
  hash: string;
  version?: string;
  status: ApprovalStatus;
  /** Set when the status was carried over from an earlier version under `approvals.carryOver`. */
  carriedFrom?: { revision: number; hash: string; rule: 'always' | 'same-weights' };
  history: ApprovalEvent[];
}

/** Findings of one stored version, with where they came from. */
export interface FindingsReport extends PolicyEvaluation {
  revision: number;
  hash: string;
  policy: string;
  ancestors: { id: string; depth: number; relation?: string; origin: string; inLake: boolean; license?: string }[];
  approval: { status: ApprovalStatus; carriedFrom?: ApprovalState['carriedFrom'] };
}

const POLICY_KEY = 'governance:policy';

/** Hash of a policy as recorded in its `governance.policy.updated` audit entry. */
export function policyHash(policy: Policy): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(policy)).digest('hex');
}

/** Most problems of one kind listed one by one by `verifyAuditLog` (the rest are counted). */
const MAX_LISTED = 20;

/** Weight identity of a card: file and tensor hashes, for `carryOver: same-weights`. */
function weightIdentity(card: ModelCard): string | undefined {
  const fp = card.fingerprint;
  const hashes = [
    ...(fp?.files ?? []).map((f) => f.sha256),
    ...(fp?.tensors ?? []).map((t) => t.hash),
    ...(card.artifacts ?? []).map((a) => a.sha256),
  ].filter((h): h is string => !!h);
  return hashes.length ? [...new Set(hashes)].sort().join(',') : undefined;
}

/**
 * Governance over a lake: the active policy, findings per version, the approval workflow (state
 * per version hash in the lake's state store, every transition in the audit log), citations and
 * audit-log verification. Routes and the CLI go through it.
 */
export class Governance {
  readonly lake: Lake;
  private readonly configured: Policy;

  constructor(lake: Lake, options: { policy?: Policy } = {}) {
    this.lake = lake;
    this.configured = options.policy ?? DEFAULT_POLICY;
  }

  /** The active policy: the one stored through `PUT /v1/governance/policy`, else the configured one. */
  async policy(): Promise<Policy> {
    return (await this.lake.storage.getState<Policy>(POLICY_KEY)) ?? this.configured;
  }

  /** Validates and stores the active policy (admin). */
  async setPolicy(value: unknown, actor: Actor): Promise<Policy> {
    const res = validatePolicy(value);
    if (!res.ok) throw new LakeError('policy-invalid', 400, `Invalid policy: ${res.issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}`, { details: { issues: res.issues } });
    await this.lake.storage.setState(POLICY_KEY, res.policy);
    // The policy's hash goes into the chain: `audit-log verify` reports a policy row edited outside the lake.
    await this.lake.audit(actor, 'governance.policy.updated', 'governance:policy', { name: res.policy.name ?? null, policyHash: policyHash(res.policy) });
    return res.policy;
  }

  /** Ancestors of a card (nearest first). */
  async ancestors(card: ModelCard, maxDepth?: number, graph?: LineageGraph): Promise<Ancestor[]> {
    return findAncestors(this.lake, card, { ...(maxDepth ? { maxDepth } : {}), ...(graph ? { graph } : {}) });
  }

  /** Evaluates a policy (the active one by default) on a stored version. */
  async findings(id: string, opts: { revision?: number; version?: string; policy?: Policy } = {}): Promise<FindingsReport> {
    const stored = await this.lake.getCard(id, { ...(opts.revision ? { revision: opts.revision } : {}), ...(opts.version ? { version: opts.version } : {}) });
    return this.evaluateStored(stored, opts.policy ?? (await this.policy()));
  }

  private async evaluateStored(stored: StoredCard, policy: Policy, lakeGraph?: LineageGraph): Promise<FindingsReport> {
    const graph = lakeGraph ?? (await lineageGraphOf(this.lake, stored.id));
    const ancestors = await this.ancestors(stored.card, policy.rules?.lineage?.maxDepth, graph);
    const lineageFindings = await lineageFindingsOf(this.lake, stored.id, graph);
    const approval = await this.approval(stored.id, { revision: stored.revision }, policy, stored);
    const evaluation = evaluatePolicy(policy, stored.card, { ancestors, now: this.lake.now(), approvalStatus: approval.status, ...(lineageFindings.length ? { lineageFindings } : {}) });
    return {
      ...evaluation,
      revision: stored.revision,
      hash: stored.hash,
      policy: policy.name ?? 'unnamed policy',
      ancestors: ancestors.map((a) => ({
        id: a.id,
        depth: a.depth,
        origin: a.origin,
        inLake: !!a.card,
        ...(a.relation ? { relation: a.relation } : {}),
        ...(a.card?.license ? { license: a.card.license } : {}),
      })),
      approval: { status: approval.status, ...(approval.carriedFrom ? { carriedFrom: approval.carriedFrom } : {}) },
    };
  }

  /** Evaluates a policy on every live model (or those with an id prefix). */
  async *auditAll(opts: { prefix?: string; policy?: Policy } = {}): AsyncGenerator<FindingsReport> {
    const policy = opts.policy ?? (await this.policy());
    // One graph of the whole lake instead of one family query (and index sync) per model.
    const graph = await lineageGraphOf(this.lake);
    for await (const stored of this.lake.allCards(opts.prefix ? { prefix: opts.prefix } : {})) yield this.evaluateStored(stored, policy, graph);
  }

  /**
   * Transitions of a model per version hash, replayed from the audit chain. A `model.delete` entry clears
   * them: after a delete, a re-put of the same card starts over as `draft` (re-approval required).
   */
  private async approvalEvents(id: string): Promise<Map<string, ApprovalEvent[]>> {
    const byHash = new Map<string, ApprovalEvent[]>();
    const PAGE = 5000;
    let after = 0;
    for (;;) {
      const page = await this.lake.storage.listAudit({ subject: id, afterSeq: after, limit: PAGE });
      for (const e of page) {
        if (e.action === 'model.delete') {
          byHash.clear();
          continue;
        }
        if (e.action !== 'governance.transition' || isMalformedDetails(e.details)) continue;
        const d = e.details as { action?: unknown; hash?: unknown; from?: unknown; to?: unknown; role?: unknown; comment?: unknown };
        const action = d.action as TransitionAction;
        if (typeof d.hash !== 'string' || typeof action !== 'string' || !(action in TRANSITIONS) || TRANSITIONS[action].to !== d.to) continue;
        const event: ApprovalEvent = {
          action, from: d.from as ApprovalStatus, to: d.to as ApprovalStatus, actor: e.actor, role: String(d.role ?? ''), at: e.at, auditSeq: e.seq,
          ...(typeof d.comment === 'string' ? { comment: d.comment } : {}),
        };
        const list = byHash.get(d.hash) ?? [];
        list.push(event);
        byHash.set(d.hash, list);
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!.seq;
    }
    return byHash;
  }

  /** Approval state of a version (latest by default), applying the policy's carry-over rule. */
  async approval(id: string, opts: { revision?: number; version?: string } = {}, policy?: Policy, known?: StoredCard): Promise<ApprovalState> {
    const stored = known ?? (await this.lake.getCard(id, opts));
    const base = { id: stored.id, revision: stored.revision, hash: stored.hash, ...(stored.version ? { version: stored.version } : {}) };
    const events = await this.approvalEvents(stored.id);
    const own = events.get(stored.hash);
    if (own?.length) return { ...base, status: own.at(-1)!.to, history: own };
    const carry = (policy ?? (await this.policy())).approvals?.carryOver ?? 'never';
    if (carry !== 'never') {
      const revisions = (await this.lake.storage.listRevisions(stored.id)).filter((r) => r.revision < stored.revision).reverse();
      for (const r of revisions) {
        const prev = events.get(r.hash);
        if (!prev?.length) continue;
        if (prev.at(-1)!.to !== 'approved') break;
        if (carry === 'same-weights') {
          const prevCard = await this.lake.storage.getCard(stored.id, { revision: r.revision });
          const a = prevCard && weightIdentity(prevCard.card);
          if (!a || a !== weightIdentity(stored.card)) break;
        }
        return { ...base, status: 'approved', carriedFrom: { revision: r.revision, hash: r.hash, rule: carry }, history: [] };
      }
    }
    return { ...base, status: 'draft', history: [] };
  }

  /**
   * Moves a version through the workflow. A refusal by role answers 403 and is itself audited
   * (`governance.transition.denied`); an invalid or blocked transition answers 409.
   */
  async transition(id: string, action: TransitionAction, actor: Actor, opts: { revision?: number; version?: string; comment?: string } = {}): Promise<ApprovalState> {
    const policy = await this.policy();
    const stored = await this.lake.getCard(id, { ...(opts.revision ? { revision: opts.revision } : {}), ...(opts.version ? { version: opts.version } : {}) });
    const state = await this.approval(stored.id, {}, policy, stored);
    const findings = action === 'approve' ? (await this.evaluateStored(stored, policy)).findings : [];
    const plan = planTransition(policy, state.status, action, actor, { ...(opts.comment !== undefined ? { comment: opts.comment } : {}), findings });
    const details = { action, revision: stored.revision, hash: stored.hash, from: state.status, role: actor.role, ...(opts.comment ? { comment: opts.comment } : {}) };
    if (!plan.ok) {
      if (plan.reason === 'forbidden') {
        await this.lake.audit(actor, 'governance.transition.denied', stored.id, { ...details, reason: plan.message });
        throw new LakeError('forbidden', 403, plan.message, { details: { action, approvalStatus: state.status } });
      }
      throw new LakeError(plan.reason, 409, plan.message, { details: { action, approvalStatus: state.status } });
    }
    // The audit entry *is* the transition: the approval state is replayed from the chain (see approvalEvents).
    const entry = await this.lake.audit(actor, 'governance.transition', stored.id, { ...details, to: plan.to });
    const event: ApprovalEvent = { action, from: plan.from, to: plan.to, actor: actor.name, role: actor.role, at: entry.at, auditSeq: entry.seq, ...(opts.comment ? { comment: opts.comment } : {}) };
    const own = (await this.approvalEvents(stored.id)).get(stored.hash) ?? [event];
    return { id: stored.id, revision: stored.revision, hash: stored.hash, ...(stored.version ? { version: stored.version } : {}), status: own.at(-1)!.to, history: own };
  }

  /** Citation of a model, its ancestors and datasets, in a format. */
  async citation(id: string, format: CitationFormat, opts: { revision?: number; version?: string } = {}): Promise<{ text: string; entries: CitationEntry[] }> {
    const stored = await this.lake.getCard(id, opts);
    const entries = buildCitationEntries(stored.card, await this.ancestors(stored.card));
    return { text: formatCitation(entries, format), entries };
  }

  /** Every audit entry, in seq order (read in pages). */
  async *auditEntries(): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const page = await this.lake.storage.listAudit({ afterSeq: after, limit: 5000 });
      if (page.length === 0) return;
      yield* page;
      after = page.at(-1)!.seq;
    }
  }

  /**
   * Verifies the whole audit chain, then checks the store against it: every revision, tombstone and token,
   * and the active policy, must be accounted for by an entry. So an emptied, dropped or truncated audit
   * table, a token row inserted by hand or a policy row edited outside the lake are reported (`unaudited`).
   */
  async verifyAuditLog(opts: VerifyAuditOptions = {}): Promise<AuditVerification> {
    const all: AuditEntry[] = [];
    for await (const e of this.auditEntries()) all.push(e);
    const chain = verifyAuditChain(all, opts);
    const store = await this.storeProblems(all);
    if (store.length === 0) return chain;
    const problems = [...chain.problems, ...store];
    return { ...chain, ok: false, firstBadSeq: Math.min(...problems.map((p) => p.seq)), problems };
  }

  /** What the store holds that no audit entry accounts for. */
  private async storeProblems(entries: readonly AuditEntry[]): Promise<AuditProblem[]> {
    const seq = (entries.at(-1)?.seq ?? 0) + 1;
    const puts = new Set<string>();
    const putCount = new Map<string, number>();
    const deleted = new Set<string>();
    const tokens = new Map<string, { role: unknown; revoked: boolean }>();
    let policyEntry: Record<string, unknown> | undefined;
    for (const e of entries) {
      if (isMalformedDetails(e.details)) continue;
      const d = e.details;
      if (e.action === 'card.put') {
        const key = `${e.subject}\u0000${String(d.revision)}\u0000${String(d.hash)}`;
        if (!puts.has(key)) putCount.set(e.subject, (putCount.get(e.subject) ?? 0) + 1);
        puts.add(key);
      } else if (e.action === 'model.delete') deleted.add(e.subject);
      else if (e.action === 'token.create' && typeof d.id === 'string') tokens.set(d.id, { role: d.role, revoked: false });
      else if (e.action === 'token.revoke' && typeof d.id === 'string') {
        const t = tokens.get(d.id);
        if (t) t.revoked = true;
      } else if (e.action === 'governance.policy.updated') policyEntry = d;
    }
    const problems: AuditProblem[] = [];
    let unlisted = 0;
    const report = (message: string) => {
      if (problems.length < MAX_LISTED) problems.push({ seq, kind: 'unaudited', message });
      else unlisted++;
    };
    let cursor: string | undefined;
    do {
      const page = await this.lake.storage.listModels({ includeDeleted: true, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const m of page.items) {
        const n = putCount.get(m.id) ?? 0;
        if (n < m.latestRevision || !puts.has(`${m.id}\u0000${m.latestRevision}\u0000${m.hash}`)) {
          report(`Model ${m.id} has ${m.latestRevision} revision(s) but the audit log records ${n} \`card.put\` for it (latest ${m.hash.slice(0, 19)}… unrecorded): the log was emptied or truncated, or revisions were written outside the lake.`);
        }
        if (m.deleted && !deleted.has(m.id)) report(`Model ${m.id} is deleted but no \`model.delete\` entry records it.`);
      }
      cursor = page.nextCursor;
    } while (cursor);
    for (const t of await this.lake.storage.listTokens()) {
      const rec = tokens.get(t.id);
      if (!rec) report(`Token ${t.name} (${t.id}, ${t.role}) has no \`token.create\` entry: it was inserted outside the lake.`);
      else if (rec.role !== t.role) report(`Token ${t.name} has role ${t.role} but was created as ${String(rec.role)}: its row was edited outside the lake.`);
      else if (rec.revoked && !t.revokedAt) report(`Token ${t.name} was revoked (audited) but its row says it is active: its row was edited outside the lake.`);
    }
    const stored = await this.lake.storage.getState<Policy>(POLICY_KEY);
    if (stored !== undefined) {
      if (!policyEntry) report('A stored policy exists but no `governance.policy.updated` entry records it: it was written outside the lake.');
      else if (typeof policyEntry.policyHash === 'string' && policyEntry.policyHash !== policyHash(stored)) report('The stored policy differs from the one recorded by the last `governance.policy.updated` entry: it was edited outside the lake.');
    }
    if (unlisted > 0) problems.push({ seq, kind: 'unaudited', message: `…and ${unlisted} more unaudited item(s).` });
    return problems;
  }
}
