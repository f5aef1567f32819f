import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelCard } from '@modellake/card';
import { createLakeClient, type LakeClient } from '@modellake/client';
import { createLakeApp, createMemoryStorage, Lake, openLake, type OpenLake } from '@modellake/core';
import { diffCards } from '@modellake/core/diff';
import { contentChanged, fetchFindings, preflight, registerCard } from '../src/lake.js';
import { discover, resolveTargets } from '../src/discover.js';
import { globToRegExp, isGlob } from '../src/glob.js';
import { readInputs } from '../src/inputs.js';
import { fitComment, renderReport, REPORT_MARKER } from '../src/report.js';
import { safetensors, values, writeTree } from './helpers.js';

const card = (over: Partial<ModelCard> = {}): ModelCard => ({ cardVersion: '1.0', id: 'gh:acme/models/a', name: 'a', version: 'v1', ...over });

describe('globToRegExp', () => {
  it('matches like the usual globs', () => {
    expect(globToRegExp('cards/*.json').test('cards/a.json')).toBe(true);
    expect(globToRegExp('cards/*.json').test('cards/x/a.json')).toBe(false);
    expect(globToRegExp('**/*.{yaml,yml}').test('a/b/c.yml')).toBe(true);
    expect(globToRegExp('**/*.{yaml,yml}').test('c.yaml')).toBe(true);
    expect(globToRegExp('models/**').test('models/a/b')).toBe(true);
    expect(globToRegExp('./models/?/').test('models/a')).toBe(true);
    expect(globToRegExp('m[0-9].json').test('m7.json')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(isGlob('models/tiny')).toBe(false);
    expect(isGlob('models/*')).toBe(true);
  });
});

describe('readInputs', () => {
  const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';
  it('reads and defaults the inputs', () => {
    expect(readInputs(get({ 'lake-url': 'https://lake.example/', paths: 'cards/*.json\n# comment\n\nmodels/a, models/b' }))).toEqual({
      lakeUrl: 'https://lake.example',
      paths: ['cards/*.json', 'models/a', 'models/b'],
      failOn: 'error',
      comment: true,
    });
    expect(readInputs(get({ 'lake-url': 'http://x', paths: 'a', comment: 'off', 'fail-on': 'warning', 'lake-token': 't', 'github-token': 'g', policy: 'p.yml' }))).toMatchObject({
      comment: false,
      failOn: 'warning',
      lakeToken: 't',
      githubToken: 'g',
      policy: 'p.yml',
    });
  });

  it('names the bad input and what it accepts', () => {
    expect(() => readInputs(get({ paths: 'a' }))).toThrow('Input `lake-url` is required');
    expect(() => readInputs(get({ 'lake-url': 'lake', paths: 'a' }))).toThrow('Input `lake-url` "lake" is not a URL');
    expect(() => readInputs(get({ 'lake-url': 'ftp://x', paths: 'a' }))).toThrow('must be an http(s) URL');
    expect(() => readInputs(get({ 'lake-url': 'http://x' }))).toThrow('Input `paths` is required');
    expect(() => readInputs(get({ 'lake-url': 'http://x', paths: 'a', comment: 'maybe' }))).toThrow('Input `comment` must be true or false');
  });
});

describe('discover', () => {
  let ws: string;
  beforeAll(async () => {
    ws = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-discover-'));
    await writeTree(ws, {
      'cards/a.json': JSON.stringify(card()),
      'cards/b.yaml': 'cardVersion: "1.0"\nid: local:b\nname: b\n',
      'cards/other.json': '{"x": 1}',
      'models/full/config.json': '{"model_type": "bert"}',
      'models/full/model.safetensors': safetensors({ 'encoder.layer.0.weight': { shape: [4, 4], values: values(16, 4) } }),
      'models/bad/config.json': '{"model_type": ',
      'models/corrupt/model.safetensors': Buffer.from([1, 2, 3]),
      'docs/readme.txt': 'hello',
      'node_modules/x/card.json': JSON.stringify(card({ id: 'local:ignored' })),
    });
  });
  afterAll(async () => fs.rm(ws, { recursive: true, force: true }));

  it('keeps what globs recognise and skips the rest, node_modules included', async () => {
    const { targets, problems } = await resolveTargets(ws, ['cards/*', '**/card.json']);
    expect(targets).toEqual([
      { kind: 'card-file', path: 'cards/a.json' },
      { kind: 'card-file', path: 'cards/b.yaml' },
    ]);
    expect(problems).toEqual([{ severity: 'warning', message: 'paths: **/card.json matched no model card, model folder, DVC project or model-index file.' }]);
  });

  it('fails on explicit paths that are missing, unrecognised or outside the workspace', async () => {
    const { problems } = await resolveTargets(ws, ['missing', 'docs', '../etc', 'cards/other.json']);
    expect(problems.map((p) => p.message)).toEqual([
      `paths: missing does not exist in the workspace (${ws}); check the \`paths\` input and that the repository is checked out.`,
      'paths: docs is not a model card (no `cardVersion`), a model folder (config.json, safetensors, GGUF, adapter), a DVC project or a model-index file.',
      'paths: ../etc must be relative to the workspace and stay inside it.',
      'paths: cards/other.json is not a model card (no `cardVersion`), a model folder (config.json, safetensors, GGUF, adapter), a DVC project or a model-index file.',
    ]);
  });

  it('reads model folders with their fingerprint, and names the file of a bad config or weights', async () => {
    const d = await discover({ workspace: ws, patterns: ['models/*'], repoName: 'models', importedAt: '2026-01-01T00:00:00Z', connectorVersion: '0' });
    expect(d.entries).toHaveLength(1);
    expect(d.entries[0]).toMatchObject({ kind: 'model-folder', path: 'models/full', config: { model_type: 'bert' } });
    expect((d.entries[0] as { fingerprint?: { tensors?: unknown[] } }).fingerprint?.tensors).toHaveLength(1);
    expect(d.problems.map((p) => [p.file, p.message.split(':').slice(0, 2).join(':')])).toEqual([
      ['models/bad/config.json', 'models/bad/config.json: invalid JSON'],
      ['models/corrupt', 'models/corrupt: cannot read the weights'],
    ]);
    expect(d.problems.every((p) => !p.message.includes(ws))).toBe(true);
  });
});

describe('lake calls', () => {
  let opened: OpenLake;
  let client: LakeClient;
  beforeAll(async () => {
    opened = openLake({ storage: createMemoryStorage(), config: { auth: { trustedActor: { name: 'ci', role: 'writer' } } } });
    client = createLakeClient({ baseUrl: 'http://lake.test', fetch: async (input, init) => opened.app.fetch(new Request(input, init)) });
  });
  afterAll(async () => opened.close());

  it('passes the preflight with a writer', async () => {
    await expect(preflight(client, 'http://lake.test')).resolves.toBeUndefined();
  });

  it('diffs a new model against its declared parent, then against its previous version', async () => {
    await client.putCard(card({ id: 'gh:acme/models/base', name: 'base', license: 'mit' }));
    const child = card({ id: 'gh:acme/models/child', name: 'child', license: 'mit', lineage: { parents: [{ id: 'gh:acme/models/base', relation: 'finetune' }] } });
    const first = await registerCard(client, { path: 'cards/child.json', card: child }, { lakeUrl: 'http://lake.test' });
    expect(first.baseline).toEqual({ kind: 'parent', ref: 'gh:acme/models/base@v1' });
    expect(first.diff?.metadata.map((m) => m.path)).toEqual(['name', 'lineage']);
    expect(first.changed).toBe(true);
    const same = await registerCard(client, { path: 'cards/child.json', card: child }, { lakeUrl: 'http://lake.test' });
    expect(same.put.status).toBe('unchanged');
    expect(same.changed).toBe(false);
    const moved = await registerCard(client, { path: 'cards/child.json', card: { ...child, source: { system: 'github', commit: 'c'.repeat(40) } } }, { lakeUrl: 'http://lake.test' });
    expect(moved).toMatchObject({ put: { status: 'updated' }, changed: false });
    expect(renderReport({ github: { owner: 'acme', repo: 'models', sha: 'c'.repeat(40), ref: '', serverUrl: 'https://github.com' }, models: [moved], problems: [] })).toContain(
      '| `gh:acme/models/child` | `v1` | updated (rev 2) | previous `gh:acme/models/child@v1` | no content change |',
    );
    const relabelled = await registerCard(client, { path: 'cards/child.json', card: { ...child, version: 'v2' } }, { lakeUrl: 'http://lake.test' });
    expect(relabelled).toMatchObject({ baseline: { kind: 'previous', ref: 'gh:acme/models/child@v1' }, changed: false });
    const report = renderReport({ github: { owner: 'acme', repo: 'models', sha: 'a'.repeat(40), ref: 'refs/heads/main', serverUrl: 'https://github.com' }, models: [first, relabelled], problems: [] });
    expect(report).toContain('| `gh:acme/models/child` | `v1` | created (rev 1) | parent `gh:acme/models/base@v1` | metadata |');
    expect(report).toContain('| `gh:acme/models/child` | `v2` | updated (rev 3) | previous `gh:acme/models/child@v1` | version only |');
    expect(report).toContain('Same content as `gh:acme/models/child@v1`; only the version label changed.');
  });

  it('names the file of a card the lake rejects', async () => {
    const bad = { ...card({ id: 'gh:acme/models/bad' }), architecture: { layers: -1 } } as ModelCard;
    await expect(registerCard(client, { path: 'cards/bad.json', card: bad }, { lakeUrl: 'http://lake.test' })).rejects.toThrow(/^cards\/bad\.json: the lake rejected gh:acme\/models\/bad/);
  });

  it('reports no findings, with a note, on a lake without the governance feature', async () => {
    const lake = new Lake({ storage: createMemoryStorage() });
    const app = createLakeApp({ lake, config: { auth: { trustedActor: { name: 'ci', role: 'writer' } } } });
    const bare = createLakeClient({ baseUrl: 'http://bare.test', fetch: async (input, init) => app.fetch(new Request(input, init)) });
    await bare.putCard(card());
    const res = await fetchFindings(bare, 'gh:acme/models/a', 1);
    expect(res.findings).toEqual([]);
    expect(res.note).toMatch(/^the lake reports no governance findings \(404 /);
  });

  it('counts a change beyond the version label as content', () => {
    expect(contentChanged(diffCards(card(), card({ version: 'v2' })))).toBe(false);
    expect(contentChanged(diffCards(card(), card({ version: 'v2', license: 'mit' })))).toBe(true);
  });
});

describe('report', () => {
  const github = { owner: 'acme', repo: 'models', sha: 'b'.repeat(40), ref: 'refs/heads/main', serverUrl: 'https://github.com', runUrl: 'https://github.com/acme/models/actions/runs/1' };

  it('shows a fatal error and the problems with the marker', () => {
    const md = renderReport({ github, models: [], problems: [{ severity: 'error', message: 'cards/x.json: invalid | bad' }], fatal: 'Cannot reach the lake at http://l (ECONNREFUSED)' });
    expect(md.startsWith(REPORT_MARKER)).toBe(true);
    expect(md).toContain('## modellake: 0 models registered, 1 problem');
    expect(md).toContain('> ❌ **Cannot reach the lake at http://l (ECONNREFUSED)**');
    expect(md).toContain('- ❌ cards/x.json: invalid \\| bad');
  });

  it('cuts a long report to fit a comment and points to the job summary', () => {
    const long = `${REPORT_MARKER}\n${'line of text\n'.repeat(10_000)}`;
    const fitted = fitComment(long, github.runUrl, 1000);
    expect(fitted.length).toBeLessThanOrEqual(1000);
    expect(fitted.startsWith(REPORT_MARKER)).toBe(true);
    expect(fitted).toContain('the full report is in the job summary of the [workflow run](https://github.com/acme/models/actions/runs/1)');
    expect(fitComment('short', undefined, 1000)).toBe('short');
  });
});
