import fs from 'node:fs';
import { Args, Errors, Flags } from '@oclif/core';
import { parseVersionedId } from '@modellake/card';
import { loadPolicy, PolicyError, type ApprovalState, type FindingsReport, type Policy, type TransitionAction } from '@modellake/core';
import { BaseCommand, EXIT } from './base-command.js';

/** Reads and validates a policy file; a bad rule becomes a CLI error naming the file, path and line. */
export function readPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Errors.CLIError(`Cannot read policy file ${file}: ${(e as Error).message}`, { exit: EXIT.invalid });
  }
  try {
    return loadPolicy(text, file);
  } catch (e) {
    if (e instanceof PolicyError) throw new Errors.CLIError(e.message, { exit: EXIT.invalid, code: e.code });
    throw e;
  }
}

/** One-line summary of an approval state. */
export function formatApproval(s: ApprovalState): string {
  const head = `${s.id} r${s.revision}${s.version ? ` (${s.version})` : ''}: ${s.status}${s.carriedFrom ? ` (carried over from r${s.carriedFrom.revision}, ${s.carriedFrom.rule})` : ''}`;
  const lines = s.history.map((h) => `  ${h.at}  ${h.action.padEnd(9)} ${h.from} -> ${h.to}  by ${h.actor} (${h.role})${h.comment ? `: ${h.comment}` : ''}`);
  return [head, ...lines].join('\n');
}

const MARK: Record<string, string> = { error: 'x', warning: '!', info: 'i' };

/** Human rendering of one findings report. */
export function formatFindings(r: FindingsReport): string {
  const status = r.passed ? 'passed' : 'FAILED';
  const out = [`${r.id} r${r.revision}${r.version ? ` (${r.version})` : ''}: ${status} (${r.summary.error} errors, ${r.summary.warning} warnings, ${r.summary.info} info) · approval ${r.approval.status}`];
  for (const f of r.findings) {
    const where = [f.evidence.path, f.evidence.ancestorId ? `ancestor ${f.evidence.ancestorId}` : undefined].filter(Boolean).join(', ');
    out.push(`  ${MARK[f.severity]} ${f.severity.padEnd(7)} ${f.code}  ${f.message}${where ? `  [${where}]` : ''}`);
  }
  return out.join('\n');
}

/** Shared shape of the workflow commands (`governance submit|approve|reject|remediate|deprecate`). */
export abstract class TransitionCommand extends BaseCommand<typeof TransitionCommand> {
  static args = { id: Args.string({ description: 'Model id, optionally id@version', required: true }) };
  static flags = {
    comment: Flags.string({ char: 'm', summary: 'Comment recorded in the audit log.' }),
    revision: Flags.integer({ summary: 'Revision to act on (default: latest).', min: 1 }),
  };
  /** The workflow action this command performs. */
  protected abstract readonly action: TransitionAction;

  async run(): Promise<ApprovalState> {
    const ref = parseVersionedId(this.args.id);
    const lake = this.lake();
    const body = { action: this.action, ...(this.flags.comment ? { comment: this.flags.comment } : {}), ...(this.flags.revision ? { revision: this.flags.revision } : {}), ...(ref.version ? { version: ref.version } : {}) };
    const state = await lake.request<ApprovalState>('POST', lake.modelPath(ref.id, 'approval'), { body });
    this.log(formatApproval(state));
    return state;
  }
}
