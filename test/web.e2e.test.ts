import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLakeServer, type LakeServer } from '@modellake/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webRoot = path.join(root, 'packages/web/dist');
const haveBrowser = fs.existsSync('/usr/bin/chromium');
const haveBuild = fs.existsSync(path.join(webRoot, 'index.html'));

describe.skipIf(!haveBrowser || !haveBuild)(`web UI in headless Chromium${haveBrowser ? '' : ' (skipped: apt-get install -y chromium)'}${haveBuild ? '' : ' (skipped: run pnpm build)'}`, () => {
  let server: LakeServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startLakeServer({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'ml-web-')), port: 0, config: { webRoot, auth: { anonymousRead: true } } });
    const dir = path.join(root, 'schemas/examples/valid');
    const cards = fs.readdirSync(dir).map((f) => ({ line: 1, value: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown }));
    await server.lake.putBatch(cards, { name: 'seed', role: 'admin' });
    // A parent in the lake so the lineage graph has an edge between two stored models.
    await server.lake.putCard({ cardVersion: '1.0', id: 'hf:mistralai/Mistral-7B-v0.1', name: 'Mistral 7B v0.1', license: 'apache-2.0', tasks: ['text-generation'] }, { name: 'seed', role: 'admin' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists models, searches, opens a model page with its lineage graph, and follows a graph node', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.model-list li');
    expect(await page.locator('.model-list li').count()).toBeGreaterThanOrEqual(9);

    await page.fill('#q', 'summarise legal contracts');
    await page.press('#q', 'Enter');
    await page.waitForSelector('.hits .hit, .error');
    expect(await page.locator('.error').count()).toBe(0);
    expect(await page.locator('.hit').first().textContent()).toContain('Contract Summarizer');

    await page.goto(`${server.url}/#/m/${encodeURIComponent('hf:HuggingFaceH4/zephyr-7b-beta')}`);
    await page.waitForSelector('article.model h1');
    expect(await page.locator('article.model h1').textContent()).toBe('Zephyr 7B β');
    expect(await page.locator('.metrics tbody tr').count()).toBe(2);
    await page.waitForSelector('#lineage-graph canvas');
    const nodes = await page.evaluate(() => {
      // cytoscape keeps its instance on the container
      const el = document.getElementById('lineage-graph') as HTMLElement & { _cyreg?: { cy: { nodes(): { map(f: (n: { id(): string }) => string): string[] } } } };
      return el._cyreg?.cy.nodes().map((n) => n.id()) ?? [];
    });
    expect(nodes).toEqual(expect.arrayContaining(['hf:HuggingFaceH4/zephyr-7b-beta', 'hf:mistralai/Mistral-7B-v0.1']));
    await page.screenshot({ path: path.join(os.tmpdir(), 'modellake-model-page.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explains a 401 when the lake needs a token', async () => {
    const locked = await startLakeServer({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'ml-web-locked-')), port: 0, config: { webRoot } });
    const page = await browser.newPage();
    await page.goto(`${locked.url}/`);
    await page.waitForSelector('.error');
    expect(await page.locator('.error').textContent()).toMatch(/401.*token/s);
    await page.close();
    await locked.close();
  });
});
