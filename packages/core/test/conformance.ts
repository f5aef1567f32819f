import { cardHash, type ModelCard } from '@modellake/card';
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { auditEntryHash, AUDIT_GENESIS } from '../src/audit.js';
import type { StorageDriver } from '../src/types.js';

const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
const card = (id: string, extra: Partial<ModelCard> = {}): ModelCard => ({ cardVersion: '1.0', id, name: id.split(/[:/]/).pop()!, ...extra });

/**
 * The conformance suite every storage driver must pass (`testStorageDriver({ create })`), run from a
 * vitest file. `create` gives a fresh, empty driver per test.
 */
export function __internal_testStorageDriver(name: string, create: () => StorageDriver | Promise<StorageDriver>): void {
  describe(`storage driver conformance: ${name}`, () => {
    let s: StorageDriver;
    beforeEach(async () => {
      s = await create();
    });
    afterEach(async () => {
      await s.close();
    });

    it('creates, then makes a new revision only when the content hash changes', async () => {
      const c1 = card('hf:a/b', { license: 'mit' });
      expect(await s.putCard(c1, cardHash(c1), 'alice', at(1))).toMatchObject({ status: 'created', revision: 1 });
      expect(await s.putCard(c1, cardHash(c1), 'alice', at(2))).toMatchObject({ status: 'unchanged', revision: 1 });
      const c2 = { ...c1, license: 'apache-2.0', version: 'v2' };
      expect(await s.putCard(c2, cardHash(c2), 'bob', at(3))).toMatchObject({ status: 'updated', revision: 2, version: 'v2' });
      expect((await s.getCard('hf:a/b'))!.card.license).toBe('apache-2.0');
      expect((await s.getCard('hf:a/b', { revision: 1 }))!.card.license).toBe('mit');
      expect((await s.getCard('hf:a/b', { version: 'v2' }))!.revision).toBe(2);
      expect(await s.getCard('hf:a/b', { revision: 9 })).toBeUndefined();
      const revs = await s.listRevisions('hf:a/b');
      expect(revs.map((r) => [r.revision, r.actor, r.createdAt])).toEqual([[1, 'alice', at(1)], [2, 'bob', at(3)]]);
    });

    it('round-trips a card exactly', async () => {
      const c = card('mlflow:m', { version: '3', training: { hyperparameters: { lr: 0.001, name: 'x', flag: true, none: null } }, tags: ['ü', '日本'] });
      await s.putCard(c, cardHash(c), 'a', at(1));
      expect((await s.getCard('mlflow:m'))!.card).toEqual(c);
    });

    it('tombstones on delete, keeps history, revives on a new put', async () => {
      const c = card('dvc:r/m');
      await s.putCard(c, cardHash(c), 'a', at(1));
      expect(await s.deleteModel('dvc:r/m', 'admin', at(2))).toBe(true);
      expect(await s.deleteModel('dvc:r/m', 'admin', at(3))).toBe(false);
      expect(await s.getCard('dvc:r/m')).toBeUndefined();
      expect((await s.getCard('dvc:r/m', { includeDeleted: true }))!.revision).toBe(1);
      expect(await s.countModels()).toBe(0);
      expect((await s.listModels()).items).toEqual([]);
      expect((await s.listModels({ includeDeleted: true })).items[0]).toMatchObject({ id: 'dvc:r/m', deleted: true });
      const r = await s.putCard(c, cardHash(c), 'a', at(4));
      expect(r).toMatchObject({ status: 'updated', revision: 2 });
      expect(await s.countModels()).toBe(1);
      expect(await s.deleteModel('hf:unknown/x', 'a', at(5))).toBe(false);
    });

    it('lists by prefix with a cursor', async () => {
      const items = ['hf:a/1', 'hf:a/2', 'hf:b/3', 'mlflow:x', 'hf:a/0'].map((id) => card(id));
      await s.putCards(items.map((c) => ({ card: c, hash: cardHash(c) })), 'a', at(1));
      const p1 = await s.listModels({ prefix: 'hf:a/', limit: 2 });
      expect(p1.items.map((i) => i.id)).toEqual(['hf:a/0', 'hf:a/1']);
      const p2 = await s.listModels({ prefix: 'hf:a/', limit: 2, cursor: p1.nextCursor! });
      expect(p2.items.map((i) => i.id)).toEqual(['hf:a/2']);
      expect(p2.nextCursor).toBeUndefined();
      expect(await s.countModels()).toBe(5);
    });

    it('resolves aliases from cards and explicit calls', async () => {
      const c = card('hf:new-org/model', { aliases: ['hf:old-org/model'] });
      await s.putCard(c, cardHash(c), 'a', at(1));
      expect(await s.resolveId('hf:old-org/model')).toBe('hf:new-org/model');
      expect((await s.getCard('hf:old-org/model'))!.id).toBe('hf:new-org/model');
      await s.setAlias('mlflow:x@champion', 'hf:new-org/model', 'a', at(2));
      expect(await s.listAliases('hf:new-org/model')).toEqual(['hf:old-org/model', 'mlflow:x@champion']);
      expect(await s.resolveId('hf:nothing')).toBeUndefined();
    });

    it('lists every id under a prefix, whatever its next character (astral, U+FFFF, U+10FFFF), in code-point order', async () => {
      // `id < prefix || '\uffff'` skipped ids whose next character is astral: a policy-gate bypass (issue 12).
      const inside = ['hf:acme/🤗evil', 'hf:acme/\uffff', 'hf:acme/\u{10ffff}x', 'hf:acme/\ue000', 'hf:acme/a', 'hf:acme/', 'hf:acme/~', 'hf:acme/\u00e9'];
      const outside = ['hf:acme', 'hf:acmf', 'hf:acm', 'hf:acme0/x', 'hg:acme/a', 'hf:acme\u{1f917}'];
      const all = [...inside, ...outside].map((id) => card(id));
      await s.putCards(all.map((c) => ({ card: c, hash: cardHash(c) })), 'a', at(1));
      const byCodePoint = (a: string, b: string) => {
        const x = [...a].map((ch) => ch.codePointAt(0)!);
        const y = [...b].map((ch) => ch.codePointAt(0)!);
        for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
        return x.length - y.length;
      };
      const expected = [...inside].sort(byCodePoint);
      expect((await s.listModels({ prefix: 'hf:acme/', limit: 1000 })).items.map((i) => i.id)).toEqual(expected);
      // Page by page with a cursor: the same ids, in the same order.
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.listModels({ prefix: 'hf:acme/', limit: 3, ...(cursor ? { cursor } : {}) });
        paged.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(expected);
      // A prefix ending in an astral character, and one ending in U+10FFFF (no finite upper bound of the same length).
      expect((await s.listModels({ prefix: 'hf:acme/🤗' })).items.map((i) => i.id)).toEqual(['hf:acme/🤗evil']);
      expect((await s.listModels({ prefix: 'hf:acme/\u{10ffff}' })).items.map((i) => i.id)).toEqual(['hf:acme/\u{10ffff}x']);
      expect((await s.listModels({ limit: 1000 })).items.map((i) => i.id)).toEqual([...inside, ...outside].sort(byCodePoint));
    });

    it('keeps a hash-chained audit entry for every write', async () => {
      const c = card('hf:a/b');
      await s.putCard(c, cardHash(c), 'alice', at(1));
      await s.putCard(c, cardHash(c), 'alice', at(2)); // unchanged: not a write
      await s.deleteModel('hf:a/b', 'root', at(3));
      await s.appendAudit({ at: at(4), actor: 'gov', action: 'governance.approve', subject: 'hf:a/b', details: { comment: 'ok' } });
      const log = await s.listAudit();
      expect(log.map((e) => [e.seq, e.action, e.actor])).toEqual([[1, 'card.put', 'alice'], [2, 'model.delete', 'root'], [3, 'governance.approve', 'gov']]);
      let prev = AUDIT_GENESIS;
      for (const e of log) {
        expect(e.prevHash).toBe(prev);
        expect(e.hash).toBe(auditEntryHash(e));
        prev = e.hash;
      }
      expect((await s.listAudit({ subject: 'hf:a/b', afterSeq: 1 })).map((e) => e.seq)).toEqual([2, 3]);
    });

    it('stores tokens by hash and revokes them', async () => {
      await s.createToken({ id: 't1', name: 'ci', role: 'writer', createdAt: at(1) }, 'sha256:abc');
      expect(await s.findTokenByHash('sha256:abc')).toMatchObject({ id: 't1', name: 'ci', role: 'writer' });
      expect(await s.findTokenByHash('sha256:nope')).toBeUndefined();
      await expect(s.createToken({ id: 't2', name: 'ci', role: 'reader', createdAt: at(1) }, 'sha256:def')).rejects.toThrow();
      expect(await s.revokeToken('ci', at(2))).toMatchObject({ revokedAt: at(2) });
      expect((await s.findTokenByHash('sha256:abc'))!.revokedAt).toBe(at(2));
      expect(await s.revokeToken('missing', at(2))).toBeUndefined();
      expect((await s.listTokens()).length).toBe(1);
    });

    it('audits token create and revoke with the acting admin (default: system)', async () => {
      await s.createToken({ id: 't1', name: 'ci', role: 'writer', createdAt: at(1) }, 'sha256:c1', 'alice');
      await s.createToken({ id: 't2', name: 'boot', role: 'admin', createdAt: at(2) }, 'sha256:c2');
      await s.revokeToken('ci', at(3), 'bob');
      await s.revokeToken('ci', at(4), 'carol'); // already revoked: no second entry
      const log = (await s.listAudit()).map((e) => [e.action, e.subject, e.actor]);
      expect(log).toEqual([['token.create', 'token:ci', 'alice'], ['token.create', 'token:boot', 'system'], ['token.revoke', 'token:ci', 'bob']]);
    });

    it('keeps feature state', async () => {
      await s.setState('hf:checkpoint', { cursor: 'x', n: 3 });
      expect(await s.getState('hf:checkpoint')).toEqual({ cursor: 'x', n: 3 });
      await s.setState('hf:checkpoint', undefined);
      expect(await s.getState('hf:checkpoint')).toBeUndefined();
    });

    it('stores a batch in one call with per-card idempotency', async () => {
      const a = card('hf:x/a');
      const b = card('hf:x/b');
      await s.putCard(a, cardHash(a), 'u', at(1));
      const res = await s.putCards([{ card: a, hash: cardHash(a) }, { card: b, hash: cardHash(b) }], 'u', at(2));
      expect(res.map((r) => r.status)).toEqual(['unchanged', 'created']);
    });
  });
}
