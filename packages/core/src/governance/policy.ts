import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import { PolicyError, type PolicyIssue } from './errors.js';
import { policySchema } from './policy-schema.js';
import type { Role } from '../types.js';

/** Severity of a governance finding. */
export type Severity = 'error' | 'warning' | 'info';

/** Risk levels of the card's `governance.riskLevel`. */
export type RiskLevel = 'minimal' | 'limited' | 'high' | 'unacceptable';

/** Members every rule may carry: its severity and the model ids it applies to. */
export interface RuleBase {
  severity?: Severity;
  /** Id globs (`*` = any run of characters); the rule applies only to matching models. */
  appliesTo?: string[];
  /** Id globs the rule skips. */
  except?: string[];
}

/** The rules of a policy (see schemas/policy.schema.json for each member). */
export interface PolicyRules {
  requiredFields?: RuleBase & { fields: string[] };
  licenses?: RuleBase & { required?: boolean; allowed?: string[]; forbidden?: string[]; forbidNonCommercialWhenCommercial?: boolean };
  datasets?: RuleBase & { approved?: string[]; forbidden?: string[]; requireUsageApproval?: boolean; roles?: string[] };
  biasChecks?: (RuleBase & { tasks?: string[]; riskLevels?: RiskLevel[]; required: string[]; allowWaived?: boolean })[];
  metrics?: (RuleBase & { metric: string; task?: string; dataset?: string; min?: number; max?: number; required?: boolean })[];
  riskLevel?: RuleBase & { required?: boolean; forbidden?: RiskLevel[] };
  lineage?: RuleBase & {
    noNonCommercialAncestorsForCommercial?: boolean;
    forbiddenAncestorLicenses?: string[];
    requireParentsInLake?: boolean;
    inheritObligations?: boolean;
    maxDepth?: number;
  };
  cardVsReality?: RuleBase & { enabled?: boolean; parameterTolerance?: number; checks?: RealityCheck[] };
  citation?: RuleBase & { requireAuthors?: boolean; requireDatasetReferences?: boolean };
}

/** Names of the card-vs-reality checks. */
export type RealityCheck = 'parameters' | 'dtypes' | 'architecture' | 'base-model' | 'metric-sources' | 'parent-datasets' | 'status';

/** Workflow actions that move a model version between statuses. */
export type TransitionAction = 'submit' | 'approve' | 'reject' | 'remediate' | 'deprecate';

/** Who may perform one transition: any listed role (or a higher one) or any listed user name. */
export interface TransitionRule {
  roles?: Role[];
  users?: string[];
}

/** The approval part of a policy. */
export interface ApprovalPolicy {
  transitions?: Partial<Record<TransitionAction, TransitionRule>>;
  /** @default 'never' */
  carryOver?: 'never' | 'always' | 'same-weights';
  /** @default 'error' */
  blockOnSeverity?: Severity | 'none';
  requireComment?: TransitionAction[];
}

/** A validated governance policy. */
export interface Policy {
  version: 1;
  name?: string;
  description?: string;
  rules?: PolicyRules;
  overrides?: { match: string[]; severities?: Record<string, Severity | 'off'> }[];
  severities?: Record<string, Severity | 'off'>;
  approvals?: ApprovalPolicy;
}

/**
 * The policy used when none is configured: card-vs-reality checks, obligation inheritance along
 * lineage, and the default approval roles (writers submit and remediate, admins approve and reject).
 */
export const DEFAULT_POLICY: Policy = {
  version: 1,
  name: 'modellake default',
  rules: {
    cardVsReality: { enabled: true },
    lineage: { inheritObligations: true, noNonCommercialAncestorsForCommercial: true },
  },
  approvals: {
    transitions: {
      submit: { roles: ['writer'] },
      remediate: { roles: ['writer'] },
      approve: { roles: ['admin'] },
      reject: { roles: ['admin'] },
      deprecate: { roles: ['admin'] },
    },
    carryOver: 'never',
    blockOnSeverity: 'error',
  },
};

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(policySchema as object);
  return compiled;
}

