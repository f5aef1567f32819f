/**
 * A fake Hugging Face Hub on 127.0.0.1 that answers in the shapes recorded in
 * ../shared/fixtures/huggingface: model info (full, or only `_id`, `id` and the expanded keys when
 * `expand=` is given), listings paginated with `Link: <...>; rel="next"`, 307 renames with a text body,
 * 401 `RepoNotFound`, 403 `GatedRepo`, `/resolve/` with ranges (206 + Content-Range + ETag), and the
 * recursive tree with LFS sha256 and sizes. Faults (429 with Retry-After, 5xx, dropped connections)
 * and a per-request latency can be injected. Unknown routes answer 501 with their path.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiModelInfo, ApiTreeEntry } from '../src/wire.js';

/** One repo served by the fake hub. */
export interface FakeRepo {
  info: ApiModelInfo;
  files: Map<string, Buffer>;
  /** Files answer 403 GatedRepo unless the request carries `grantedToken`. */
  gated?: boolean;
  /** Everything answers 401 RepoNotFound unless the request carries `grantedToken`. */
  private?: boolean;
  /** Files listed in the tree whose `/resolve/` answers 404 (a mirror without the LFS object). */
  unserved?: Set<string>;
}

/** A fault injected for requests whose path matches. */
export interface Fault {
  match: RegExp;
  kind: '429' | '503' | 'drop';
  /** How many matching requests fail. @default 1 */
  times?: number;
  /** `Retry-After` seconds for 429. */
  retryAfter?: number;
}

/** A request as the fake hub saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  range?: string;
  status: number;
  bytes: number;
  auth?: string;
}

/** Options of {@link startFakeHub}. */
export interface FakeHubOptions {
  /** Delay before each answer. @default 0 */
  latencyMs?: number;
  /** Token that opens private and gated repos. */
  grantedToken?: string;
  /** Largest page a listing returns, whatever `limit` asks (the Hub caps at 1000). @default 1000 */
  maxPageSize?: number;
}

