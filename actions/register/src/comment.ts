import { Octokit } from '@octokit/rest';
import { REPORT_MARKER } from './report.js';

/** Parameters of {@link upsertComment}. */
export interface UpsertCommentParams {
  /** GitHub API URL (`GITHUB_API_URL`). */
  baseUrl: string;
  token: string;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  /** Injectable fetch (tests). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Posts the report as a PR comment, or updates the comment a previous run posted (found by its
 * hidden marker), so a pull request never gets a second one.
 */
export async function upsertComment(p: UpsertCommentParams): Promise<{ action: 'created' | 'updated'; id: number; url?: string }> {
  const octokit = new Octokit({
    auth: p.token,
    baseUrl: p.baseUrl,
    userAgent: 'modellake-action',
    request: { ...(p.fetch ? { fetch: p.fetch } : {}), ...(p.signal ? { signal: p.signal } : {}) },
  });
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: p.owner, repo: p.repo, issue_number: p.issueNumber, per_page: 100 });
  const mine = comments.find((c) => c.body?.includes(REPORT_MARKER));
  if (mine) {
    const res = await octokit.rest.issues.updateComment({ owner: p.owner, repo: p.repo, comment_id: mine.id, body: p.body });
    return { action: 'updated', id: res.data.id, url: res.data.html_url };
  }
  const res = await octokit.rest.issues.createComment({ owner: p.owner, repo: p.repo, issue_number: p.issueNumber, body: p.body });
  return { action: 'created', id: res.data.id, url: res.data.html_url };
}
