import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HfImportError } from './errors.js';

/** Persistent state of the Hub importer: what was imported at which commit, and the run in progress. */
export interface HfImportState {
  version: 1;
  /** Repo id -> commit sha of the last imported card (an unchanged sha is not fetched again). */
  versions: Record<string, string>;
  /** Last finished run per selection key, for `--since last`. */
  lastRuns: Record<string, { startedAt: string; finishedAt: string }>;
  /** Repo id -> earlier names it was reached by (307 renames), kept so later cards keep their aliases. */
  aliases?: Record<string, string[]>;
  /** The run in progress (present until it finishes), for `--resume`. */
  pending?: { key: string; startedAt: string; done: string[] };
}

/** Where the importer keeps its state (a JSON file under the lake home by default). */
export interface CheckpointStore {
  load(): Promise<HfImportState>;
  save(state: HfImportState): Promise<void>;
}

/** An empty state. */
export function emptyState(): HfImportState {
  return { version: 1, versions: {}, lastRuns: {} };
}

/** A checkpoint store in one JSON file, written atomically (temp file + rename) so a crash never leaves half a file. */
export function createFileCheckpointStore(path: string): CheckpointStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
        throw err;
      }
      try {
        const s = JSON.parse(text) as HfImportState;
        if (s?.version !== 1 || typeof s.versions !== 'object') throw new Error('unknown format');
        s.lastRuns ??= {};
        return s;
      } catch (err) {
        throw new HfImportError('hf-checkpoint-invalid', `Checkpoint ${path} is not a valid importer state (${(err as Error).message}); delete it to start over.`, { cause: err });
      }
    },
    async save(state) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(state));
      await rename(tmp, path);
    },
  };
}

/** State key used in the lake's client state store (`/v1/state/<key>`). */
export const LAKE_STATE_KEY = 'connector-huggingface.import';

/**
 * A checkpoint store in the lake itself (the client's `getState`/`setState`, i.e. `/v1/state/<key>`),
 * so the same state serves an embedded and a remote lake.
 */
export function createLakeCheckpointStore(
  client: { getState<T = unknown>(key: string): Promise<T | undefined>; setState(key: string, value: unknown): Promise<void> },
  key = LAKE_STATE_KEY,
): CheckpointStore {
  return {
    async load() {
      const s = await client.getState<HfImportState>(key);
      if (s === undefined) return emptyState();
      if (s?.version !== 1 || typeof s.versions !== 'object') {
        throw new HfImportError('hf-checkpoint-invalid', `Lake state ${key} is not a valid importer state; delete it to start over.`);
      }
      s.lastRuns ??= {};
      return s;
    },
    async save(state) {
      await client.setState(key, state);
    },
  };
}

/** An in-memory checkpoint store (tests, one-shot imports). */
export function createMemoryCheckpointStore(initial: HfImportState = emptyState()): CheckpointStore & { state: HfImportState } {
  const store = {
    state: structuredClone(initial),
    async load() {
      return structuredClone(store.state);
    },
    async save(s: HfImportState) {
      store.state = structuredClone(s);
    },
  };
  return store;
}