/** A running fake hub. */
export interface FakeHub {
  url: string;
  repos: Map<string, FakeRepo>;
  /** old id -> new id, answered with 307. */
  renames: Map<string, string>;
  faults: Fault[];
  requests: SeenRequest[];
  addRepo(repo: { info: ApiModelInfo; files?: Record<string, Buffer | string>; gated?: boolean; private?: boolean }): FakeRepo;
  /** Bytes of file bodies served for paths ending with `suffix`. */
  bytesServed(suffix: string): number;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const DEFAULT_LIST_FIELDS = ['_id', 'id', 'likes', 'private', 'downloads', 'tags', 'pipeline_tag', 'library_name', 'createdAt', 'modelId'] as const;

/** Starts the fake hub on an ephemeral loopback port. */
export async function startFakeHub(opts: FakeHubOptions = {}): Promise<FakeHub> {
  const repos = new Map<string, FakeRepo>();
  const renames = new Map<string, string>();
  const faults: Fault[] = [];
  const requests: SeenRequest[] = [];
  let base = '';

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', base);
    const seen: SeenRequest = { method: req.method ?? 'GET', path: u.pathname + u.search, status: 0, bytes: 0 };
    if (req.headers.range) seen.range = req.headers.range;
    if (req.headers.authorization) seen.auth = req.headers.authorization;
    requests.push(seen);
    const answer = () => {
      const fault = faults.find((f) => f.match.test(u.pathname + u.search) && (f.times ?? 1) > 0);
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.kind === 'drop') {
          seen.status = -1;
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
        if (fault.kind === '429' && fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
        return send(res, seen, fault.kind === '429' ? 429 : 503, headers, fault.kind === '429' ? 'Too Many Requests' : 'Service Unavailable');
      }
      try {
        route(req, res, u, seen);
      } catch (err) {
        send(res, seen, 500, { 'Content-Type': 'text/plain' }, `fake hub error: ${(err as Error).stack}`);
      }
    };
    if (opts.latencyMs) setTimeout(answer, opts.latencyMs);
    else answer();
  });

  const authorised = (req: http.IncomingMessage) => !!opts.grantedToken && req.headers.authorization === `Bearer ${opts.grantedToken}`;

  function route(req: http.IncomingMessage, res: http.ServerResponse, u: URL, seen: SeenRequest): void {
    const p = decodeURIComponent(u.pathname);
    if (p === '/api/models') return listing(res, u, seen, req);
    let m = /^\/api\/models\/(.+?)(?:\/revision\/([^/]+))?$/.exec(p);
    if (m && !p.includes('/tree/')) return withRepo(req, res, seen, m[1]!, u, (repo) => sendJson(res, seen, 200, project(repo.info, u.searchParams.getAll('expand'))));
    m = /^\/api\/models\/(.+?)\/tree\/([^/]+)(\/.*)?$/.exec(p);
    if (m) return withRepo(req, res, seen, m[1]!, u, (repo) => sendJson(res, seen, 200, tree(repo, m![3]?.slice(1))));
    m = /^\/(.+?)\/(resolve|raw)\/([^/]+)\/(.+)$/.exec(p);
    if (m) {
      const [, id, , , path] = m;
      return withRepo(req, res, seen, id!, u, (repo) => file(req, res, seen, repo, path!));
    }
    send(res, seen, 501, { 'Content-Type': 'text/plain' }, `fake hub: no route for ${req.method} ${u.pathname}`);
  }

  function withRepo(req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest, id: string, u: URL, then: (r: FakeRepo) => void): void {
    const renamed = renames.get(id);
    if (renamed) {
      const location = decodeURIComponent(u.pathname).replace(id, renamed) + u.search;
      return send(res, seen, 307, { 'Content-Type': 'text/plain; charset=utf-8', Location: location }, `Temporary Redirect. Redirecting to ${location}`);
    }
    const repo = repos.get(id);
    if (!repo || (repo.private && !authorised(req))) {
      return send(res, seen, 401, { 'Content-Type': JSON_TYPE, 'X-Error-Code': 'RepoNotFound', 'X-Error-Message': 'Repository not found' }, JSON.stringify({ error: 'Repository not found' }));
    }
    then(repo);
  }

  function listing(res: http.ServerResponse, u: URL, seen: SeenRequest, req: http.IncomingMessage): void {
    const q = u.searchParams;
    let items = [...repos.values()].filter((r) => !r.private || authorised(req)).map((r) => r.info);
    const author = q.get('author');
    if (author) items = items.filter((i) => i.id.startsWith(`${author}/`));
    const search = q.get('search');
    if (search) items = items.filter((i) => i.id.toLowerCase().includes(search.toLowerCase()));
    const task = q.get('pipeline_tag');
    if (task) items = items.filter((i) => i.pipeline_tag === task);
    for (const f of q.getAll('filter')) items = items.filter((i) => (i.tags ?? []).includes(f) || i.library_name === f);
    const sort = q.get('sort');
    // As documented: `direction=-1` sorts descending, anything else ascending.
    const desc = q.get('direction') === '-1' ? 1 : -1;
    if (sort) items.sort((a, b) => desc * String(b[sort] ?? '').localeCompare(String(a[sort] ?? ''), undefined, { numeric: true }));
    const limit = Math.min(Number(q.get('limit') ?? 1000), opts.maxPageSize ?? 1000);
    const offset = q.get('cursor') ? Number(Buffer.from(q.get('cursor')!, 'base64').toString('utf8')) : 0;
    const page = items.slice(offset, offset + limit);
    const headers: Record<string, string> = { 'Content-Type': JSON_TYPE };
    if (offset + limit < items.length) {
      const next = new URL(u.href);
      next.searchParams.set('cursor', Buffer.from(String(offset + limit)).toString('base64'));
      headers.Link = `<${next.href}>; rel="next"`;
    }
    const expand = q.getAll('expand');
    const body = page.map((i) => (expand.length ? project(i, expand) : pick(i, DEFAULT_LIST_FIELDS)));
    send(res, seen, 200, headers, JSON.stringify(body));
  }

  function file(req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest, repo: FakeRepo, path: string): void {
    const buf = repo.files.get(path);
    if (!buf || repo.unserved?.has(path)) {
      return send(res, seen, 404, { 'Content-Type': JSON_TYPE, 'X-Error-Code': 'EntryNotFound', 'X-Error-Message': 'Entry not found' }, JSON.stringify({ error: 'Entry not found' }));
    }
    if (repo.gated && !authorised(req)) {
      const status = req.headers.authorization ? 403 : 401;
      return send(res, seen, status, { 'Content-Type': JSON_TYPE, 'X-Error-Code': 'GatedRepo' }, JSON.stringify({ error: `Access to model ${repo.info.id} is restricted and you are not in the authorized list. Visit ${base}/${repo.info.id} to ask for access.` }));
    }
    const etag = `"${createHash('sha256').update(buf).digest('hex')}"`;
    const headers: Record<string, string> = { ETag: etag, 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream', 'X-Repo-Commit': repo.info.sha ?? '' };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : buf.length - 1, buf.length - 1);
      if (start >= buf.length) return send(res, seen, 416, { 'Content-Range': `bytes */${buf.length}` }, '');
      headers['Content-Range'] = `bytes ${start}-${end}/${buf.length}`;
      return send(res, seen, 206, headers, buf.subarray(start, end + 1), req.method === 'HEAD');
    }
    send(res, seen, 200, headers, buf, req.method === 'HEAD');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    repos,
    renames,
    faults,
    requests,
    addRepo({ info, files = {}, gated, private: priv }) {
      const map = new Map(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? Buffer.from(v) : v]));
      const sha = info.sha ?? createHash('sha1').update(info.id).update(JSON.stringify([...map.keys()])).digest('hex');
      const repo: FakeRepo = {
        info: { ...info, sha, siblings: [...map.keys()].map((rfilename) => ({ rfilename })), ...(gated ? { gated: 'manual' as const } : {}), ...(priv ? { private: true } : {}) },
        files: map,
        ...(gated ? { gated } : {}),
        ...(priv ? { private: priv } : {}),
      };
      repos.set(info.id, repo);
      return repo;
    },
    bytesServed(suffix) {
      return requests.filter((r) => r.path.split('?')[0]!.endsWith(suffix) && r.status > 0).reduce((a, r) => a + r.bytes, 0);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function tree(repo: FakeRepo, under?: string): ApiTreeEntry[] {
  const out: ApiTreeEntry[] = [];
  for (const [path, buf] of repo.files) {
    if (under && !path.startsWith(`${under}/`)) continue;
    const oid = createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex');
    const entry: ApiTreeEntry = { type: 'file', oid, size: buf.length, path };
    if (/\.(safetensors|bin|gguf|onnx|h5|msgpack|pt)$/.test(path) || buf.length > 100_000) {
      entry.lfs = { oid: createHash('sha256').update(buf).digest('hex'), size: buf.length, pointerSize: 134 };
      entry.size = 134;
    }
    out.push(entry);
  }
  return out;
}

function project(info: ApiModelInfo, expand: string[]): Record<string, unknown> {
  if (!expand.length) return info as Record<string, unknown>;
  const out: Record<string, unknown> = { _id: info._id ?? createHash('md5').update(info.id).digest('hex').slice(0, 24), id: info.id };
  for (const k of expand) if (info[k] !== undefined) out[k] = info[k];
  return out;
}

function pick(info: ApiModelInfo, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (info[k] !== undefined) out[k] = info[k];
  if (out.modelId === undefined) out.modelId = info.id;
  return out;
}

function sendJson(res: http.ServerResponse, seen: SeenRequest, status: number, body: unknown): void {
  send(res, seen, status, { 'Content-Type': JSON_TYPE }, JSON.stringify(body));
}

function send(res: http.ServerResponse, seen: SeenRequest, status: number, headers: Record<string, string>, body: string | Buffer, headOnly = false): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  seen.status = status;
  seen.bytes = headOnly ? 0 : buf.length;
  res.writeHead(status, { ...headers, 'Content-Length': String(buf.length), 'X-Request-Id': `Root=fake-${Math.random().toString(16).slice(2)}` });
  res.end(headOnly ? undefined : buf);
}

/** Builds a safetensors file from tensors (F32 values from a seeded generator unless `data` is given). */
export function makeSafetensors(tensors: Array<{ name: string; dtype?: 'F32' | 'F16' | 'BF16'; shape: number[]; seed?: number }>, metadata?: Record<string, string>): Buffer {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const t of tensors) {
    const dtype = t.dtype ?? 'F32';
    const width = dtype === 'F32' ? 4 : 2;
    const count = t.shape.reduce((a, b) => a * b, 1);
    const buf = Buffer.alloc(count * width);
    let s = (t.seed ?? 1) >>> 0;
    for (let i = 0; i < count; i++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      const v = (s / 2 ** 32 - 0.5) * 0.2;
      if (dtype === 'F32') buf.writeFloatLE(v, i * 4);
      else {
        const f = Buffer.alloc(4);
        f.writeFloatLE(v);
        buf.writeUInt16LE(f.readUInt32LE() >>> 16, i * 2);
      }
    }
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + buf.length] };
    offset += buf.length;
    chunks.push(buf);
  }
  let json = Buffer.from(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  json = Buffer.concat([json, Buffer.from(' '.repeat(pad))]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, ...chunks]);
}
