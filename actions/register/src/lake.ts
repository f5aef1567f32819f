import type { ModelCard } from '@modellake/card';
import { LakeApiError, type LakeClient, type PutResult } from '@modellake/client';
import { diffCards, type CardDiff } from '@modellake/core/diff';
import { describeLakeError, ActionError } from './errors.js';

/** One governance finding as the lake reports it. */
export interface ReportedFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  rule?: string;
  evidence?: Record<string, unknown>;
}

/** Findings of one model version, or why there are none. */
export interface FindingsResult {
  findings: ReportedFinding[];
  /** Set when findings could not be obtained (feature missing on the lake, ...). */
  note?: string;
  policy?: string;
}

/** What happened to one card. */
export interface RegisteredModel {
  path: string;
  card: ModelCard;
  put: PutResult;
  /** `previous` version of the same model, declared `parent`, or nothing to compare with. */
  baseline: { kind: 'previous'; ref: string } | { kind: 'parent'; ref: string } | { kind: 'none' };
  diff?: CardDiff;
  /** True when the content changed (new model, or a diff beyond the version label). */
  changed: boolean;
  findings: FindingsResult;
}

/** Checks the lake answers and the token may write; throws one actionable line otherwise. */
export async function preflight(client: LakeClient, lakeUrl: string): Promise<void> {
  let who: { name: string; role: string };
  try {
    who = await client.request<{ name: string; role: string }>('GET', '/v1/whoami');
  } catch (e) {
    throw describeLakeError(e, lakeUrl, 'checking the token');
  }
  if (who.role !== 'writer' && who.role !== 'admin') {
    throw new ActionError('lake-auth', `The lake at ${lakeUrl} gives the \`lake-token\` (${who.name}) the ${who.role} role; registering cards needs a writer token (\`modellake token create ci --role writer\`).`);
  }
}

/** True when a diff shows more than a new version label. */
export function contentChanged(diff: CardDiff): boolean {
  if (diff.identical) return false;
  const { architecture, weights, data, metrics, governance, metadata } = diff;
  return (
    architecture.changed ||
    (weights.compared && !weights.identical) ||
    data.changed ||
    metrics.changed ||
    governance.changed ||
    metadata.some((m) => m.path !== 'version')
  );
}

/**
 * Governance findings of a stored version: `POST .../findings` with the policy text when a policy
 * file is given, else `GET` under the lake's active policy. A lake without the governance feature
 * gives an empty list with a note.
 */
export async function fetchFindings(client: LakeClient, id: string, revision: number, policyText?: string): Promise<FindingsResult> {
  const path = client.modelPath(id, 'findings');
  try {
    const res = await client.request<{ findings?: ReportedFinding[]; policy?: string }>(policyText === undefined ? 'GET' : 'POST', path, {
      query: { revision },
      ...(policyText !== undefined ? { rawBody: policyText, contentType: 'application/yaml' } : {}),
    });
    return { findings: res.findings ?? [], ...(res.policy ? { policy: res.policy } : {}) };
  } catch (e) {
    if (e instanceof LakeApiError && (e.status === 404 || e.status === 405 || e.status === 501)) {
      return { findings: [], note: `the lake reports no governance findings (${e.status} ${e.code}); is the governance feature enabled?` };
    }
    throw e;
  }
}

/** Pushes one card and compares it with its previous version (or its declared parent). */
export async function registerCard(
  client: LakeClient,
  built: { path: string; card: ModelCard },
  opts: { lakeUrl: string; policyText?: string },
): Promise<RegisteredModel> {
  const { card } = built;
  let previous;
  try {
    previous = await client.findCard(card.id);
  } catch (e) {
    throw describeLakeError(e, opts.lakeUrl, `reading ${card.id}`);
  }
  let put: PutResult;
  try {
    put = await client.putCard(card);
  } catch (e) {
    if (e instanceof LakeApiError && (e.status === 422 || e.status === 400 || e.status === 413)) {
      const issues = (e.problem?.issues as { path: string; message: string }[] | undefined) ?? [];
      const first = issues[0] ? ` at ${issues[0].path || '/'}: ${issues[0].message}` : `: ${e.message}`;
      throw new ActionError('card-invalid', `${built.path}: the lake rejected ${card.id}${first} Fix the card or remove it from \`paths\`.`, { file: built.path, cause: e });
    }
    throw describeLakeError(e, opts.lakeUrl, `storing ${card.id} from ${built.path}`);
  }
  let baseline: RegisteredModel['baseline'] = { kind: 'none' };
  let diff: CardDiff | undefined;
  if (previous) {
    const ref = `${previous.meta.id}@${previous.meta.version ?? previous.meta.revision}`;
    baseline = { kind: 'previous', ref };
    diff = diffCards(previous.card, card);
  } else {
    const parent = card.lineage?.parents?.[0];
    const found = parent ? await client.findCard(parent.id, parent.version ? { version: parent.version } : {}).catch(() => undefined) : undefined;
    if (parent && found) {
      baseline = { kind: 'parent', ref: `${found.meta.id}@${found.meta.version ?? found.meta.revision}` };
      diff = diffCards(found.card, card);
    }
  }
  const changed = put.status === 'created' || (put.status === 'updated' && (previous ? !diff || contentChanged(diff) : true));
  let findings: FindingsResult;
  try {
    findings = await fetchFindings(client, put.id, put.revision, opts.policyText);
  } catch (e) {
    if (e instanceof LakeApiError && e.status === 400) {
      throw new ActionError('input-invalid', `The lake rejected the \`policy\` file: ${e.message}`, { cause: e });
    }
    throw describeLakeError(e, opts.lakeUrl, `reading the findings of ${card.id}`);
  }
  return { path: built.path, card, put, baseline, ...(diff ? { diff } : {}), changed, findings };
}
