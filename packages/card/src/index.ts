export type * from './generated/model-card.js';
export type { Fingerprint } from './generated/fingerprint.js';
export { CardError, type CardErrorCode, type CardIssue } from './errors.js';
export {
  validate,
  assertValidCard,
  validateFingerprint,
  modelCardSchema,
  fingerprintSchema,
  DEFAULT_MAX_CARD_BYTES,
  type ValidationResult,
} from './validate.js';
export { canonicalJson, cardHash } from './canonical.js';
export { parseModelId, isModelId, formatModelId, parseVersionedId, modelIdProblem, ID_SOURCES, ID_SEGMENT_RULE, MODEL_ID_PATTERN, type ModelId } from './ids.js';
export { parseFrontMatter, serializeFrontMatter, FRONT_MATTER_RE, type FrontMatterDocument, type ParseFrontMatterOptions } from './front-matter.js';
export {
  MAX_CARD_DEPTH,
  MAX_YAML_ALIASES,
  parseCardJson,
  parseCardYaml,
  assertCardDepth,
  decodeUtf8,
  utf8ErrorOffset,
  type ParseCardOptions,
  type ParseCardYamlOptions,
} from './parse.js';
export { parseCardText, parseCardBytes, cardFormatOf, type CardTextFormat } from './card-file.js';
export { CARD_VERSION } from './version.js';
export { isLocalModelPath } from './local-path.js';
export { jsonErrorOffset, lineColAt, scanJson, type JsonScanProblem, type JsonScanOptions } from './json-position.js';
