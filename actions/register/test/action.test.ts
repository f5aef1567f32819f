import fs from 'node:fs/promises';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, startLakeServer, type LakeServer } from '@modellake/core';
import type { ModelCard } from '@modellake/card';
import { REPORT_MARKER } from '../src/report.js';
import { closedPortUrl, runAction, safetensors, startFakeGitHub, values, writeTree, type ActionRun } from './helpers.js';
import { shared } from '../../../test/support/shared.js';

const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const repository = { id: 1, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER } };
const SHA1 = '1111111111111111111111111111111111111111';
const SHA2 = '2222222222222222222222222222222222222222';
const SHA3 = '3333333333333333333333333333333333333333';
const PAYLOADS = shared('fixtures', 'github-action', 'event-payloads').path;

/** A push event in the shape of octokit/webhooks' push payload. */
const pushPayload = (sha: string) => ({ ref: 'refs/heads/main', before: SHA1, after: sha, created: false, deleted: false, forced: false, base_ref: null, commits: [], head_commit: { id: sha }, repository, pusher: { name: 'octocat' }, sender: { login: 'octocat' } });
/** A pull_request synchronize event in the shape of octokit/webhooks' payload. */
const prPayload = (sha: string) => ({
  action: 'synchronize',
  number: 2,
  before: SHA1,
  after: sha,
  pull_request: { number: 2, html_url: `https://github.com/${OWNER}/${REPO}/pull/2`, state: 'open', head: { ref: 'changes', sha }, base: { ref: 'main', sha: SHA1 } },
  repository,
  sender: { login: 'octocat' },
});

const sentiment = (over: Partial<ModelCard> = {}): ModelCard => ({
  cardVersion: '1.0',
  id: `gh:${OWNER}/${REPO}/sentiment`,
  version: 'v1',
  name: 'sentiment',
  license: 'apache-2.0',
  training: { datasets: [{ name: 'imdb', id: 'hf:stanfordnlp/imdb', role: 'finetuning' }] },
  evaluation: { results: [{ task: { type: 'text-classification' }, dataset: { name: 'IMDB', type: 'imdb' }, metrics: [{ type: 'accuracy', value: 0.9 }] }] },
  governance: { owner: 'ml-team', status: 'review' },
  ...over,
});

const tinyWeights = (seed: number) =>
  safetensors({
    'model.embed.weight': { shape: [16, 8], values: values(128, 1) },
    'model.layers.0.mlp.weight': { shape: [8, 8], values: values(64, 2) },
    'model.layers.1.mlp.weight': { shape: [8, 8], values: values(64, seed) },
  });

