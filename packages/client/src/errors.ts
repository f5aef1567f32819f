/** Error answered by a lake (problem details), or a transport failure reaching it (`code: 'lake-unreachable'`). */
export class LakeApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly url: string;
  /** The full problem-details body, when the lake answered one. */
  readonly problem: Record<string, unknown> | undefined;
  constructor(message: string, options: { status: number; code: string; url: string; problem?: Record<string, unknown>; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'LakeApiError';
    this.status = options.status;
    this.code = options.code;
    this.url = options.url;
    this.problem = options.problem;
  }
}
