import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIEmbedder, EmbeddingError } from '../src/index.js';

interface Seen {
  url?: string;
  auth?: string;
  body: { model: string; input: string[] };
}

/** Fake `/v1/embeddings` whose answer is chosen per test. */
let mode: 'ok' | 'error500' | 'badjson' | 'short' | 'baddim' | 'notnumbers' = 'ok';
const seen: Seen[] = [];
let server: http.Server;
let baseUrl = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.url !== '/v1/embeddings') return void res.writeHead(501).end(`unexpected ${req.url}`);
      const body = JSON.parse(raw) as Seen['body'];
      seen.push({ url: req.url, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), body });
      if (mode === 'error500') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"model not loaded"}}');
      if (mode === 'badjson') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [');
      const n = mode === 'short' ? body.input.length - 1 : body.input.length;
      // Answer out of order (index says where each vector belongs), as some servers do.
      const data = Array.from({ length: n }, (_, i) => ({
        index: n - 1 - i,
        embedding: mode === 'notnumbers' ? ['x'] : Array.from({ length: mode === 'baddim' && i === 1 ? 3 : 4 }, (_, k) => (k === 0 ? n - i : 1)),
      }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: body.model }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('OpenAI-compatible embedder', () => {
  it('posts model + input with a bearer token, batches, and reorders by index', async () => {
    mode = 'ok';
    seen.length = 0;
    const p = createOpenAIEmbedder({ baseUrl: `${baseUrl}/v1/`, model: 'nomic-embed-text', token: 's3cret', batchSize: 2, queryPrefix: 'query: ' });
    const vs = await p.embed(['a', 'b', 'c']);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.body).toMatchObject({ model: 'nomic-embed-text', input: ['a', 'b'] });
    expect(seen[1]!.body.input).toEqual(['c']);
    expect(seen[0]!.auth).toBe('Bearer s3cret');
    expect(p.dimension).toBe(4);
    // index 0 got the vector whose first value is n - i with i = n - 1 -> 1, i.e. [1,1,1,1] normalised.
    expect(vs[0]![0]).toBeCloseTo(0.5, 5);
    await p.embed(['q'], { kind: 'query' });
    expect(seen[2]!.body.input).toEqual(['query: q']);
  });

  it('accepts a base URL without /v1 (Ollama, TEI, vLLM style roots)', async () => {
    mode = 'ok';
    seen.length = 0;
    const p = createOpenAIEmbedder({ baseUrl, model: 'm' });
    await p.embed(['x']);
    expect(seen[0]!.url).toBe('/v1/embeddings');
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const p = createOpenAIEmbedder({
      baseUrl: 'http://embedder.invalid',
      model: 'm',
      fetch: async (url) => {
        calls.push(String(url));
        return new Response(JSON.stringify({ data: [{ index: 0, embedding: [3, 4] }] }), { headers: { 'content-type': 'application/json' } });
      },
    });
    const [v] = await p.embed(['x']);
    expect(calls).toEqual(['http://embedder.invalid/v1/embeddings']);
    expect(Array.from(v!)).toEqual([expect.closeTo(0.6, 5), expect.closeTo(0.8, 5)]);
  });

  it('reports a server that is down as EMBEDDING_UNAVAILABLE with the URL', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const p = createOpenAIEmbedder({ baseUrl: `http://127.0.0.1:${port}`, model: 'm', timeoutMs: 2000 });
    const err = (await p.embed(['x']).catch((e: unknown) => e)) as EmbeddingError;
    expect(err).toBeInstanceOf(EmbeddingError);
    expect(err.code).toBe('EMBEDDING_UNAVAILABLE');
    expect(err.url).toBe(`http://127.0.0.1:${port}/v1/embeddings`);
  });

  it('reports HTTP errors with status and body', async () => {
    mode = 'error500';
    const p = createOpenAIEmbedder({ baseUrl, model: 'm' });
    await expect(p.embed(['x'])).rejects.toMatchObject({ code: 'EMBEDDING_UNAVAILABLE', status: 500, message: expect.stringContaining('model not loaded') });
  });

  it.each([
    ['badjson', 'EMBEDDING_BAD_RESPONSE', 'invalid JSON'],
    ['short', 'EMBEDDING_BAD_RESPONSE', 'returned 1 vectors for 2 inputs'],
    ['notnumbers', 'EMBEDDING_BAD_RESPONSE', 'data[0].embedding is not an array of numbers'],
    ['baddim', 'EMBEDDING_DIMENSION_MISMATCH', 'data[1].embedding has 3 values, expected 4'],
  ] as const)('rejects a malformed answer (%s)', async (m, code, text) => {
    mode = m;
    const p = createOpenAIEmbedder({ baseUrl, model: 'm' });
    await expect(p.embed(['x', 'y'])).rejects.toMatchObject({ code, message: expect.stringContaining(text) });
  });

  it('refuses a configuration without baseUrl or model', () => {
    expect(() => createOpenAIEmbedder({ baseUrl: '', model: 'm' })).toThrow(/baseUrl is required/);
    expect(() => createOpenAIEmbedder({ baseUrl, model: '' })).toThrow(/model is required/);
  });
});
