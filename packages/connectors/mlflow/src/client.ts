import { setTimeout as delay } from 'node:timers/promises';
import { fetch as undiciFetch } from 'undici';
import { MlflowError } from './errors.js';
import type {
  WireCreateWebhookRequest,
  WireErrorBody,
  WireGetLoggedModelResponse,
  WireGetRegisteredModelResponse,
  WireGetRunResponse,
  WireListWebhooksResponse,
  WireLoggedModel,
  WireModelVersion,
  WireModelVersionResponse,
  WireRegisteredModel,
  WireRun,
  WireSearchModelVersionsResponse,
  WireSearchRegisteredModelsResponse,
  WireWebhook,
  WireWebhookResponse,
} from './wire.js';

/** The part of a fetch Response the client reads (global fetch and undici's fetch both fit). */
export interface FetchResponseLike {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A fetch function; inject one in tests or to add a proxy. @default undici's fetch */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchResponseLike>;

/** Connection options of every MLflow call. */
export interface MlflowParams {
  /** Tracking server URL, e.g. `http://127.0.0.1:5000` (may carry a path prefix or `user:password@`). */
  baseUrl: string;
  /** Bearer token (Databricks PAT, `MLFLOW_TRACKING_TOKEN`). */
  token?: string;
  /** Basic auth user (`MLFLOW_TRACKING_USERNAME`), used when no token is given. */
  username?: string;
  /** Basic auth password (`MLFLOW_TRACKING_PASSWORD`). */
  password?: string;
  /** @default undici's fetch */
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Retries after a network error, 429 or 5xx. @default 3 */
  retries?: number;
  /** Base delay of the exponential backoff in ms. @default 250 */
  retryDelayMs?: number;
}

const defaultFetch: FetchLike = (url, init) => undiciFetch(url, init) as unknown as Promise<FetchResponseLike>;

/** Splits a tracking URI into the API root and basic-auth credentials embedded in it. */
function resolveBase(params: MlflowParams): { root: string; auth: string | undefined } {
  let url: URL;
  try {
    url = new URL(params.baseUrl);
  } catch (cause) {
    throw new MlflowError('mlflow-bad-input', `Tracking URI ${JSON.stringify(params.baseUrl)} is not a URL (expected e.g. http://127.0.0.1:5000).`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MlflowError('mlflow-bad-input', `Tracking URI ${params.baseUrl} must be http(s); file and database stores have no REST API.`);
  }
  let auth: string | undefined;
  if (params.token) auth = `Bearer ${params.token}`;
  else if (params.username !== undefined) auth = `Basic ${Buffer.from(`${params.username}:${params.password ?? ''}`).toString('base64')}`;
  else if (url.username) auth = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  return { root: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, auth };
}

/** Public URL of the tracking server without credentials or a trailing slash. */
export function trackingServerUrl(baseUrl: string): string {
  return resolveBase({ baseUrl }).root;
}

type Query = Record<string, string | number | string[] | undefined>;

/** One request to `<tracking uri>/api/2.0/mlflow/<path>` with retries; `describe` names the resource for a not-found error. */
export async function mlflowRequest<T>(
  params: MlflowParams,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: { query?: Query; body?: unknown; describe?: string } = {},
): Promise<T> {
  const { root, auth } = resolveBase(params);
  const url = new URL(`${root}/api/2.0/mlflow/${path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (auth) headers.authorization = auth;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const doFetch = params.fetch ?? defaultFetch;
  const retries = params.retries ?? 3;
  const baseDelay = params.retryDelayMs ?? 250;
  const href = url.toString();
  for (let attempt = 0; ; attempt++) {
    let res: FetchResponseLike;
    try {
      res = await doFetch(href, { method, headers, ...(body !== undefined ? { body } : {}), ...(params.signal ? { signal: params.signal } : {}) });
    } catch (cause) {
      if (params.signal?.aborted) throw cause;
      if (attempt < retries) {
        await delay(backoff(baseDelay, attempt), undefined, params.signal ? { signal: params.signal } : {});
        continue;
      }
      throw new MlflowError('mlflow-unreachable', `MLflow tracking server ${root} is unreachable (${method} ${path}): ${(cause as Error).message ?? String(cause)}`, { url: href, cause });
    }
    const text = await res.text();
    if (res.ok) {
      if (text.trim() === '') return {} as T;
      try {
        return JSON.parse(text) as T;
      } catch (cause) {
        throw new MlflowError('mlflow-bad-response', `MLflow answered ${method} ${path} with a body that is not JSON: ${text.slice(0, 120)}`, { status: res.status, url: href, cause });
      }
    }
    if ((res.status === 429 || res.status >= 500) && attempt < retries) {
      const retryAfter = Number(res.headers.get('retry-after'));
      await delay(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 30_000) : backoff(baseDelay, attempt), undefined, params.signal ? { signal: params.signal } : {});
      continue;
    }
    throw httpError(res, text, href, method, path, options.describe);
  }
}

function backoff(base: number, attempt: number): number {
  return base * 2 ** attempt * (0.5 + Math.random() / 2);
}


function httpError(res: FetchResponseLike, text: string, url: string, method: string, path: string, describe?: string): MlflowError {
  let wire: WireErrorBody = {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') wire = parsed as WireErrorBody;
  } catch {
    // Not every error is JSON (a proxy's HTML 502, Flask's 404 page): the status alone is reported then.
  }
  const requestId = res.headers.get('x-request-id') ?? res.headers.get('x-databricks-request-id') ?? undefined;
  const opts = { status: res.status, url, ...(wire.error_code ? { mlflowCode: wire.error_code } : {}), ...(requestId ? { requestId } : {}) };
  const detail = wire.message ? `: ${wire.message}` : '';
  if (wire.error_code === 'RESOURCE_DOES_NOT_EXIST') {
    return new MlflowError('mlflow-not-found', `${describe ?? `MLflow resource of ${method} ${path}`} does not exist (RESOURCE_DOES_NOT_EXIST)${detail}`, opts);
  }
  if (res.status === 404 || wire.error_code === 'ENDPOINT_NOT_FOUND' || wire.error_code === 'NOT_IMPLEMENTED') {
    return new MlflowError('mlflow-unsupported', `This MLflow server does not offer ${method} /api/2.0/mlflow/${path} (HTTP ${res.status})${detail}`, opts);
  }
  const code = wire.error_code ? ` ${wire.error_code}` : '';
  return new MlflowError('mlflow-http', `MLflow answered ${method} ${path} with HTTP ${res.status}${code}${detail || (text ? `: ${text.slice(0, 200)}` : '')}`, opts);
}

/** Quotes a value for an MLflow search filter (`name='x'`). */
export function filterValue(value: string): string {
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

/** Options of registry searches. */
export interface SearchOptions {
  /** MLflow filter string, e.g. `name='fraud'`. */
  filter?: string;
  /** Page size. */
  maxResults?: number;
  /** e.g. `['last_updated_timestamp DESC']`. */
  orderBy?: string[];
}

/** Lists registered models (`GET registered-models/search`), following `next_page_token`. */
export async function* listRegisteredModels(params: MlflowParams & SearchOptions): AsyncGenerator<WireRegisteredModel> {
  let pageToken: string | undefined;
  do {
    const page = await mlflowRequest<WireSearchRegisteredModelsResponse>(params, 'GET', 'registered-models/search', {
      query: { filter: params.filter, max_results: params.maxResults ?? 100, order_by: params.orderBy, page_token: pageToken },
    });
    for (const m of page.registered_models ?? []) yield m;
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
}

/** Gets one registered model by name (`GET registered-models/get`). */
export async function getRegisteredModel(params: MlflowParams & { name: string }): Promise<WireRegisteredModel> {
  const res = await mlflowRequest<WireGetRegisteredModelResponse>(params, 'GET', 'registered-models/get', {
    query: { name: params.name },
    describe: `MLflow registered model ${JSON.stringify(params.name)}`,
  });
  if (!res.registered_model) throw new MlflowError('mlflow-bad-response', `MLflow answered registered-models/get for ${JSON.stringify(params.name)} without \`registered_model\`.`);
  return res.registered_model;
}

/** Lists model versions (`GET model-versions/search`), following `next_page_token`. */
export async function* listModelVersions(params: MlflowParams & SearchOptions): AsyncGenerator<WireModelVersion> {
  let pageToken: string | undefined;
  do {
    const page = await mlflowRequest<WireSearchModelVersionsResponse>(params, 'GET', 'model-versions/search', {
      query: { filter: params.filter, max_results: params.maxResults ?? 200, order_by: params.orderBy, page_token: pageToken },
    });
    for (const v of page.model_versions ?? []) yield v;
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
}

/** Gets one model version (`GET model-versions/get`); a missing one is an `mlflow-not-found` error naming model and version. */
export async function getModelVersion(params: MlflowParams & { name: string; version: string }): Promise<WireModelVersion> {
  const res = await mlflowRequest<WireModelVersionResponse>(params, 'GET', 'model-versions/get', {
    query: { name: params.name, version: params.version },
    describe: `MLflow model version ${JSON.stringify(params.name)} version ${params.version}`,
  });
  if (!res.model_version) throw new MlflowError('mlflow-bad-response', `MLflow answered model-versions/get for ${params.name} v${params.version} without \`model_version\`.`);
  return res.model_version;
}

/** Gets the model version an alias points to (`GET registered-models/alias`). */
export async function getModelVersionByAlias(params: MlflowParams & { name: string; alias: string }): Promise<WireModelVersion> {
  const res = await mlflowRequest<WireModelVersionResponse>(params, 'GET', 'registered-models/alias', {
    query: { name: params.name, alias: params.alias },
    describe: `MLflow alias ${JSON.stringify(params.alias)} of registered model ${JSON.stringify(params.name)}`,
  });
  if (!res.model_version) throw new MlflowError('mlflow-bad-response', `MLflow answered registered-models/alias for ${params.name}@${params.alias} without \`model_version\`.`);
  return res.model_version;
}

/** Gets a run with its params, metrics, tags and dataset inputs (`GET runs/get`). */
export async function getRun(params: MlflowParams & { runId: string }): Promise<WireRun> {
  const res = await mlflowRequest<WireGetRunResponse>(params, 'GET', 'runs/get', {
    query: { run_id: params.runId },
    describe: `MLflow run ${params.runId}`,
  });
  if (!res.run) throw new MlflowError('mlflow-bad-response', `MLflow answered runs/get for ${params.runId} without \`run\`.`);
  return res.run;
}

/** Gets an MLflow 3 logged model (`GET logged-models/{id}`); undefined on servers without logged models. */
export async function getLoggedModel(params: MlflowParams & { modelId: string }): Promise<WireLoggedModel | undefined> {
  try {
    const res = await mlflowRequest<WireGetLoggedModelResponse>(params, 'GET', `logged-models/${encodeURIComponent(params.modelId)}`, {
      describe: `MLflow logged model ${params.modelId}`,
    });
    return res.model;
  } catch (err) {
    if (err instanceof MlflowError && err.code === 'mlflow-unsupported') return undefined;
    throw err;
  }
}

/** Registers a webhook through MLflow's webhook API (MLflow 3.3+); `mlflow-unsupported` on older servers. */
export async function createWebhook(params: MlflowParams & { webhook: WireCreateWebhookRequest }): Promise<WireWebhook> {
  const res = await mlflowRequest<WireWebhookResponse>(params, 'POST', 'webhooks', { body: params.webhook });
  if (!res.webhook) throw new MlflowError('mlflow-bad-response', 'MLflow answered POST webhooks without `webhook`.');
  return res.webhook;
}

/** Lists the webhooks registered on the server (`GET webhooks`), following `next_page_token`. */
export async function* listWebhooks(params: MlflowParams & { maxResults?: number }): AsyncGenerator<WireWebhook> {
  let pageToken: string | undefined;
  do {
    const page = await mlflowRequest<WireListWebhooksResponse>(params, 'GET', 'webhooks', {
      query: { max_results: params.maxResults ?? 100, page_token: pageToken },
    });
    for (const w of page.webhooks ?? []) yield w;
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
}
