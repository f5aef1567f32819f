export { PolicyError, type PolicyIssue, type GovernanceErrorCode } from './errors.js';
export {
  loadPolicy,
  validatePolicy,
  matchesGlob,
  DEFAULT_POLICY,
  type Policy,
  type PolicyRules,
  type RuleBase,
  type Severity,
  type RiskLevel,
  type RealityCheck,
  type ApprovalPolicy,
  type TransitionAction,
  type TransitionRule,
} from './policy.js';
export { policySchema } from './policy-schema.js';
export { licenseInfo, normalizeLicense, listLicenses, type LicenseInfo } from './licenses.js';
export { evaluatePolicy, type EvaluationContext } from './evaluate.js';
export { severityRank, type Finding, type FindingEvidence, type Ancestor, type InheritedObligation, type PolicyEvaluation } from './findings.js';
export { verifyAuditChain, toAuditJsonl, parseAuditJsonl, type AuditVerification, type AuditProblem, type AuditProblemKind, type VerifyAuditOptions } from './audit-chain.js';
export { TRANSITIONS, TRANSITION_ACTIONS, isAllowed, planTransition, type ApprovalStatus, type TransitionPlan, type TransitionRefusal } from './workflow.js';
export {
  buildCitationEntries,
  formatCitation,
  toBibtex,
  toCff,
  toApa,
  modelUrlFromId,
  CITATION_FORMATS,
  type CitationEntry,
  type CitationAuthor,
  type CitationFormat,
} from './citation.js';
export { Governance, type ApprovalState, type ApprovalEvent, type FindingsReport } from './service.js';
export { findAncestors, declaredAncestors, ancestorsFromGraph, lineageGraphOf, lineageFindingsOf, type FindAncestorsOptions } from './ancestors.js';
