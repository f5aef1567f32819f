import { fetch as undiciFetch } from 'undici';
import type { ModelCard } from '@modellake/card';
import { LakeApiError } from './errors.js';

export { LakeApiError };

/** `fetch`-compatible function (global fetch, undici, or an in-process app's `fetch`). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of {@link createLakeClient}. */
export interface LakeClientOptions {
  /** Lake URL, e.g. `http://127.0.0.1:8470`. */
  baseUrl: string;
  /** API token (`mlk_...`). */
  token?: string;
  /** Injectable fetch. @default undici's fetch */
  fetch?: FetchLike;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Outcome of storing a card. */
export interface PutResult {
  status: 'created' | 'updated' | 'unchanged';
  id: string;
  revision: number;
  version?: string;
  hash: string;
}

/** A stored card with its revision metadata. */
export interface CardResponse {
  card: ModelCard;
  meta: { id: string; revision: number; version?: string; hash: string; createdAt: string; actor: string; aliases: string[] };
}

/** One model in a listing. */
export interface ModelSummary {
  id: string;
  name: string;
  latestRevision: number;
  version?: string;
  hash: string;
  updatedAt: string;
  deleted: boolean;
}

/** Response of a search (the search feature documents every member). */
export interface SearchResponse {
  query: string;
  total: number;
  hits: { id: string; name: string; score: number; [k: string]: unknown }[];
  facets?: Record<string, unknown>;
  warnings?: string[];
  [k: string]: unknown;
}

/** Result of an NDJSON batch import. */
export interface BatchImportResult {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  results: (PutResult & { line: number })[];
  errors: { line: number; id?: string; code: string; message: string; issues?: { path: string; message: string }[] }[];
}

/** The typed client of the lake API. Every connector and the CLI use it. */
export interface LakeClient {
  readonly baseUrl: string;
  /** Low-level call: JSON in/out, problem details turned into {@link LakeApiError}. */
  request<T>(method: string, path: string, options?: CallOptions & { body?: unknown; query?: Record<string, string | number | boolean | string[] | undefined>; rawBody?: string; contentType?: string }): Promise<T>;
  health(options?: CallOptions): Promise<{ status: string; storage: string; models: number }>;
  putCard(card: ModelCard, options?: CallOptions): Promise<PutResult>;
  /** Batch import as NDJSON (one transaction per call; chunk large inputs). */
  putCards(cards: unknown[], options?: CallOptions): Promise<BatchImportResult>;
  getCard(id: string, options?: CallOptions & { revision?: number; version?: string }): Promise<CardResponse>;
  /** Like getCard but resolves to undefined on 404/410. */
  findCard(id: string, options?: CallOptions & { revision?: number; version?: string }): Promise<CardResponse | undefined>;
  deleteCard(id: string, options?: CallOptions): Promise<void>;
  versions(id: string, options?: CallOptions): Promise<{ id: string; versions: { revision: number; version?: string; hash: string; createdAt: string; actor: string }[] }>;
  history(id: string, options?: CallOptions): Promise<{ id: string; entries: { seq: number; at: string; actor: string; action: string; details: Record<string, unknown>; hash: string }[] }>;
  /** All models, following the cursor; stop early by breaking out of the loop. */
  listModels(options?: CallOptions & { prefix?: string; pageSize?: number; includeDeleted?: boolean }): AsyncGenerator<ModelSummary>;
  setAlias(alias: string, id: string, options?: CallOptions): Promise<void>;
  getState<T = unknown>(key: string, options?: CallOptions): Promise<T | undefined>;
  setState(key: string, value: unknown, options?: CallOptions): Promise<void>;
  createToken(name: string, role: 'reader' | 'writer' | 'admin', options?: CallOptions): Promise<{ id: string; name: string; role: string; createdAt: string; secret: string }>;
  listTokens(options?: CallOptions): Promise<{ tokens: { id: string; name: string; role: string; createdAt: string; revokedAt?: string }[] }>;
  revokeToken(idOrName: string, options?: CallOptions): Promise<{ id: string; name: string; revokedAt?: string }>;
  /** Semantic search (`GET /v1/search`). */
  search<T = SearchResponse>(query: string, options?: CallOptions & { filters?: string[]; limit?: number; offset?: number }): Promise<T>;
  /** Nearest models by text, architecture and weights. */
  related<T = Record<string, unknown>>(id: string, options?: CallOptions & { limit?: number }): Promise<T>;
  /** Lineage graph around a model. */
  lineage<T = Record<string, unknown>>(id: string, options?: CallOptions & { direction?: 'up' | 'down' | 'both'; depth?: number }): Promise<T>;
  /** Diff of two model refs (`id` or `id@version`). */
  diff<T = Record<string, unknown>>(a: string, b: string, options?: CallOptions): Promise<T>;
  /** Governance findings of a model. */
  findings<T = Record<string, unknown>>(id: string, options?: CallOptions): Promise<T>;
  /** Model URL path: the id as one percent-encoded segment, then `/-/<suffix>` for a sub-resource (`/v1/models/hf%3Aa%2Fb/-/history`). */
  modelPath(id: string, suffix?: string): string;
}

/**
 * Encodes a model id (or alias) as ONE URL path segment (encodeURIComponent: `/` is `%2F`), so no URL
 * normalisation can change the target: an id can never form a `.`/`..` segment nor a `-` separator.
 */
export function encodeModelId(id: string): string {
  return encodeURIComponent(id);
}

/** Path of a model (`/v1/models/{id}`) or of one of its sub-resources (`/v1/models/{id}/-/{suffix}`). */
export function modelPath(id: string, suffix?: string): string {
  return `/v1/models/${encodeModelId(id)}${suffix ? `/-/${encodeURIComponent(suffix)}` : ''}`;
}

/** Creates a lake client. */
export function createLakeClient(options: LakeClientOptions): LakeClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch: FetchLike = options.fetch ?? (undiciFetch as unknown as FetchLike);

