import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate, type ModelCard } from '@modellake/card';
import { shared } from '../../../../test/support/shared.js';
import {
  GitHubConnectorError,
  folderModelId,
  modelFolderToCard,
  parseCardFile,
  shouldIgnoreEvent,
  stampSource,
  toGitHubContext,
  toModelCards,
} from '../src/index.js';

const PAYLOADS = shared('fixtures', 'github-action', 'event-payloads').path;
const readPayload = (name: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(PAYLOADS, name), 'utf8')) as Record<string, unknown>;

const SHA = '0123456789abcdef0123456789abcdef01234567';
const env = {
  GITHUB_EVENT_NAME: 'push',
  GITHUB_SHA: SHA,
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REPOSITORY: 'acme/models',
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_ACTOR: 'octocat',
};
const pushPayload = { ref: 'refs/heads/main', before: '0'.repeat(40), after: SHA, repository: { name: 'models', full_name: 'acme/models', owner: { login: 'acme' } } };
const ctx = toGitHubContext(env, pushPayload);

const cardJson = JSON.stringify({ cardVersion: '1.0', id: 'gh:acme/models/clf', name: 'clf', license: 'mit' }, null, 2);

describe('toGitHubContext', () => {
  it('reads repository, commit, ref, actor and run URL from the runner environment', () => {
    expect(ctx).toMatchObject({
      eventName: 'push',
      owner: 'acme',
      repo: 'models',
      sha: SHA,
      ref: 'refs/heads/main',
      actor: 'octocat',
      runUrl: 'https://github.example/acme/models/actions/runs/42',
    });
    expect(toGitHubContext({ ...env, GITHUB_RUN_ATTEMPT: '2' }, pushPayload).runUrl).toBe('https://github.example/acme/models/actions/runs/42/attempts/2');
  });

  it('fails clearly without a repository', () => {
    expect(() => toGitHubContext({ GITHUB_SHA: SHA }, {})).toThrow(/GITHUB_REPOSITORY/);
    expect(() => toGitHubContext({ GITHUB_REPOSITORY: 'a/b' }, {})).toThrow(/GITHUB_SHA/);
  });
});

describe.skipIf(!fs.existsSync(PAYLOADS))('recorded event payloads (../shared/fixtures/github-action)', () => {
  it('uses the PR head commit and branch on pull_request, not the merge commit', () => {
    const p = readPayload('pull_request_synchronize.payload.json');
    const c = toGitHubContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: 'f'.repeat(40), GITHUB_REF: 'refs/pull/2/merge' }, p);
    expect(c).toMatchObject({ owner: 'Codertocat', repo: 'Hello-World', sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821', ref: 'refs/heads/changes', actor: 'Codertocat' });
    expect(c.pullRequest).toMatchObject({ number: 2, baseRef: 'master', headRef: 'changes' });
    expect(shouldIgnoreEvent(c)).toEqual({ ignore: false });
  });

  it('ignores a push that deletes a tag', () => {
    const p = readPayload('push_payload.json');
    expect(shouldIgnoreEvent({ eventName: 'push', payload: p })).toEqual({ ignore: true, reason: 'push deletes refs/tags/simple-tag' });
  });

  it('handles a push creating a branch, a tag creation, a release and a manual dispatch', () => {
    expect(shouldIgnoreEvent({ eventName: 'push', payload: readPayload('push_with-new-branch.payload.json') }).ignore).toBe(false);
    expect(shouldIgnoreEvent({ eventName: 'create', payload: readPayload('create_payload.json') }).ignore).toBe(false);
    expect(shouldIgnoreEvent({ eventName: 'release', payload: readPayload('release_published.payload.json') }).ignore).toBe(false);
    const wd = toGitHubContext({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_SHA: SHA }, readPayload('workflow_dispatch_payload.json'));
    expect(wd).toMatchObject({ owner: 'octo-org', repo: 'octo-repo', actor: 'Codertocat' });
  });

  it('takes the commit of a push from the payload when GITHUB_SHA is missing', () => {
    const c = toGitHubContext({ GITHUB_EVENT_NAME: 'push' }, readPayload('push_with-new-branch.payload.json'));
    expect(c.sha).toBe('6113728f27ae82c7b1a177c8d03f9e96e0adf246');
    expect(c.ref).toBe('refs/heads/master');
  });
});