function describe(err: ErrorObject): PolicyIssue {
  const p = err.params as Record<string, unknown>;
  const at = err.instancePath === '' ? 'the policy' : `\`${err.instancePath}\``;
  switch (err.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(p.additionalProperty ?? p.unevaluatedProperty);
      const what = err.instancePath === '/rules' ? 'rule' : 'member';
      return { path: `${err.instancePath}/${name}`, message: `unknown ${what} \`${name}\` in ${at}` };
    }
    case 'required':
      return { path: `${err.instancePath}/${String(p.missingProperty)}`, message: `${at} is missing required member \`${String(p.missingProperty)}\`` };
    case 'type':
      return { path: err.instancePath, message: `${at} must be of type ${String(p.type)}` };
    case 'enum':
      return { path: err.instancePath, message: `${at} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path: err.instancePath, message: `${at} must be ${JSON.stringify(p.allowedValue)}` };
    default:
      return { path: err.instancePath, message: `${at} ${err.message ?? 'is invalid'}` };
  }
}

function lineOf(doc: Document | undefined, counter: LineCounter | undefined, pointer: string): number | undefined {
  if (!doc || !counter) return undefined;
  const segs = pointer.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  // Walk up until a node exists; a map member is located by its key, so an unknown rule points at its name.
  for (let n = segs.length; n >= 1; n--) {
    const parentKeys = segs.slice(0, n - 1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const parent = n === 1 ? doc.contents : doc.getIn(parentKeys, true);
    const last = segs[n - 1]!;
    if (isMap(parent)) {
      const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === last);
      if (pair && isNode(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
    } else if (isSeq(parent)) {
      const item = parent.items[Number(last)];
      if (isNode(item) && item.range) return counter.linePos(item.range[0]).line;
    }
  }
  const root = doc.contents;
  return isNode(root) && root.range ? counter.linePos(root.range[0]).line : undefined;
}

/** Validates a parsed policy object against schemas/policy.schema.json; returns every issue with its path. */
export function validatePolicy(value: unknown): { ok: true; policy: Policy } | { ok: false; issues: PolicyIssue[] } {
  const v = validator();
  if (v(value)) return { ok: true, policy: value as unknown as Policy };
  const seen = new Set<string>();
  const issues: PolicyIssue[] = [];
  for (const e of v.errors ?? []) {
    // A failed `$ref` or `if` repeats issues reported more precisely elsewhere.
    if (e.keyword === 'if' || e.keyword === '$ref') continue;
    const issue = describe(e);
    const key = `${issue.path}|${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return { ok: false, issues };
}

/** Aliases a policy may expand (yaml's `maxAliasCount`): far above any real policy, far below an alias bomb. */
export const MAX_POLICY_ALIASES = 100;

/**
 * Parses policy YAML (or JSON) text without validating it. Throws {@link PolicyError} (`policy-yaml-invalid`)
 * naming the line of a syntax error, and refuses alias bombs (more than {@link MAX_POLICY_ALIASES} alias
 * expansions) instead of expanding them.
 */
export function parsePolicyYaml(text: string, file = 'policy'): { doc: Document; counter: LineCounter; value: unknown } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ path: '', line: counter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] ?? e.message }));
    throw new PolicyError('policy-yaml-invalid', `${file}: invalid YAML at line ${issues[0]?.line}: ${issues[0]?.message}`, issues);
  }
  try {
    return { doc, counter, value: doc.toJS({ maxAliasCount: MAX_POLICY_ALIASES }) as unknown };
  } catch (e) {
    // yaml throws a ReferenceError for excessive aliases (and for an alias to an unknown anchor).
    const message = /alias count/i.test((e as Error).message)
      ? `too many YAML alias expansions (limit ${MAX_POLICY_ALIASES}; a policy never needs that many, this looks like an alias bomb)`
      : (e as Error).message;
    throw new PolicyError('policy-yaml-invalid', `${file}: invalid YAML: ${message}`, [{ path: '', message }], { cause: e });
  }
}

/**
 * Parses and validates a policy from YAML (or JSON) text. Throws {@link PolicyError} naming the
 * JSON path and line of every unknown rule or wrong type.
 * @example loadPolicy(fs.readFileSync('policy.yaml', 'utf8'), 'policy.yaml')
 */
export function loadPolicy(text: string, file = 'policy'): Policy {
  const { doc, counter, value } = parsePolicyYaml(text, file);
  const res = validatePolicy(value);
  if (res.ok) return res.policy;
  const issues = res.issues.map((i) => {
    const line = lineOf(doc, counter, i.path);
    return line === undefined ? i : { ...i, line };
  });
  const lines = issues.map((i) => `  ${i.path || '/'}${i.line ? ` (line ${i.line})` : ''}: ${i.message}`);
  throw new PolicyError('policy-invalid', `${file}: invalid policy\n${lines.join('\n')}`, issues);
}

const GLOBS = new Map<string, RegExp>();
function globRegex(g: string): RegExp {
  let re = GLOBS.get(g);
  if (!re) {
    re = new RegExp(`^${g.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'i');
    if (GLOBS.size > 10_000) GLOBS.clear();
    GLOBS.set(g, re);
  }
  return re;
}

/** True when the id matches one of the globs (`*` matches any run of characters, `?` one character). */
export function matchesGlob(id: string, globs: readonly string[]): boolean {
  return globs.some((g) => globRegex(g).test(id));
}