describe('actions/register bundle, run as the runner runs it', () => {
  let tmp: string;
  let workspace: string;
  let lake: LakeServer;
  let github: Awaited<ReturnType<typeof startFakeGitHub>>;
  let writer: string;
  let reader: string;
  const runs: ActionRun[] = [];

  const env = (sha: string, event: string, extra: Record<string, string> = {}) => ({
    GITHUB_EVENT_NAME: event,
    GITHUB_SHA: sha,
    GITHUB_REF: event === 'pull_request' ? 'refs/pull/2/merge' : 'refs/heads/main',
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: github.url,
    GITHUB_RUN_ID: '777',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKSPACE: workspace,
    ...extra,
  });
  const inputs = (extra: Record<string, string> = {}) => ({
    'lake-url': lake.url,
    'lake-token': writer,
    paths: 'cards/*.json\nmodels/*\ndvc\nmi/model-index.yml',
    'fail-on': 'error',
    comment: 'true',
    'github-token': 'ghs_fakegithubtoken123',
    ...extra,
  });
  const run = async (o: { inputs?: Record<string, string>; env: Record<string, string>; payload: unknown }) => {
    const r = await runAction({ inputs: o.inputs ?? inputs(), env: o.env, payload: o.payload, tmp });
    runs.push(r);
    return r;
  };

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-action-'));
    workspace = path.join(tmp, 'workspace');
    lake = await startLakeServer({ home: path.join(tmp, 'lake'), port: 0, host: '127.0.0.1' });
    writer = (await createToken(lake.lake.storage, 'ci', 'writer', lake.lake.now())).secret;
    reader = (await createToken(lake.lake.storage, 'viewer', 'reader', lake.lake.now())).secret;
    github = await startFakeGitHub();
    await writeTree(workspace, {
      'cards/sentiment.json': JSON.stringify(sentiment(), null, 2),
      'cards/notes.json': '{"not": "a card"}',
      'models/tiny/config.json': JSON.stringify({ model_type: 'llama', architectures: ['LlamaForCausalLM'], num_hidden_layers: 2, hidden_size: 8 }),
      'models/tiny/model.safetensors': tinyWeights(3),
      'models/tiny/README.md': '---\nlicense: mit\nbase_model: meta-llama/Llama-3.2-1B\ndatasets: [tatsu-lab/alpaca]\n---\n# tiny\n',
      'dvc/dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    deps: [data.csv]\n    outs: [model.pkl]\nartifacts:\n  churn-model:\n    path: model.pkl\n    type: model\n',
      'mi/model-index.yml':
        'Models:\n  - Name: resnet18-demo\n    Metadata:\n      Training Data: ImageNet-1k\n    Results:\n      - Task: Image Classification\n        Dataset: ImageNet-1k\n        Metrics:\n          Top 1 Accuracy: 69.76\n    Weights: https://example.com/resnet18.pth\n',
      'policy.yml': 'version: 1\nname: ci-policy\nrules:\n  requiredFields:\n    fields: [governance.owner]\n',
    });
  });

  afterAll(async () => {
    await github?.close();
    await lake?.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('registers card files, model folders (with fingerprints), DVC and model-index models on push', async () => {
    const r = await run({ env: env(SHA1, 'push'), payload: pushPayload(SHA1) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const models = JSON.parse(r.outputs.models!) as string[];
    expect(models.sort()).toEqual(
      [`gh:${OWNER}/${REPO}/sentiment@v1`, `gh:${OWNER}/${REPO}/models/tiny@${SHA1.slice(0, 12)}`, `dvc:${REPO}/churn-model@${SHA1.slice(0, 12)}`, `mi:mi/resnet18-demo@${SHA1.slice(0, 12)}`].sort(),
    );
    expect(r.outputs.changed).toBe('true');
    const stored = await lake.lake.getCard(`gh:${OWNER}/${REPO}/models/tiny`);
    expect(stored.card.fingerprint?.tensors).toHaveLength(3);
    expect(stored.card.architecture).toMatchObject({ family: 'llama', layers: 2, formats: ['safetensors'] });
    expect(stored.card.lineage?.parents?.[0]).toMatchObject({ id: 'hf:meta-llama/Llama-3.2-1B' });
    expect(stored.card.source).toMatchObject({
      system: 'github',
      repository: `${OWNER}/${REPO}`,
      commit: SHA1,
      ref: 'refs/heads/main',
      runUrl: `https://github.com/${OWNER}/${REPO}/actions/runs/777`,
      actor: 'octocat',
      path: 'models/tiny',
    });
    expect((await lake.lake.getCard(`dvc:${REPO}/churn-model`)).card.source).toMatchObject({ system: 'dvc', commit: SHA1, path: 'dvc' });
    // Job summary: a table of models; the report file holds the same text.
    expect(r.summary).toContain('| model | version | status | compared with | changes | findings |');
    expect(r.summary).toContain(`| \`gh:${OWNER}/${REPO}/sentiment\` | \`v1\` | created (rev 1) |`);
    expect(r.summary).toContain('New model; no previous version or declared parent in the lake to compare with.');
    expect(readFileSync(r.outputs.report!, 'utf8')).toBe(r.summary);
    // No comment on a push.
    expect(github.requests).toEqual([]);
  });

  it('reports diffs against the previous version and posts one PR comment, updated on the next run', async () => {
    await writeTree(workspace, {
      'cards/sentiment.json': JSON.stringify(
        sentiment({
          version: 'v2',
          training: { datasets: [{ name: 'imdb', id: 'hf:stanfordnlp/imdb', role: 'finetuning' }, { name: 'sst2', id: 'hf:stanfordnlp/sst2', role: 'finetuning' }] },
          evaluation: { results: [{ task: { type: 'text-classification' }, dataset: { name: 'IMDB', type: 'imdb' }, metrics: [{ type: 'accuracy', value: 0.93 }] }] },
          governance: { owner: 'ml-team', status: 'approved' },
        }),
        null,
        2,
      ),
      'models/tiny/model.safetensors': tinyWeights(9),
    });
    const r = await run({ env: env('f'.repeat(40), 'pull_request'), payload: prPayload(SHA2) });
    expect(r.code).toBe(0);
    expect(r.outputs.changed).toBe('true');
    expect(JSON.parse(r.outputs.models!)).toContain(`gh:${OWNER}/${REPO}/models/tiny@${SHA2.slice(0, 12)}`);
    // The PR head commit, not the merge commit, is recorded.
    expect((await lake.lake.getCard(`gh:${OWNER}/${REPO}/sentiment`)).card.source).toMatchObject({ commit: SHA2, ref: 'refs/heads/changes' });
    const s = r.summary;
    if (process.env.DUMP_REPORT) writeFileSync(process.env.DUMP_REPORT, s);
    expect(s).toContain(`previous \`gh:${OWNER}/${REPO}/sentiment@v1\``);
    expect(s).toContain(`#### Diff \`gh:${OWNER}/${REPO}/sentiment@v1\` → \`gh:${OWNER}/${REPO}/sentiment@v2\``);
    expect(s).toContain('| + | hf:stanfordnlp/sst2 | finetuning |');
    expect(s).toContain('| text-classification | IMDB | accuracy | 0.9 | 0.93 | +0.03 (+3.33%) |');
    expect(s).toContain('| ~ | `governance.status` | review | approved |');
    expect(s).toMatch(/\| `model\.layers\.1` \| \d+(\.\d+)?% \| 1 \|/);
    expect(s).toContain('1 of 3 tensors changed');
    // Unchanged models say so.
    expect(s).toContain(`| \`mi:mi/resnet18-demo\` | \`${SHA2.slice(0, 12)}\` | updated (rev 2) | previous \`mi:mi/resnet18-demo@${SHA1.slice(0, 12)}\` | version only |`);
    // One comment, with the same report, authenticated with the GitHub token.
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body).toContain(REPORT_MARKER);
    expect(github.comments[0]!.body).toBe(s);
    expect(github.requests.map((q) => `${q.method} ${q.url.split('?')[0]}`)).toEqual([`GET /repos/${OWNER}/${REPO}/issues/2/comments`, `POST /repos/${OWNER}/${REPO}/issues/2/comments`]);
    expect(github.requests[0]!.auth).toBe('token ghs_fakegithubtoken123');

    const again = await run({ env: env('e'.repeat(40), 'pull_request'), payload: prPayload(SHA3) });
    expect(again.code).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(github.requests.at(-1)).toMatchObject({ method: 'PATCH', url: `/repos/${OWNER}/${REPO}/issues/comments/${github.comments[0]!.id}` });
    expect(github.comments[0]!.body).toContain(SHA3.slice(0, 7));
  });

  it('ignores a push that deletes a tag', async () => {
    const before = await lake.lake.storage.listAudit({ limit: 100_000 });
    const r = await run({ env: env(SHA1, 'push'), payload: { ...pushPayload('0'.repeat(40)), ref: 'refs/tags/v1', deleted: true } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing to register: push deletes refs/tags/v1.');
    expect(r.outputs).toMatchObject({ models: '[]', changed: 'false', findings: '[]', report: '' });
    expect(r.summary).toBe('modellake: nothing to register (push deletes refs/tags/v1).\n');
    expect(await lake.lake.storage.listAudit({ limit: 100_000 })).toHaveLength(before.length);
  });

  it.skipIf(!existsSync(PAYLOADS))('ignores the recorded tag-deleting push payload (../shared/fixtures)', async () => {
    const payload = JSON.parse(readFileSync(path.join(PAYLOADS, 'push_payload.json'), 'utf8')) as unknown;
    const r = await run({ env: env(SHA1, 'push', { GITHUB_REF: 'refs/tags/simple-tag' }), payload });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing to register: push deletes refs/tags/simple-tag.');
  });

  it.skipIf(!existsSync(PAYLOADS))('comments on the pull request of the recorded pull_request.opened payload (../shared/fixtures)', async () => {
    const payload = JSON.parse(readFileSync(path.join(PAYLOADS, 'pull_request_opened.payload.json'), 'utf8')) as { pull_request: { number: number; head: { sha: string } } };
    const before = github.requests.length;
    const r = await run({ env: env('d'.repeat(40), 'pull_request'), payload });
    expect(r.code).toBe(0);
    expect((await lake.lake.getCard(`gh:${OWNER}/${REPO}/models/tiny`)).card.source?.commit).toBe(payload.pull_request.head.sha);
    const calls = github.requests.slice(before).map((q) => `${q.method} ${q.url.split('?')[0]}`);
    expect(calls[0]).toBe(`GET /repos/${OWNER}/${REPO}/issues/${payload.pull_request.number}/comments`);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body).toContain(payload.pull_request.head.sha.slice(0, 7));
  });

  it('reports governance findings under a policy file and fails according to fail-on', async () => {
    const r = await run({ inputs: inputs({ policy: 'policy.yml' }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.outputs.findings!) as { id: string; findings: { code: string; severity: string }[] }[];
    const tiny = findings.find((f) => f.id === `gh:${OWNER}/${REPO}/models/tiny`)!;
    expect(tiny.findings).toContainEqual(expect.objectContaining({ code: 'card.field-missing', severity: 'error' }));
    expect(findings.find((f) => f.id === `gh:${OWNER}/${REPO}/sentiment`)!.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const failed = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^::error::\d+ governance findings? of severity error, first on .*: Required card field `governance.owner` is missing or empty\.$/);
    expect(r.summary).toContain('| ❌ error | `card.field-missing` |');

    const lenient = await run({ inputs: inputs({ policy: 'policy.yml', 'fail-on': 'never' }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).not.toContain('::error::');
  });

  it('fails with one line naming the URL when the lake is unreachable, and warns with fail-on: never', async () => {
    const dead = await closedPortUrl();
    const r = await run({ inputs: inputs({ 'lake-url': dead }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toEqual([expect.stringMatching(/^::error::Cannot reach the lake at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\) while checking the token: check the `lake-url` input/)]);
    expect(r.summary).toContain(`Cannot reach the lake at ${dead} (ECONNREFUSED)`);
    const w = await run({ inputs: inputs({ 'lake-url': dead, 'fail-on': 'never' }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(w.code).toBe(0);
    expect(w.stdout).toMatch(/::warning::Cannot reach the lake at http:\/\/127\.0\.0\.1:\d+ .*\[fail-on: never, so the step passes\]/);
  });

  it('fails clearly on a bad token and on a token without the writer role', async () => {
    const bad = await run({ inputs: inputs({ 'lake-token': 'mlk_not-a-real-token' }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`::error::The lake at ${lake.url.replaceAll('.', '\\.')} rejected the token \\(401 unauthorized\\) while checking the token: check the \`lake-token\` secret`));
    const ro = await run({ inputs: inputs({ 'lake-token': reader }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(ro.code).toBe(1);
    expect(ro.stdout).toContain('the reader role; registering cards needs a writer token');
  });

  it('fails naming the file of an invalid card, and still registers the valid ones', async () => {
    await writeTree(workspace, { 'cards/broken.json': JSON.stringify({ cardVersion: '1.0', id: 'not an id', name: 'broken' }) });
    try {
      const r = await run({ env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
      expect(r.code).toBe(1);
      const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
      expect(errors.at(-1)).toMatch(/^::error::cards\/broken\.json: invalid model card at \/id: .* Fix the card or remove it from `paths`\.$/);
      expect(errors.some((l) => l.startsWith('::error file=cards/broken.json::'))).toBe(true);
      expect(JSON.parse(r.outputs.models!)).toContain(`gh:${OWNER}/${REPO}/sentiment@v2`);
      const lenient = await run({ inputs: inputs({ 'fail-on': 'never' }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
      expect(lenient.code).toBe(0);
      expect(lenient.stdout).toMatch(/::warning::cards\/broken\.json: invalid model card/);
    } finally {
      await fs.rm(path.join(workspace, 'cards/broken.json'));
    }
  });

  it('fails naming a path or policy file that does not exist, an invalid policy and an invalid input', async () => {
    const r = await run({ inputs: inputs({ paths: 'models/missing' }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::paths: models\/missing does not exist in the workspace/);
    const noPolicy = await run({ inputs: inputs({ policy: 'governance/missing.yml' }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(noPolicy.code).toBe(1);
    expect(noPolicy.stdout).toContain('::error::policy: governance/missing.yml does not exist in the workspace; check the `policy` input.');
    await writeTree(workspace, { 'bad-policy.yml': 'version: 1\nrules:\n  requiredFields: 3\n' });
    const badPolicy = await run({ inputs: inputs({ policy: 'bad-policy.yml' }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(badPolicy.code).toBe(1);
    expect(badPolicy.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([expect.stringMatching(/^::error::The lake rejected the `policy` file: .*requiredFields/)]);
    const i = await run({ inputs: inputs({ 'fail-on': 'sometimes' }), env: env(SHA3, 'push'), payload: pushPayload(SHA3) });
    expect(i.code).toBe(1);
    expect(i.stdout).toContain('::error::Input `fail-on` must be error, warning or never; got "sometimes".');
  });

  it('never prints a secret except to mask it', () => {
    expect(runs.length).toBeGreaterThan(5);
    for (const r of runs) {
      for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
        if (line.startsWith('::add-mask::')) continue;
        expect(line).not.toContain(writer);
        expect(line).not.toContain(reader);
        expect(line).not.toContain('ghs_fakegithubtoken123');
        expect(line).not.toContain('mlk_not-a-real-token');
      }
      expect(r.summary).not.toContain(writer);
    }
    expect(runs[0]!.stdout).toContain(`::add-mask::${writer}`);
  });
});