describe('shouldIgnoreEvent', () => {
  it('ignores closed pull requests, deleted refs and deleted releases', () => {
    expect(shouldIgnoreEvent({ eventName: 'pull_request', payload: { action: 'closed' } })).toMatchObject({ ignore: true });
    expect(shouldIgnoreEvent({ eventName: 'delete', payload: { ref: 'v1', ref_type: 'tag' } })).toEqual({ ignore: true, reason: 'tag v1 deleted' });
    expect(shouldIgnoreEvent({ eventName: 'release', payload: { action: 'deleted' } })).toMatchObject({ ignore: true });
    expect(shouldIgnoreEvent({ eventName: 'workflow_dispatch', payload: {} })).toEqual({ ignore: false });
  });
});

describe('stampSource', () => {
  it('records repository, commit, ref, run URL, actor and path', () => {
    const card = stampSource({ cardVersion: '1.0', id: 'gh:acme/models/clf', name: 'clf' }, ctx, { path: 'models/clf', importedAt: '2026-01-01T00:00:00Z' });
    expect(card.source).toEqual({
      system: 'github',
      uri: `https://github.example/acme/models/tree/${SHA}/models/clf`,
      revision: SHA,
      connector: 'modellake-action',
      importedAt: '2026-01-01T00:00:00Z',
      repository: 'acme/models',
      commit: SHA,
      ref: 'refs/heads/main',
      runUrl: 'https://github.example/acme/models/actions/runs/42',
      actor: 'octocat',
      path: 'models/clf',
    });
    expect(validate(card).ok).toBe(true);
  });

  it('keeps the system and uri of a card from another connector', () => {
    const card = stampSource({ cardVersion: '1.0', id: 'dvc:x/y', name: 'y', source: { system: 'dvc', uri: 'dvc://y', connector: 'dvc' } }, ctx);
    expect(card.source).toMatchObject({ system: 'dvc', uri: 'dvc://y', connector: 'dvc', commit: SHA, actor: 'octocat' });
  });
});

describe('parseCardFile', () => {
  it('parses JSON, YAML and Markdown front matter cards', () => {
    expect(parseCardFile('m.json', cardJson)[0]!.id).toBe('gh:acme/models/clf');
    expect(parseCardFile('m.yaml', 'cardVersion: "1.0"\nid: local:a\nname: a\n')[0]!.name).toBe('a');
    expect(parseCardFile('m.md', '---\ncardVersion: "1.0"\nid: local:b\nname: b\n---\n# B\n')[0]!.id).toBe('local:b');
    expect(parseCardFile('all.json', JSON.stringify([{ cardVersion: '1.0', id: 'local:a', name: 'a' }, { cardVersion: '1.0', id: 'local:b', name: 'b' }]))).toHaveLength(2);
  });

  it('names the file and line of a syntax error', () => {
    expect(() => parseCardFile('models/bad.json', '{\n  "id": "x",\n}')).toThrow(/^models\/bad\.json: invalid JSON at line 3, column 1: /);
    expect(() => parseCardFile('models/bad.yaml', 'id: local:a\nname: [unclosed\n')).toThrow(/^models\/bad\.yaml: invalid YAML at line \d: /);
    expect(() => parseCardFile('README.md', '---\nid: [\n---\n')).toThrow(/^README\.md: Invalid YAML front matter at line/);
  });

  it('names the file and the field of a schema error', () => {
    const err = (() => {
      try {
        parseCardFile('cards/clf.json', JSON.stringify({ cardVersion: '1.0', id: 'no id here', name: 'x', architecture: { layers: 'two' } }));
      } catch (e) {
        return e as GitHubConnectorError;
      }
      throw new Error('expected an error');
    })();
    expect(err).toBeInstanceOf(GitHubConnectorError);
    expect(err.code).toBe('card-file-invalid');
    expect(err.file).toBe('cards/clf.json');
    expect(err.message).toMatch(/^cards\/clf\.json: invalid model card at \/\w+.*\(and 1 more\)$/);
    expect(() => parseCardFile('x.json', '[]')).toThrow('x.json: the file holds an empty list');
    expect(() => parseCardFile('x.json', '[{"cardVersion":"1.0","id":"local:a","name":"a"},{"name":3}]')).toThrow(/^x\.json: invalid model card at \[1\]/);
  });
});

