import { canonicalJson } from '@modellake/card';
import type { ValueChange } from './types.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return canonicalJson(a) === canonicalJson(b);
}

const ARRAY_KEYS = ['id', 'name', 'dataset', 'path', 'type'] as const;

/** The member that identifies each object of an array (`name`, `dataset`...), when unique and present on all. */
function arrayKey(a: unknown[], b: unknown[]): string | undefined {
  const all = [...a, ...b];
  if (all.length === 0 || !all.every(isPlainObject)) return undefined;
  for (const k of ARRAY_KEYS) {
    const ok = [a, b].every((arr) => {
      const vals = arr.map((o) => (o as Record<string, unknown>)[k]);
      return vals.every((v) => typeof v === 'string') && new Set(vals).size === vals.length;
    });
    if (ok) return k;
  }
  return undefined;
}

/**
 * Flattened differences between two JSON values under `path`: objects recurse by key, arrays of
 * keyed objects recurse by that key (`biasChecks[gender].status`), string lists report members
 * added and removed, anything else is compared whole.
 */
export function diffValues(path: string, a: unknown, b: unknown, out: ValueChange[] = []): ValueChange[] {
  if (same(a, b)) return out;
  if (a === undefined) {
    out.push({ path, kind: 'added', after: b });
    return out;
  }
  if (b === undefined) {
    out.push({ path, kind: 'removed', before: a });
    return out;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) diffValues(path ? `${path}.${k}` : k, a[k], b[k], out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if ([...a, ...b].every((v) => typeof v === 'string')) {
      const sa = new Set(a as string[]);
      const sb = new Set(b as string[]);
      out.push({
        path,
        kind: 'changed',
        before: a,
        after: b,
        added: (b as string[]).filter((v) => !sa.has(v)),
        removed: (a as string[]).filter((v) => !sb.has(v)),
      });
      return out;
    }
    const key = arrayKey(a, b);
    if (key) {
      const ma = new Map(a.map((o) => [(o as Record<string, unknown>)[key] as string, o]));
      const mb = new Map(b.map((o) => [(o as Record<string, unknown>)[key] as string, o]));
      for (const k of [...new Set([...ma.keys(), ...mb.keys()])]) diffValues(`${path}[${k}]`, ma.get(k), mb.get(k), out);
      return out;
    }
  }
  out.push({ path, kind: 'changed', before: a, after: b });
  return out;
}
