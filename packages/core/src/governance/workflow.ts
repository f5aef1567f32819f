import type { Actor, Role } from '../types.js';
import { severityRank, type Finding } from './findings.js';
import { DEFAULT_POLICY, type Policy, type TransitionAction } from './policy.js';

/** Approval status of one model version in the lake. */
export type ApprovalStatus = 'draft' | 'review' | 'approved' | 'rejected' | 'remediation' | 'deprecated';

/** The workflow: which statuses each action leaves from and where it goes. */
export const TRANSITIONS: Readonly<Record<TransitionAction, { from: readonly ApprovalStatus[]; to: ApprovalStatus }>> = {
  submit: { from: ['draft', 'remediation'], to: 'review' },
  approve: { from: ['review'], to: 'approved' },
  reject: { from: ['review'], to: 'rejected' },
  remediate: { from: ['rejected'], to: 'remediation' },
  deprecate: { from: ['approved'], to: 'deprecated' },
};

/** Every transition action, in workflow order. */
export const TRANSITION_ACTIONS = Object.keys(TRANSITIONS) as TransitionAction[];

const RANK: Record<Role, number> = { reader: 1, writer: 2, admin: 3 };

/** Why a transition was refused. */
export type TransitionRefusal = 'forbidden' | 'invalid-transition' | 'blocked-by-findings' | 'comment-required';

/** Outcome of {@link planTransition}. */
export type TransitionPlan =
  | { ok: true; from: ApprovalStatus; to: ApprovalStatus }
  | { ok: false; reason: TransitionRefusal; message: string; from: ApprovalStatus };

/**
 * True when the actor may perform the action under the policy: its user name is listed, or its role
 * is listed or higher (admin includes writer includes reader). Without a rule for the action, the
 * default policy's rule applies.
 */
export function isAllowed(policy: Policy, action: TransitionAction, actor: Actor): boolean {
  const rule = policy.approvals?.transitions?.[action] ?? DEFAULT_POLICY.approvals!.transitions![action]!;
  if (rule.users?.includes(actor.name)) return true;
  return (rule.roles ?? []).some((r) => RANK[actor.role] >= RANK[r]);
}

/**
 * Decides a transition (pure): checks the actor's permission, that the action leaves from the current
 * status, the comment requirement and, for `approve`, that no finding is at or above `blockOnSeverity`.
 */
export function planTransition(
  policy: Policy,
  current: ApprovalStatus,
  action: TransitionAction,
  actor: Actor,
  opts: { comment?: string; findings?: readonly Finding[] } = {},
): TransitionPlan {
  const t = TRANSITIONS[action];
  if (!isAllowed(policy, action, actor)) {
    const rule = policy.approvals?.transitions?.[action] ?? DEFAULT_POLICY.approvals!.transitions![action]!;
    const who = [...(rule.roles ?? []).map((r) => `role ${r}`), ...(rule.users ?? []).map((u) => `user ${u}`)].join(' or ') || 'nobody';
    return { ok: false, reason: 'forbidden', from: current, message: `${actor.name} (role ${actor.role}) may not ${action}: the policy allows ${who}.` };
  }
  if (!t.from.includes(current)) {
    return { ok: false, reason: 'invalid-transition', from: current, message: `Cannot ${action} a version in status \`${current}\` (allowed from ${t.from.join(', ')}).` };
  }
  if (policy.approvals?.requireComment?.includes(action) && !opts.comment?.trim()) {
    return { ok: false, reason: 'comment-required', from: current, message: `The policy requires a comment to ${action}.` };
  }
  if (action === 'approve') {
    const block = policy.approvals?.blockOnSeverity ?? 'error';
    const blocking = (opts.findings ?? []).filter((f) => severityRank(f.severity) >= severityRank(block));
    if (blocking.length > 0) {
      return { ok: false, reason: 'blocked-by-findings', from: current, message: `Cannot approve: ${blocking.length} finding(s) at severity ${block} or worse (${blocking.slice(0, 3).map((f) => f.code).join(', ')}).` };
    }
  }
  return { ok: true, from: current, to: t.to };
}
