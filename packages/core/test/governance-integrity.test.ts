import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelCard } from '@modellake/card';
import { createToken, MemoryStorage, openLake, SqliteStorage, type OpenLake } from '../src/index.js';

/** Issue 12, item 9 (governance integrity) and item 10 (policy alias bomb): each probe is a regression test. */

const card = (id = 'hf:gov/victim', extra: Partial<ModelCard> = {}): ModelCard => ({
  cardVersion: '1.0', id, name: id.split('/').pop()!, version: 'v1', license: 'apache-2.0', authors: [{ name: 'Ada' }],
  created: '2025-01-02T00:00:00Z', tasks: ['text-classification'], training: { datasets: [{ name: 'imdb', id: 'hf:imdb', role: 'finetuning' }] }, ...extra,
});

const open = (home: string, anonymousRead = false) => openLake({ home, config: { auth: { anonymousRead } } });

describe('governance integrity (SQLite lake)', () => {
  let home: string;
  let lake: OpenLake;
  const tokens = { reader: '', writer: '', admin: '' };

  const call = async (method: string, url: string, who: keyof typeof tokens | 'anonymous', body?: unknown, type = 'application/json') => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (who !== 'anonymous') headers.authorization = `Bearer ${tokens[who]}`;
    if (body !== undefined) headers['content-type'] = type;
    const res = await lake.app.request(url, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json };
  };
  const db = () => (lake.lake.storage as SqliteStorage).db;
  const approve = async (id: string) => {
    expect((await call('POST', `/v1/models/${id}/approval`, 'writer', { action: 'submit' })).status).toBe(200);
    const r = await call('POST', `/v1/models/${id}/approval`, 'admin', { action: 'approve', comment: 'ok' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const verify = async () => (await call('GET', '/v1/audit-log/verify', 'admin')).body as { ok: boolean; firstBadSeq?: number; problems: { seq: number; kind: string; message: string }[] };

  beforeEach(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-gov-int-'));
    lake = open(home, true);
    for (const role of ['reader', 'writer', 'admin'] as const) tokens[role] = (await createToken(lake.lake.storage, `t-${role}`, role, lake.lake.now(), { actor: 'bootstrap' })).secret;
    expect((await call('PUT', '/v1/models/hf:gov/victim', 'writer', card())).status).toBe(201);
    expect((await call('PUT', '/v1/models/hf:gov/decoy', 'writer', card('hf:gov/decoy'))).status).toBe(201);
  });
  afterEach(async () => {
    await lake.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('a forged approval row in the state table is ignored: approval is replayed from the audit chain', async () => {
    await approve('hf:gov/decoy');
    const decoy = (await call('GET', '/v1/models/hf:gov/decoy/approval', 'reader')).body;
    expect(decoy.status).toBe('approved');
    expect(decoy.history.map((h: { action: string; actor: string }) => [h.action, h.actor])).toEqual([['submit', 't-writer'], ['approve', 't-admin']]);
    const victim = (await call('GET', '/v1/models/hf:gov/victim', 'reader')).body.meta as { hash: string };
    // The attack of the probe: write an "approved" state row for the victim directly in the database.
    const forged = { status: 'approved', history: [{ action: 'approve', from: 'review', to: 'approved', actor: 't-admin', role: 'admin', at: '2026-01-01T00:00:00Z', auditSeq: 1 }] };
    db().prepare('INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)').run(`governance:approval:hf:gov/victim@${victim.hash}`, JSON.stringify(forged));
    expect((await call('GET', '/v1/models/hf:gov/victim/approval', 'reader')).body.status).toBe('draft');
    expect((await call('GET', '/v1/models/hf:gov/victim/findings', 'reader')).body.approval.status).toBe('draft');
    expect((await verify()).ok).toBe(true);
  });

  it('forging an approval through the audit table breaks verify at that entry', async () => {
    await call('POST', '/v1/models/hf:gov/victim/approval', 'writer', { action: 'submit' });
    const rejected = await call('POST', '/v1/models/hf:gov/victim/approval', 'admin', { action: 'reject', comment: 'no' });
    expect(rejected.body.status).toBe('rejected');
    const row = db().prepare("SELECT seq, details FROM audit WHERE action = 'governance.transition' AND json_extract(details, '$.action') = 'reject'").get() as { seq: number; details: string };
    const details = JSON.parse(row.details) as Record<string, unknown>;
    db().prepare('UPDATE audit SET details = ? WHERE seq = ?').run(JSON.stringify({ ...details, action: 'approve', to: 'approved' }), row.seq);
    expect((await call('GET', '/v1/models/hf:gov/victim/approval', 'reader')).body.status).toBe('approved');
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBadSeq).toBe(row.seq);
    expect(v.problems[0]).toMatchObject({ seq: row.seq, kind: 'edited' });
  });

  it('token create and revoke are audited with the admin who did them', async () => {
    const made = await call('POST', '/v1/tokens', 'admin', { name: 'ci', role: 'writer' });
    expect(made.status).toBe(201);
    expect((await call('DELETE', '/v1/tokens/ci', 'admin')).status).toBe(200);
    const entries = (await call('GET', '/v1/audit?limit=1000', 'admin')).body.entries as { action: string; subject: string; actor: string }[];
    const ci = entries.filter((e) => e.subject === 'token:ci').map((e) => [e.action, e.actor]);
    expect(ci).toEqual([['token.create', 't-admin'], ['token.revoke', 't-admin']]);
    expect(entries.find((e) => e.subject === 'token:t-admin')!.actor).toBe('bootstrap');
  });

  it('an emptied audit table does not verify: revisions exist without entries', async () => {
    expect((await verify()).ok).toBe(true);
    db().prepare('DELETE FROM audit').run();
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.kind)).toContain('unaudited');
    expect(v.problems.map((p) => p.message).join('\n')).toMatch(/hf:gov\/victim has 1 revision\(s\) but the audit log records 0/);
    // Tokens without their token.create entries are reported too.
    expect(v.problems.map((p) => p.message).join('\n')).toMatch(/Token t-admin .* has no `token.create` entry/);
  });

  it('a dropped audit table does not verify (the lake recreates it empty on open)', async () => {
    await lake.close();
    const raw = new SqliteStorage({ file: path.join(home, 'lake.db') });
    raw.db.exec('DROP TABLE audit');
    await raw.close();
    lake = open(home, true);
    const v = await verify();
    expect(v).toMatchObject({ ok: false, count: 0, firstBadSeq: 1 });
    expect(v.problems.every((p) => p.kind === 'unaudited')).toBe(true);
  });

  it('a truncated tail (last entries deleted) does not verify', async () => {
    const last = (db().prepare('SELECT max(seq) AS s FROM audit').get() as { s: number }).s;
    db().prepare('DELETE FROM audit WHERE seq = ?').run(last); // the card.put of hf:gov/decoy
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatchObject({ seq: last, kind: 'unaudited' });
    expect(v.problems[0]!.message).toContain('hf:gov/decoy');
  });

  it('a non-JSON details field is reported as tampering with its entry number, not a crash', async () => {
    db().prepare("UPDATE audit SET details = 'not json {' WHERE seq = 2").run();
    const res = await call('GET', '/v1/audit-log/verify', 'admin');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.firstBadSeq).toBe(2);
    expect(res.body.problems[0]).toMatchObject({ seq: 2, kind: 'malformed' });
    expect(res.body.problems[0].message).toMatch(/Entry 2 was tampered with/);
    // Reading the log and approvals does not crash either.
    expect((await call('GET', '/v1/audit', 'admin')).status).toBe(200);
    expect((await call('GET', '/v1/models/hf:gov/victim/approval', 'reader')).status).toBe(200);
  });

  it('a token row inserted or edited outside the lake is reported', async () => {
    db().prepare("INSERT INTO tokens (id, name, role, secret_hash, created_at) VALUES ('x1', 'backdoor', 'admin', 'sha256:00', '2026-01-01T00:00:00Z')").run();
    db().prepare("UPDATE tokens SET role = 'admin' WHERE name = 't-reader'").run();
    const msgs = (await verify()).problems.map((p) => p.message).join('\n');
    expect(msgs).toMatch(/Token backdoor \(x1, admin\) has no `token.create` entry/);
    expect(msgs).toMatch(/Token t-reader has role admin but was created as reader/);
  });

  it('a policy row edited outside the lake is reported', async () => {
    const policy = { version: 1, name: 'strict', approvals: { blockOnSeverity: 'warning' } };
    expect((await call('PUT', '/v1/governance/policy', 'admin', policy)).status).toBe(200);
    expect((await verify()).ok).toBe(true);
    db().prepare("UPDATE state SET value = ? WHERE key = 'governance:policy'").run(JSON.stringify({ ...policy, approvals: { blockOnSeverity: 'none' } }));
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.message).join('\n')).toMatch(/stored policy differs/);
  });

  it('re-approval is required after a delete: a writer re-putting the same card gets a draft', async () => {
    await approve('hf:gov/victim');
    expect((await call('GET', '/v1/models/hf:gov/victim/approval', 'reader')).body.status).toBe('approved');
    expect((await call('DELETE', '/v1/models/hf:gov/victim', 'admin')).status).toBe(204);
    const again = await call('PUT', '/v1/models/hf:gov/victim', 'writer', card());
    expect(again.status).toBe(200);
    const state = (await call('GET', '/v1/models/hf:gov/victim/approval', 'reader')).body;
    expect(state).toMatchObject({ status: 'draft', history: [], revision: 2 });
    // The earlier revision (same hash) is not approved any more either, and carry-over cannot bring it back.
    await call('PUT', '/v1/governance/policy', 'admin', { version: 1, approvals: { carryOver: 'always' } });
    expect((await call('GET', '/v1/models/hf:gov/victim/approval?revision=1', 'reader')).body.status).toBe('draft');
    expect((await verify()).ok).toBe(true);
  });

  it('anonymous transitions under --anonymous-read answer 401 and write no audit entry', async () => {
    const before = (db().prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    for (let i = 0; i < 20; i++) {
      const r = await call('POST', '/v1/models/hf:gov/victim/approval', 'anonymous', { action: 'approve' });
      expect(r.status).toBe(401);
    }
    expect((await call('POST', '/v1/governance/audit', 'anonymous', {})).status).toBe(401);
    expect((db().prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(before);
    // Reads stay open.
    expect((await call('GET', '/v1/models/hf:gov/victim/approval', 'anonymous')).status).toBe(200);
    // A reader's refused transition is still audited (it is attributable and bounded by tokens).
    expect((await call('POST', '/v1/models/hf:gov/victim/approval', 'reader', { action: 'approve' })).status).toBe(403);
    expect((db().prepare("SELECT count(*) AS n FROM audit WHERE action = 'governance.transition.denied'").get() as { n: number }).n).toBe(1);
  });

  it('a YAML alias bomb as a policy is a 400 problem, not a 500', async () => {
    const bomb = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    for (const [method, url] of [['PUT', '/v1/governance/policy'], ['POST', '/v1/models/hf:gov/victim/findings'], ['POST', '/v1/governance/audit']] as const) {
      const r = await call(method, url, 'admin', bomb, 'application/yaml');
      expect(r.status, `${method} ${url}`).toBe(400);
      expect(r.body.code).toBe('policy-yaml-invalid');
      expect(r.body.detail ?? r.body.message ?? JSON.stringify(r.body)).toMatch(/alias/);
    }
    const broken = await call('PUT', '/v1/governance/policy', 'admin', 'version: 1\nrules:\n  licenses: [unclosed\n', 'application/yaml');
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).toMatch(/line \d/);
  });
});

describe('governance integrity (memory lake)', () => {
  it('approval state is derived from the chain and cleared by a delete', async () => {
    const lake = openLake({ storage: new MemoryStorage(), config: { auth: { trustedActor: { name: 'boss', role: 'admin' } } } });
    const post = (action: string) => lake.app.request('/v1/models/hf:m/x/approval', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action }) });
    await lake.app.request('/v1/models/hf:m/x', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(card('hf:m/x')) });
    expect((await post('submit')).status).toBe(200);
    expect(((await (await post('approve')).json()) as { status: string }).status).toBe('approved');
    await lake.lake.storage.setState('governance:approval:hf:m/x@sha256:whatever', { status: 'approved', history: [] });
    await lake.app.request('/v1/models/hf:m/x', { method: 'DELETE' });
    await lake.app.request('/v1/models/hf:m/x', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(card('hf:m/x')) });
    expect(((await (await lake.app.request('/v1/models/hf:m/x/approval')).json()) as { status: string }).status).toBe('draft');
    await lake.close();
  });
});
