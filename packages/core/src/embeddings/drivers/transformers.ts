import { EmbeddingError } from '../errors.js';
import { normalize, type EmbedOptions, type EmbeddingProvider } from '../types.js';

/** Options of the local transformers.js embedder. */
export interface TransformersEmbedderOptions {
  /** Directory holding model folders (transformers.js `env.localModelPath`). */
  modelPath: string;
  /** Model id under `modelPath` (e.g. `Xenova/all-MiniLM-L6-v2`). */
  model: string;
  /** Expected vector length; learned from the first call when unset. */
  dimension?: number;
  /** ONNX weights precision. @default 'fp32' */
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  /** Texts per inference call. @default 32 */
  batchSize?: number;
}

type Extractor = (texts: string[], o: { pooling: 'mean'; normalize: boolean }) => Promise<{ data: Float32Array; dims: number[] }>;

/**
 * An embedder running a local model directory through transformers.js. The (heavy, optional)
 * `@huggingface/transformers` package is imported only on first use; nothing is downloaded.
 */
export function createTransformersEmbedder(opts: TransformersEmbedderOptions): EmbeddingProvider & { probe(): Promise<number> } {
  let dimension = opts.dimension ?? 0;
  let extractor: Promise<Extractor> | undefined;
  const batchSize = opts.batchSize ?? 32;

  const load = (): Promise<Extractor> => {
    extractor ??= (async () => {
      const pkg = '@huggingface/transformers';
      let mod: { env: Record<string, unknown>; pipeline: (task: string, model: string, o: object) => Promise<unknown> };
      try {
        mod = (await import(pkg)) as typeof mod;
      } catch (cause) {
        throw new EmbeddingError('EMBEDDING_NOT_INSTALLED', 'transformers', `the transformers provider needs @huggingface/transformers: install it with "pnpm add @huggingface/transformers@4.3.1"`, { cause });
      }
      mod.env.allowRemoteModels = false;
      mod.env.allowLocalModels = true;
      mod.env.localModelPath = opts.modelPath.endsWith('/') ? opts.modelPath : `${opts.modelPath}/`;
      try {
        return (await mod.pipeline('feature-extraction', opts.model, { dtype: opts.dtype ?? 'fp32', device: 'cpu' })) as Extractor;
      } catch (cause) {
        throw new EmbeddingError('EMBEDDING_UNAVAILABLE', 'transformers', `cannot load model "${opts.model}" from ${opts.modelPath}: ${(cause as Error).message}`, { cause });
      }
    })();
    extractor.catch(() => {
      extractor = undefined;
    });
    return extractor;
  };

  const embed = async (texts: string[], _o: EmbedOptions = {}): Promise<Float32Array[]> => {
    const fe = await load();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const batch = texts.slice(i, i + batchSize);
      const t = await fe(batch, { pooling: 'mean', normalize: true });
      const dim = t.dims.at(-1) ?? 0;
      if (dimension === 0) dimension = dim;
      if (dim !== dimension) {
        throw new EmbeddingError('EMBEDDING_DIMENSION_MISMATCH', 'transformers', `model "${opts.model}" returned ${dim}-dimensional vectors, expected ${dimension}`);
      }
      for (let j = 0; j < batch.length; j++) out.push(normalize(Float32Array.from(t.data.subarray(j * dim, (j + 1) * dim))));
    }
    return out;
  };

  return {
    id: 'transformers',
    model: opts.model,
    get dimension() {
      return dimension;
    },
    embed,
    async probe(): Promise<number> {
      if (dimension === 0) await embed(['probe']);
      return dimension;
    },
  };
}
