import fs from 'node:fs';
import { Hono, type Context } from 'hono';
import { requireRole } from '../auth.js';
import type { LakeConfig, RouteContext } from '../app.js';
import { addAliasGuard } from '../aliases.js';
import { BODY_LIMITS, readJsonLimited, readTextLimited } from '../body.js';
import { LakeError } from '../errors.js';
import { intQuery } from '../query.js';
import type { Lake } from '../lake.js';
import { toAuditJsonl } from '../governance/audit-chain.js';
import { CITATION_FORMATS, type CitationFormat } from '../governance/citation.js';
import { PolicyError } from '../governance/errors.js';
import { loadPolicy, parsePolicyYaml, validatePolicy, type Policy, type TransitionAction } from '../governance/policy.js';
import { Governance } from '../governance/service.js';
import { TRANSITION_ACTIONS } from '../governance/workflow.js';

/** Settings of the governance feature (`config.governance`). */
export interface GovernanceConfig {
  /** Policy used until one is stored with `PUT /v1/governance/policy`. */
  policy?: Policy;
  /** YAML policy file read at startup (ignored when `policy` is given). @default $MODELLAKE_POLICY */
  policyFile?: string;
}

function revisionOpts(c: Context): { revision?: number; version?: string } {
  const revision = intQuery(c, 'revision', { min: 1 });
  if (revision !== undefined) return { revision };
  const version = c.req.query('version');
  return version ? { version } : {};
}

/** Reads a policy from a request body: YAML/JSON text, or JSON `{ "policy": {...} }`. */
async function readPolicyBody(c: Context): Promise<Policy> {
  const text = await readTextLimited(c, BODY_LIMITS.document, { what: 'Policy' });
  if (!text.trim()) throw new LakeError('bad-request', 400, 'Request body must hold a policy (YAML or JSON).');
  const type = c.req.header('content-type') ?? '';
  try {
    if (type.includes('json')) {
      const body = JSON.parse(text) as unknown;
      const value = body && typeof body === 'object' && 'policy' in body ? (body as { policy: unknown }).policy : body;
      const res = validatePolicy(value);
      if (!res.ok) throw new PolicyError('policy-invalid', `Invalid policy: ${res.issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}`, res.issues);
      return res.policy;
    }
    return loadPolicy(text, 'request body');
  } catch (e) {
    if (e instanceof PolicyError) throw new LakeError(e.code, 400, e.message, { details: { issues: e.issues } });
    if (e instanceof SyntaxError) throw new LakeError('bad-request', 400, `Request body is not valid JSON: ${e.message}`);
    throw e;
  }
}

function wantsJson(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/');
}

const CONTENT_TYPES: Record<CitationFormat, string> = {
  bibtex: 'application/x-bibtex; charset=utf-8',
  cff: 'application/x-yaml; charset=utf-8',
  apa: 'text/plain; charset=utf-8',
  json: 'application/json',
};

/** Builds the governance service of a lake from `config.governance`. */
export function createGovernance(lake: Lake, config: LakeConfig): Governance {
  const g = (config.governance ?? {}) as GovernanceConfig;
  const file = g.policyFile ?? process.env.MODELLAKE_POLICY;
  const policy = g.policy ?? (file ? loadPolicy(fs.readFileSync(file, 'utf8'), file) : undefined);
  return new Governance(lake, policy ? { policy } : {});
}

/**
 * Governance routes: findings, approval workflow, citation (model sub-resources), the active policy,
 * whole-lake audits, and audit-log verification and export. Validation here, logic in {@link Governance}.
 */
