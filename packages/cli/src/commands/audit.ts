import { Args, Errors, Flags } from '@oclif/core';
import { severityRank, type FindingsReport, type Policy } from '@modellake/core';
import { BaseCommand, EXIT } from '../base-command.js';
import { formatFindings, readPolicyFile } from '../governance.js';

/** Result of `modellake audit`. */
export interface AuditResult {
  policy: string;
  summary: { models: number; passed: number; error: number; warning: number; info: number };
  reports: FindingsReport[];
}

/** `modellake audit`: governance findings of one model or the whole lake under a policy. */
export default class Audit extends BaseCommand<typeof Audit> {
  static summary = 'Audit models against a governance policy (rules, card-vs-reality checks, inherited license obligations).';
  static description = 'Without --policy the lake\'s active policy is used. Every finding has a code, a severity, a message and its evidence (card field path, ancestor id). Exits 1 when a finding reaches --fail-on.';
  static examples = [
    '<%= config.bin %> audit hf:acme/llama-support-bot --policy examples/policy.yaml',
    '<%= config.bin %> audit --all --policy policy.yaml --fail-on error',
    '<%= config.bin %> audit --all --prefix hf:acme/ --json',
  ];
  static args = { id: Args.string({ description: 'Model id (omit with --all)' }) };
  static flags = {
    all: Flags.boolean({ summary: 'Audit every model in the lake.', exclusive: ['id'] }),
    prefix: Flags.string({ summary: 'With --all: only ids starting with this prefix.' }),
    policy: Flags.string({ summary: 'Policy file (YAML, validated by schemas/policy.schema.json).' }),
    revision: Flags.integer({ summary: 'Audit this revision (single model).', min: 1 }),
    'fail-on': Flags.string({ summary: 'Exit 1 when a finding has this severity or worse.', options: ['error', 'warning', 'info', 'none'], default: 'none' }),
  };

  async run(): Promise<AuditResult> {
    const { id } = this.args;
    if (!id && !this.flags.all) throw new Errors.CLIError('Name a model id or pass --all.', { exit: EXIT.invalid });
    const policy: Policy | undefined = this.flags.policy ? readPolicyFile(this.flags.policy) : undefined;
    const lake = this.lake();
    let result: AuditResult;
    if (id) {
      const path = lake.modelPath(id, 'findings');
      const query = this.flags.revision ? { revision: this.flags.revision } : {};
      const report = policy
        ? await lake.request<FindingsReport>('POST', path, { body: { policy }, query })
        : await lake.request<FindingsReport>('GET', path, { query });
      const s = report.summary;
      result = { policy: report.policy, summary: { models: 1, passed: report.passed ? 1 : 0, ...s }, reports: [report] };
    } else {
      result = await lake.request<AuditResult>('POST', '/v1/governance/audit', { body: { ...(policy ? { policy } : {}), ...(this.flags.prefix ? { prefix: this.flags.prefix } : {}) } });
    }
    if (!this.jsonEnabled()) {
      for (const r of result.reports) this.log(formatFindings(r));
      const s = result.summary;
      this.log(`\n${s.models} model(s) audited under "${result.policy}": ${s.passed} passed, ${s.error} errors, ${s.warning} warnings, ${s.info} info.`);
    }
    const failOn = this.flags['fail-on'] as 'error' | 'warning' | 'info' | 'none';
    const failing = failOn !== 'none' && result.reports.some((r) => r.findings.some((f) => severityRank(f.severity) >= severityRank(failOn)));
    if (failing) {
      if (!this.jsonEnabled()) throw new Errors.CLIError(`Audit failed: findings at severity ${failOn} or worse.`, { exit: EXIT.error, code: 'audit-failed' });
      process.exitCode = EXIT.error;
    }
    return result;
  }
}
