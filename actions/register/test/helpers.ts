import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
/** Safetensors bytes and deterministic values: the same fixtures as the core diff tests. */
export { safetensorsBytes as safetensors, pseudoRandom as values } from '../../../packages/core/test/diff-fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The committed bundle, as the runner executes it. */
export const BUNDLE = path.join(here, '..', 'dist', 'index.js');



/** Writes files (relative path → text or bytes) under a directory. */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
}

/** What one run of the bundle produced. */
export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses `$GITHUB_OUTPUT` (`name<<delimiter` blocks written by @actions/core). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) body.push(lines[i]!);
    out[m[1]!] = body.join('\n');
  }
  return out;
}

/**
 * Runs the bundle exactly as the runner does: copied alone into an empty directory, `node index.js`
 * with `INPUT_*`, `GITHUB_*` and the output, summary and event files.
 */
export async function runAction(opts: { inputs: Record<string, string>; env: Record<string, string>; payload: unknown; tmp: string }): Promise<ActionRun> {
  const dir = await fs.mkdtemp(path.join(opts.tmp, 'run-'));
  const actionDir = path.join(dir, 'action');
  await fs.mkdir(actionDir);
  await fs.copyFile(BUNDLE, path.join(actionDir, 'index.js'));
  const files = { out: path.join(dir, 'output'), summary: path.join(dir, 'summary.md'), event: path.join(dir, 'event.json') };
  await fs.writeFile(files.out, '');
  await fs.writeFile(files.summary, '');
  await fs.writeFile(files.event, JSON.stringify(opts.payload));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.out,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    RUNNER_TEMP: dir,
    ...opts.env,
  };
  for (const [k, v] of Object.entries(opts.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['index.js'], { cwd: actionDir, env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
  return { ...result, outputs: parseOutputs(await fs.readFile(files.out, 'utf8')), summary: await fs.readFile(files.summary, 'utf8') };
}

/** A request the fake GitHub API received. */
export interface SeenRequest {
  method: string;
  url: string;
  auth?: string;
  body?: unknown;
}

/** Fake GitHub REST API on 127.0.0.1: issue comments list/create/update, 501 for anything else. */
export async function startFakeGitHub(): Promise<{ url: string; requests: SeenRequest[]; comments: { id: number; body: string }[]; close(): Promise<void> }> {
  const requests: SeenRequest[] = [];
  const comments: { id: number; body: string }[] = [];
  let nextId = 1000;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = raw ? (JSON.parse(raw) as { body?: string }) : undefined;
      requests.push({ method: req.method ?? '', url: url.pathname + url.search, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), ...(body ? { body } : {}) });
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(data));
      };
      const shape = (c: { id: number; body: string }) => ({ id: c.id, body: c.body, html_url: `https://github.example/comments/${c.id}`, user: { login: 'github-actions[bot]' } });
      const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (list && req.method === 'GET') return send(200, comments.map(shape));
      if (list && req.method === 'POST') {
        const c = { id: nextId++, body: body?.body ?? '' };
        comments.push(c);
        return send(201, shape(c));
      }
      if (one && req.method === 'PATCH') {
        const c = comments.find((x) => x.id === Number(one[3]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = body?.body ?? '';
        return send(200, shape(c));
      }
      send(501, { message: `fake GitHub API: no route ${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, comments, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** URL of a loopback port nobody listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
