import { existsSync, type Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseFrontMatter } from '@modellake/card';
import { ConfineError, fileKind, readTextInside, resolveInside } from '@modellake/card/confine';
import { fingerprintModelFolder, isLocalModelPath, type ModelFolderFingerprint, type SketchOptions } from '@modellake/fingerprint';
import type { DeclaredParent, LineageModel, LineageRelation } from './types.js';

const RELATIONS = new Set<LineageRelation>(['finetune', 'adapter', 'quantized', 'merge', 'distillation', 'continued-pretraining', 'version']);
const MAX_README_BYTES = 4 << 20;
const WEIGHT_FILE = /(\.safetensors|\.safetensors\.index\.json|\.gguf|^adapter_config\.json)$/;

/** Declared parents in a model card's front matter: `base_model` (string or list), `base_model_relation`, `base_model:<relation>:<id>` tags. */
export function declaredParentsFromCardData(data: Record<string, unknown>): DeclaredParent[] {
  const out: DeclaredParent[] = [];
  const rel = typeof data.base_model_relation === 'string' && RELATIONS.has(data.base_model_relation as LineageRelation)
    ? (data.base_model_relation as LineageRelation)
    : undefined;
  const bm = data.base_model;
  for (const b of Array.isArray(bm) ? bm : [bm]) {
    if (typeof b === 'string' && b.trim()) out.push({ id: b.trim(), ...(rel ? { relation: rel } : {}), source: 'card' });
  }
  const tags = Array.isArray(data.tags) ? data.tags : [];
  for (const t of tags) {
    if (typeof t !== 'string' || !t.startsWith('base_model:')) continue;
    const rest = t.slice('base_model:'.length);
    const m = /^([a-z-]+):(.+)$/.exec(rest);
    const [relation, id] = m && RELATIONS.has(m[1] as LineageRelation) ? [m[1] as LineageRelation, m[2]!] : [undefined, rest];
    if (!id.trim() || out.some((o) => o.id === id.trim())) continue;
    out.push({ id: id.trim(), ...(relation ? { relation } : {}), source: 'tag' });
  }
  return out;
}

/** An entry of a scanned tree that was skipped or could not be read: reported, never fatal. */
export interface TreeWarning {
  /** Path relative to the scanned root, with `/`. */
  path: string;
  /** `not-a-file` (FIFO, socket, device), `outside-root` (a link leaving the root), `unreadable` (permissions, I/O), `local-base-path` (a PEFT base that is a path). */
  code: 'not-a-file' | 'outside-root' | 'unreadable' | 'local-base-path';
  message: string;
}

/** Everything read from one model folder. */
export interface ModelFolder extends ModelFolderFingerprint {
  id: string;
  dir: string;
  declared: DeclaredParent[];
  /** README front matter, when there is a README.md. */
  cardData?: Record<string, unknown>;
  readmeBody?: string;
  /** Files of the folder left out (a FIFO weight file, a README linking out of the root, ...). */
  treeWarnings?: TreeWarning[];
}

/** Options of {@link readModelFolder}. */
export interface ReadModelFolderOptions extends SketchOptions {
  /** Root of the scanned tree: files (README.md, symlinked weights) must resolve inside it. @default `dir` */
  root?: string;
}

function posixRel(root: string, p: string): string {
  return relative(root, p).split(sep).join('/') || '.';
}

