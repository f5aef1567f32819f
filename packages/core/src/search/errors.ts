/** A search request the index cannot answer as asked (bad filter, bad limit); maps to HTTP 400 `SEARCH_BAD_QUERY`. */
export class SearchQueryError extends Error {
  readonly code = 'SEARCH_BAD_QUERY';
  constructor(message: string) {
    super(message);
    this.name = 'SearchQueryError';
  }
}

/** A model the request names is not in the search index; maps to HTTP 404 `MODEL_NOT_FOUND`. */
export class SearchNotFoundError extends Error {
  readonly code = 'MODEL_NOT_FOUND';
  constructor(id: string) {
    super(`model "${id}" is not in the search index`);
    this.name = 'SearchNotFoundError';
  }
}
