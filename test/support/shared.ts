import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared` beside the repository (as CI lays it out), or `$MODELLAKE_SHARED`. Tests that read it skip when it is absent. */
export const SHARED_DIR = path.resolve(process.env.MODELLAKE_SHARED ?? path.join(REPO_ROOT, '../shared'));

/** A path inside the shared material, and whether it exists. */
export function shared(...parts: string[]): { path: string; exists: boolean } {
  const p = path.join(SHARED_DIR, ...parts);
  return { path: p, exists: fs.existsSync(p) };
}
