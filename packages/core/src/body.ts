import { CardError, decodeUtf8, parseCardJson } from '@modellake/card';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LakeError } from './errors.js';

/**
 * Request body limits (bytes). Every route that reads a body goes through {@link readBodyLimited}, so a
 * limit holds whether the client sends `Content-Length` or a chunked body.
 */
export const BODY_LIMITS = {
  /** `POST /v1/import` (NDJSON batches) unless `config.maxBodyBytes` says otherwise. */
  import: 64 * 1024 * 1024,
  /** `POST /v1/hooks/mlflow`: MLflow payloads are a few hundred bytes. */
  webhook: 1024 * 1024,
  /** Policies (`PUT /v1/governance/policy`, `POST /v1/governance/audit`) and connector state (`PUT /v1/state/...`). */
  document: 1024 * 1024,
  /** Small JSON commands: aliases, tokens, workflow transitions. */
  small: 64 * 1024,
} as const;

/**
 * Reads the whole request body, refusing it with a 413 problem (`payload-too-large`, or `code`) as soon
 * as more than `limit` bytes arrive. Hono's `bodyLimit` does the counting: it rejects a declared
 * `Content-Length` over the limit before reading anything (Node's HTTP parser never delivers more than
 * the declared length), and otherwise reads the stream chunk by chunk and stops at the first byte past
 * the limit, so at most `limit` bytes are ever buffered. The 413 carries `Connection: close` (see the
 * app's error handler): Node then closes the socket once the answer is written, instead of draining the
 * unread rest of the upload.
 */
export async function readBodyLimited(c: Context, limit: number, options: { what?: string; code?: string } = {}): Promise<Uint8Array> {
  let over = false;
  const check = bodyLimit({
    maxSize: limit,
    onError: () => {
      over = true;
      return new Response(null, { status: 413 });
    },
  });
  await check(c, async () => {});
  const what = options.what ?? 'Request body';
  if (over) {
    const declared = c.req.header('content-length');
    const size = declared && !c.req.header('transfer-encoding') ? `${declared} bytes` : `over ${limit} bytes`;
    throw new LakeError(options.code ?? 'payload-too-large', 413, `${what} is ${size}; the limit is ${limit} bytes.`, { details: { limit } });
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  // Belt and braces: a runtime that delivers more than it declared is still refused.
  if (bytes.length > limit) throw new LakeError(options.code ?? 'payload-too-large', 413, `${what} is ${bytes.length} bytes; the limit is ${limit} bytes.`, { details: { limit } });
  return bytes;
}

/** Turns a card parser error into a problem: encoding and syntax 400, depth and repeated keys 422. */
export function lakeErrorOfParse(e: CardError, what: string): LakeError {
  const details = { ...e.details, ...(e.issues.length ? { issues: e.issues } : {}) };
  const message = `${what}: ${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}`;
  if (e.code === 'invalid-utf8') return new LakeError('invalid-utf8', 400, message, { details });
  if (e.code === 'json-invalid') return new LakeError('bad-request', 400, `${what} is not valid JSON: ${e.message}`, { details });
  return new LakeError(e.code, 422, message, { details });
}

/** Decodes bytes as strict UTF-8; invalid bytes are a 400 `invalid-utf8` problem naming the byte offset. */
export function decodeBody(bytes: Uint8Array, what = 'Request body'): string {
  try {
    return decodeUtf8(bytes);
  } catch (e) {
    if (e instanceof CardError) throw lakeErrorOfParse(e, what);
    throw e;
  }
}

/** Reads a size-limited, strictly UTF-8 text body. */
export async function readTextLimited(c: Context, limit: number, options: { what?: string; code?: string } = {}): Promise<string> {
  return decodeBody(await readBodyLimited(c, limit, options), options.what);
}

/**
 * Reads a size-limited JSON body with the card parser's strict rules: UTF-8 (400), syntax (400), nesting
 * past MAX_CARD_DEPTH (422 `nesting-too-deep`) and repeated keys (422 `duplicate-key`), each with its line.
 * An empty body is `undefined` when `optional` is set.
 */
export async function readJsonLimited(c: Context, limit: number, options: { what?: string; code?: string; optional?: boolean } = {}): Promise<unknown> {
  const what = options.what ?? 'Request body';
  const text = await readTextLimited(c, limit, options);
  if (options.optional && !text.trim()) return undefined;
  try {
    return parseCardJson(text);
  } catch (e) {
    if (e instanceof CardError) throw lakeErrorOfParse(e, what);
    throw e;
  }
}