/** Reads a model folder: fingerprint, config, adapter config and the declared parents of README, PEFT and GGUF. */
export async function readModelFolder(dir: string, id: string, opts: ReadModelFolderOptions = {}): Promise<ModelFolder> {
  const root = resolve(opts.root ?? dir);
  const fp = await fingerprintModelFolder(dir, { ...opts, root });
  const treeWarnings: TreeWarning[] = (fp.warnings ?? []).map((w) => ({ path: posixRel(root, join(dir, w.file)), code: w.code, message: w.message }));
  const declared: DeclaredParent[] = [];
  let cardData: Record<string, unknown> | undefined;
  let readmeBody: string | undefined;
  const readme = await readTextInside(root, 'README.md', { from: dir, maxBytes: MAX_README_BYTES }).catch((err: unknown) => {
    // A missing README is normal; anything else (a link out of the root, a FIFO, too large) is reported.
    if (err instanceof ConfineError && err.code !== 'not-found') {
      treeWarnings.push({ path: posixRel(root, join(dir, 'README.md')), code: err.code === 'outside-root' ? 'outside-root' : err.code === 'not-a-file' ? 'not-a-file' : 'unreadable', message: err.message });
    }
    return undefined;
  });
  if (readme !== undefined) {
    try {
      const doc = parseFrontMatter(readme);
      cardData = doc.data as Record<string, unknown>;
      readmeBody = doc.body;
      declared.push(...declaredParentsFromCardData(cardData));
    } catch {
      readmeBody = readme;
    }
  }
  const peftBase = fp.adapterConfig?.baseModel;
  if (peftBase && isLocalModelPath(peftBase, (p) => existsSync(resolve(dir, p)))) {
    // A local training path is no model id: keeping it would invent a parent nobody can resolve.
    treeWarnings.push({ path: posixRel(root, join(dir, 'adapter_config.json')), code: 'local-base-path', message: `base_model_name_or_path ${JSON.stringify(peftBase)} is a filesystem path, not a model id; no parent recorded from it.` });
  } else if (peftBase && !declared.some((d) => d.id === peftBase)) {
    declared.push({ id: peftBase, relation: 'adapter', source: 'peft' });
  }
  for (const d of declared) if (fp.kind === 'adapter' && d.source !== 'peft' && !d.relation) d.relation = 'adapter';
  const gguf = (fp.fingerprint.extra?.gguf as { baseModels?: { name?: string; organization?: string; repoUrl?: string }[] } | undefined)?.baseModels ?? [];
  for (const b of gguf) {
    const ref = b.repoUrl ?? (b.organization && b.name ? `${b.organization}/${b.name}` : b.name);
    if (ref && !declared.some((d) => d.id === ref)) declared.push({ id: ref, relation: 'quantized', source: 'gguf' });
  }
  const { warnings: _folded, ...rest } = fp;
  return {
    ...rest,
    id,
    dir,
    declared,
    ...(cardData ? { cardData } : {}),
    ...(readmeBody !== undefined ? { readmeBody } : {}),
    ...(treeWarnings.length ? { treeWarnings } : {}),
  };
}

/** A lineage-engine model from a read folder. */
export function toLineageModel(f: Pick<ModelFolder, 'id' | 'kind' | 'fingerprint' | 'declared'>): LineageModel {
  return { id: f.id, kind: f.kind, fingerprint: f.fingerprint, declared: f.declared };
}

/** Options of {@link findModelFolders}. */
export interface FindModelFoldersOptions {
  /** Called for every entry skipped or unreadable (the walk goes on). */
  onWarning?: (w: TreeWarning) => void;
}

/**
 * Finds model folders (folders holding safetensors, GGUF or a PEFT adapter) under a root, ids
 * relative to it with `/`. Symlinks are followed only while they stay inside the root; FIFOs,
 * sockets and devices are skipped; unreadable folders are reported; nothing aborts the walk.
 */
export async function findModelFolders(root: string, opts: FindModelFoldersOptions = {}): Promise<{ dir: string; id: string }[]> {
  const absRoot = resolve(root);
  const out: { dir: string; id: string }[] = [];
  const visited = new Set<string>();
  const warn = (p: string, code: TreeWarning['code'], message: string): void => opts.onWarning?.({ path: posixRel(absRoot, p), code, message });
  const classify = async (dir: string, e: Dirent): Promise<'dir' | 'file' | 'skip'> => {
    const p = join(dir, e.name);
    if (!e.isSymbolicLink()) {
      if (e.isDirectory()) return 'dir';
      if (e.isFile()) return 'file';
      warn(p, 'not-a-file', `${posixRel(absRoot, p)} is a ${fileKind(e)}; skipped.`);
      return 'skip';
    }
    // Hugging Face cache snapshots are symlinks to blobs: classify links by what they point to, inside the root only.
    try {
      const st = await stat(await resolveInside(absRoot, p));
      if (st.isDirectory()) return 'dir';
      if (st.isFile()) return 'file';
      warn(p, 'not-a-file', `${posixRel(absRoot, p)} links to a ${fileKind(st)}; skipped.`);
    } catch (err) {
      if (err instanceof ConfineError && err.code === 'outside-root') warn(p, 'outside-root', `${posixRel(absRoot, p)} is a symbolic link out of the scanned root; not followed.`);
      else if (!(err instanceof ConfineError && err.code === 'not-found')) warn(p, 'unreadable', `${posixRel(absRoot, p)}: ${(err as Error).message}`);
    }
    return 'skip';
  };
  const walk = async (dir: string): Promise<void> => {
    let ents: Dirent[];
    try {
      const real = await realpath(dir);
      if (visited.has(real)) return;
      visited.add(real);
      ents = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch (err) {
      warn(dir, 'unreadable', `${posixRel(absRoot, dir)}: folder cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); skipped.`);
      return;
    }
    const kinds = await Promise.all(ents.map((e) => classify(dir, e)));
    if (ents.some((e, i) => kinds[i] === 'file' && WEIGHT_FILE.test(e.name))) {
      out.push({ dir, id: posixRel(absRoot, dir) });
    }
    for (let i = 0; i < ents.length; i++) {
      const e = ents[i]!;
      if (kinds[i] === 'dir' && !e.name.startsWith('.') && e.name !== 'node_modules') await walk(join(dir, e.name));
    }
  };
  await walk(absRoot);
  return out;
}
