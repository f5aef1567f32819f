import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** True when a pattern holds glob syntax (`*`, `?`, `[...]`, `{a,b}`). */
export function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

/**
 * Regular expression of a glob over `/`-separated relative paths: `**` crosses directories, `*` and
 * `?` do not, `{a,b}` alternates, `[...]` is a class.
 * @example globToRegExp('models/**\/*.json').test('models/a/b.json') // true
 */
export function globToRegExp(pattern: string): RegExp {
  const p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  let re = '';
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '*') {
      if (p[i + 1] === '*') {
        const slashAfter = p[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '{') {
      depth++;
      re += '(?:';
    } else if (ch === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (ch === ',' && depth > 0) re += '|';
    else if (ch === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${p.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^$()|\\/]/g, (m) => `\\${m}`);
  }
  return new RegExp(`^${re}$`);
}

const SKIP = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.dvc']);

/** A path found under the workspace. */
export interface WalkEntry {
  /** `/`-separated path relative to the workspace. */
  path: string;
  dir: boolean;
}

/** Every file and directory under `root` (relative paths), skipping `.git`, `node_modules`, virtualenvs and `.dvc`. */
export async function walk(root: string, limit = 200_000): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const visit = async (rel: string): Promise<void> => {
    const entries = await readdir(rel ? join(root, rel) : root, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= limit) return;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (SKIP.has(e.name)) continue;
        out.push({ path, dir: true });
        await visit(path);
      } else if (e.isFile()) out.push({ path, dir: false });
    }
  };
  await visit('');
  return out;
}
