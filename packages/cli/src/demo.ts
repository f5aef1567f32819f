import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Finds `schemas/examples/valid` above this file (works from src/ and dist/). */
export function findExamplesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'schemas', 'examples', 'valid');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('Cannot find schemas/examples/valid next to the modellake CLI.');
}

/** The demo cards shipped with the repository. */
export function loadDemoCards(): unknown[] {
  const dir = findExamplesDir();
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown);
}
