/** Stable error codes of @modellake/connector-github. */
export type GitHubConnectorErrorCode = 'card-file-invalid' | 'card-file-unparsable' | 'context-invalid' | 'model-folder-invalid';

/** Error of the GitHub mapping; names the file (and line or field) it concerns. */
export class GitHubConnectorError extends Error {
  readonly code: GitHubConnectorErrorCode;
  /** Repository-relative path of the file at fault, when there is one. */
  readonly file?: string;
  constructor(code: GitHubConnectorErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'GitHubConnectorError';
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
  }
}
