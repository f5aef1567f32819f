import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createToken, openLake, startLakeServer, type LakeServer } from '@modellake/core';
import type { ModelCard } from '@modellake/card';
import Audit from '../src/commands/audit.js';
import Delete from '../src/commands/delete.js';
import GovernanceApprove from '../src/commands/governance/approve.js';
import GovernanceSubmit from '../src/commands/governance/submit.js';
import GovernanceStatus from '../src/commands/governance/status.js';
import History from '../src/commands/history.js';
import Show from '../src/commands/show.js';
import { runCommand as run } from './run-command.js';

// Issue 12: dot-segment ids (embedded --home and remote --lake-url), ids ending in a sub-resource name,
// and `audit --all --prefix` over ids whose next character is astral.

const SEGMENT_RULE = /segments of a model id may not be `\.`, `\.\.`, `-` or empty/;
const actor = { name: 'seed', role: 'admin' as const };
const card = (id: string): ModelCard => ({ cardVersion: '1.0', id, name: id.split('/').pop()!, license: 'mit' });
const IDS = ['local:decoy', 'local:gov/victim', 'local:spam', 'gh:acme/models/history', 'hf:acme/🤗evil', 'hf:acme/plain', 'hf:acme/\uffff', 'hf:other/x'];

async function seedHome(home: string): Promise<void> {
  const opened = openLake({ home });
  for (const id of IDS) await opened.lake.putCard(card(id), actor);
  await createToken(opened.lake.storage, 'rd', 'reader', opened.lake.now());
  await opened.close();
}

async function tokenRevoked(home: string): Promise<boolean> {
  const opened = openLake({ home });
  try {
    return (await opened.lake.storage.listTokens()).find((t) => t.name === 'rd')!.revokedAt !== undefined;
  } finally {
    await opened.close();
  }
}

describe('CLI refuses dot-segment ids (embedded --home)', () => {
  let home: string;
  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-ids-'));
    await seedHome(home);
  });
  afterAll(async () => fs.rm(home, { recursive: true, force: true }));
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("approve 'local:decoy/../local:gov/victim' fails naming the rule and leaves the victim alone", async () => {
    expect((await run(GovernanceSubmit, ['local:gov/victim', '--home', home])).error).toBeUndefined();
    const { error } = await run(GovernanceApprove, ['local:decoy/../local:gov/victim', '--home', home]);
    expect(error?.message).toMatch(SEGMENT_RULE);
    const status = await run(GovernanceStatus, ['local:gov/victim', '--home', home, '--json']);
    expect(JSON.parse(status.out)).toMatchObject({ id: 'local:gov/victim', status: 'review' });
  });

  it("delete 'local:spam/../../tokens/rd' fails naming the rule; the token rd is not revoked", async () => {
    const { error } = await run(Delete, ['local:spam/../../tokens/rd', '--home', home]);
    expect(error?.message).toMatch(SEGMENT_RULE);
    expect(await tokenRevoked(home)).toBe(false);
    expect((await run(Show, ['local:spam', '--home', home, '--json'])).error).toBeUndefined();
  });

  it('show, history and delete address gh:acme/models/history', async () => {
    const show = JSON.parse((await run(Show, ['gh:acme/models/history', '--home', home, '--json'])).out) as { card: { id: string } };
    expect(show.card.id).toBe('gh:acme/models/history');
    const hist = JSON.parse((await run(History, ['gh:acme/models/history', '--home', home, '--json'])).out) as { versions: unknown[]; audit: { action: string }[] };
    expect(hist.versions).toHaveLength(1);
    expect(hist.audit.map((a) => a.action)).toEqual(['card.put']);
    expect((await run(Delete, ['gh:acme/models/history', '--home', home])).error).toBeUndefined();
    expect((await run(Show, ['gh:acme/models/history', '--home', home])).error?.message).toMatch(/deleted/);
  });

  it('audit --all --prefix evaluates ids whose next character is astral', async () => {
    const { out, error } = await run(Audit, ['--all', '--prefix', 'hf:acme/', '--home', home, '--json']);
    expect(error).toBeUndefined();
    const ids = (JSON.parse(out) as { reports: { id: string }[] }).reports.map((r) => r.id).sort();
    expect(ids).toEqual(['hf:acme/plain', 'hf:acme/\uffff', 'hf:acme/🤗evil'].sort());
  });
});

describe('CLI refuses dot-segment ids (remote --lake-url)', () => {
  let home: string;
  let server: LakeServer;
  let admin: string;
  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-ids-remote-'));
    await seedHome(home);
    server = await startLakeServer({ home, port: 0 });
    admin = (await createToken(server.lake.storage, 'ann', 'admin', server.lake.now())).secret;
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });
  const remote = ['--lake-url', '', '--token', ''];
  const flags = () => ((remote[1] = server.url), (remote[3] = admin), remote);

  it("approve 'local:decoy/../local:gov/victim' fails naming the rule and leaves the victim alone", async () => {
    expect((await run(GovernanceSubmit, ['local:gov/victim', ...flags()])).error).toBeUndefined();
    const { error } = await run(GovernanceApprove, ['local:decoy/../local:gov/victim', ...flags()]);
    expect(error?.message).toMatch(SEGMENT_RULE);
    const status = await run(GovernanceStatus, ['local:gov/victim', ...flags(), '--json']);
    expect(JSON.parse(status.out)).toMatchObject({ id: 'local:gov/victim', status: 'review' });
  });

  it("delete 'local:spam/../../tokens/rd' fails naming the rule; the token rd is not revoked", async () => {
    const { error } = await run(Delete, ['local:spam/../../tokens/rd', ...flags()]);
    expect(error?.message).toMatch(SEGMENT_RULE);
    expect((await server.lake.storage.listTokens()).find((t) => t.name === 'rd')!.revokedAt).toBeUndefined();
  });

  it('audit --all --prefix evaluates ids whose next character is astral', async () => {
    const { out } = await run(Audit, ['--all', '--prefix', 'hf:acme/', ...flags(), '--json']);
    expect((JSON.parse(out) as { reports: { id: string }[] }).reports.map((r) => r.id)).toContain('hf:acme/🤗evil');
  });
});
