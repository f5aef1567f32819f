import { EmbeddingError } from './errors.js';
import { createBuiltinEmbedder } from './drivers/builtin.js';
import { createOpenAIEmbedder } from './drivers/openai.js';
import { createTransformersEmbedder } from './drivers/transformers.js';
import type { EmbeddingProvider } from './types.js';

/** Embedding provider configuration (e.g. from `MODELLAKE_EMBEDDER*` environment variables). */
export type EmbedderConfig =
  | { provider: 'builtin'; dimension?: number }
  | { provider: 'openai'; baseUrl: string; model: string; token?: string; dimension?: number; fetch?: typeof fetch }
  | { provider: 'transformers'; modelPath: string; model: string; dimension?: number };

/** Builds the configured provider; `builtin` when nothing is configured. */
export function createEmbedder(config?: EmbedderConfig): EmbeddingProvider {
  if (!config || config.provider === 'builtin') return createBuiltinEmbedder({ dimension: config?.dimension ?? 256 });
  if (config.provider === 'openai') return createOpenAIEmbedder(config);
  if (config.provider === 'transformers') return createTransformersEmbedder(config);
  throw new EmbeddingError('EMBEDDING_BAD_CONFIG', String((config as { provider?: unknown }).provider), `unknown embedding provider "${String((config as { provider?: unknown }).provider)}" (expected builtin, openai or transformers)`);
}

/** Reads `MODELLAKE_EMBEDDER` (`builtin` | `openai` | `transformers`), `MODELLAKE_EMBEDDER_URL`, `_MODEL`, `_TOKEN`, `_PATH`, `_DIM`. */
export function embedderConfigFromEnv(env: Record<string, string | undefined> = process.env): EmbedderConfig | undefined {
  const p = env.MODELLAKE_EMBEDDER;
  if (!p) return undefined;
  const dimension = env.MODELLAKE_EMBEDDER_DIM ? Number(env.MODELLAKE_EMBEDDER_DIM) : undefined;
  if (p === 'builtin') return { provider: 'builtin', ...(dimension ? { dimension } : {}) };
  if (p === 'openai') {
    return { provider: 'openai', baseUrl: env.MODELLAKE_EMBEDDER_URL ?? '', model: env.MODELLAKE_EMBEDDER_MODEL ?? '', ...(env.MODELLAKE_EMBEDDER_TOKEN ? { token: env.MODELLAKE_EMBEDDER_TOKEN } : {}), ...(dimension ? { dimension } : {}) };
  }
  if (p === 'transformers') {
    return { provider: 'transformers', modelPath: env.MODELLAKE_EMBEDDER_PATH ?? '', model: env.MODELLAKE_EMBEDDER_MODEL ?? '', ...(dimension ? { dimension } : {}) };
  }
  throw new EmbeddingError('EMBEDDING_BAD_CONFIG', p, `MODELLAKE_EMBEDDER="${p}" is not a provider (expected builtin, openai or transformers)`);
}
