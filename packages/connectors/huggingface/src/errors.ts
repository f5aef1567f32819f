/** Stable error codes of the Hugging Face importer. */
export type HfErrorCode =
  | 'hf-repo-not-found'
  | 'hf-gated'
  | 'hf-private'
  | 'hf-http'
  | 'hf-network'
  | 'hf-safetensors-invalid'
  | 'hf-card-invalid'
  | 'hf-checkpoint-invalid'
  | 'hf-aborted';

/** Error raised by the importer; carries a stable `code` and, for HTTP, the status, url and request id. */
export class HfImportError extends Error {
  readonly code: HfErrorCode;
  readonly status?: number;
  readonly url?: string;
  readonly requestId?: string;
  /** File inside the repository the error concerns (e.g. `model-00001-of-00002.safetensors`). */
  readonly file?: string;
  constructor(
    code: HfErrorCode,
    message: string,
    opts: { status?: number; url?: string; requestId?: string; file?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'HfImportError';
    this.code = code;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.url !== undefined) this.url = opts.url;
    if (opts.requestId !== undefined) this.requestId = opts.requestId;
    if (opts.file !== undefined) this.file = opts.file;
  }
}

/** Whether an error means "skip this repo" (gated, private or missing) rather than a failure. */
export function isSkippable(err: unknown): boolean {
  return err instanceof HfImportError && (err.code === 'hf-repo-not-found' || err.code === 'hf-gated' || err.code === 'hf-private');
}

/**
 * Turns an error from `@huggingface/hub` (a `HubApiError` with `statusCode`, `url`, `requestId`, `data`)
 * or from fetch into an HfImportError. `X-Error-Code` from the Hub (RepoNotFound, GatedRepo) is in `hubCode`.
 */
export function toHfError(err: unknown, repo: string, hubCode?: string): HfImportError {
  if (err instanceof HfImportError) return err;
  const e = err as { statusCode?: number; url?: string; requestId?: string; message?: string; name?: string };
  if (e?.name === 'AbortError') return new HfImportError('hf-aborted', `Import of ${repo} was aborted.`, { cause: err });
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const base = { ...(status !== undefined ? { status } : {}), ...(e?.url ? { url: e.url } : {}), ...(e?.requestId ? { requestId: e.requestId } : {}), cause: err };
  if (hubCode === 'GatedRepo' || (status === 403 && /gated/i.test(e?.message ?? ''))) {
    return new HfImportError('hf-gated', `${repo} is gated: access to its files has not been granted to this token (${status ?? 403} GatedRepo).`, base);
  }
  if (hubCode === 'RepoNotFound' || status === 404 || status === 401) {
    return new HfImportError(
      'hf-repo-not-found',
      `${repo} was not found, or is private and the token cannot read it (${status ?? 404}${hubCode ? ` ${hubCode}` : ''}).`,
      base,
    );
  }
  if (status === 403) return new HfImportError('hf-private', `${repo}: access denied (403).`, base);
  if (status !== undefined) return new HfImportError('hf-http', `${repo}: the hub answered ${status}: ${e?.message ?? ''}`.trim(), base);
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message;
  return new HfImportError('hf-network', `${repo}: ${e?.message ?? String(err)}${detail ? ` (${detail})` : ''}`, { cause: err });
}
