import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LakeError } from './errors.js';

/** Mode of files holding lake data or secrets (`lake.db` and its `-wal`/`-shm`, `admin-token`). */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of a lake home directory created by the lake. */
export const PRIVATE_DIR_MODE = 0o700;

function badHome(home: string, why: string, cause?: unknown): LakeError {
  return new LakeError('bad-home', 400, `Lake home ${JSON.stringify(home)} ${why}. Pass --home (or MODELLAKE_HOME) naming a directory you can write.`, cause ? { cause } : {});
}

/**
 * The lake home directory: `--home`, else `$MODELLAKE_HOME`, else `~/.modellake`. An empty `--home` or
 * `MODELLAKE_HOME` is refused (it would put `lake.db` in the working directory).
 */
export function resolveLakeHome(home?: string): string {
  const given = home ?? process.env.MODELLAKE_HOME;
  if (given !== undefined && given.trim() === '') throw badHome(given, 'is empty');
  return path.resolve(given ?? path.join(os.homedir(), '.modellake'));
}

/**
 * Makes sure a lake home can hold the lake's files: creates it (mode 700, with missing parents) when it
 * does not exist, and refuses, naming the path, a home that is a file, cannot be created or is not
 * writable. Never loops: parents are created one by one (Node's recursive mkdir spins forever under
 * `/proc`). Returns the absolute path.
 */
export function prepareLakeHome(home: string): string {
  const dir = path.resolve(home);
  const missing: string[] = [];
  let cur = dir;
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(cur);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: an ancestor is a file; walk up to name it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw badHome(dir, `cannot be used: ${cur} is not accessible (${code})`, e);
    }
    if (st) {
      if (!st.isDirectory()) throw badHome(dir, cur === dir ? 'is a file, not a directory' : `cannot be created: ${cur} is a file, not a directory`);
      break;
    }
    missing.unshift(cur);
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode: PRIVATE_DIR_MODE });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && fs.statSync(d).isDirectory()) continue;
      throw badHome(dir, `cannot be created (${code ?? (e as Error).message} at ${d})`, e);
    }
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    throw badHome(dir, 'is not writable', e);
  }
  // Root passes access checks even on read-only mounts: probe with a real file.
  const probe = path.join(dir, `.modellake-probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, '', { mode: PRIVATE_FILE_MODE });
    fs.rmSync(probe, { force: true });
  } catch (e) {
    throw badHome(dir, `is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, e);
  }
  return dir;
}

/**
 * Creates `file` with mode 600 when it does not exist, and takes group/other permissions away from it and
 * its SQLite companions (`-wal`, `-shm`, `-journal`) when they exist. SQLite creates the companions with
 * the database file's permissions, so a 600 database keeps them 600 as well.
 */
export function restrictFileMode(file: string, companions: readonly string[] = ['-wal', '-shm', '-journal']): void {
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_RDWR, PRIVATE_FILE_MODE));
  } catch {
    // Let the database driver report why it cannot open the file.
    return;
  }
  for (const f of [file, ...companions.map((s) => file + s)]) {
    try {
      const st = fs.statSync(f);
      if ((st.mode & 0o077) !== 0) fs.chmodSync(f, st.mode & 0o700);
    } catch {
      // absent (or not ours): nothing to tighten
    }
  }
}
