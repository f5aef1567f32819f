/** Stable error codes of @modellake/card. */
export type CardErrorCode = 'card-invalid' | 'card-too-large' | 'card-id-invalid' | 'front-matter-invalid';

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
  constructor(code: CardErrorCode, message: string, issues: CardIssue[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CardError';
    this.code = code;
    this.issues = issues;
  }
}
