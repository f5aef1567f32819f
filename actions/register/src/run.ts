import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { createLakeClient } from '@modellake/client';
import { shouldIgnoreEvent, toGitHubContext, toModelCards, type GitHubContext, type WireEventPayload } from '@modellake/connector-github';
import { upsertComment } from './comment.js';
import { discover, type Problem } from './discover.js';
import { ActionError } from './errors.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { registerCard, preflight, type RegisteredModel } from './lake.js';
import { fitComment, renderReport } from './report.js';

/** Version written into `source.connectorVersion` of every card. */
export const ACTION_VERSION = '0.1.0';

/** What a run decided, for the outputs and the step status. */
export interface RunOutcome {
  ignored?: string;
  models: RegisteredModel[];
  problems: Problem[];
  fatal?: string;
  reportPath?: string;
}

function setOutputs(models: RegisteredModel[], reportPath: string): void {
  core.setOutput('models', JSON.stringify(models.map((m) => `${m.card.id}@${m.card.version ?? m.put.revision}`)));
  core.setOutput('changed', String(models.some((m) => m.changed)));
  core.setOutput(
    'findings',
    JSON.stringify(
      models.map((m) => ({
        id: m.card.id,
        version: m.card.version,
        revision: m.put.revision,
        findings: m.findings.findings,
        ...(m.findings.note ? { note: m.findings.note } : {}),
      })),
    ),
  );
  core.setOutput('report', reportPath);
}

async function readPayload(path: string | undefined): Promise<WireEventPayload> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as WireEventPayload;
  } catch (e) {
    throw new ActionError('input-invalid', `Cannot read the event payload at GITHUB_EVENT_PATH=${path}: ${(e as Error).message}`);
  }
}

/** Decides whether the step fails, warns, or passes, and says so in one line. */
function conclude(inputs: ActionInputs, outcome: RunOutcome): void {
  const errors = outcome.problems.filter((p) => p.severity === 'error');
  const findings = outcome.models.flatMap((m) => m.findings.findings.map((f) => ({ ...f, id: m.card.id })));
  const findingErrors = findings.filter((f) => f.severity === 'error');
  const findingWarnings = findings.filter((f) => f.severity === 'warning');
  let reason: string | undefined;
  if (outcome.fatal) reason = outcome.fatal;
  else if (errors.length) reason = `${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''}; see the annotations)` : ''}`;
  else if (findingErrors.length && inputs.failOn !== 'never') {
    reason = `${findingErrors.length} governance finding${findingErrors.length > 1 ? 's' : ''} of severity error, first on ${findingErrors[0]!.id}: ${findingErrors[0]!.message}`;
  } else if (inputs.failOn === 'warning' && findingWarnings.length) {
    reason = `${findingWarnings.length} governance finding${findingWarnings.length > 1 ? 's' : ''} of severity warning (fail-on: warning), first on ${findingWarnings[0]!.id}: ${findingWarnings[0]!.message}`;
  }
  if (!reason) return;
  if (inputs.failOn === 'never') {
    const all = [outcome.fatal, ...errors.map((e) => e.message)].filter(Boolean);
    core.warning(`${all[0] ?? reason}${all.length > 1 ? ` (and ${all.length - 1} more)` : ''} [fail-on: never, so the step passes]`);
    return;
  }
  core.setFailed(reason);
}

async function postComment(inputs: ActionInputs, ctx: GitHubContext, report: string): Promise<void> {
  if (!ctx.pullRequest || !inputs.comment) return;
  if (!inputs.githubToken) {
    core.warning('No PR comment: set the `github-token` input (e.g. `${{ github.token }}`) with `pull-requests: write` permission.');
    return;
  }
  try {
    const res = await upsertComment({
      baseUrl: ctx.apiUrl,
      token: inputs.githubToken,
      owner: ctx.owner,
      repo: ctx.repo,
      issueNumber: ctx.pullRequest.number,
      body: fitComment(report, ctx.runUrl),
    });
    core.info(`PR #${ctx.pullRequest.number}: comment ${res.action}${res.url ? ` (${res.url})` : ''}.`);
  } catch (e) {
    const status = (e as { status?: number }).status;
    core.warning(`Could not comment on PR #${ctx.pullRequest.number} through ${ctx.apiUrl}${status ? ` (${status})` : ''}: ${(e as Error).message}. Check that the workflow grants \`pull-requests: write\`.`);
  }
}

