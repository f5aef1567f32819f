/** Stable codes of embedding failures. */
export type EmbeddingErrorCode =
  | 'EMBEDDING_UNAVAILABLE'
  | 'EMBEDDING_BAD_RESPONSE'
  | 'EMBEDDING_DIMENSION_MISMATCH'
  | 'EMBEDDING_NOT_INSTALLED'
  | 'EMBEDDING_BAD_CONFIG';

/** An embedding provider failed; `code` says how, `url`/`status` say where for HTTP providers. */
export class EmbeddingError extends Error {
  readonly code: EmbeddingErrorCode;
  readonly provider: string;
  readonly status?: number;
  readonly url?: string;

  constructor(
    code: EmbeddingErrorCode,
    provider: string,
    message: string,
    opts: { status?: number; url?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'EmbeddingError';
    this.code = code;
    this.provider = provider;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.url !== undefined) this.url = opts.url;
  }
}
