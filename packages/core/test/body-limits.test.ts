import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signMlflowPayload } from '@modellake/connector-mlflow';
import { createToken, MemoryStorage, openLake, SqliteStorage, startLakeServer, type LakeServer, type OpenLake } from '@modellake/core';

const MiB = 1024 * 1024;

interface UploadResult {
  status?: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Bytes the client managed to hand to its socket before the answer (or a reset) came. */
  sent: number;
  /** The server closed the connection (the client socket saw `close`). */
  closed: boolean;
}

/**
 * Streams `total` bytes of spaces (JSON whitespace) as a chunked POST/PUT (no Content-Length), stopping
 * as soon as the server answers, like an honest client would; respects backpressure.
 */
function chunkedUpload(url: string, method: string, headers: Record<string, string>, total: number): Promise<UploadResult> {
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers, agent: false });
    const out: UploadResult = { headers: {}, body: '', sent: 0, closed: false };
    let answered = false;
    let settled = false;
    const settle = (): void => {
      if (!settled) {
        settled = true;
        // Give the socket a moment to report the server's close.
        setTimeout(() => resolve(out), 100);
      }
    };
    req.on('socket', (s) => s.on('close', () => (out.closed = true)));
    req.on('response', (res) => {
      answered = true;
      out.status = res.statusCode;
      out.headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (d: string) => (out.body += d));
      res.on('end', settle);
      res.on('error', settle);
    });
    req.on('error', () => setTimeout(settle, 200));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (!answered && !settled && out.sent < total) {
        out.sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && !settled) req.end();
    };
    pump();
  });
}

/** Sends raw bytes on a fresh socket and collects everything the server answers until it closes. */
function rawExchange(port: number, head: string, body: Buffer, opts: { waitMs?: number } = {}): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    const done = (): void => resolve({ text, closed });
    const timer = setTimeout(() => {
      s.destroy();
      done();
    }, opts.waitMs ?? 5000);
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => {
      closed = true;
      clearTimeout(timer);
      done();
    });
    s.write(head);
    s.write(body);
  });
}

