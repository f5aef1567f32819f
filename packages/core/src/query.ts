import type { Context } from 'hono';
import { LakeError } from './errors.js';

/** Bounds of an integer query parameter. */
export interface IntQueryOptions {
  /** Smallest accepted value (inclusive). */
  min: number;
  /** Largest accepted value (inclusive). @default Number.MAX_SAFE_INTEGER */
  max?: number;
  /** Error code of the problem details. @default 'bad-request' */
  code?: string;
}

const DECIMAL = /^[+-]?\d+$/;

/**
 * Parses an integer query parameter: undefined when absent or empty, else a decimal integer within
 * `[min, max]`. Anything else (`abc`, `1.5`, `1e3`, `-1` below the minimum, `0x10`, a repeated
 * parameter) is a 400 problem detail naming the parameter and the allowed range; never a 500 and
 * never silently clamped.
 */
export function parseIntParam(value: string | undefined, name: string, opts: IntQueryOptions): number | undefined {
  if (value === undefined || value === '') return undefined;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const range = opts.max === undefined ? `an integer ≥ ${opts.min}` : `an integer from ${opts.min} to ${max}`;
  const n = DECIMAL.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < opts.min || n > max) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    throw new LakeError(opts.code ?? 'bad-request', 400, `Query parameter \`${name}\` must be ${range}, got ${JSON.stringify(shown)}.`, {
      details: { parameter: name, minimum: opts.min, ...(opts.max !== undefined ? { maximum: opts.max } : {}) },
    });
  }
  return n;
}

/** {@link parseIntParam} on the request's query; a parameter given more than once is refused too. */
export function intQuery(c: Context, name: string, opts: IntQueryOptions): number | undefined {
  const all = c.req.queries(name);
  if (all && all.length > 1) {
    throw new LakeError(opts.code ?? 'bad-request', 400, `Query parameter \`${name}\` is given ${all.length} times; give it once.`, { details: { parameter: name } });
  }
  return parseIntParam(c.req.query(name), name, opts);
}

/** Largest page of `/v1/models` (and the default `limit` of the audit listing's cap). */
export const MAX_PAGE = 1000;
/** Largest `limit` of `/v1/audit`. */
export const MAX_AUDIT_PAGE = 100_000;
