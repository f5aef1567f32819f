export { SearchIndex, ftsQuery, type SearchIndexOptions, type SearchRequest, type SearchResponse, type SearchHit, type HitExplanation, type FacetCount, type RelatedHit, type SearchIndexStatus } from './search-index.js';
export { parseFilter, parseNaturalQuery, parseAmount, type Filter, type ParsedQuery, type FacetVocabulary } from './query.js';
export { cardFields, cardFacets, cardSummary, embeddingText, slug, FACET_NAMES, type CardFields, type CardFacets, type CardSummary } from './card-text.js';
export { archVector, archFeatures, ARCH_DIMENSION, ARCH_MODEL } from './arch.js';
export { SearchQueryError, SearchNotFoundError } from './errors.js';
