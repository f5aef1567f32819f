import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLake, PostgresStorage } from '@modellake/core';
import Serve from '../src/commands/serve.js';
import TokenCreate from '../src/commands/token/create.js';
import TokenList from '../src/commands/token/list.js';
import TokenRevoke from '../src/commands/token/revoke.js';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../../../test/support/postgres.js';
import { runCommand } from './run-command.js';

/** Issue 12, items 12 and 13: bad homes refused by the CLI; token bootstrap and recovery on a PostgreSQL lake. */

const why = postgresUnavailable();

describe('serve refuses bad homes before creating anything', () => {
  it('an empty --home is refused (lake.db is not put in the working directory)', async () => {
    const r = await runCommand(Serve, ['--home', '', '--port', '0']);
    expect(r.error?.message).toMatch(/Lake home "" is empty/);
  });

  it('a file as --home is refused with its path', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-cli-home-')), 'file');
    fs.writeFileSync(file, 'x');
    const r = await runCommand(Serve, ['--home', file, '--port', '0']);
    expect(r.error?.message).toContain(`Lake home ${JSON.stringify(file)} is a file, not a directory`);
  });
});

describe.skipIf(!!why)(`tokens on a PostgreSQL lake${why ? ` (skipped: ${why})` : ''}`, () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());

  it('serve --database-url with a home that cannot take admin-token fails before creating a token', async () => {
    const dbUrl = pg.url;
    const r = await runCommand(Serve, ['--database-url', dbUrl, '--home', '/proc/modellake-missing/home', '--port', '0']);
    expect(r.error?.message).toMatch(/Lake home "\/proc\/modellake-missing\/home" cannot be created/);
    const check = await PostgresStorage.connect({ connectionString: dbUrl });
    expect((await check.listTokens()).filter((t) => t.role === 'admin')).toEqual([]);
    await check.close();
  });

  it('token create|list|revoke --database-url bootstrap and recover access, audited with the OS user', async () => {
    const dbUrl = pg.url;
    const created = await runCommand(TokenCreate, ['--name', 'ops', '--role', 'admin', '--database-url', dbUrl, '--json']);
    expect(created.error).toBeUndefined();
    const token = JSON.parse(created.out) as { name: string; role: string; secret: string };
    expect(token).toMatchObject({ name: 'ops', role: 'admin' });
    expect(token.secret).toMatch(/^mlk_/);

    // The secret works against a lake served from the same database.
    const lake = openLake({ storage: await PostgresStorage.connect({ connectionString: dbUrl }) });
    const who = await lake.app.request('/v1/whoami', { headers: { authorization: `Bearer ${token.secret}` } });
    expect(await who.json()).toMatchObject({ name: 'ops', role: 'admin' });

    const listed = await runCommand(TokenList, ['--database-url', dbUrl, '--json']);
    expect((JSON.parse(listed.out) as { tokens: { name: string }[] }).tokens.map((t) => t.name)).toContain('ops');

    const revoked = await runCommand(TokenRevoke, ['ops', '--database-url', dbUrl, '--json']);
    expect(JSON.parse(revoked.out)).toMatchObject({ name: 'ops', revokedAt: expect.any(String) });
    expect((await lake.app.request('/v1/whoami', { headers: { authorization: `Bearer ${token.secret}` } })).status).toBe(401);

    const missing = await runCommand(TokenRevoke, ['nobody', '--database-url', dbUrl]);
    expect(missing.error?.message).toMatch(/No token nobody/);

    const entries = (await lake.lake.storage.listAudit()).filter((e) => e.subject === 'token:ops');
    expect(entries.map((e) => [e.action, e.actor])).toEqual([['token.create', `local:${os.userInfo().username}`], ['token.revoke', `local:${os.userInfo().username}`]]);
    await lake.close();
  });

  it('token create --database-url with an unreachable database names it (password hidden)', async () => {
    const r = await runCommand(TokenCreate, ['--name', 'x', '--database-url', 'postgres://u:secret@127.0.0.1:1/none']);
    expect(r.error?.message).toMatch(/Cannot open the PostgreSQL lake at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(r.error?.message).not.toContain('secret');
  });
});
