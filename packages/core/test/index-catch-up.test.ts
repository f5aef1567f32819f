import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardHash, type ModelCard } from '@modellake/card';
import { openLake, SqliteStorage } from '../src/index.js';

/** Issue 12, item 11: the search index catches up with the store on open (high-water mark), without `serve`. */

const admin = { name: 'test', role: 'admin' as const };
const card = (id: string, description: string): ModelCard => ({ cardVersion: '1.0', id, name: id.split('/').pop()!, description, license: 'mit' });

async function searchIds(home: string, q: string): Promise<string[]> {
  const lake = openLake({ home, config: { auth: { trustedActor: admin } } });
  try {
    const res = await lake.app.request(`/v1/search?q=${encodeURIComponent(q)}&limit=50`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { hits: { id: string }[] }).hits.map((h) => h.id);
  } finally {
    await lake.close();
  }
}

describe('search index catch-up after a crash', () => {
  let home: string;
  beforeEach(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-catchup-'));
    const lake = openLake({ home, config: { auth: { trustedActor: admin } } });
    await lake.lake.putCard(card('hf:crash/indexed', 'a sentiment classifier for movie reviews'), admin);
    await lake.lake.putCard(card('hf:crash/doomed', 'a zebra detector for savanna drones'), admin);
    await lake.close();
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  /** Writes to the store only, as a process killed between the store commit and the index update leaves it. */
  async function writeBehindTheIndex(fn: (s: SqliteStorage) => Promise<void>): Promise<void> {
    const s = new SqliteStorage({ file: path.join(home, 'lake.db') });
    await fn(s);
    await s.close();
  }

  it('indexes a committed batch the index never saw when the lake is next opened', async () => {
    await writeBehindTheIndex(async (s) => {
      const batch = [card('hf:crash/late-1', 'a walrus counting model for arctic surveys'), card('hf:crash/late-2', 'walrus pose estimation from drone footage')];
      await s.putCards(batch.map((c) => ({ card: c, hash: cardHash(c) })), 'import', new Date().toISOString());
    });
    expect((await searchIds(home, 'walrus')).sort()).toEqual(['hf:crash/late-1', 'hf:crash/late-2']);
  });

  it('re-indexes an updated card and drops a deleted one', async () => {
    await writeBehindTheIndex(async (s) => {
      const updated = card('hf:crash/indexed', 'a narwhal tusk segmentation model');
      await s.putCard(updated, cardHash(updated), 'import', new Date().toISOString());
      await s.deleteModel('hf:crash/doomed', 'admin', new Date().toISOString());
    });
    expect(await searchIds(home, 'narwhal')).toEqual(['hf:crash/indexed']);
    expect(await searchIds(home, 'zebra')).not.toContain('hf:crash/doomed');
  });

  it('records a high-water mark so a later open reads only newer entries', async () => {
    await searchIds(home, 'anything');
    const s = new SqliteStorage({ file: path.join(home, 'lake.db') });
    const mark = (s.db.prepare("SELECT audit_seq FROM feature_checkpoints WHERE feature = 'search'").get() as { audit_seq: number }).audit_seq;
    const head = (s.db.prepare('SELECT max(seq) AS m FROM audit').get() as { m: number }).m;
    await s.close();
    expect(mark).toBe(head);
  });

  it('catches up after a process is killed (SIGKILL) right after committing an import batch', async () => {
    const core = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/index.ts');
    // The child stores a batch through the storage driver (as `import` does), then dies before any deriver runs.
    const script = `
      const { SqliteStorage } = await import(${JSON.stringify(core)});
      const { cardHash } = await import('@modellake/card');
      const s = new SqliteStorage({ file: ${JSON.stringify(path.join(home, 'lake.db'))} });
      const cards = Array.from({ length: 40 }, (_, i) => ({ cardVersion: '1.0', id: 'hf:crash/okapi-' + i, name: 'okapi-' + i, description: 'okapi habitat mapping model ' + i }));
      await s.putCards(cards.map((card) => ({ card, hash: cardHash(card) })), 'import', new Date().toISOString());
      process.kill(process.pid, 'SIGKILL');
    `;
    const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), encoding: 'utf8', timeout: 60_000 });
    expect(r.signal, r.stderr).toBe('SIGKILL');
    const hits = await searchIds(home, 'okapi habitat');
    expect(hits.length).toBe(40);
  });
});
