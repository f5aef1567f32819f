/** What a text is embedded as: some models (e5, nomic, the built-in one) treat queries and documents differently. */
export type EmbedKind = 'query' | 'document';

/** Options of one `embed` call. */
export interface EmbedOptions {
  kind?: EmbedKind;
  signal?: AbortSignal;
}

/**
 * An embedding provider: turns texts into fixed-length vectors. Every driver passes the shared
 * conformance suite (`packages/core/test/embed-conformance.test.ts`).
 */
export interface EmbeddingProvider {
  /** Driver id (`builtin`, `openai`, `transformers`). */
  readonly id: string;
  /** Model name as the driver knows it; recorded with every vector. */
  readonly model: string;
  /** Vector length; every returned vector has exactly this many entries. */
  readonly dimension: number;
  /** Embeds texts in order; vectors are L2-normalised. Rejects with an `EmbeddingError` when the provider fails. */
  embed(texts: string[], opts?: EmbedOptions): Promise<Float32Array[]>;
  /** Optional: lets a provider learn corpus statistics from indexed documents (the built-in one does). */
  observe?(texts: string[]): void;
  /** Optional: forgets documents previously given to `observe`. */
  forget?(texts: string[]): void;
}

/** Provider identity stored beside every vector: a vector is only comparable to vectors with the same key. */
export function providerKey(p: Pick<EmbeddingProvider, 'id' | 'model' | 'dimension'>): string {
  return `${p.id}/${p.model}/${p.dimension}`;
}

/** Scales a vector to unit length in place (zero vectors stay zero) and returns it. */
export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  if (s > 0) {
    const k = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i]! *= k;
  }
  return v;
}

/** Dot product of two equal-length vectors (cosine when both are unit length). */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}
