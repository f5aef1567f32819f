import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * Root confinement for importers and scanners (Node only: import `@modellake/card/confine`).
 *
 * Every file an importer reads because some *other* file named it (a DVC `params:` entry, a
 * model-index `Import:`, a README beside a model) is resolved here: the path is taken relative to
 * its folder, symlinks are followed with `realpath`, and anything that lands outside the root the
 * user gave is refused. Reads also refuse FIFOs, sockets, devices and directories before reading a
 * byte (the file is opened non-blocking, then checked with `fstat`), so a FIFO named
 * `model.safetensors` or `README.md` can never hang a run.
 */

/** Why a path was refused. */
export type ConfineCode = 'outside-root' | 'not-found' | 'not-a-file' | 'too-large' | 'unreadable';

/** A path refused by {@link resolveInside} or {@link readInside}; `path` is the path as given. */
export class ConfineError extends Error {
  override readonly name = 'ConfineError';
  readonly code: ConfineCode;
  readonly path: string;
  readonly root: string;

  constructor(code: ConfineCode, message: string, opts: { path: string; root: string; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.path = opts.path;
    this.root = opts.root;
  }
}

/** Options of the confined resolvers and readers. */
export interface ConfineOptions {
  /** Folder a relative path is relative to. @default the root */
  from?: string;
  /** Largest file {@link readInside} reads. @default 64 MiB */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 64 << 20;
// Non-blocking open returns at once on a FIFO without a writer (a blocking open waits forever).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** True when `p` is `root` or below it (both absolute and already resolved; compared lexically). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** What a non-regular directory entry is, for messages: `FIFO`, `socket`, `device`, `directory`, `special file`. */
export function fileKind(st: fs.Stats | fs.Dirent): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  if (st.isDirectory()) return 'directory';
  if (st.isSymbolicLink()) return 'symbolic link';
  return st.isFile() ? 'file' : 'special file';
}

/** The lexical check, before the target is touched: inside the root as given or as resolved (a root reached through a symlink). */
function lexical(absRoot: string, realRoot: string, target: string, p: string): void {
  if (!isInside(absRoot, target) && !isInside(realRoot, target)) {
    throw new ConfineError('outside-root', `${p} is outside the import root ${absRoot}; not read.`, { path: p, root: absRoot });
  }
}

function afterRealpath(p: string, absRoot: string, realRoot: string, real: string): string {
  if (!isInside(realRoot, real)) {
    throw new ConfineError('outside-root', `${p} resolves (through a symbolic link) to ${real}, outside the import root ${absRoot}; not read.`, { path: p, root: absRoot });
  }
  return real;
}

function fromErrno(err: unknown, p: string, absRoot: string): ConfineError {
  if (err instanceof ConfineError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ConfineError('not-found', `${p} does not exist.`, { path: p, root: absRoot, cause: err });
  return new ConfineError('unreadable', `${p} cannot be read (${code ?? (err as Error).message}).`, { path: p, root: absRoot, cause: err });
}

/**
 * Resolves `p` (relative to `opts.from`, else to `root`) to its real path, following symlinks,
 * and throws a {@link ConfineError} unless it exists and lies inside `root`.
 */
export async function resolveInside(root: string, p: string, opts: ConfineOptions = {}): Promise<string> {
  const absRoot = path.resolve(root);
  const target = path.resolve(opts.from ?? absRoot, p);
  try {
    const realRoot = await fsp.realpath(absRoot);
    lexical(absRoot, realRoot, target, p);
    return afterRealpath(p, absRoot, realRoot, await fsp.realpath(target));
  } catch (err) {
    throw fromErrno(err, p, absRoot);
  }
}

/** Synchronous {@link resolveInside}. */
export function resolveInsideSync(root: string, p: string, opts: ConfineOptions = {}): string {
  const absRoot = path.resolve(root);
  const target = path.resolve(opts.from ?? absRoot, p);
  try {
    const realRoot = fs.realpathSync(absRoot);
    lexical(absRoot, realRoot, target, p);
    return afterRealpath(p, absRoot, realRoot, fs.realpathSync(target));
  } catch (err) {
    throw fromErrno(err, p, absRoot);
  }
}

function checkStat(st: fs.Stats, p: string, absRoot: string, maxBytes: number): void {
  if (!st.isFile()) throw new ConfineError('not-a-file', `${p} is a ${fileKind(st)}, not a regular file; skipped.`, { path: p, root: absRoot });
  if (st.size > maxBytes) throw new ConfineError('too-large', `${p} is ${st.size} bytes, more than the ${maxBytes}-byte limit; not read.`, { path: p, root: absRoot });
}

/** Reads a regular file inside `root` (see {@link resolveInside}); FIFOs, sockets, devices and files over `maxBytes` are refused. */
export async function readInside(root: string, p: string, opts: ConfineOptions = {}): Promise<Buffer> {
  const real = await resolveInside(root, p, opts);
  const absRoot = path.resolve(root);
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(real, OPEN_FLAGS);
    checkStat(await handle.stat(), p, absRoot, opts.maxBytes ?? DEFAULT_MAX_BYTES);
    return await handle.readFile();
  } catch (err) {
    throw fromErrno(err, p, absRoot);
  } finally {
    await handle?.close();
  }
}

/** {@link readInside} decoded as UTF-8. */
export async function readTextInside(root: string, p: string, opts: ConfineOptions = {}): Promise<string> {
  return (await readInside(root, p, opts)).toString('utf8');
}

/** Synchronous {@link readTextInside}. */
export function readTextInsideSync(root: string, p: string, opts: ConfineOptions = {}): string {
  const real = resolveInsideSync(root, p, opts);
  const absRoot = path.resolve(root);
  let fd: number | undefined;
  try {
    fd = fs.openSync(real, OPEN_FLAGS);
    checkStat(fs.fstatSync(fd), p, absRoot, opts.maxBytes ?? DEFAULT_MAX_BYTES);
    return fs.readFileSync(fd, 'utf8');
  } catch (err) {
    throw fromErrno(err, p, absRoot);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
