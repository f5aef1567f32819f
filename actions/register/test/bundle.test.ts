import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const committed = path.join(here, '..', 'dist', 'index.js');

describe('dist/index.js', () => {
  it('is the bundle of the current sources (rebuild with `pnpm --filter @modellake/action-register build` and commit it)', async () => {
    const { options } = (await import(path.join(here, '..', 'build.mjs'))) as { options: Record<string, unknown> };
    const res = await build({ ...options, write: false, logLevel: 'silent' });
    const fresh = Buffer.from(res.outputFiles![0]!.contents);
    const current = fs.readFileSync(committed);
    // Compare sizes first for a readable failure, then bytes.
    expect(fresh.length).toBe(current.length);
    expect(fresh.equals(current)).toBe(true);
  });

  it('is one self-contained ESM file', () => {
    const text = fs.readFileSync(committed, 'utf8');
    expect(text.startsWith("import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);")).toBe(true);
    // Only node: built-ins may be imported; everything else is inside.
    const imports = [...text.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]);
    expect(imports.every((s) => s!.startsWith('node:') || !s!.startsWith('@'))).toBe(true);
    expect(text).not.toMatch(/from ["']@modellake\//);
  });
});
