import { GitHubConnectorError } from './errors.js';
import type { WirePullRequestEvent, WirePushEvent, WireRunnerEnv, WireEventPayload } from './wire.js';

/** What the Action knows about the run: repository, commit, ref, event, actor, run URL. */
export interface GitHubContext {
  eventName: string;
  owner: string;
  repo: string;
  /** Commit the cards describe: the PR head commit on `pull_request`, else `GITHUB_SHA`. */
  sha: string;
  /** Ref the cards describe: the PR head branch on `pull_request`, else `GITHUB_REF`. */
  ref: string;
  actor: string;
  serverUrl: string;
  apiUrl: string;
  /** `<server>/<owner>/<repo>/actions/runs/<id>[/attempts/<n>]`, when the run id is known. */
  runUrl?: string;
  pullRequest?: { number: number; headSha: string; headRef: string; baseRef: string; baseSha: string; url?: string };
  payload: WireEventPayload;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads the run context from the runner environment and the event payload (pure: both are passed in).
 * Throws when the repository or commit cannot be determined.
 */
export function toGitHubContext(env: WireRunnerEnv, payload: WireEventPayload): GitHubContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const repoObj = isRecord(payload) && isRecord(payload.repository) ? (payload.repository as { full_name?: unknown }) : undefined;
  const fullName = env.GITHUB_REPOSITORY ?? (typeof repoObj?.full_name === 'string' ? repoObj.full_name : undefined);
  const [owner, repo] = (fullName ?? '').split('/');
  if (!owner || !repo) {
    throw new GitHubConnectorError('context-invalid', 'Cannot tell the repository: set GITHUB_REPOSITORY (owner/repo) or run inside GitHub Actions.');
  }
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const apiUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const sender = isRecord(payload) && isRecord(payload.sender) && typeof payload.sender.login === 'string' ? payload.sender.login : undefined;
  const actor = env.GITHUB_ACTOR ?? sender ?? 'unknown';

  let sha = env.GITHUB_SHA ?? '';
  let ref = env.GITHUB_REF ?? '';
  let pullRequest: GitHubContext['pullRequest'];
  if ((eventName === 'pull_request' || eventName === 'pull_request_target') && isRecord(payload) && isRecord(payload.pull_request)) {
    const pr = (payload as unknown as WirePullRequestEvent).pull_request;
    pullRequest = {
      number: pr.number,
      headSha: pr.head.sha,
      headRef: pr.head.ref,
      baseRef: pr.base.ref,
      baseSha: pr.base.sha,
      ...(pr.html_url ? { url: pr.html_url } : {}),
    };
    // GITHUB_SHA is the temporary merge commit; the cards describe the head of the branch.
    sha = pr.head.sha;
    ref = `refs/heads/${pr.head.ref}`;
  } else if (eventName === 'push' && isRecord(payload) && typeof payload.after === 'string') {
    const push = payload as unknown as WirePushEvent;
    if (!sha && !push.deleted) sha = push.after;
    if (!ref) ref = push.ref;
  }
  if (!sha) throw new GitHubConnectorError('context-invalid', 'Cannot tell the commit: GITHUB_SHA is not set.');

  const runUrl = env.GITHUB_RUN_ID
    ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`
    : undefined;
  return {
    eventName,
    owner,
    repo,
    sha,
    ref,
    actor,
    serverUrl,
    apiUrl,
    ...(runUrl ? { runUrl } : {}),
    ...(pullRequest ? { pullRequest } : {}),
    payload,
  };
}

const PR_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review']);

/**
 * Whether the Action should do nothing for this event, and why: a push or `delete` event that deletes
 * a branch or tag, a pull request that was closed, labelled or otherwise did not change code, a
 * release that was deleted or unpublished.
 */
export function shouldIgnoreEvent(ctx: Pick<GitHubContext, 'eventName' | 'payload'>): { ignore: boolean; reason?: string } {
  const p = ctx.payload as Record<string, unknown>;
  switch (ctx.eventName) {
    case 'push':
      if (p.deleted === true || /^0+$/.test(String(p.after ?? 'x'))) return { ignore: true, reason: `push deletes ${String(p.ref ?? 'a ref')}` };
      return { ignore: false };
    case 'delete':
      return { ignore: true, reason: `${String(p.ref_type ?? 'ref')} ${String(p.ref ?? '')} deleted`.trim() };
    case 'pull_request':
    case 'pull_request_target':
      if (typeof p.action === 'string' && !PR_ACTIONS.has(p.action)) return { ignore: true, reason: `pull request ${p.action}, no new commits` };
      return { ignore: false };
    case 'release':
      if (p.action === 'deleted' || p.action === 'unpublished') return { ignore: true, reason: `release ${p.action}` };
      return { ignore: false };
    default:
      return { ignore: false };
  }
}