export function governanceRoutes(ctx: RouteContext, gov: Governance): Hono {
  const r = new Hono();
  const tags = ['governance'];

  ctx.modelResource('GET', 'findings', 'reader', async (c, id) => c.json(await gov.findings(id, revisionOpts(c))), {
    summary: 'Governance findings of a model version under the active policy (code, severity, message, evidence)', tags,
  });
  ctx.modelResource('POST', 'findings', 'reader', async (c, id) => c.json(await gov.findings(id, { ...revisionOpts(c), policy: await readPolicyBody(c) })), {
    summary: 'Findings under a policy given in the body (YAML, or JSON `{policy}`)', tags,
  });
  ctx.modelResource('GET', 'approval', 'reader', async (c, id) => c.json(await gov.approval(id, revisionOpts(c))), {
    summary: 'Approval status and transition history of a model version', tags,
  });
  ctx.modelResource('POST', 'approval', 'reader', async (c, id) => {
    const body = (await readJsonLimited(c, BODY_LIMITS.small, { optional: true })) as { action?: unknown; comment?: unknown; revision?: unknown; version?: unknown } | undefined;
    const action = body?.action;
    if (typeof action !== 'string' || !TRANSITION_ACTIONS.includes(action as TransitionAction)) {
      throw new LakeError('bad-request', 400, `Body must be \`{ "action": "${TRANSITION_ACTIONS.join('|')}", "comment": "..." }\`; got action ${JSON.stringify(action)}.`);
    }
    if (body?.comment !== undefined && typeof body.comment !== 'string') throw new LakeError('bad-request', 400, '`comment` must be a string.');
    if (body?.revision !== undefined && (!Number.isInteger(body.revision) || (body.revision as number) < 1)) throw new LakeError('bad-request', 400, '`revision` must be a positive integer.');
    const opts = {
      ...revisionOpts(c),
      ...(typeof body?.revision === 'number' ? { revision: body.revision } : {}),
      ...(typeof body?.version === 'string' ? { version: body.version } : {}),
      ...(typeof body?.comment === 'string' ? { comment: body.comment } : {}),
    };
    return c.json(await gov.transition(id, action as TransitionAction, c.get('actor'), opts));
  }, { summary: 'Move a model version through the workflow: submit, approve, reject, remediate, deprecate (roles from the policy; 403 is audited)', tags });
  ctx.modelResource('GET', 'citation', 'reader', async (c, id) => {
    const format = (c.req.query('format') ?? 'bibtex') as CitationFormat;
    if (!CITATION_FORMATS.includes(format)) throw new LakeError('bad-request', 400, `Unknown citation format ${JSON.stringify(format)}; use one of ${CITATION_FORMATS.join(', ')}.`);
    const { text, entries } = await gov.citation(id, format, revisionOpts(c));
    if (format === 'json' || wantsJson(c)) return c.json({ format, text, entries });
    return c.body(text, 200, { 'content-type': CONTENT_TYPES[format] });
  }, { summary: 'Citation of the model, its ancestors and its datasets (?format=bibtex|cff|apa|json)', tags });

  r.get('/governance/policy', requireRole('reader'), async (c) => c.json(await gov.policy()));
  r.put('/governance/policy', requireRole('admin'), async (c) => c.json(await gov.setPolicy(await readPolicyBody(c), c.get('actor'))));
  r.post('/governance/audit', requireRole('reader'), async (c) => {
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || !!c.req.header('content-type');
    const text = hasBody ? await readTextLimited(c, BODY_LIMITS.document) : '';
    let policy: Policy | undefined;
    let prefix = c.req.query('prefix');
    if (text.trim()) {
      let body: { policy?: unknown; prefix?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        try {
          body = { policy: parsePolicyYaml(text, 'request body').value };
        } catch (e) {
          if (e instanceof PolicyError) throw new LakeError(e.code, 400, e.message, { details: { issues: e.issues } });
          throw e;
        }
      }
      if (body.policy !== undefined) {
        const res = validatePolicy(body.policy);
        if (!res.ok) throw new LakeError('policy-invalid', 400, `Invalid policy: ${res.issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}`, { details: { issues: res.issues } });
        policy = res.policy;
      }
      if (typeof body.prefix === 'string') prefix = body.prefix;
    }
    const reports = [];
    for await (const rep of gov.auditAll({ ...(prefix ? { prefix } : {}), ...(policy ? { policy } : {}) })) reports.push(rep);
    const summary = { models: reports.length, passed: reports.filter((x) => x.passed).length, error: 0, warning: 0, info: 0 };
    for (const rep of reports) for (const k of ['error', 'warning', 'info'] as const) summary[k] += rep.summary[k];
    return c.json({ policy: (policy ?? (await gov.policy())).name ?? 'unnamed policy', summary, reports });
  });
  r.get('/audit-log/verify', requireRole('admin'), async (c) => {
    const head = c.req.query('head');
    const result = await gov.verifyAuditLog(head ? { expectedHead: head } : {});
    return c.json(result);
  });
  r.get('/audit-log/export', requireRole('admin'), async (c) => {
    const entries = [];
    for await (const e of gov.auditEntries()) entries.push(e);
    if (c.req.query('format') === 'json' || (c.req.query('format') === undefined && wantsJson(c))) return c.json({ entries });
    return c.body(toAuditJsonl(entries), 200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
  });

  ctx.document('get', '/v1/governance/policy', { role: 'reader', summary: 'The active governance policy', tags });
  ctx.document('put', '/v1/governance/policy', { role: 'admin', summary: 'Replace the active policy (admin; YAML or JSON, validated by schemas/policy.schema.json)', tags });
  ctx.document('post', '/v1/governance/audit', { role: 'reader', summary: 'Evaluate a policy (body `{policy, prefix}`, or the active one) on every model', tags });
  ctx.document('get', '/v1/audit-log/verify', { role: 'admin', summary: 'Verify the hash chain of the audit log (admin; ?head= to check an anchored head)', tags: ['audit'] });
  ctx.document('get', '/v1/audit-log/export', { role: 'admin', summary: 'Export the audit log as JSON lines (admin)', tags: ['audit'] });
  return r;
}

/** The governance feature for `FEATURES`: builds the service and returns its routes. */
export const governanceFeature = {
  name: 'governance',
  install(lake: Lake, config: LakeConfig) {
    const gov = createGovernance(lake, config);
    // Writers may not give an approved model a new name (see aliases.ts); admins may.
    addAliasGuard(lake, async (id) => ((await gov.approval(id)).status === 'approved' ? 'approved' : undefined));
    return (ctx: RouteContext) => governanceRoutes(ctx, gov);
  },
};
