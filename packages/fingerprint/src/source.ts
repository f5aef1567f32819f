import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { FingerprintError } from './errors.js';

/** Random-access reader over one file, local or remote. */
export interface ByteSource {
  /** Name used in error messages (path or URL). */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  /** Reads exactly `length` bytes at `offset` into `into` (or a new buffer); throws `truncated` on a short read. */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  /** Releases the underlying handle. */
  close(): Promise<void>;
}

/**
 * Opens a local regular file as a ByteSource. The open is non-blocking and the handle is checked
 * with fstat, so a FIFO, socket or device under a weight-file name fails at once (`not-a-file`)
 * instead of hanging the reader.
 */
export async function openFileSource(path: string, name: string = path): Promise<ByteSource> {
  const handle: FileHandle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    const kind = st.isFIFO() ? 'FIFO' : st.isSocket() ? 'socket' : st.isDirectory() ? 'directory' : 'device or special file';
    throw new FingerprintError('not-a-file', `is a ${kind}, not a regular file`, { file: name });
  }
  const size = st.size;
  return {
    name,
    size,
    async read(offset, length, into) {
      if (offset + length > size) {
        throw new FingerprintError('truncated', `needs ${length} bytes but the file ends at ${size}`, { file: name, offset });
      }
      const buf = into && into.byteLength >= length ? into.subarray(0, length) : new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) throw new FingerprintError('truncated', `unexpected end of file`, { file: name, offset: offset + done });
        done += bytesRead;
      }
      return buf;
    },
    close: () => handle.close(),
  };
}

/** Options of {@link openHttpSource}. */
export interface HttpSourceOptions {
  /** URL of the file (e.g. a Hugging Face `resolve` URL). */
  url: string;
  /** Bearer token sent as `Authorization`. */
  token?: string;
  /** Injectable fetch. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Abort signal for every request. */
  signal?: AbortSignal;
}

/** Opens a remote file as a ByteSource backed by HTTP range requests. */
export async function openHttpSource(opts: HttpSourceOptions): Promise<ByteSource> {
  const f = opts.fetch ?? globalThis.fetch;
  const headers = (range: string): Record<string, string> => ({
    Range: range,
    ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
  });
  const probe = await f(opts.url, { headers: headers('bytes=0-0'), signal: opts.signal });
  if (probe.status !== 206 && probe.status !== 200) {
    throw new FingerprintError('http-error', `HTTP ${probe.status} for range request`, { file: opts.url });
  }
  const cr = probe.headers.get('content-range');
  const total = cr ? Number(cr.split('/')[1]) : Number(probe.headers.get('content-length'));
  await probe.arrayBuffer().catch(() => undefined);
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new FingerprintError('http-error', 'server did not report the file size (Content-Range)', { file: opts.url });
  }
  return {
    name: opts.url,
    size: total,
    async read(offset, length, into) {
      if (offset + length > total) {
        throw new FingerprintError('truncated', `needs ${length} bytes but the file ends at ${total}`, { file: opts.url, offset });
      }
      if (length === 0) return new Uint8Array(0);
      const res = await f(opts.url, { headers: headers(`bytes=${offset}-${offset + length - 1}`), signal: opts.signal });
      if (res.status !== 206) throw new FingerprintError('http-error', `HTTP ${res.status} for range ${offset}+${length}`, { file: opts.url, offset });
      const body = new Uint8Array(await res.arrayBuffer());
      if (body.byteLength !== length) throw new FingerprintError('truncated', `range returned ${body.byteLength} of ${length} bytes`, { file: opts.url, offset });
      if (into && into.byteLength >= length) {
        into.set(body);
        return into.subarray(0, length);
      }
      return body;
    },
    close: async () => undefined,
  };
}

/** Size of a local file, or undefined when it does not exist. */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}
