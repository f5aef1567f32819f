import path from 'node:path';
import type { Hono } from 'hono';
import { createLakeApp, type LakeConfig } from './app.js';
import { installFeatures } from './features.js';
import { prepareLakeHome, resolveLakeHome } from './home.js';
import { Lake } from './lake.js';
import { SqliteStorage } from './storage/sqlite.js';
import type { StorageDriver } from './types.js';

export { resolveLakeHome };

/** Options of {@link openLake}. */
export interface OpenLakeOptions {
  /** Home directory holding `lake.db`. */
  home?: string;
  /** Use this storage instead of the home's SQLite file. */
  storage?: StorageDriver;
  config?: LakeConfig;
  clock?: () => Date;
  maxCardBytes?: number;
}

/** An open lake with its HTTP app. */
export interface OpenLake {
  lake: Lake;
  app: Hono;
  home: string;
  close(): Promise<void>;
}

/**
 * Opens the embedded lake in a home directory (SQLite, WAL), installs every feature and builds the app.
 * A bad home (empty, a file, not creatable, not writable) is refused with a `bad-home` error naming it;
 * `lake.db` and its `-wal`/`-shm` are created mode 600.
 */
export function openLake(options: OpenLakeOptions = {}): OpenLake {
  const home = resolveLakeHome(options.home);
  const storage = options.storage ?? new SqliteStorage({ file: path.join(prepareLakeHome(home), 'lake.db') });
  const lake = new Lake({ storage, ...(options.clock ? { clock: options.clock } : {}), ...(options.maxCardBytes ? { maxCardBytes: options.maxCardBytes } : {}) });
  const config: LakeConfig = { home, ...(options.config ?? {}) };
  const routes = installFeatures(lake, config);
  const app = createLakeApp({ lake, config, routes });
  return {
    lake,
    app,
    home,
    async close() {
      const closers = (config.onClose as (() => Promise<void> | void)[] | undefined) ?? [];
      for (const c of closers) await c();
      await storage.close();
    },
  };
}