describe('request bodies over a real socket (chunked, no Content-Length)', () => {
  let server: LakeServer;
  let writer: string;
  let home: string;
  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'modellake-body-'));
    server = await startLakeServer({
      home,
      port: 0,
      storage: new SqliteStorage({ file: ':memory:' }),
      config: { maxBodyBytes: 2 * MiB, mlflow: { webhookSecret: 'whsec-test', trackingUri: 'http://127.0.0.1:9' } },
    });
    writer = (await createToken(server.lake.storage, 'ci', 'writer', server.lake.now())).secret;
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('a 200 MB unsigned webhook is refused with 413 after ~1 MiB, the connection closed, memory flat', async () => {
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const r = await chunkedUpload(`${server.url}/v1/hooks/mlflow`, 'POST', { 'content-type': 'application/json' }, 200 * MiB);
    const grown = process.memoryUsage().rss - rss0;
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'payload-too-large', status: 413 });
    expect(r.headers.connection).toBe('close');
    expect(r.closed).toBe(true);
    // The answer came long before the upload finished: 1 MiB limit plus socket buffers.
    expect(r.sent).toBeLessThan(32 * MiB);
    // The server buffered at most the limit, nowhere near the 200 MB sent at it.
    expect(grown).toBeLessThan(64 * MiB);
  });

  it('the size check comes before the signature: a signed-looking but oversize body is still 413', async () => {
    const r = await chunkedUpload(
      `${server.url}/v1/hooks/mlflow`,
      'POST',
      { 'content-type': 'application/json', 'x-mlflow-signature': 'v1,AAAA', 'x-mlflow-delivery-id': 'd1', 'x-mlflow-timestamp': String(Math.floor(Date.now() / 1000)) },
      8 * MiB,
    );
    expect(r.status).toBe(413);
  });

  it('a correctly signed webhook whose body is not UTF-8 is 400 invalid-utf8, nothing queued', async () => {
    const body = Buffer.concat([Buffer.from('{"entity":"registered_model","action":"created","data":{"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}}')]);
    const deliveryId = 'utf8-delivery';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${server.url}/v1/hooks/mlflow`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-mlflow-delivery-id': deliveryId, 'x-mlflow-timestamp': timestamp, 'x-mlflow-signature': signMlflowPayload({ secret: 'whsec-test', deliveryId, timestamp, body }) },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid-utf8', byteOffset: 67 });
  });

  it('a chunked NDJSON import past the batch limit is 413 and closed without being read whole', async () => {
    const r = await chunkedUpload(`${server.url}/v1/import`, 'POST', { 'content-type': 'application/x-ndjson', authorization: `Bearer ${writer}` }, 200 * MiB);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'payload-too-large', limit: 2 * MiB });
    expect(r.headers.connection).toBe('close');
    expect(r.closed).toBe(true);
    expect(r.sent).toBeLessThan(40 * MiB);
  });

  it('a chunked card PUT past twice the card limit is 413 card-too-large', async () => {
    const r = await chunkedUpload(`${server.url}/v1/models/hf:acme/big`, 'PUT', { 'content-type': 'application/json', authorization: `Bearer ${writer}` }, 50 * MiB);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'card-too-large' });
    expect(r.sent).toBeLessThan(40 * MiB);
  });

  it('a Content-Length over the limit is refused before any body is sent', async () => {
    const port = Number(new URL(server.url).port);
    const head = `POST /v1/hooks/mlflow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${400 * MiB}\r\n\r\n`;
    const t0 = Date.now();
    const { text, closed } = await rawExchange(port, head, Buffer.from('{"entity":'));
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(closed).toBe(true);
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  it('a Content-Length smaller than the body: only the declared bytes are read as the body', async () => {
    const port = Number(new URL(server.url).port);
    const head = `PUT /v1/models/hf:acme/liar HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${writer}\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n`;
    // The first 16 bytes are a truncated card; the other 5 MB are not a request at all.
    const body = Buffer.concat([Buffer.from('{"cardVersion":"1.0","id":"hf:acme/liar","name":"x"}'), Buffer.alloc(5 * MiB, 0x41)]);
    const { text, closed } = await rawExchange(port, head, body);
    // Either the lake's 400 (the 16 bytes are not JSON) or Node's parser's 400 on the junk after them comes
    // first; either way the connection is dropped and nothing was stored.
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(closed).toBe(true);
    const got = await fetch(`${server.url}/v1/models/hf:acme/liar`, { headers: { authorization: `Bearer ${writer}` } });
    expect(got.status).toBe(404);
  });
});

describe('request body parsing (in process)', () => {
  let lake: OpenLake;
  let writer: string;
  let admin: string;
  const as = (token: string, init: RequestInit & { headers?: Record<string, string> } = {}): RequestInit => ({ ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
  const put = (id: string, body: BodyInit): Promise<Response> =>
    Promise.resolve(lake.app.request(`/v1/models/${id}`, as(writer, { method: 'PUT', body, headers: { 'content-type': 'application/json' } })));
  const deep = (levels: number): string => `{"cardVersion":"1.0","id":"hf:acme/deep","name":"deep","extensions":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
  /** A body streamed in chunks, so no Content-Length is known. */
  const stream = (bytes: number): ReadableStream<Uint8Array> => {
    let left = bytes;
    return new ReadableStream({
      pull(ctrl) {
        if (left <= 0) return ctrl.close();
        const n = Math.min(left, 64 * 1024);
        left -= n;
        ctrl.enqueue(new Uint8Array(n).fill(0x20));
      },
    });
  };

  beforeEach(async () => {
    lake = openLake({ storage: new MemoryStorage(), maxCardBytes: 64 * 1024 });
    writer = (await createToken(lake.lake.storage, 'ci', 'writer', lake.lake.now())).secret;
    admin = (await createToken(lake.lake.storage, 'root', 'admin', lake.lake.now())).secret;
  });

  it('PUT of a 10,000-level card is 422 nesting-too-deep with the pointer, not a 500', async () => {
    const res = await put('hf:acme/deep', deep(10_000));
    expect(res.status).toBe(422);
    const p = (await res.json()) as { code: string; detail: string; line: number; maxDepth: number };
    expect(p.code).toBe('nesting-too-deep');
    expect(p.detail).toMatch(/nesting deeper than 64 levels at line 1, column \d+ \(\/extensions\/a\/a/);
    expect(p.maxDepth).toBe(64);
    // 63 levels under `extensions` (64 with the card) is fine.
    expect((await put('hf:acme/deep', deep(63))).status).toBe(201);
  });

  it('PUT with a repeated key is 422 duplicate-key naming key and line', async () => {
    const res = await put('hf:acme/dup', '{\n"cardVersion": "1.0",\n"id": "hf:acme/dup",\n"name": "a",\n"name": "b"\n}');
    expect(res.status).toBe(422);
    const p = (await res.json()) as { code: string; detail: string; key: string; line: number };
    expect(p).toMatchObject({ code: 'duplicate-key', key: 'name', line: 5 });
    expect(p.detail).toContain('duplicate key "name" at line 5');
    expect((await lake.app.request('/v1/models/hf:acme/dup', as(writer))).status).toBe(404);
  });

  it('PUT with invalid UTF-8 is 400 invalid-utf8 with the byte offset (not stored as U+FFFD)', async () => {
    const bytes = Buffer.concat([Buffer.from('{"cardVersion":"1.0","id":"hf:acme/enc","name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const res = await put('hf:acme/enc', bytes);
    expect(res.status).toBe(400);
    const p = (await res.json()) as { code: string; detail: string; byteOffset: number };
    expect(p).toMatchObject({ code: 'invalid-utf8', byteOffset: 51 });
    expect(p.detail).toContain('byte offset 51');
    expect((await lake.app.request('/v1/models/hf:acme/enc', as(writer))).status).toBe(404);
  });

  it('a streamed card body over twice the card limit is 413 card-too-large', async () => {
    const res = await lake.app.request('/v1/models/hf:acme/s', as(writer, { method: 'PUT', body: stream(200 * 1024), headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit));
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(((await res.json()) as { code: string }).code).toBe('card-too-large');
  });

  it('NDJSON import: a too-deep or duplicate-key line fails alone, the others are stored', async () => {
    const good = (n: number): string => JSON.stringify({ cardVersion: '1.0', id: `hf:x/${n}`, name: `m${n}` });
    const lines = [good(1), deep(500), good(2), '{"cardVersion":"1.0","id":"hf:x/3","name":"a","id":"hf:x/4"}', good(5)].join('\n');
    const res = await lake.app.request('/v1/import', as(writer, { method: 'POST', body: lines, headers: { 'content-type': 'application/x-ndjson' } }));
    expect(res.status).toBe(200);
    const r = (await res.json()) as { created: number; errors: { line: number; code: string; message: string }[] };
    expect(r.created).toBe(3);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[2, 'nesting-too-deep'], [4, 'duplicate-key']]);
    expect(r.errors[0]!.message).toMatch(/^Line 2 is refused: nesting deeper than 64 levels/);
    expect(r.errors[1]!.message).toContain('duplicate key "id"');
  });

  it('NDJSON import with invalid UTF-8 is 400 with the byte offset; nothing stored', async () => {
    const body = Buffer.concat([Buffer.from(`${JSON.stringify({ cardVersion: '1.0', id: 'hf:x/1', name: 'a' })}\n{"cardVersion":"1.0","id":"hf:x/2","name":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    const res = await lake.app.request('/v1/import', as(writer, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid-utf8', byteOffset: 90, line: 2 });
    expect((await lake.app.request('/v1/models/hf:x/1', as(writer))).status).toBe(404);
  });

  it('other bodies (aliases, tokens, state, policy) have their own limits and the same strict parser', async () => {
    const big = `{"id":"hf:x/1","pad":"${'x'.repeat(100 * 1024)}"}`;
    const alias = await lake.app.request('/v1/aliases/hf:x/alias', as(writer, { method: 'PUT', body: big, headers: { 'content-type': 'application/json' } }));
    expect(alias.status).toBe(413);
    const token = await lake.app.request('/v1/tokens', as(admin, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } }));
    expect(token.status).toBe(413);
    const state = await lake.app.request('/v1/state/ckpt', as(writer, { method: 'PUT', body: stream(2 * MiB), headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit));
    expect(state.status).toBe(413);
    const policy = await lake.app.request('/v1/governance/policy', as(admin, { method: 'PUT', body: stream(2 * MiB), headers: { 'content-type': 'application/yaml' }, duplex: 'half' } as RequestInit));
    expect(policy.status).toBe(413);
    const dup = await lake.app.request('/v1/tokens', as(admin, { method: 'POST', body: '{"name":"a","role":"reader","role":"admin"}', headers: { 'content-type': 'application/json' } }));
    expect(dup.status).toBe(422);
    expect(((await dup.json()) as { code: string }).code).toBe('duplicate-key');
    // Within limits the same routes still work.
    expect((await lake.app.request('/v1/state/ckpt', as(writer, { method: 'PUT', body: '{"value":{"n":1}}', headers: { 'content-type': 'application/json' } }))).status).toBe(200);
  });
});
