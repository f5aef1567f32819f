/** Stable codes of errors raised by the MLflow connector. */
export type MlflowErrorCode =
  | 'mlflow-not-found'
  | 'mlflow-http'
  | 'mlflow-unreachable'
  | 'mlflow-bad-response'
  | 'mlflow-unsupported'
  | 'mlflow-pending'
  | 'mlflow-bad-input'
  | 'webhook-signature-missing'
  | 'webhook-signature-invalid'
  | 'webhook-timestamp-stale'
  | 'webhook-payload-invalid';

/** An MLflow connector error with a stable `code`; HTTP errors also carry status, url and MLflow's `error_code`. */
export class MlflowError extends Error {
  readonly code: MlflowErrorCode;
  readonly status: number | undefined;
  readonly url: string | undefined;
  /** MLflow's own `error_code` (e.g. `RESOURCE_DOES_NOT_EXIST`). */
  readonly mlflowCode: string | undefined;
  /** Request id header of the failed response, when the server sent one. */
  readonly requestId: string | undefined;
  constructor(
    code: MlflowErrorCode,
    message: string,
    options: { status?: number; url?: string; mlflowCode?: string; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'MlflowError';
    this.code = code;
    this.status = options.status;
    this.url = options.url;
    this.mlflowCode = options.mlflowCode;
    this.requestId = options.requestId;
  }

  /** True when a retry may succeed (server down, 429 or 5xx, a version still registering). */
  get retryable(): boolean {
    return this.code === 'mlflow-unreachable' || this.code === 'mlflow-pending' || (this.code === 'mlflow-http' && (this.status === 429 || (this.status ?? 0) >= 500));
  }
}

/** True when `err` is an MlflowError, optionally with the given code. */
export function isMlflowError(err: unknown, code?: MlflowErrorCode): err is MlflowError {
  return err instanceof MlflowError && (code === undefined || err.code === code);
}
