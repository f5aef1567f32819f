/** Stable codes of problems found while reading or mapping model-index files. */
export type ProblemCode =
  | 'path-not-found'
  | 'file-unreadable'
  | 'path-outside-root'
  | 'yaml-invalid'
  | 'yaml-warning'
  | 'duplicate-key'
  | 'import-missing'
  | 'import-invalid'
  | 'document-invalid'
  | 'front-matter-invalid'
  | 'model-invalid'
  | 'model-duplicate'
  | 'model-in-broken-file'
  | 'collection-unknown'
  | 'collection-duplicate'
  | 'number-as-string'
  | 'number-unparseable'
  | 'result-invalid'
  | 'card-invalid'
  | 'put-failed';

/** One problem, located at a file and (1-based) line; `error` means the model named was not imported. */
export interface ModelIndexProblem {
  code: ProblemCode;
  severity: 'error' | 'warning';
  /** File path as given to the importer (relative to the import path when inside it). */
  file: string;
  line?: number;
  column?: number;
  /** Model name when the problem concerns one model. */
  model?: string;
  message: string;
}

/** Stable codes of errors that stop an import as a whole. */
export type ModelIndexErrorCode = 'path-not-found' | 'nothing-to-import';

/** Error thrown by the model-index importer when the import cannot start at all. */
export class ModelIndexError extends Error {
  readonly code: ModelIndexErrorCode;
  constructor(code: ModelIndexErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelIndexError';
    this.code = code;
  }
}

/** Formats a problem as `file:line: message` for logs and CLI output. */
export function formatProblem(p: ModelIndexProblem): string {
  const loc = p.line !== undefined ? `${p.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : p.file;
  return `${loc}: ${p.severity} ${p.code}: ${p.message}`;
}
