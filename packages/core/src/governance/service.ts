import type { ModelCard } from '@modellake/card';
import { LakeError } from '../errors.js';
import type { Lake } from '../lake.js';
import type { LineageGraph } from '../lineage/types.js';
import type { Actor, AuditEntry, StoredCard } from '../types.js';
import { findAncestors, lineageFindingsOf, lineageGraphOf } from './ancestors.js';
import { verifyAuditChain, type AuditVerification, type VerifyAuditOptions } from './audit-chain.js';
import { buildCitationEntries, formatCitation, type CitationEntry, type CitationFormat } from './citation.js';
import { evaluatePolicy } from './evaluate.js';
import type { Ancestor, PolicyEvaluation } from './findings.js';
import { DEFAULT_POLICY, validatePolicy, type Policy, type TransitionAction } from './policy.js';
import { planTransition, type ApprovalStatus } from './workflow.js';

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

/** Approval state of one model version (kept by the lake, never written into the card). */
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

type StoredApproval = { status: ApprovalStatus; history: ApprovalEvent[] };

const POLICY_KEY = 'governance:policy';
const approvalKey = (id: string, hash: string) => `governance:approval:${id}@${hash}`;

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
    await this.lake.audit(actor, 'governance.policy.updated', 'governance:policy', { name: res.policy.name ?? null });
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

  /** Approval state of a version (latest by default), applying the policy's carry-over rule. */
  async approval(id: string, opts: { revision?: number; version?: string } = {}, policy?: Policy, known?: StoredCard): Promise<ApprovalState> {
    const stored = known ?? (await this.lake.getCard(id, opts));
    const base = { id: stored.id, revision: stored.revision, hash: stored.hash, ...(stored.version ? { version: stored.version } : {}) };
    const own = await this.lake.storage.getState<StoredApproval>(approvalKey(stored.id, stored.hash));
    if (own) return { ...base, ...own };
    const carry = (policy ?? (await this.policy())).approvals?.carryOver ?? 'never';
    if (carry !== 'never') {
      const revisions = (await this.lake.storage.listRevisions(stored.id)).filter((r) => r.revision < stored.revision).reverse();
      for (const r of revisions) {
        const prev = await this.lake.storage.getState<StoredApproval>(approvalKey(stored.id, r.hash));
        if (!prev) continue;
        if (prev.status !== 'approved') break;
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
    const entry = await this.lake.audit(actor, 'governance.transition', stored.id, { ...details, to: plan.to });
    const event: ApprovalEvent = { action, from: plan.from, to: plan.to, actor: actor.name, role: actor.role, at: entry.at, auditSeq: entry.seq, ...(opts.comment ? { comment: opts.comment } : {}) };
    const next: StoredApproval = { status: plan.to, history: [...state.history, event] };
    await this.lake.storage.setState(approvalKey(stored.id, stored.hash), next);
    return { id: stored.id, revision: stored.revision, hash: stored.hash, ...(stored.version ? { version: stored.version } : {}), ...next };
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

  /** Verifies the whole audit chain. */
  async verifyAuditLog(opts: VerifyAuditOptions = {}): Promise<AuditVerification> {
    const all: AuditEntry[] = [];
    for await (const e of this.auditEntries()) all.push(e);
    return verifyAuditChain(all, opts);
  }
}
