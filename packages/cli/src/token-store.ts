import { Errors, Flags } from '@oclif/core';
import { PostgresStorage, type StorageDriver } from '@modellake/core';
import os from 'node:os';
import { EXIT } from './base-command.js';

/** `--database-url` of the `token` commands: manage tokens in a PostgreSQL lake's database directly. */
export const databaseUrlFlag = {
  'database-url': Flags.string({
    summary: 'Manage the tokens of a PostgreSQL lake directly in its database (bootstrap or recover access without an API token).',
    env: 'MODELLAKE_DATABASE_URL',
    helpGroup: 'LAKE',
  }),
};

/** Who acts when tokens are managed through the database: the operating-system user (as in the embedded lake). */
export function localActor(): string {
  return `local:${os.userInfo().username}`;
}

/** A connection string with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

/**
 * Runs `fn` on the token store of the PostgreSQL lake at `url`, then disconnects. Every change is audited
 * (hash-chained, as through the API) with the operating-system user as the actor.
 */
export async function withDatabaseTokens<T>(url: string, lakeUrl: string | undefined, fn: (storage: StorageDriver, actor: string) => Promise<T>): Promise<T> {
  if (lakeUrl) throw new Errors.CLIError('Both --lake-url (MODELLAKE_URL) and --database-url (MODELLAKE_DATABASE_URL) are set: choose one.', { exit: EXIT.invalid });
  let storage: PostgresStorage;
  try {
    storage = await PostgresStorage.connect({ connectionString: url, maxConnections: 2 });
  } catch (e) {
    throw new Errors.CLIError(`Cannot open the PostgreSQL lake at ${redactUrl(url)}: ${(e as Error).message}`, { exit: EXIT.unreachable });
  }
  try {
    return await fn(storage, localActor());
  } finally {
    await storage.close();
  }
}
