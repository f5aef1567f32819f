import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinEmbedder, createOpenAIEmbedder, createTransformersEmbedder, type EmbeddingProvider } from '../src/index.js';

/** The shared conformance suite every embedding provider passes. */
export function testEmbeddingProvider(name: string, make: () => Promise<EmbeddingProvider> | EmbeddingProvider): void {
  describe(`embedding provider conformance: ${name}`, () => {
    let p: EmbeddingProvider;
    beforeAll(async () => {
      p = await make();
    });

    it('names itself and its model', () => {
      expect(p.id).toMatch(/^[a-z]+$/);
      expect(p.model.length).toBeGreaterThan(0);
    });

    it('returns one unit vector of `dimension` values per text, in order', async () => {
      const texts = ['detect cars in street photos', 'summarise a contract', 'translate German to English'];
      const vs = await p.embed(texts);
      expect(vs).toHaveLength(3);
      for (const v of vs) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(v.length).toBe(p.dimension);
        const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
        expect(norm).toBeCloseTo(1, 4);
      }
      const [again] = await p.embed([texts[1]!]);
      expect(Array.from(again!)).toEqual(Array.from(vs[1]!));
    });

    it('accepts an empty batch and a query kind', async () => {
      expect(await p.embed([])).toEqual([]);
      const [q] = await p.embed(['object detector'], { kind: 'query' });
      expect(q!.length).toBe(p.dimension);
    });
  });
}

testEmbeddingProvider('builtin', () => createBuiltinEmbedder({ dimension: 128 }));

// A fake OpenAI-compatible server: deterministic vectors from character codes.
let server: http.Server;
let baseUrl = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(501).end(`unexpected ${req.method} ${req.url}`);
        return;
      }
      const { input } = JSON.parse(body) as { input: string[] };
      const data = input.map((t, index) => ({ object: 'embedding', index, embedding: Array.from({ length: 8 }, (_, i) => (t.charCodeAt(i % t.length) % 17) + i) }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: 'fake', usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

testEmbeddingProvider('openai (fake /v1/embeddings on loopback)', async () => {
  const p = createOpenAIEmbedder({ baseUrl, model: 'fake-embed' });
  await p.probe();
  return p;
});

// transformers.js is an optional dependency: its conformance run needs the package and a local model directory.
const require = createRequire(import.meta.url);
const hasTransformers = (() => {
  try {
    require.resolve('@huggingface/transformers');
    return true;
  } catch {
    return false;
  }
})();
const modelDir = process.env.MODELLAKE_TEST_TRANSFORMERS_DIR;
describe.skipIf(!hasTransformers || !modelDir || !fs.existsSync(modelDir))('transformers provider (needs @huggingface/transformers and MODELLAKE_TEST_TRANSFORMERS_DIR)', () => {
  testEmbeddingProvider('transformers', async () => {
    const p = createTransformersEmbedder({ modelPath: modelDir!, model: process.env.MODELLAKE_TEST_TRANSFORMERS_MODEL ?? 'local/tiny-embed' });
    await p.probe();
    return p;
  });
});

describe('transformers provider without the package', () => {
  it.skipIf(hasTransformers)('fails with EMBEDDING_NOT_INSTALLED and an install hint, importing nothing at construction', async () => {
    const p = createTransformersEmbedder({ modelPath: '/nonexistent', model: 'x' });
    expect(p.dimension).toBe(0);
    await expect(p.embed(['a'])).rejects.toMatchObject({ code: 'EMBEDDING_NOT_INSTALLED', message: expect.stringContaining('pnpm add @huggingface/transformers') });
  });
});
