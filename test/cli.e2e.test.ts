import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'node_modules/.bin/modellake');
const built = fs.existsSync(path.join(root, 'packages/cli/dist/commands/push.js'));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
}

describe.skipIf(!built)('modellake CLI (built binary; run `pnpm build` first)', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-cli-'));
  const examples = path.join(root, 'schemas/examples/valid');
  const files = fs.readdirSync(examples).map((f) => path.join(examples, f));

  it('exists at node_modules/.bin/modellake and lists its commands', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'push', 'show', 'history', 'search', 'token', 'card']) expect(r.stdout).toContain(c);
  });

  it('validates card files and exits 2 with every error when invalid', () => {
    const bad = path.join(home, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ cardVersion: '1.0', id: 'nope', license: 5 }));
    const r = cli(['card', 'validate', files[0]!, bad, '--json']);
    expect(r.code).toBe(2);
    const out = r.json() as { valid: number; invalid: number; files: { file: string; issues: { path: string }[] }[] };
    expect(out.valid).toBe(1);
    expect(out.files[1]!.issues.map((i) => i.path).sort()).toEqual(['/id', '/license', '/name']);
    const yamlBad = path.join(home, 'bad.yaml');
    fs.writeFileSync(yamlBad, 'id: [unclosed\n');
    const y = cli(['card', 'validate', yamlBad]);
    expect(y.code).toBe(2);
    expect(y.stdout).toMatch(/bad\.yaml: cannot parse \.yaml/);
  });

  it('push stores a good card given beside a 10,000-level one; the deep one is named with the limit', () => {
    const deep = path.join(home, 'deep.json');
    fs.writeFileSync(deep, `{"cardVersion":"1.0","id":"local:e2e/deep","name":"deep","extensions":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
    const good = path.join(home, 'good.json');
    fs.writeFileSync(good, JSON.stringify({ cardVersion: '1.0', id: 'local:e2e/good', name: 'good' }));
    const deepHome = path.join(home, 'deep-home');
    const r = cli(['push', deep, good, '--home', deepHome, '--json']);
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack/);
    expect(r.code).toBe(2);
    const out = r.json() as { stored: number; failed: number; results: { file: string; error?: string }[] };
    expect(out).toMatchObject({ stored: 1, failed: 1 });
    expect(out.results.find((x) => x.file === deep)!.error).toMatch(/deep\.json: nesting deeper than 64 levels/);
    expect(cli(['show', 'local:e2e/good', '--home', deepHome]).code).toBe(0);
    const v = cli(['card', 'validate', deep]);
    expect(v.code).toBe(2);
    expect(v.stdout).toMatch(/nesting deeper than 64 levels/);
  });

  it('pushes into an embedded lake, idempotently, and shows it', () => {
    const first = cli(['push', ...files, '--home', home, '--json']);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ stored: files.length, failed: 0 });
    const again = cli(['push', ...files, '--home', home, '--json']);
    expect(again.json()).toMatchObject({ stored: 0, unchanged: files.length });
    const show = cli(['show', 'hf:HuggingFaceH4/zephyr-7b-beta', '--home', home]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Zephyr 7B');
    expect(show.stdout).toContain('hf:mistralai/Mistral-7B-v0.1 [finetune]');
    const j = cli(['show', 'mlflow:fraud-detector@3', '--home', home, '--json']).json() as { card: { version: string } };
    expect(j.card.version).toBe('3');
    const hist = cli(['history', 'mlflow:fraud-detector', '--home', home, '--json']).json() as { versions: unknown[]; audit: { action: string }[] };
    expect(hist.versions).toHaveLength(1);
    expect(hist.audit[0]!.action).toBe('card.put');
    const list = cli(['list', '--prefix', 'hf:', '--home', home, '--json']).json() as { models: { id: string }[] };
    expect(list.models.every((m) => m.id.startsWith('hf:'))).toBe(true);
  });

  it('maps a missing model to exit 3 with a JSON error', () => {
    const r = cli(['show', 'hf:no/such', '--home', home, '--json']);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/model-not-found/);
  });

  it('manages tokens in the embedded lake', () => {
    const created = cli(['token', 'create', '--name', 'ci', '--role', 'writer', '--home', home, '--json']).json() as { secret: string; role: string };
    expect(created.secret).toMatch(/^mlk_/);
    expect(created.role).toBe('writer');
    const listed = cli(['token', 'list', '--home', home, '--json']);
    expect(listed.stdout).not.toContain(created.secret);
    expect((listed.json() as { tokens: { name: string }[] }).tokens.map((t) => t.name)).toContain('ci');
    expect((cli(['token', 'revoke', 'ci', '--home', home, '--json']).json() as { revokedAt?: string }).revokedAt).toBeTruthy();
  });

  describe('against a served lake', () => {
    const serveHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-serve-'));
    let proc: ReturnType<typeof spawn>;
    let url = '';
    beforeAll(async () => {
      proc = spawn(bin, ['serve', '--demo', '--port', '0', '--home', serveHome, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      url = await new Promise<string>((resolve, reject) => {
        let buf = '';
        proc.stdout!.on('data', (d: Buffer) => {
          buf += d.toString();
          const line = buf.split('\n').find((l) => l.startsWith('{'));
          if (line) resolve((JSON.parse(line) as { url: string }).url);
        });
        proc.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
        setTimeout(() => reject(new Error('serve did not start')), 20_000);
      });
    });
    afterAll(() => {
      proc.kill('SIGTERM');
    });

    it('serves the demo cards, anonymous reads allowed, writes need a token', async () => {
      const models = (await (await fetch(`${url}/v1/models`)).json()) as { items: unknown[] };
      // The web UI is served at / when it was built (pnpm build builds it).
      if (fs.existsSync(path.join(root, 'packages/web/dist/index.html'))) {
        const page = await fetch(`${url}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<title>modellake</title>');
      }
      expect(models.items.length).toBeGreaterThanOrEqual(8);
      const denied = cli(['push', files[0]!, '--lake-url', url, '--json']);
      expect(denied.code).toBe(4);
      const token = fs.readFileSync(path.join(serveHome, 'admin-token'), 'utf8').trim();
      expect((fs.statSync(path.join(serveHome, 'admin-token')).mode & 0o777).toString(8)).toBe('600');
      const card = path.join(serveHome, 'new.json');
      fs.writeFileSync(card, JSON.stringify({ cardVersion: '1.0', id: 'gh:acme/repo/models/x', name: 'x' }));
      const ok = cli(['push', card, '--lake-url', url, '--token', token, '--json']);
      expect(ok.code).toBe(0);
      expect(ok.json()).toMatchObject({ stored: 1 });
      const shown = cli(['show', 'gh:acme/repo/models/x', '--lake-url', url, '--json']).json() as { meta: { actor: string } };
      expect(shown.meta.actor).toBe('admin');
    });

    it('reports an unreachable lake with exit 5', () => {
      const r = cli(['show', 'hf:a/b', '--lake-url', 'http://127.0.0.1:9']);
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/Cannot reach the lake at http:\/\/127\.0\.0\.1:9/);
    });
  });
});
