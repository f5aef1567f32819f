/** Stable codes of governance errors. */
export type GovernanceErrorCode = 'policy-invalid' | 'policy-yaml-invalid';

/** One problem in a policy file, with its JSON pointer and (when known) 1-based line. */
export interface PolicyIssue {
  /** JSON pointer of the offending rule or value, e.g. `/rules/licenses/allowed`. */
  path: string;
  message: string;
  line?: number;
}

/** Error thrown by {@link loadPolicy}: names the path (and line) of every bad rule. */
export class PolicyError extends Error {
  readonly code: GovernanceErrorCode;
  readonly issues: PolicyIssue[];
  constructor(code: GovernanceErrorCode, message: string, issues: PolicyIssue[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyError';
    this.code = code;
    this.issues = issues;
  }
}
