import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import fs from 'node:fs';
import type { WireLoggedModel, WireModelVersion, WireRegisteredModel, WireRun, WireWebhook } from '../src/wire.js';

/** In-memory registry the fake serves, in MLflow's REST shapes. */
export interface FakeRegistry {
  registered_models: WireRegisteredModel[];
  model_versions: WireModelVersion[];
  runs: WireRun[];
  logged_models?: WireLoggedModel[];
}

/** Options of the fake server. */
export interface FakeMlflowOptions {
  registry: FakeRegistry;
  /** Serve MLflow 3 endpoints (logged models, webhooks). @default true */
  mlflow3?: boolean;
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
  /** Require basic auth `user:password`. */
  basic?: string;
  /** Page size cap of searches (forces pagination). @default 100 */
  pageSize?: number;
  /** Artificial latency per request in ms. */
  latencyMs?: number;
}

/** A running fake MLflow tracking server on 127.0.0.1. */
export interface FakeMlflow {
  url: string;
  port: number;
  registry: FakeRegistry;
  webhooks: (WireWebhook & { secret?: string })[];
  /** `METHOD path?query` of every request served. */
  requests: string[];
  /** Answer every request with this status (e.g. 503) until cleared. */
  failWith: number | undefined;
  /** Stops listening and drops open connections (the server is "down"). */
  stop(): Promise<void>;
  /** Listens again on the same port; rejects (never hangs) if another server has taken it meanwhile. Prefer pause/resume. */
  restart(): Promise<void>;
  /** "Down" while keeping the listening socket (so no other server can take the port): every connection is reset. */
  pause(): void;
  /** Serves again after `pause()`, on the same port (it was never released). */
  resume(): void;
}

/** Loads the test registry fixture (a fresh copy). */
export function loadRegistryFixture(): FakeRegistry {
  return JSON.parse(fs.readFileSync(new URL('./fixtures/registry.json', import.meta.url), 'utf8')) as FakeRegistry;
}

function err(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error_code: code, message }));
}

function page<T>(items: T[], q: URLSearchParams, cap: number): { items: T[]; next?: string } {
  const max = Math.min(Number(q.get('max_results') ?? cap) || cap, cap);
  const token = q.get('page_token');
  const offset = token ? (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset: number }).offset : 0;
  const slice = items.slice(offset, offset + max);
  return offset + max < items.length ? { items: slice, next: Buffer.from(JSON.stringify({ offset: offset + max })).toString('base64') } : { items: slice };
}

/** Minimal filter support: `field='value'` / `field="value"` and `name LIKE '%x%'`. */
function matches(filter: string | null, obj: Record<string, unknown>): boolean {
  if (!filter) return true;
  const eq = /^\s*(\w+)\s*=\s*(['"])(.*)\2\s*$/.exec(filter);
  if (eq) return String(obj[eq[1]!] ?? '') === eq[3];
  const like = /^\s*(\w+)\s+(?:I?LIKE)\s+'%?([^%']*)%?'\s*$/i.exec(filter);
  if (like) return String(obj[like[1]!] ?? '').includes(like[2]!);
  throw new Error(`fake MLflow cannot parse filter ${filter}`);
}

function order<T extends { last_updated_timestamp?: number; name?: string; version?: string }>(items: T[], orderBy: string[]): T[] {
  const out = [...items];
  if (orderBy.some((o) => /^last_updated_timestamp\s+DESC$/i.test(o))) out.sort((a, b) => (b.last_updated_timestamp ?? 0) - (a.last_updated_timestamp ?? 0));
  else out.sort((a, b) => (a.name === b.name ? Number(a.version ?? 0) - Number(b.version ?? 0) : (a.name ?? '') < (b.name ?? '') ? -1 : 1));
  return out;
}

