/** Stable codes of every error the fingerprint package throws. */
export type FingerprintErrorCode =
  | 'truncated'
  | 'header-too-large'
  | 'bad-header'
  | 'bad-dtype'
  | 'bad-shape'
  | 'bad-offsets'
  | 'bad-gguf'
  | 'bad-json'
  | 'bad-index'
  | 'not-a-model'
  | 'not-a-file'
  | 'http-error';

/** Error raised for malformed or hostile model files; names the file and, where known, the byte offset. */
export class FingerprintError extends Error {
  readonly code: FingerprintErrorCode;
  readonly file: string | undefined;
  readonly offset: number | undefined;

  constructor(code: FingerprintErrorCode, message: string, opts: { file?: string; offset?: number; cause?: unknown } = {}) {
    const where = [opts.file, opts.offset !== undefined ? `offset ${opts.offset}` : undefined].filter(Boolean).join(' at ');
    super(where ? `${where}: ${message}` : message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'FingerprintError';
    this.code = code;
    this.file = opts.file;
    this.offset = opts.offset;
  }
}