  async function request<T>(method: string, path: string, o: CallOptions & { body?: unknown; query?: Record<string, string | number | boolean | string[] | undefined>; rawBody?: string; contentType?: string } = {}): Promise<T> {
    const url = new URL(base + path);
    for (const [k, v] of Object.entries(o.query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, x);
      else url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (o.rawBody !== undefined) {
      body = o.rawBody;
      headers['content-type'] = o.contentType ?? 'text/plain';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await doFetch(url.toString(), { method, headers, ...(body !== undefined ? { body } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    } catch (cause) {
      const reason = (cause as { cause?: { code?: string } })?.cause?.code ?? (cause as Error).message;
      throw new LakeApiError(`Cannot reach the lake at ${base} (${reason}). Is it running? Start one with \`modellake serve\` or check --lake-url.`, { status: 0, code: 'lake-unreachable', url: url.toString(), cause });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const p = (parsed && typeof parsed === 'object' ? parsed : undefined) as Record<string, unknown> | undefined;
      const code = typeof p?.code === 'string' ? p.code : `http-${res.status}`;
      const detail = typeof p?.detail === 'string' ? p.detail : text.slice(0, 200) || res.statusText;
      throw new LakeApiError(`${method} ${url.pathname} failed (${res.status} ${code}): ${detail}`, { status: res.status, code, url: url.toString(), ...(p ? { problem: p } : {}) });
    }
    return parsed as T;
  }


  const client: LakeClient = {
    baseUrl: base,
    request,
    modelPath,
    health: (o) => request('GET', '/healthz', o),
    putCard: (card, o) => request('PUT', modelPath(card.id), { ...o, body: card }),
    putCards: (cards, o) => request('POST', '/v1/import', { ...o, rawBody: cards.map((c) => JSON.stringify(c)).join('\n') + '\n', contentType: 'application/x-ndjson' }),
    getCard: (id, o = {}) => request('GET', modelPath(id), { ...o, query: { revision: o.revision, version: o.version } }),
    async findCard(id, o = {}) {
      try {
        return await client.getCard(id, o);
      } catch (e) {
        if (e instanceof LakeApiError && (e.status === 404 || e.status === 410)) return undefined;
        throw e;
      }
    },
    deleteCard: async (id, o) => {
      await request('DELETE', modelPath(id), o);
    },
    versions: (id, o) => request('GET', modelPath(id, 'versions'), o),
    history: (id, o) => request('GET', modelPath(id, 'history'), o),
    async *listModels(o = {}) {
      let cursor: string | undefined;
      do {
        const page = await request<{ items: ModelSummary[]; nextCursor?: string }>('GET', '/v1/models', { ...o, query: { prefix: o.prefix, limit: o.pageSize ?? 500, cursor, includeDeleted: o.includeDeleted } });
        for (const m of page.items) yield m;
        cursor = page.nextCursor;
      } while (cursor);
    },
    setAlias: async (alias, id, o) => {
      await request('PUT', `/v1/aliases/${encodeModelId(alias)}`, { ...o, body: { id } });
    },
    async getState<T>(key: string, o?: CallOptions) {
      try {
        return (await request<{ value: T }>('GET', `/v1/state/${encodeURIComponent(key)}`, o)).value;
      } catch (e) {
        if (e instanceof LakeApiError && e.status === 404) return undefined;
        throw e;
      }
    },
    setState: async (key, value, o) => {
      await request('PUT', `/v1/state/${encodeURIComponent(key)}`, { ...o, body: { value } });
    },
    search: (q, o = {}) => request('GET', '/v1/search', { ...o, query: { q, filter: o.filters, limit: o.limit, offset: o.offset } }),
    related: (id, o = {}) => request('GET', modelPath(id, 'related'), { ...o, query: { limit: o.limit } }),
    lineage: (id, o = {}) => request('GET', modelPath(id, 'lineage'), { ...o, query: { direction: o.direction, depth: o.depth } }),
    diff: (a, b, o) => request('GET', '/v1/diff', { ...o, query: { a, b } }),
    findings: (id, o) => request('GET', modelPath(id, 'findings'), o),
    createToken: (name, role, o) => request('POST', '/v1/tokens', { ...o, body: { name, role } }),
    listTokens: (o) => request('GET', '/v1/tokens', o),
    revokeToken: (idOrName, o) => request('DELETE', `/v1/tokens/${encodeURIComponent(idOrName)}`, o),
  };
  return client;
}
