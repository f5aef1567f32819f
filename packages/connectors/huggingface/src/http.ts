import { setTimeout as delay } from 'node:timers/promises';
/** Options of {@link createHubFetch}. */
export interface HubFetchOptions {
  /** Underlying fetch. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Token sent as `Authorization: Bearer` when the caller did not set one (for tokens `@huggingface/hub` refuses, e.g. a mirror's). */
  token?: string;
  /** Retries after the first attempt on 429, 5xx or a dropped connection. @default 5 */
  retries?: number;
  /** First backoff delay; doubles each retry, with jitter. @default 250 */
  baseDelayMs?: number;
  /** Longest wait, also the cap on `Retry-After`. @default 30000 */
  maxDelayMs?: number;
  /** Aborts waits and requests. */
  signal?: AbortSignal;
  /** Called before each retry (for logging and tests). */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  /** Injectable sleep (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * Wraps fetch for the Hub: retries 429/5xx and dropped connections with exponential backoff, honouring
 * `Retry-After` (seconds or HTTP date), and reads each body inside the retry loop so a connection that
 * drops mid-body is retried too. Pass the result as the `fetch` option of `@huggingface/hub` calls.
 */
export function createHubFetch(opts: HubFetchOptions = {}): typeof fetch {
  const inner = opts.fetch ?? globalThis.fetch;
  const retries = opts.retries ?? 5;
  const base = opts.baseDelayMs ?? 250;
  const max = opts.maxDelayMs ?? 30_000;
  const sleep = opts.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
  const hubFetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    if (opts.token && !headers.has('authorization')) headers.set('authorization', `Bearer ${opts.token}`);
    const signal = opts.signal && init?.signal ? AbortSignal.any([opts.signal, init.signal]) : (opts.signal ?? init?.signal ?? undefined);
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      let retryAfterMs: number | undefined;
      try {
        const res = await inner(url, { ...init, headers, ...(signal ? { signal } : {}) });
        if (RETRY_STATUS.has(res.status) && attempt < retries) {
          retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
          reason = `${res.status}`;
          await res.body?.cancel().catch(() => {});
        } else {
          const body = init?.method === 'HEAD' || res.status === 204 || res.status === 304 ? null : await res.arrayBuffer();
          const out = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
          Object.defineProperty(out, 'url', { value: res.url || url });
          Object.defineProperty(out, 'redirected', { value: res.redirected });
          return out;
        }
      } catch (err) {
        if (signal?.aborted || attempt >= retries) throw err;
        reason = describeNetworkError(err);
      }
      const backoff = Math.min(max, base * 2 ** attempt) * (0.5 + Math.random() / 2);
      const delayMs = Math.min(max, retryAfterMs ?? backoff);
      opts.onRetry?.({ url, attempt: attempt + 1, delayMs, reason });
      await sleep(delayMs, signal);
    }
  };
  return hubFetch as typeof fetch;
}

/** Parses `Retry-After` (delta seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const s = Number(value.trim());
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

function describeNetworkError(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

