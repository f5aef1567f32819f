import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('generated types', () => {
  it('match the schemas (run `pnpm gen` after editing schemas/)', () => {
    const gen = path.join(pkg, 'src/generated');
    const before = Object.fromEntries(fs.readdirSync(gen).map((f) => [f, fs.readFileSync(path.join(gen, f), 'utf8')]));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-gen-'));
    execFileSync(process.execPath, [path.join(pkg, 'scripts/gen-types.mjs'), '--out', tmp], { cwd: pkg });
    for (const [f, text] of Object.entries(before)) expect(fs.readFileSync(path.join(tmp, f), 'utf8'), `${f} drifted from the schema`).toBe(text);
  });
});
