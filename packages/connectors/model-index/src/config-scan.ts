import fs from 'node:fs';
import path from 'node:path';
import { isInside, readTextInsideSync, resolveInsideSync } from '@modellake/card/confine';

/** A checkpoint reference found in an OpenMMLab config file. */
export interface CheckpointRef {
  /** The literal as written (`open-mmlab://resnet50_v1c`, `https://.../x.pth`). */
  ref: string;
  /** The key it is assigned to (`load_from`, `checkpoint`, `pretrained`, `teacher_ckpt`, ...). */
  key: string;
  /** Config file it was found in (absolute). */
  file: string;
  line: number;
  /** Distance from the model's own config through `_base_` (0 = the config itself). */
  depth: number;
}

const MAX_DEPTH = 8;
const SCHEME_RE = /^(open-?mmlab|mmcls|mmdet|mmpretrain|mmseg|torchvision|modelzoo):\/\//;
const URL_CKPT_RE = /^https?:\/\/\S+\.(pth|pt|ckpt|bin|safetensors)(\?\S*)?$/i;
const LOCAL_CKPT_RE = /\.(pth|pt|ckpt|bin|safetensors)$/i;
const CKPT_KEY_RE = /load_from|checkpoint|ckpt|pretrain|init|weight|model_path|teacher/i;
const STRING_RE = /(['"])((?:\\.|(?!\1).)*)\1/g;

/**
 * Reads checkpoint references from a Python config and its `_base_` files (text only, nothing is
 * executed). A reference at a deeper level is dropped when a nearer file assigns the same key,
 * approximating how mmengine merges configs. Only files inside `root` are read (`_base_` paths
 * climbing out of it, or symlinks leading out, are skipped).
 */
export function scanConfig(file: string, repoRoot: string, root: string = repoRoot): CheckpointRef[] {
  const found: CheckpointRef[] = [];
  const keysByDepth = new Map<string, number>();
  const visited = new Set<string>();
  let level: string[] = [file];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const f of level) {
      if (visited.has(f)) continue;
      visited.add(f);
      let text: string;
      try {
        text = readTextInsideSync(root, f, { maxBytes: 4 << 20 });
      } catch {
        continue;
      }
      const { refs, keys, bases } = scanText(text);
      for (const k of keys) if (!keysByDepth.has(k)) keysByDepth.set(k, depth);
      for (const r of refs) {
        const nearest = keysByDepth.get(r.key);
        if (nearest !== undefined && nearest < depth) continue;
        found.push({ ...r, file: f, depth });
      }
      for (const b of bases) {
        const resolved = resolveBase(b, f, repoRoot, root);
        if (resolved) next.push(resolved);
      }
    }
    level = next;
  }
  return found;
}

function resolveBase(ref: string, from: string, repoRoot: string, root: string): string | undefined {
  // `mmdet::faster_rcnn/x.py` scopes point into another package's configs; only the local tree is read.
  const local = ref.replace(/^[a-z0-9_]+::/, '');
  const candidates = [path.resolve(path.dirname(from), local), path.resolve(repoRoot, 'configs', local)];
  for (const c of candidates) {
    if (!isInside(root, c)) continue;
    try {
      const real = resolveInsideSync(root, c);
      if (fs.statSync(real).isFile()) return real;
    } catch {
      // missing, or a link out of the root: not read
    }
  }
  return undefined;
}

function scanText(text: string): { refs: Omit<CheckpointRef, 'file' | 'depth'>[]; keys: string[]; bases: string[] } {
  const refs: Omit<CheckpointRef, 'file' | 'depth'>[] = [];
  const keys: string[] = [];
  const bases: string[] = [];
  const lines = text.split('\n');
  let inBase = false;
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '');
    // Only top-level assignments shadow deeper ones: nested keys (`checkpoint=` in hooks vs in a backbone) are too ambiguous without key paths.
    const top = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(line)?.[1];
    if (top) keys.push(top);
    if (/^\s*_base_\s*=/.test(line)) inBase = true;
    for (const m of line.matchAll(STRING_RE)) {
      const value = m[2]!;
      const key = keyBefore(line.slice(0, m.index));
      if (inBase && /\.py$/.test(value)) {
        bases.push(value);
        continue;
      }
      const isCkpt = SCHEME_RE.test(value) || URL_CKPT_RE.test(value) || (key !== undefined && CKPT_KEY_RE.test(key) && LOCAL_CKPT_RE.test(value));
      if (isCkpt) refs.push({ ref: value, key: key ?? '', line: i + 1 });
    }
    const fromImport = /^\s*from\s+(\.+[\w.]*)\s+import\s+\*/.exec(line);
    if (fromImport) bases.push(pyModuleToPath(fromImport[1]!));
    if (inBase && (/\]\s*$/.test(line) || (!line.includes('[') && /['"]\s*$/.test(line)))) inBase = false;
  }
  return { refs, keys, bases };
}

/** The key a literal is assigned to: the last `name=` or `'name':` before it on its line. */
function keyBefore(prefix: string): string | undefined {
  let key: string | undefined;
  for (const m of prefix.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)|['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*:/g)) key = m[1] ?? m[2];
  return key;
}

function pyModuleToPath(mod: string): string {
  const dots = /^\.+/.exec(mod)![0].length;
  const rest = mod.slice(dots).split('.').filter(Boolean).join('/');
  return `${dots > 1 ? '../'.repeat(dots - 1) : './'}${rest}.py`;
}
