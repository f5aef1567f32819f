/** Thin fetch wrapper for the lake API, sending the token kept in localStorage. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly code: string) {
    super(message);
  }
}

export function getToken(): string | null {
  return localStorage.getItem('modellake.token');
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem('modellake.token', token);
  else localStorage.removeItem('modellake.token');
}

/**
 * Model URL path: the id as ONE percent-encoded segment (`/` is `%2F`, so no URL normalisation can
 * change the target), then `/-/<suffix>` for a sub-resource: `/v1/models/hf%3Aacme%2Fx/-/history`.
 */
export function modelPath(id: string, suffix?: string): string {
  return `/v1/models/${encodeURIComponent(id)}${suffix ? `/-/${encodeURIComponent(suffix)}` : ''}`;
}

export async function api<T>(path: string, params: Record<string, string | string[] | undefined> = {}): Promise<T> {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) url.searchParams.append(k, x);
  }
  const token = getToken();
  const res = await fetch(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(String(body.detail ?? res.statusText), res.status, String(body.code ?? res.status));
  return body as T;
}
