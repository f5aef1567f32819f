import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLake } from '@modellake/core';
import { PostgresStorage } from '@modellake/core';
import { __internal_testStorageDriver } from './conformance.js';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../../../test/support/postgres.js';

const why = postgresUnavailable();

describe.skipIf(!!why)(`PostgreSQL driver${why ? ` (skipped: ${why})` : ''}`, () => {
  let pg: TestPostgres;
  let n = 0;
  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());
  // A fresh schema per test gives every conformance case an empty store on one server.
  __internal_testStorageDriver('postgres', () => PostgresStorage.connect({ connectionString: pg.url, schema: `t_${process.pid}_${++n}`, maxConnections: 4 }));
});

describe.skipIf(!!why)('lake on PostgreSQL: two replicas share one database', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());

  it('a card written through one replica is read, versioned and audited through the other', async () => {
    const auth = { trustedActor: { name: 'replica', role: 'admin' as const } };
    const a = openLake({ storage: await PostgresStorage.connect({ connectionString: pg.url, schema: 'shared' }), config: { auth } });
    const b = openLake({ storage: await PostgresStorage.connect({ connectionString: pg.url, schema: 'shared' }), config: { auth } });
    const put = (lake: typeof a, license: string) => lake.app.request('/v1/models/hf:acme/shared', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cardVersion: '1.0', id: 'hf:acme/shared', name: 'shared', license }) });
    // Concurrent writes from both replicas, four different cards: exactly four dense revisions (a lost write fails
    // here), and the audit chain linear with one entry per write.
    const licenses = ['mit', 'apache-2.0', 'bsd-3-clause', 'isc'];
    const results = await Promise.all(licenses.map((l, i) => put(i % 2 ? b : a, l)));
    expect(results.map((r) => r.status).every((s) => s < 300)).toBe(true);
    const versions = (await (await b.app.request('/v1/models/hf:acme/shared/versions')).json()) as { versions: { revision: number }[] };
    expect(versions.versions.map((v) => v.revision).sort((x, y) => x - y)).toEqual([1, 2, 3, 4]);
    const stored = await Promise.all([1, 2, 3, 4].map(async (r) => ((await a.lake.getCard('hf:acme/shared', { revision: r })).card as { license: string }).license));
    expect(stored.sort()).toEqual([...licenses].sort());
    const got = (await (await a.app.request('/v1/models/hf:acme/shared')).json()) as { meta: { revision: number } };
    expect(got.meta.revision).toBe(versions.versions.length);
    const audit = await a.lake.storage.listAudit();
    expect(audit.filter((e) => e.subject === 'hf:acme/shared' && e.action === 'card.put')).toHaveLength(4);
    audit.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      if (i > 0) expect(e.prevHash).toBe(audit[i - 1]!.hash);
    });
    await a.close();
    await b.close();
  });
});
