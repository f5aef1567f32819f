import { describe, expect, it, beforeAll } from 'vitest';
import { createToken, MemoryStorage, openLake, type OpenLake } from '@modellake/core';

type Op = { 'x-modellake-role'?: string };
const RANK: Record<string, number> = { anonymous: 0, reader: 1, writer: 2, admin: 3 };
const NEED: Record<string, number> = { public: 0, reader: 1, writer: 2, admin: 3 };

function concretePath(p: string): string {
  // Model ids contain `/`; other `{id}` parameters (tokens) are single segments.
  return p.replace('{id}', p.startsWith('/v1/models/') ? 'hf:acme/base-model' : 'tok-x').replace('{alias}', 'hf:acme/alias').replace('{key}', 'matrix-key').replace(/\{[^}]+\}/g, 'x');
}

/** Every operation in /openapi.json is called by every role; the answer must be 401/403 exactly when the role is too weak. */
describe('role matrix over every documented route', () => {
  for (const anonymousRead of [false, true]) {
    describe(`anonymousRead=${anonymousRead}`, () => {
      let lake: OpenLake;
      const tokens: Record<string, string | undefined> = { anonymous: undefined };
      beforeAll(async () => {
        lake = openLake({ storage: new MemoryStorage(), config: { auth: { anonymousRead } } });
        for (const role of ['reader', 'writer', 'admin'] as const) tokens[role] = (await createToken(lake.lake.storage, `t-${role}`, role, lake.lake.now())).secret;
        await lake.lake.putCard({ cardVersion: '1.0', id: 'hf:acme/base-model', name: 'base-model' }, { name: 'seed', role: 'admin' });
      });

      it('documents a role for every /v1 operation and enforces it', async () => {
        const doc = (await (await lake.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, Op>> };
        const ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ path: p, method: m.toUpperCase(), role: op['x-modellake-role'] })));
        expect(ops.length).toBeGreaterThan(10);
        const undocumented = ops.filter((o) => o.path.startsWith('/v1/') && !o.role);
        expect(undocumented, 'operations without x-modellake-role').toEqual([]);
        const failures: string[] = [];
        for (const op of ops) {
          // Deleting the seeded model would change later rows; delete a model that does not exist instead.
          const url = op.method === 'DELETE' && op.path === '/v1/models/{id}' ? '/v1/models/hf:acme/nothing' : concretePath(op.path);
          for (const who of ['anonymous', 'reader', 'writer', 'admin']) {
            const headers: Record<string, string> = { 'content-type': op.path === '/v1/import' ? 'application/x-ndjson' : 'application/json' };
            if (tokens[who]) headers.authorization = `Bearer ${tokens[who]}`;
            const body = ['GET', 'DELETE'].includes(op.method) ? undefined : '{}';
            const res = await lake.app.request(url, { method: op.method, headers, ...(body ? { body } : {}) });
            const need = NEED[op.role ?? 'public']!;
            // --anonymous-read opens GET calls only: any other call without a token is 401 (and never audited).
            const effective = who === 'anonymous' && anonymousRead && op.method === 'GET' ? 1 : RANK[who]!;
            const allowed = need === 0 || effective >= need;
            const denied = res.status === 401 || res.status === 403;
            if (allowed === denied && !(op.role === 'public' && res.status === 401)) failures.push(`${op.method} ${op.path} as ${who}: ${res.status} (needs ${op.role})`);
            if (!allowed) expect(res.status, `${op.method} ${op.path} as ${who}`).toBe(effective === 0 ? 401 : 403);
          }
        }
        expect(failures).toEqual([]);
      });
    });
  }
});
