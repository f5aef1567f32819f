/** Stable error codes answered by the lake (the `code` member of problem details). */
export type LakeErrorCode =
  | 'card-invalid'
  | 'card-too-large'
  | 'card-id-mismatch'
  | 'model-not-found'
  | 'model-deleted'
  | 'revision-not-found'
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'internal'
  | (string & {});

/** An error with an HTTP status and a stable code; the app turns it into RFC 9457 problem details. */
export class LakeError extends Error {
  readonly code: LakeErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: LakeErrorCode, status: number, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'LakeError';
    this.code = code;
    this.status = status;
    this.details = options.details;
  }
}

/** RFC 9457 problem details body as answered by the lake. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  410: 'Gone', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 500: 'Internal Server Error',
};

/** Builds problem details for an error (unknown errors become a 500 `internal` without leaking internals). */
export function toProblem(err: unknown, instance?: string): ProblemDetails {
  if (err instanceof LakeError) {
    return {
      type: `https://modellake.dev/problems/${err.code}`,
      title: TITLES[err.status] ?? 'Error',
      status: err.status,
      code: err.code,
      detail: err.message,
      ...(instance ? { instance } : {}),
      ...(err.details ?? {}),
    };
  }
  return { type: 'https://modellake.dev/problems/internal', title: TITLES[500]!, status: 500, code: 'internal', detail: 'Internal error; see the lake log.', ...(instance ? { instance } : {}) };
}
