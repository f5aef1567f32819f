import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { LakeError } from './errors.js';
import type { Actor, Role, StorageDriver, TokenRecord } from './types.js';

/** Roles in increasing order of power. */
export const ROLES: readonly Role[] = ['reader', 'writer', 'admin'];

/** True when `have` includes the permissions of `need`. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** Hash under which a token secret is stored (the secret itself never is). */
export function hashTokenSecret(secret: string): string {
  return 'sha256:' + createHash('sha256').update(secret).digest('hex');
}

/** Options of {@link createToken}. */
export interface CreateTokenOptions {
  /** Who creates the token (recorded in the audit entry): the admin's token name, `local:<user>`... @default 'system' */
  actor?: string;
  /**
   * Hands the secret over (writes it to a file, prints it) *before* the token is stored: when it throws, no
   * token is created, so the lake never holds a secret nobody received.
   */
  handOver?: (secret: string, token: TokenRecord) => void | Promise<void>;
}

/** Creates an API token; the secret (`mlk_...`) is returned once and only its hash is stored. */
export async function createToken(storage: StorageDriver, name: string, role: Role, at: string, options: CreateTokenOptions = {}): Promise<{ token: TokenRecord; secret: string }> {
  if (!ROLES.includes(role)) throw new LakeError('bad-request', 400, `Unknown role ${JSON.stringify(role)}; use one of ${ROLES.join(', ')}.`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/.test(name)) throw new LakeError('bad-request', 400, 'Token `name` must be 1-100 letters, digits, `.`, `_`, `@` or `-`.');
  if ((await storage.listTokens()).some((t) => t.name === name)) throw new LakeError('conflict', 409, `A token named ${JSON.stringify(name)} already exists.`);
  const secret = `mlk_${randomBytes(24).toString('base64url')}`;
  const token: TokenRecord = { id: randomUUID(), name, role, createdAt: at };
  await options.handOver?.(secret, token);
  await storage.createToken(token, hashTokenSecret(secret), options.actor ?? 'system');
  return { token, secret };
}

/** How the lake authenticates callers. */
export interface AuthConfig {
  /** Allow reads (GET/HEAD calls needing the reader role) without a token. @default false */
  anonymousRead?: boolean;
  /** Every call acts as this actor without a token (the embedded lake used by the CLI in-process). */
  trustedActor?: Actor;
}

declare module 'hono' {
  interface ContextVariableMap {
    actor: Actor;
  }
}

/** Middleware that resolves the caller from `Authorization: Bearer <token>` and sets `c.var.actor`. */
export function authenticate(storage: StorageDriver, config: AuthConfig): MiddlewareHandler {
  return async (c, next) => {
    if (config.trustedActor) {
      c.set('actor', config.trustedActor);
      return next();
    }
    const header = c.req.header('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new LakeError('unauthorized', 401, 'Authorization header must be `Bearer <token>`.');
      const rec = await storage.findTokenByHash(hashTokenSecret(m[1]!));
      if (!rec || rec.revokedAt) throw new LakeError('unauthorized', 401, rec ? 'This API token was revoked.' : 'Unknown API token.');
      c.set('actor', { name: rec.name, role: rec.role, tokenId: rec.id });
    } else {
      // `anonymousRead` opens GET (and HEAD) calls only: any other method without a token answers 401 before a
      // handler runs, so anonymous callers never write (not even a `transition.denied` audit entry).
      const read = c.req.method === 'GET' || c.req.method === 'HEAD';
      c.set('actor', { name: 'anonymous', role: config.anonymousRead && read ? 'reader' : ('none' as Role) });
    }
    return next();
  };
}

/** Route guard: the caller's role must include `role`. 401 without credentials, 403 with too weak ones. */
export function requireRole(role: Role): MiddlewareHandler {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!ROLES.includes(actor.role)) throw new LakeError('unauthorized', 401, 'This lake requires an API token: send `Authorization: Bearer <token>` (create one with `modellake token create`).');
    if (!roleAtLeast(actor.role, role)) throw new LakeError('forbidden', 403, `This call needs the ${role} role; token ${JSON.stringify(actor.name)} has ${actor.role}.`);
    return next();
  };
}
