import { EmbeddingError } from '../errors.js';
import { normalize, type EmbedOptions, type EmbeddingProvider } from '../types.js';

/** Options of the OpenAI-compatible embedder (OpenAI, Ollama, TEI, vLLM, LiteLLM...). */
export interface OpenAIEmbedderOptions {
  /** Server root, with or without `/v1` (e.g. `http://127.0.0.1:11434`). */
  baseUrl: string;
  /** Model name sent in the request. */
  model: string;
  /** Bearer token, if the server needs one. */
  token?: string;
  /** Expected vector length; when unset, learned from the first response (call `probe()` to learn it eagerly). */
  dimension?: number;
  /** Texts per request. @default 64 */
  batchSize?: number;
  /** Per-request timeout in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Prefixes some models want (e.g. e5's `query: ` / `passage: `). */
  queryPrefix?: string;
  documentPrefix?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** Wire shape of `POST /v1/embeddings` (OpenAI). */
interface EmbeddingsResponse {
  data?: { embedding?: number[]; index?: number }[];
  model?: string;
}

function endpoint(baseUrl: string): string {
  const root = baseUrl.replace(/\/+$/, '');
  return /\/v1$/.test(root) ? `${root}/embeddings` : `${root}/v1/embeddings`;
}

/** An embedder calling an OpenAI-compatible `/v1/embeddings` endpoint. */
export function createOpenAIEmbedder(opts: OpenAIEmbedderOptions): EmbeddingProvider & { probe(): Promise<number> } {
  if (!opts.baseUrl) throw new EmbeddingError('EMBEDDING_BAD_CONFIG', 'openai', 'openai embedder: baseUrl is required');
  if (!opts.model) throw new EmbeddingError('EMBEDDING_BAD_CONFIG', 'openai', 'openai embedder: model is required');
  const url = endpoint(opts.baseUrl);
  const doFetch = opts.fetch ?? globalThis.fetch;
  const batchSize = opts.batchSize ?? 64;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let dimension = opts.dimension ?? 0;

  const call = async (input: string[], signal?: AbortSignal): Promise<Float32Array[]> => {
    const signals = [AbortSignal.timeout(timeoutMs), signal, opts.signal].filter((s): s is AbortSignal => !!s);
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
        body: JSON.stringify({ model: opts.model, input, encoding_format: 'float' }),
        signal: AbortSignal.any(signals),
      });
    } catch (cause) {
      throw new EmbeddingError('EMBEDDING_UNAVAILABLE', 'openai', `embedding server ${url} is unreachable: ${(cause as Error).message}`, { url, cause });
    }
    if (!res.ok) {
      const detail = (await res.text().catch(() => '')).slice(0, 300);
      throw new EmbeddingError('EMBEDDING_UNAVAILABLE', 'openai', `embedding server ${url} answered ${res.status}: ${detail}`, { url, status: res.status });
    }
    let body: EmbeddingsResponse;
    try {
      body = (await res.json()) as EmbeddingsResponse;
    } catch (cause) {
      throw new EmbeddingError('EMBEDDING_BAD_RESPONSE', 'openai', `embedding server ${url} answered invalid JSON`, { url, cause });
    }
    const data = body.data;
    if (!Array.isArray(data) || data.length !== input.length) {
      throw new EmbeddingError('EMBEDDING_BAD_RESPONSE', 'openai', `embedding server ${url} returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${input.length} inputs (field "data")`, { url });
    }
    const out: Float32Array[] = new Array<Float32Array>(input.length);
    data.forEach((d, i) => {
      const at = typeof d.index === 'number' ? d.index : i;
      if (!Array.isArray(d.embedding) || d.embedding.some((x) => typeof x !== 'number')) {
        throw new EmbeddingError('EMBEDDING_BAD_RESPONSE', 'openai', `embedding server ${url}: data[${i}].embedding is not an array of numbers`, { url });
      }
      if (dimension === 0) dimension = d.embedding.length;
      if (d.embedding.length !== dimension) {
        throw new EmbeddingError('EMBEDDING_DIMENSION_MISMATCH', 'openai', `embedding server ${url}: data[${i}].embedding has ${d.embedding.length} values, expected ${dimension}`, { url });
      }
      out[at] = normalize(Float32Array.from(d.embedding));
    });
    return out;
  };

  return {
    id: 'openai',
    model: opts.model,
    get dimension() {
      return dimension;
    },
    async embed(texts: string[], o: EmbedOptions = {}): Promise<Float32Array[]> {
      const prefix = (o.kind === 'query' ? opts.queryPrefix : opts.documentPrefix) ?? '';
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        out.push(...(await call(texts.slice(i, i + batchSize).map((t) => prefix + t), o.signal)));
      }
      return out;
    },
    async probe(): Promise<number> {
      if (dimension === 0) await call(['probe']);
      return dimension;
    },
  };
}