/** The Action: inputs → cards → lake → diffs and findings → summary, PR comment, outputs, step status. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<RunOutcome> {
  // Mask secrets before anything can print them.
  for (const name of ['lake-token', 'github-token']) {
    const v = core.getInput(name);
    if (v) core.setSecret(v);
  }
  const inputs = readInputs((name) => core.getInput(name));
  const payload = await readPayload(env.GITHUB_EVENT_PATH);
  const ignore = shouldIgnoreEvent({ eventName: env.GITHUB_EVENT_NAME ?? '', payload });
  if (ignore.ignore) {
    core.info(`Nothing to register: ${ignore.reason}.`);
    if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(`modellake: nothing to register (${ignore.reason}).\n`).write();
    setOutputs([], '');
    return { ignored: ignore.reason ?? 'ignored', models: [], problems: [] };
  }
  const ctx = toGitHubContext(env, payload);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const importedAt = new Date().toISOString();

  const found = await discover({ workspace, patterns: inputs.paths, repoName: ctx.repo, importedAt, connectorVersion: ACTION_VERSION });
  const built = toModelCards(found.entries, { github: ctx, importedAt, connectorVersion: ACTION_VERSION });
  const problems: Problem[] = [
    ...found.problems,
    ...built.errors.map((e) => ({ severity: 'error' as const, message: `${e.message}${e.code === 'card-file-invalid' ? ' Fix the card or remove it from `paths`.' : ''}`, ...(e.file ? { file: e.file } : {}) })),
  ];
  const notes: string[] = [];
  let policyText: string | undefined;
  if (inputs.policy) {
    try {
      policyText = await readFile(join(workspace, inputs.policy), 'utf8');
    } catch {
      problems.push({ severity: 'error', file: inputs.policy, message: `policy: ${inputs.policy} does not exist in the workspace; check the \`policy\` input.` });
    }
  }

  const outcome: RunOutcome = { models: [], problems };
  if (built.cards.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push({ severity: 'warning', message: `No model cards found under ${inputs.paths.join(', ')}.` });
  }
  if (built.cards.length) {
    const client = createLakeClient({ baseUrl: inputs.lakeUrl, ...(inputs.lakeToken ? { token: inputs.lakeToken } : {}) });
    try {
      await preflight(client, inputs.lakeUrl);
      for (const card of built.cards) {
        try {
          const m = await registerCard(client, card, { lakeUrl: inputs.lakeUrl, ...(policyText !== undefined ? { policyText } : {}) });
          outcome.models.push(m);
          core.info(`${m.card.id}@${m.card.version}: ${m.put.status} (revision ${m.put.revision})${m.findings.findings.length ? `, ${m.findings.findings.length} finding(s)` : ''}`);
          if (m.findings.note && !notes.includes(`Governance: ${m.findings.note}`)) notes.push(`Governance: ${m.findings.note}`);
        } catch (e) {
          if (e instanceof ActionError && e.code === 'card-invalid') problems.push({ severity: 'error', message: e.message, ...(e.file ? { file: e.file } : {}) });
          else throw e;
        }
      }
    } catch (e) {
      outcome.fatal = (e as Error).message;
    }
  }

  for (const p of problems) {
    const props = { ...(p.file ? { file: p.file } : {}), ...(p.line ? { startLine: p.line } : {}) };
    if (p.severity === 'error') core.error(p.message, props);
    else core.warning(p.message, props);
  }
  const report = renderReport({ github: ctx, models: outcome.models, problems, ...(outcome.fatal ? { fatal: outcome.fatal } : {}), notes });
  const reportPath = join(env.RUNNER_TEMP ?? tmpdir(), 'modellake-report.md');
  await writeFile(reportPath, report);
  outcome.reportPath = reportPath;
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(report).write();
  await postComment(inputs, ctx, report);
  setOutputs(outcome.models, reportPath);
  conclude(inputs, outcome);
  return outcome;
}

/** Entry point: runs the Action and turns any unexpected error into one failed-step line (a warning with `fail-on: never`). */
export async function main(): Promise<void> {
  try {
    await run();
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    if (core.getInput('fail-on').trim() === 'never') core.warning(`${message} [fail-on: never, so the step passes]`);
    else core.setFailed(message);
  }
}
