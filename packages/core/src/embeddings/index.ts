export type { EmbeddingProvider, EmbedOptions, EmbedKind } from './types.js';
export { providerKey, normalize, dot } from './types.js';
export { EmbeddingError, type EmbeddingErrorCode } from './errors.js';
export { createBuiltinEmbedder, conceptsOf, type BuiltinEmbedderOptions } from './drivers/builtin.js';
export { createOpenAIEmbedder, type OpenAIEmbedderOptions } from './drivers/openai.js';
export { createTransformersEmbedder, type TransformersEmbedderOptions } from './drivers/transformers.js';
export { createEmbedder, embedderConfigFromEnv, type EmbedderConfig } from './config.js';
