import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A PostgreSQL server for tests: `MODELLAKE_TEST_PG_URL`, or a throwaway cluster started here. */
export interface TestPostgres {
  url: string;
  stop(): void;
}

const BIN = '/usr/lib/postgresql/15/bin';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  if (process.env.MODELLAKE_TEST_PG_URL) return undefined;
  if (!fs.existsSync(path.join(BIN, 'initdb'))) return `PostgreSQL 15 is not installed (${BIN}/initdb); set MODELLAKE_TEST_PG_URL to test against a server`;
  if (process.getuid?.() !== 0 && os.userInfo().username !== 'postgres') return 'starting a throwaway PostgreSQL needs root (runuser) or the postgres user; set MODELLAKE_TEST_PG_URL instead';
  return undefined;
}

/** Starts (initdb + pg_ctl, about a second) a throwaway cluster on loopback with fsync off. */
export async function startTestPostgres(): Promise<TestPostgres> {
  if (process.env.MODELLAKE_TEST_PG_URL) return { url: process.env.MODELLAKE_TEST_PG_URL, stop() {} };
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-pg-'));
  fs.chmodSync(base, 0o777);
  const asPg = (cmd: string, args: string[]) => {
    const r = process.getuid?.() === 0 ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args], { encoding: 'utf8' }) : spawnSync(path.join(BIN, cmd), args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  const port = await freePort();
  asPg('initdb', ['-D', `${base}/data`, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  asPg('pg_ctl', ['-D', `${base}/data`, '-l', `${base}/pg.log`, '-w', 'start', '-o', `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asPg('pg_ctl', ['-D', `${base}/data`, 'stop', '-m', 'immediate']);
      } finally {
        execFileSync('rm', ['-rf', base]);
      }
    },
  };
}
