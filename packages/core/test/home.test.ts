import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLake, prepareLakeHome, resolveLakeHome } from '../src/index.js';

/** Issue 12, item 12: bad lake homes are refused with a message naming the path; lake.db is private (0600). */

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-home-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('lake home directories', () => {
  it('refuses an empty home instead of using the working directory', () => {
    expect(() => resolveLakeHome('')).toThrow(/Lake home "" is empty/);
    expect(() => openLake({ home: '' })).toThrow(/is empty/);
    expect(() => openLake({ home: '   ' })).toThrow(/is empty/);
    expect(fs.existsSync(path.join(process.cwd(), 'lake.db'))).toBe(false);
  });

  it('refuses a file as home, naming it (no raw EEXIST)', () => {
    const file = path.join(tmp(), 'not-a-dir');
    fs.writeFileSync(file, 'x');
    expect(() => openLake({ home: file })).toThrow(`Lake home ${JSON.stringify(file)} is a file, not a directory`);
    expect(() => openLake({ home: path.join(file, 'sub') })).toThrow(/cannot be created: .*not-a-dir is a file/);
  });

  it('refuses a home that cannot be created (under /proc) at once instead of looping on mkdir', () => {
    const t = Date.now();
    expect(() => openLake({ home: '/proc/modellake-x/home' })).toThrow(/Lake home "\/proc\/modellake-x\/home" cannot be created/);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a home that is not writable', () => {
    const d = tmp();
    fs.chmodSync(d, 0o500);
    expect(() => prepareLakeHome(d)).toThrow(/is not writable/);
    fs.chmodSync(d, 0o700);
  });

  it('creates missing parents, and lake.db with its -wal and -shm files mode 600', async () => {
    const home = path.join(tmp(), 'a', 'b', 'lake');
    const lake = openLake({ home, config: { auth: { trustedActor: { name: 't', role: 'admin' } } } });
    await lake.lake.putCard({ cardVersion: '1.0', id: 'hf:a/b', name: 'b' }, { name: 't', role: 'admin' });
    for (const f of ['lake.db', 'lake.db-wal', 'lake.db-shm']) {
      const st = fs.statSync(path.join(home, f));
      expect((st.mode & 0o777).toString(8), f).toBe('600');
    }
    expect((fs.statSync(home).mode & 0o777).toString(8)).toBe('700');
    await lake.close();
  });

  it('tightens an existing world-readable lake.db from an older version', async () => {
    const home = tmp();
    const first = openLake({ home });
    await first.close();
    fs.chmodSync(path.join(home, 'lake.db'), 0o644);
    const again = openLake({ home });
    expect((fs.statSync(path.join(home, 'lake.db')).mode & 0o777).toString(8)).toBe('600');
    await again.close();
  });
});
