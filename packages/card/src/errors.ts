/** Stable error codes of @modellake/card. */
export type CardErrorCode =
  | 'card-invalid'
  | 'card-too-large'
  | 'card-id-invalid'
  | 'front-matter-invalid'
  /** JSON syntax error (line and column in the message). */
  | 'json-invalid'
  /** YAML syntax error, or aliases expanding past the limit. */
  | 'yaml-invalid'
  /** Objects/arrays nested deeper than MAX_CARD_DEPTH. */
  | 'nesting-too-deep'
  /** A key repeated in one JSON object or YAML mapping. */
  | 'duplicate-key'
  /** Bytes that are not valid UTF-8. */
  | 'invalid-utf8';

/** One problem found in a card, with the JSON path (RFC 6901 pointer) it concerns. */
export interface CardIssue {
  /** JSON pointer of the offending value, `''` for the card itself. */
  path: string;
  /** A human sentence naming the field and what is wrong. */
  message: string;
  /** The ajv keyword that failed (`required`, `type`, `pattern`, ...). */
  keyword: string;
}

/** Error thrown by card helpers; carries every issue found. */
export class CardError extends Error {
  readonly code: CardErrorCode;
  readonly issues: CardIssue[];
  /** Where the problem is, when known: `line` (1-based), `byteOffset`, `key`, `maxDepth`. */
  readonly details: { line?: number; byteOffset?: number; key?: string; maxDepth?: number };
  constructor(code: CardErrorCode, message: string, issues: CardIssue[] = [], options?: { cause?: unknown; details?: CardError['details'] }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'CardError';
    this.code = code;
    this.issues = issues;
    this.details = options?.details ?? {};
  }
}
