import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLake, PostgresStorage } from '../src/index.js';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../../../test/support/postgres.js';

/** Issue 12, item 9 on PostgreSQL: verify behaves as on SQLite (malformed details, emptied audit table). */

const why = postgresUnavailable();

describe.skipIf(!!why)(`governance integrity on PostgreSQL${why ? ` (skipped: ${why})` : ''}`, () => {
  let pg: TestPostgres;
  let n = 0;
  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());

  it('verify reports a non-JSON details field on PostgreSQL as on SQLite', async () => {
    const schema = `cli_verify_${process.pid}_${++n}`;
    const storage = await PostgresStorage.connect({ connectionString: pg.url, schema });
    const lake = openLake({ storage, config: { auth: { trustedActor: { name: 'boss', role: 'admin' } } } });
    await lake.lake.putCard({ cardVersion: '1.0', id: 'hf:pg/a', name: 'a' }, { name: 'boss', role: 'admin' });
    await lake.lake.putCard({ cardVersion: '1.0', id: 'hf:pg/b', name: 'b' }, { name: 'boss', role: 'admin' });
    const { default: pgmod } = await import('pg');
    const client = new pgmod.Client({ connectionString: pg.url });
    await client.connect();
    await client.query(`UPDATE ${schema}.audit SET details = 'not json {' WHERE seq = 2`);
    const v = (await (await lake.app.request('/v1/audit-log/verify')).json()) as { ok: boolean; problems: { seq: number; kind: string }[] };
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatchObject({ seq: 2, kind: 'malformed' });
    await client.query(`DELETE FROM ${schema}.audit`);
    const emptied = (await (await lake.app.request('/v1/audit-log/verify')).json()) as { ok: boolean; problems: { kind: string }[] };
    expect(emptied.ok).toBe(false);
    expect(emptied.problems.map((p) => p.kind)).toContain('unaudited');
    await client.end();
    await lake.close();
  });
});
