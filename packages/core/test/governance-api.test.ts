import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelCard } from '@modellake/card';
import { createToken, openLake, parseAuditJsonl, verifyAuditChain, type AuditEntry, type OpenLake } from '../src/index.js';
import { dishonestChild, llamaBase } from './governance-fixtures.js';

const clean = (): ModelCard => ({
  cardVersion: '1.0',
  id: 'hf:acme/sentiment',
  name: 'ACME sentiment',
  version: 'v1',
  license: 'apache-2.0',
  authors: [{ name: 'Ada Lovelace' }],
  created: '2025-01-02T00:00:00Z',
  tasks: ['text-classification'],
  training: { datasets: [{ name: 'imdb', id: 'hf:imdb', role: 'finetuning' }] },
  artifacts: [{ path: 'model.safetensors', sha256: 'a'.repeat(64) }],
});

describe('governance API', () => {
  let dir: string;
  let opened: OpenLake;
  const tokens: Record<'reader' | 'writer' | 'admin' | 'bot', string> = { reader: '', writer: '', admin: '', bot: '' };

  const call = async (method: string, url: string, who: keyof typeof tokens, body?: unknown, type = 'application/json') => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': type } : {}), accept: 'application/json' } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await opened.app.request(url, init);
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, text, type: res.headers.get('content-type') ?? '' };
  };
  const transition = (id: string, who: keyof typeof tokens, action: string, extra: Record<string, unknown> = {}) => call('POST', `/v1/models/${id}/approval`, who, { action, ...extra });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlk-gov-'));
    let t = Date.parse('2026-03-01T00:00:00Z');
    opened = openLake({ home: dir, clock: () => new Date((t += 1000)) });
    const s = opened.lake.storage;
    tokens.reader = (await createToken(s, 'rita', 'reader', opened.lake.now())).secret;
    tokens.writer = (await createToken(s, 'walt', 'writer', opened.lake.now())).secret;
    tokens.admin = (await createToken(s, 'ann', 'admin', opened.lake.now())).secret;
    tokens.bot = (await createToken(s, 'release-bot', 'writer', opened.lake.now())).secret;
    const actor = { name: 'seed', role: 'admin' as const };
    await opened.lake.putCard(llamaBase(), actor);
    await opened.lake.putCard(dishonestChild(), actor);
    await opened.lake.putCard(clean(), actor);
  });
  afterAll(async () => {
    await opened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('GET findings: card-vs-reality and inherited license conflicts with evidence', async () => {
    const { status, body } = await call('GET', '/v1/models/hf:acme/llama-support-bot/findings', 'reader');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'hf:acme/llama-support-bot', revision: 1, passed: false, policy: 'modellake default', approval: { status: 'draft' } });
    expect(body.ancestors).toEqual([{ id: 'hf:meta-llama/Llama-3.1-8B', depth: 1, origin: 'declared', inLake: true, relation: 'finetune', license: 'llama3.1' }]);
    const codes = body.findings.map((f: { code: string }) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['reality.parameters-mismatch', 'reality.dtypes-mismatch', 'license.obligation-conflict', 'license.obligations-inherited']));
    for (const f of body.findings) {
      expect(typeof f.code).toBe('string');
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(typeof f.message).toBe('string');
      expect(f.evidence.path ?? f.evidence.ancestorId).toBeTruthy();
    }
    expect(body.obligations[0].license).toBe('llama3.1');
  });

  it('POST findings evaluates a policy from the body; a bad policy is 400 with the path', async () => {
    const ok = await call('POST', '/v1/models/hf:acme/sentiment/findings', 'reader', 'version: 1\nrules:\n  riskLevel: { required: true }\n', 'application/yaml');
    expect(ok.status).toBe(200);
    expect(ok.body.findings.map((f: { code: string }) => f.code)).toEqual(['risk.level-missing']);
    const bad = await call('POST', '/v1/models/hf:acme/sentiment/findings', 'reader', 'version: 1\nrules:\n  riskLevels: { required: true }\n', 'application/yaml');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('policy-invalid');
    expect(bad.body.issues[0]).toMatchObject({ path: '/rules/riskLevels', line: 3 });
    const badJson = await call('PUT', '/v1/governance/policy', 'admin', { policy: { version: 1, rules: { metrics: [{ metric: 'acc', min: 'high' }] } } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.issues[0].path).toBe('/rules/metrics/0/min');
  });

  it('unknown models answer 404', async () => {
    expect((await call('GET', '/v1/models/hf:nobody/nothing/findings', 'reader')).status).toBe(404);
  });

  it('workflow: submit, refused approval (403, audited), approval by role and by listed user', async () => {
    const policy = 'version: 1\nname: test policy\napprovals:\n  transitions:\n    approve: { roles: [admin], users: [release-bot] }\n  requireComment: [reject]\n';
    expect((await call('PUT', '/v1/governance/policy', 'writer', policy, 'application/yaml')).status).toBe(403);
    expect((await call('PUT', '/v1/governance/policy', 'admin', policy, 'application/yaml')).status).toBe(200);
    expect((await call('GET', '/v1/governance/policy', 'reader')).body.name).toBe('test policy');

    const sub = await transition('hf:acme/sentiment', 'writer', 'submit', { comment: 'ready' });
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ status: 'review', revision: 1, history: [{ action: 'submit', from: 'draft', to: 'review', actor: 'walt', comment: 'ready' }] });

    const denied = await transition('hf:acme/sentiment', 'reader', 'approve', { comment: 'lgtm' });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');
    expect(denied.body.detail).toContain('rita (role reader) may not approve');
    const denyWriter = await transition('hf:acme/sentiment', 'writer', 'approve');
    expect(denyWriter.status).toBe(403);
    const hist = await call('GET', '/v1/models/hf:acme/sentiment/history', 'reader');
    const deniedEntries = hist.body.entries.filter((e: AuditEntry) => e.action === 'governance.transition.denied');
    expect(deniedEntries.map((e: AuditEntry) => [e.actor, e.details.action])).toEqual([['rita', 'approve'], ['walt', 'approve']]);

    expect((await call('GET', '/v1/models/hf:acme/sentiment/approval', 'reader')).body.status).toBe('review');
    const approved = await transition('hf:acme/sentiment', 'bot', 'approve', { comment: 'release 1' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.history.map((h: { actor: string }) => h.actor)).toEqual(['walt', 'release-bot']);
    const entry = hist.body.entries.find((e: AuditEntry) => e.action === 'governance.transition');
    expect(entry.details).toMatchObject({ action: 'submit', from: 'draft', to: 'review', comment: 'ready', hash: approved.body.hash });
  });

  it('invalid transitions and missing comments answer 409; unknown actions 400', async () => {
    const again = await transition('hf:acme/sentiment', 'admin', 'submit');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid-transition');
    expect((await transition('hf:acme/sentiment', 'admin', 'publish')).status).toBe(400);
    const dep = await transition('hf:acme/sentiment', 'admin', 'deprecate');
    expect(dep.body.status).toBe('deprecated');
  });

  it('approval does not carry over to a new version unless the policy says so', async () => {
    const v2 = { ...clean(), version: 'v2', description: 'retrained' };
    await opened.lake.putCard({ ...clean(), id: 'hf:acme/ranker', name: 'ranker' }, { name: 'seed', role: 'admin' });
    await transition('hf:acme/ranker', 'writer', 'submit');
    await transition('hf:acme/ranker', 'admin', 'approve');
    await opened.lake.putCard({ ...v2, id: 'hf:acme/ranker', name: 'ranker' }, { name: 'seed', role: 'admin' });
    expect((await call('GET', '/v1/models/hf:acme/ranker/approval', 'reader')).body).toMatchObject({ revision: 2, status: 'draft' });
    expect((await call('GET', '/v1/models/hf:acme/ranker/approval?revision=1', 'reader')).body).toMatchObject({ revision: 1, status: 'approved' });

    await call('PUT', '/v1/governance/policy', 'admin', { version: 1, approvals: { carryOver: 'same-weights' } });
    expect((await call('GET', '/v1/models/hf:acme/ranker/approval', 'reader')).body).toMatchObject({ status: 'approved', carriedFrom: { revision: 1, rule: 'same-weights' } });
    await opened.lake.putCard({ ...v2, id: 'hf:acme/ranker', name: 'ranker', version: 'v3', artifacts: [{ path: 'model.safetensors', sha256: 'b'.repeat(64) }] }, { name: 'seed', role: 'admin' });
    expect((await call('GET', '/v1/models/hf:acme/ranker/approval', 'reader')).body.status).toBe('draft');
    await call('PUT', '/v1/governance/policy', 'admin', { version: 1, approvals: { carryOver: 'always' } });
    expect((await call('GET', '/v1/models/hf:acme/ranker/approval', 'reader')).body).toMatchObject({ revision: 3, status: 'approved', carriedFrom: { revision: 1, rule: 'always' } });
    await call('PUT', '/v1/governance/policy', 'admin', { version: 1 });
  });

  it('reject -> remediation -> review; approval blocked while error findings remain', async () => {
    const id = 'hf:acme/llama-support-bot';
    await call('PUT', '/v1/governance/policy', 'admin', { version: 1, approvals: { requireComment: ['reject'] } });
    await transition(id, 'writer', 'submit');
    const blocked = await transition(id, 'admin', 'approve');
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('blocked-by-findings');
    expect((await transition(id, 'admin', 'reject')).body.code).toBe('comment-required');
    expect((await transition(id, 'admin', 'reject', { comment: 'license conflicts with Llama 3.1 terms' })).body.status).toBe('rejected');
    expect((await transition(id, 'writer', 'remediate', { comment: 'relicensing' })).body.status).toBe('remediation');
    const back = await transition(id, 'writer', 'submit');
    expect(back.body.status).toBe('review');
    expect(back.body.history.map((h: { to: string }) => h.to)).toEqual(['review', 'rejected', 'remediation', 'review']);
    // The card itself is untouched: the lake's state is beside it.
    const card = await call('GET', `/v1/models/${id}`, 'reader');
    expect(card.body.card.governance.status).toBeUndefined();
  });

  it('whole-lake audit with a policy in the body', async () => {
    const res = await call('POST', '/v1/governance/audit', 'reader', { policy: { version: 1, rules: { licenses: { allowed: ['apache-2.0'] } } }, prefix: 'hf:acme/' });
    expect(res.status).toBe(200);
    expect(res.body.reports.map((r: { id: string }) => r.id).sort()).toEqual(['hf:acme/llama-support-bot', 'hf:acme/ranker', 'hf:acme/sentiment']);
    expect(res.body.summary.models).toBe(3);
  });

  it('citation endpoint: BibTeX text, CFF, JSON; unknown format 400', async () => {
    const res = await opened.app.request('/v1/models/hf:acme/llama-support-bot/citation?format=bibtex', { headers: { authorization: `Bearer ${tokens.reader}` } });
    expect(res.headers.get('content-type')).toContain('application/x-bibtex');
    const text = await res.text();
    expect(text.match(/^@misc\{/gm)).toHaveLength(4);
    expect(text).toContain('howpublished = {hf:meta-llama/Llama-3.1-8B}');
    const cff = await opened.app.request('/v1/models/hf:acme/llama-support-bot/citation?format=cff', { headers: { authorization: `Bearer ${tokens.reader}` } });
    expect(await cff.text()).toMatch(/^cff-version: 1\.2\.0/m);
    const json = await call('GET', '/v1/models/hf:acme/llama-support-bot/citation?format=apa', 'reader');
    expect(json.body.format).toBe('apa');
    expect(json.body.entries).toHaveLength(4);
    expect((await call('GET', '/v1/models/hf:acme/llama-support-bot/citation?format=mla', 'reader')).status).toBe(400);
  });

  it('audit log: verify passes, export is JSON lines, only admins may', async () => {
    expect((await call('GET', '/v1/audit-log/verify', 'writer')).status).toBe(403);
    const v = await call('GET', '/v1/audit-log/verify', 'admin');
    expect(v.body).toMatchObject({ ok: true, problems: [] });
    expect(v.body.count).toBeGreaterThan(10);
    const res = await opened.app.request('/v1/audit-log/export', { headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const entries = parseAuditJsonl(await res.text());
    expect(entries).toHaveLength(v.body.count);
    expect(verifyAuditChain(entries).ok).toBe(true);
    expect((await call('GET', `/v1/audit-log/verify?head=${encodeURIComponent(v.body.head)}`, 'admin')).body.ok).toBe(true);
  });

  it('audit log: an UPDATE or DELETE in the SQLite file is detected with the first bad seq', async () => {
    const db = new Database(path.join(dir, 'lake.db'));
    try {
      const before = (await call('GET', '/v1/audit-log/verify', 'admin')).body;
      const target = db.prepare("SELECT seq FROM audit WHERE action = 'governance.transition' ORDER BY seq LIMIT 1").get() as { seq: number };
      db.prepare('UPDATE audit SET details = ? WHERE seq = ?').run(JSON.stringify({ action: 'approve', to: 'approved' }), target.seq);
      const edited = (await call('GET', '/v1/audit-log/verify', 'admin')).body;
      expect(edited.ok).toBe(false);
      expect(edited.firstBadSeq).toBe(target.seq);
      expect(edited.problems[0]).toMatchObject({ seq: target.seq, kind: 'edited' });

      const victim = target.seq + 2;
      db.prepare('DELETE FROM audit WHERE seq = ?').run(victim);
      const deleted = (await call('GET', '/v1/audit-log/verify', 'admin')).body;
      expect(deleted.problems.map((p: { seq: number; kind: string }) => [p.seq, p.kind])).toEqual([[target.seq, 'edited'], [victim, 'deleted']]);

      // Deleting the tail leaves a consistent prefix; it is caught against a head anchored earlier.
      db.prepare('DELETE FROM audit WHERE seq = ?').run(before.count);
      const truncated = (await call('GET', `/v1/audit-log/verify?head=${encodeURIComponent(before.head)}`, 'admin')).body;
      expect(truncated.ok).toBe(false);
      expect(truncated.count).toBe(before.count - 2);
      expect(truncated.problems.map((p: { kind: string }) => p.kind)).toEqual(['edited', 'deleted', 'head-mismatch']);
    } finally {
      db.close();
    }
  });
});

describe('verifyAuditChain (pure)', () => {
  it('detects reordered entries', async () => {
    const { AUDIT_GENESIS, auditEntryHash } = await import('../src/index.js');
    const chain: AuditEntry[] = [];
    let prev = AUDIT_GENESIS;
    for (let seq = 1; seq <= 4; seq++) {
      const base = { seq, at: `2026-01-0${seq}T00:00:00Z`, actor: 'a', action: 'card.put', subject: `hf:x/${seq}`, details: {}, prevHash: prev };
      const e = { ...base, hash: auditEntryHash(base) };
      chain.push(e);
      prev = e.hash;
    }
    expect(verifyAuditChain(chain)).toMatchObject({ ok: true, count: 4, head: chain[3]!.hash });
    const swapped = [chain[0]!, chain[2]!, chain[1]!, chain[3]!];
    const r = verifyAuditChain(swapped);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(2);
    expect(r.problems.map((p) => p.kind)).toContain('reordered');
    const forged = chain.map((e) => (e.seq === 3 ? { ...e, actor: 'mallory' } : e));
    expect(verifyAuditChain(forged).problems).toEqual([{ seq: 3, kind: 'edited', message: expect.stringContaining('Entry 3') }]);
    expect(() => parseAuditJsonl('{"seq":1}\nnot json\n')).toThrow(/line 2/);
  });
});
