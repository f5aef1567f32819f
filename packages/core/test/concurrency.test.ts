import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditEntryHash, AUDIT_GENESIS, SqliteStorage } from '@modellake/core';

const here = path.dirname(fileURLToPath(import.meta.url));

function run(file: string, worker: number, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(here, 'fixtures-writer.ts'), file, String(worker), String(count)], { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${worker} exited ${code}: ${err.slice(-2000)}`))));
  });
}

describe('concurrent writers on one SQLite file', () => {
  it('never lose a revision nor fork the audit chain', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-conc-')), 'lake.db');
    new SqliteStorage({ file }).close();
    const workers = 4;
    const count = 200;
    await Promise.all(Array.from({ length: workers }, (_, w) => run(file, w, count)));
    const s = new SqliteStorage({ file });
    // Own models: count*3/4 per worker + count/50 batch cards each; shared: i%4==0 gives i%20 in {0,4,8,12,16}.
    expect(await s.countModels()).toBe(workers * (count * 3 / 4 + count / 50) + 5);
    const shared = await s.listRevisions('hf:shared/m0');
    expect(shared.map((r) => r.revision)).toEqual(shared.map((_, i) => i + 1));
    const audit = await s.listAudit({ limit: 100_000 });
    const puts = (s.db.prepare('SELECT count(*) AS n FROM revisions').get() as { n: number }).n;
    expect(audit.filter((e) => e.action === 'card.put')).toHaveLength(puts);
    let prev = AUDIT_GENESIS;
    for (const [i, e] of audit.entries()) {
      expect(e.seq).toBe(i + 1);
      expect(e.prevHash).toBe(prev);
      expect(e.hash).toBe(auditEntryHash(e));
      prev = e.hash;
    }
    expect((s.db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
    await s.close();
  }, 120_000);
});