/** Starts a fake MLflow tracking server answering in the recorded REST shapes; unknown routes answer 501 with their path. */
export async function startFakeMlflow(options: FakeMlflowOptions): Promise<FakeMlflow> {
  const registry = options.registry;
  const cap = options.pageSize ?? 100;
  const mlflow3 = options.mlflow3 ?? true;
  const sockets = new Set<Socket>();
  let paused = false;
  const withAliases = (mv: WireModelVersion): WireModelVersion => {
    const rm = registry.registered_models.find((m) => m.name === mv.name);
    const aliases = (rm?.aliases ?? []).filter((a) => a.version === mv.version).map((a) => a.alias!);
    return { ...mv, aliases };
  };
  const withLatest = (rm: WireRegisteredModel): WireRegisteredModel => {
    const versions = registry.model_versions.filter((v) => v.name === rm.name);
    const byStage = new Map<string, WireModelVersion>();
    for (const v of versions) {
      const cur = byStage.get(v.current_stage ?? 'None');
      if (!cur || Number(v.version) > Number(cur.version)) byStage.set(v.current_stage ?? 'None', v);
    }
    return { ...rm, latest_versions: [...byStage.values()] };
  };

  const fake: FakeMlflow = {
    url: '',
    port: 0,
    registry,
    webhooks: [],
    requests: [],
    failWith: undefined,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
    restart: async () => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(fake.port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
    pause: () => {
      paused = true;
      for (const s of sockets) s.destroy();
    },
    resume: () => {
      paused = false;
    },
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    fake.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (fake.failWith) return err(res, fake.failWith, 'TEMPORARILY_UNAVAILABLE', 'The fake server was told to fail.');
    const auth = req.headers.authorization;
    if (options.token && auth !== `Bearer ${options.token}`) return err(res, 401, 'UNAUTHENTICATED', 'Credential was not sent or was of an unsupported type for this API.');
    if (options.basic && auth !== `Basic ${Buffer.from(options.basic).toString('base64')}`) return err(res, 401, 'UNAUTHENTICATED', 'You are not authenticated.');
    const q = url.searchParams;
    const p = url.pathname.replace(/^\/api\/2\.0\/mlflow\//, '');
    const json = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && p === 'registered-models/search') {
      const all = order(registry.registered_models.filter((m) => matches(q.get('filter'), m as Record<string, unknown>)), q.getAll('order_by'));
      const pg = page(all.map(withLatest), q, cap);
      return json({ registered_models: pg.items, ...(pg.next ? { next_page_token: pg.next } : {}) });
    }
    if (req.method === 'GET' && p === 'registered-models/get') {
      const rm = registry.registered_models.find((m) => m.name === q.get('name'));
      if (!rm) return err(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${q.get('name')} not found`);
      return json({ registered_model: withLatest(rm) });
    }
    if (req.method === 'GET' && p === 'model-versions/search') {
      const all = order(registry.model_versions.filter((v) => matches(q.get('filter'), v as Record<string, unknown>)), q.getAll('order_by'));
      const pg = page(all.map(withAliases), q, cap);
      return json({ model_versions: pg.items, ...(pg.next ? { next_page_token: pg.next } : {}) });
    }
    if (req.method === 'GET' && p === 'model-versions/get') {
      const mv = registry.model_versions.find((v) => v.name === q.get('name') && v.version === q.get('version'));
      if (!mv) return err(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Model Version (name=${q.get('name')}, version=${q.get('version')}) not found`);
      return json({ model_version: withAliases(mv) });
    }
    if (req.method === 'GET' && p === 'registered-models/alias') {
      const rm = registry.registered_models.find((m) => m.name === q.get('name'));
      const a = rm?.aliases?.find((x) => x.alias === q.get('alias'));
      const mv = a && registry.model_versions.find((v) => v.name === rm!.name && v.version === a.version);
      if (!mv) return err(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${q.get('name')}@${q.get('alias')} not found`);
      return json({ model_version: withAliases(mv) });
    }
    if (req.method === 'GET' && p === 'runs/get') {
      const run = registry.runs.find((r) => r.info?.run_id === q.get('run_id'));
      if (!run) return err(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Run with id=${q.get('run_id')} not found`);
      return json({ run });
    }
    if (mlflow3 && req.method === 'GET' && p.startsWith('logged-models/')) {
      const id = decodeURIComponent(p.slice('logged-models/'.length));
      const model = (registry.logged_models ?? []).find((m) => m.info?.model_id === id);
      if (!model) return err(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Logged model with ID '${id}' not found.`);
      return json({ model });
    }
    if (mlflow3 && p === 'webhooks' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WireWebhook & { secret?: string };
      if (!body.name || !body.url || !body.events?.length) return err(res, 400, 'INVALID_PARAMETER_VALUE', 'Missing value for required parameter.');
      const hook = { ...body, webhook_id: `wh-${fake.webhooks.length + 1}`, status: body.status ?? 'ACTIVE', creation_timestamp: Date.now(), last_updated_timestamp: Date.now() };
      fake.webhooks.push(hook);
      const { secret: _s, ...visible } = hook;
      return json({ webhook: visible });
    }
    if (mlflow3 && p === 'webhooks' && req.method === 'GET') {
      return json({ webhooks: fake.webhooks.map(({ secret: _s, ...w }) => w) });
    }
    if (!mlflow3 && (p.startsWith('logged-models') || p.startsWith('webhooks'))) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>404 Not Found</title>');
      return;
    }
    res.writeHead(501, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error_code: 'NOT_IMPLEMENTED', message: `fake MLflow has no route ${req.method} ${url.pathname}` }));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => err(res, 500, 'INTERNAL_ERROR', String(e)));
  });
  server.on('connection', (s) => {
    if (paused) {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}
