/** Stable codes of every problem this connector reports. */
export type DvcErrorCode =
  | 'dvc-not-a-project'
  | 'dvc-yaml-malformed'
  | 'dvc-schema-invalid'
  | 'dvc-lock-mismatch'
  | 'dvc-hash-invalid'
  | 'dvc-metrics-missing'
  | 'dvc-metrics-malformed'
  | 'dvc-params-missing'
  | 'dvc-params-malformed'
  | 'dvc-path-outside-root'
  | 'dvc-file-unreadable'
  | 'dvc-out-missing'
  | 'dvc-git-failed'
  | 'dvc-lake-failed'
  | 'dvc-hook-failed';

/** One problem found in one file: the card(s) that can still be built are built. */
export interface DvcProblem {
  code: DvcErrorCode;
  /** File the problem is in, relative to the imported directory (posix separators). */
  file: string;
  /** 1-based line in `file`, where known. */
  line?: number;
  /** Dotted path of the field, where known (e.g. `stages.train.outs[0].md5`). */
  field?: string;
  message: string;
}

/** Error thrown by the DVC connector; carries a stable `code` and, for file errors, where. */
export class DvcError extends Error {
  override readonly name = 'DvcError';
  readonly code: DvcErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;

  constructor(code: DvcErrorCode, message: string, opts: { file?: string; line?: number; field?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    if (opts.file !== undefined) this.file = opts.file;
    if (opts.line !== undefined) this.line = opts.line;
    if (opts.field !== undefined) this.field = opts.field;
  }

  /** The error as a problem record. */
  toProblem(): DvcProblem {
    return problem(this.code, this.file ?? '', this.message, { line: this.line, field: this.field });
  }
}

/** Builds a problem record, leaving out unknown fields. */
export function problem(code: DvcErrorCode, file: string, message: string, at: { line?: number | undefined; field?: string | undefined } = {}): DvcProblem {
  const p: DvcProblem = { code, file, message };
  if (at.line !== undefined) p.line = at.line;
  if (at.field !== undefined) p.field = at.field;
  return p;
}

/** Formats a problem as `file:line: message [code]`. */
export function formatProblem(p: DvcProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return `${where}: ${p.message} [${p.code}]`;
}