describe('modelFolderToCard', () => {
  it('maps config, adapter, README front matter and files', () => {
    const card = modelFolderToCard(
      {
        kind: 'model-folder',
        path: 'models/tiny-lora',
        config: { model_type: 'llama', architectures: ['LlamaForCausalLM'], num_hidden_layers: 2, hidden_size: 8, num_attention_heads: 2, vocab_size: 32, max_position_embeddings: 64, torch_dtype: 'float16' },
        adapterConfig: { peft_type: 'LORA', base_model_name_or_path: 'meta-llama/Llama-3.2-1B', r: 8 },
        readme: '---\nlicense: llama3.2\ntags: [lora]\ndatasets: [tatsu-lab/alpaca]\nbase_model: meta-llama/Llama-3.2-1B\npipeline_tag: text-generation\n---\n# Tiny\n',
        fingerprint: { version: 1, architecture: { signature: 'sig-12345678', parameters: 1234, dtypes: ['F16'] } },
        files: [{ path: 'adapter_model.safetensors', size: 100, sha256: 'a'.repeat(64) }, { path: 'config.json', size: 10 }],
      },
      ctx,
    );
    expect(card).toMatchObject({
      id: 'gh:acme/models/models/tiny-lora',
      version: SHA.slice(0, 12),
      name: 'tiny-lora',
      license: 'llama3.2',
      tags: ['lora'],
      tasks: ['text-generation'],
      architecture: { family: 'llama', type: 'LlamaForCausalLM', library: 'peft', parameters: 1234, layers: 2, hiddenSize: 8, attentionHeads: 2, vocabSize: 32, contextLength: 64, dtypes: ['F16'], formats: ['safetensors'] },
      lineage: { parents: [{ id: 'hf:meta-llama/Llama-3.2-1B', relation: 'adapter', declaredBy: 'peft:adapter_config' }] },
      training: { datasets: [{ name: 'tatsu-lab/alpaca', id: 'hf:tatsu-lab/alpaca', role: 'finetuning' }] },
      artifacts: [{ path: 'adapter_model.safetensors', size: 100, sha256: 'a'.repeat(64), format: 'safetensors' }, { path: 'config.json', size: 10 }],
    });
    expect(validate(card).issues).toEqual([]);
  });

  it('names the repository root model after the repository', () => {
    expect(folderModelId(ctx, '.')).toBe('gh:acme/models');
    expect(modelFolderToCard({ kind: 'model-folder', path: '.', files: [] }, ctx)).toMatchObject({ id: 'gh:acme/models', name: 'models' });
  });
});

describe('toModelCards', () => {
  it('maps every entry, stamps the source, versions by commit, and reports bad files without stopping', () => {
    const mapped: ModelCard = { cardVersion: '1.0', id: 'dvc:acme/models/model.pkl', name: 'model.pkl', version: 'abc' };
    const r = toModelCards(
      [
        { kind: 'card-file', path: 'cards/clf.json', text: cardJson },
        { kind: 'card-file', path: 'cards/broken.json', text: '{' },
        { kind: 'card-file', path: 'cards/dup.yaml', text: 'cardVersion: "1.0"\nid: gh:acme/models/clf\nname: dup\n' },
        { kind: 'mapped', path: 'dvc.yaml', cards: [mapped] },
        { kind: 'model-folder', path: 'models/bert', config: { model_type: 'bert' }, files: [] },
      ],
      { github: ctx, importedAt: '2026-01-01T00:00:00Z', connectorVersion: '0.1.0' },
    );
    expect(r.cards.map((c) => [c.path, c.card.id, c.card.version])).toEqual([
      ['cards/clf.json', 'gh:acme/models/clf', SHA.slice(0, 12)],
      ['dvc.yaml', 'dvc:acme/models/model.pkl', 'abc'],
      ['models/bert', 'gh:acme/models/models/bert', SHA.slice(0, 12)],
    ]);
    expect(r.cards.every((c) => c.card.source?.commit === SHA && c.card.source.connectorVersion === '0.1.0')).toBe(true);
    expect(r.cards.every((c) => validate(c.card).ok)).toBe(true);
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^cards\/broken\.json: invalid JSON/),
      'cards/dup.yaml: model gh:acme/models/clf is already defined in cards/clf.json.',
    ]);
  });
});
