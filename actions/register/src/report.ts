import { escapeMarkdown, renderDiffMarkdown, summarizeDiff } from '@modellake/core/diff';
import type { GitHubContext } from '@modellake/connector-github';
import type { Problem } from './discover.js';
import type { RegisteredModel } from './lake.js';

/** Hidden marker that identifies the Action's PR comment (one per pull request, updated in place). */
export const REPORT_MARKER = '<!-- modellake-action:register -->';

/** Largest comment body GitHub accepts is 65536 characters; stay below it. */
export const MAX_COMMENT_CHARS = 60_000;

/** Everything the report shows. */
export interface ReportInput {
  github: Pick<GitHubContext, 'owner' | 'repo' | 'sha' | 'ref' | 'runUrl' | 'serverUrl'>;
  models: RegisteredModel[];
  problems: Problem[];
  /** Set when the run stopped early (unreachable lake, bad token). */
  fatal?: string;
  notes?: string[];
}

const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

function findingsCell(m: RegisteredModel): string {
  if (m.findings.note && m.findings.findings.length === 0) return 'n/a';
  const count = (s: string) => m.findings.findings.filter((f) => f.severity === s).length;
  const parts = [
    count('error') && `${ICON.error} ${count('error')} error${count('error') > 1 ? 's' : ''}`,
    count('warning') && `${ICON.warning} ${count('warning')} warning${count('warning') > 1 ? 's' : ''}`,
    count('info') && `${count('info')} info`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : '✅ none';
}

function baselineCell(m: RegisteredModel): string {
  if (m.baseline.kind === 'previous') return `previous \`${m.baseline.ref}\``;
  if (m.baseline.kind === 'parent') return `parent \`${m.baseline.ref}\``;
  return '—';
}

function changesCell(m: RegisteredModel): string {
  if (m.put.status === 'unchanged') return 'no changes';
  if (!m.diff) return m.put.status === 'created' ? 'new model' : 'updated';
  if (m.diff.identical) return 'no content change';
  if (!m.changed) return 'version only';
  const onlyVersion = !m.diff.metadata.some((x) => x.path !== 'version');
  return summarizeDiff(m.diff).split(', ').filter((part) => part !== 'metadata' || !onlyVersion).join(', ') || 'version only';
}

/** The Markdown report of a run: a table of models, then per model its diff and governance findings, then problems. */
export function renderReport(input: ReportInput): string {
  const { github, models } = input;
  const out: string[] = [REPORT_MARKER];
  const shortSha = github.sha.slice(0, 7);
  const commitUrl = `${github.serverUrl}/${github.owner}/${github.repo}/commit/${github.sha}`;
  const errors = input.problems.filter((p) => p.severity === 'error').length;
  out.push(`## modellake: ${models.length} model${models.length === 1 ? '' : 's'} registered${errors ? `, ${errors} problem${errors === 1 ? '' : 's'}` : ''}`);
  out.push('', `Commit [\`${shortSha}\`](${commitUrl})${github.ref ? ` on \`${github.ref.replace(/^refs\/(heads|tags)\//, '')}\`` : ''}${github.runUrl ? ` · [workflow run](${github.runUrl})` : ''}`);
  if (input.fatal) out.push('', `> ${ICON.error} **${escapeMarkdown(input.fatal)}**`);
  for (const n of input.notes ?? []) out.push('', `> ${ICON.info} ${escapeMarkdown(n)}`);

  if (models.length) {
    out.push('', '| model | version | status | compared with | changes | findings |', '|---|---|---|---|---|---|');
    for (const m of models) {
      out.push(`| \`${m.card.id}\` | \`${m.card.version ?? ''}\` | ${m.put.status} (rev ${m.put.revision}) | ${baselineCell(m)} | ${escapeMarkdown(changesCell(m))} | ${findingsCell(m)} |`);
    }
    for (const m of models) {
      out.push('', `### \`${m.card.id}\``, '', `From \`${m.path}\`.`);
      if (m.put.status === 'unchanged') out.push('', 'Unchanged since the last registration.');
      else if (m.diff && !m.changed) {
        const ref = m.baseline.kind === 'none' ? 'before' : `\`${m.baseline.ref}\``;
        out.push('', `Same content as ${ref}; ${m.diff.identical ? 'only the source (commit, run) changed' : 'only the version label changed'}.`);
      }
      else if (m.diff) out.push('', renderDiffMarkdown(m.diff, { headingLevel: 4 }).trimEnd());
      else out.push('', 'New model; no previous version or declared parent in the lake to compare with.');
      out.push('', '#### Governance findings');
      if (m.findings.findings.length) {
        out.push('', '| | code | message |', '|---|---|---|');
        for (const f of m.findings.findings) out.push(`| ${ICON[f.severity] ?? ''} ${f.severity} | \`${f.code}\` | ${escapeMarkdown(f.message)} |`);
      } else out.push('', m.findings.note ? `None reported: ${escapeMarkdown(m.findings.note)}` : `None${m.findings.policy ? ` under policy ${escapeMarkdown(m.findings.policy)}` : ''}.`);
    }
  }
  if (input.problems.length) {
    out.push('', '### Problems', '');
    for (const p of input.problems) out.push(`- ${ICON[p.severity]} ${escapeMarkdown(p.message)}`);
  }
  return `${out.join('\n')}\n`;
}

/** Cuts a report to fit a PR comment, pointing to the job summary for the rest. */
export function fitComment(markdown: string, runUrl?: string, max = MAX_COMMENT_CHARS): string {
  if (markdown.length <= max) return markdown;
  const tail = `\n\n_Report cut to fit a comment; the full report is in the job summary${runUrl ? ` of the [workflow run](${runUrl})` : ''}._\n`;
  const cut = markdown.lastIndexOf('\n', max - tail.length);
  return markdown.slice(0, cut > 0 ? cut : max - tail.length) + tail;
}
