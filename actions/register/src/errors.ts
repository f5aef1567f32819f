import { LakeApiError } from '@modellake/client';

/** Stable codes of the Action's own errors. */
export type ActionErrorCode = 'input-invalid' | 'path-not-found' | 'path-unrecognised' | 'lake-unreachable' | 'lake-auth' | 'lake-failed' | 'card-invalid';

/** An error of the Action: one line that names the file or URL and says what to do. */
export class ActionError extends Error {
  readonly code: ActionErrorCode;
  /** Workspace-relative file the error is about (for an annotation). */
  readonly file?: string;
  readonly line?: number;
  constructor(code: ActionErrorCode, message: string, options: { file?: string; line?: number; cause?: unknown } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'ActionError';
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.line !== undefined) this.line = options.line;
  }
}

/** The first system error code (`ECONNREFUSED`, `ENOTFOUND`...) in a chain of causes. */
function networkCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const c = networkCode(inner, depth + 1);
    if (c) return c;
  }
  return undefined;
}

/** Message of the innermost cause (`bad port`, `fetch failed`). */
function rootMessage(err: unknown): string | undefined {
  let e = err as { message?: unknown; cause?: unknown } | undefined;
  let msg: string | undefined;
  for (let i = 0; e && typeof e === 'object' && i < 6; i++, e = e.cause as typeof e) if (typeof e.message === 'string') msg = e.message;
  return msg;
}

/** Turns a lake client error into one actionable line naming the lake URL. */
export function describeLakeError(err: unknown, lakeUrl: string, what: string): ActionError {
  if (err instanceof LakeApiError) {
    if (err.code === 'lake-unreachable' || err.status === 0) {
      const reason = networkCode(err.cause) ?? rootMessage(err.cause) ?? 'no answer';
      return new ActionError('lake-unreachable', `Cannot reach the lake at ${lakeUrl} (${reason}) while ${what}: check the \`lake-url\` input and that the lake is reachable from the runner.`, { cause: err });
    }
    if (err.status === 401) {
      return new ActionError('lake-auth', `The lake at ${lakeUrl} rejected the token (401 ${err.code}) while ${what}: check the \`lake-token\` secret; create a writer token with \`modellake token create ci --role writer\`.`, { cause: err });
    }
    if (err.status === 403) {
      return new ActionError('lake-auth', `The lake at ${lakeUrl} refused ${what} (403 ${err.code}): the \`lake-token\` needs the writer role.`, { cause: err });
    }
    return new ActionError('lake-failed', `The lake at ${lakeUrl} failed ${what} (${err.status} ${err.code}): ${err.message}`, { cause: err });
  }
  return new ActionError('lake-failed', `The lake at ${lakeUrl} failed ${what}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}
