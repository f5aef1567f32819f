import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseFrontMatter } from '@modellake/card';
import { fingerprintModelFolder, type ModelFolderFingerprint, type SketchOptions } from '@modellake/fingerprint';
import type { DeclaredParent, LineageModel, LineageRelation } from './types.js';

const RELATIONS = new Set<LineageRelation>(['finetune', 'adapter', 'quantized', 'merge', 'distillation', 'continued-pretraining', 'version']);
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

/** Everything read from one model folder. */
export interface ModelFolder extends ModelFolderFingerprint {
  id: string;
  dir: string;
  declared: DeclaredParent[];
  /** README front matter, when there is a README.md. */
  cardData?: Record<string, unknown>;
  readmeBody?: string;
}

/** Reads a model folder: fingerprint, config, adapter config and the declared parents of README, PEFT and GGUF. */
export async function readModelFolder(dir: string, id: string, opts: SketchOptions = {}): Promise<ModelFolder> {
  const fp = await fingerprintModelFolder(dir, opts);
  const declared: DeclaredParent[] = [];
  let cardData: Record<string, unknown> | undefined;
  let readmeBody: string | undefined;
  const readme = await readFile(join(dir, 'README.md'), 'utf8').catch(() => undefined);
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
  if (fp.adapterConfig?.baseModel && !declared.some((d) => d.id === fp.adapterConfig!.baseModel)) {
    declared.push({ id: fp.adapterConfig.baseModel, relation: 'adapter', source: 'peft' });
  }
  for (const d of declared) if (fp.kind === 'adapter' && d.source !== 'peft' && !d.relation) d.relation = 'adapter';
  const gguf = (fp.fingerprint.extra?.gguf as { baseModels?: { name?: string; organization?: string; repoUrl?: string }[] } | undefined)?.baseModels ?? [];
  for (const b of gguf) {
    const ref = b.repoUrl ?? (b.organization && b.name ? `${b.organization}/${b.name}` : b.name);
    if (ref && !declared.some((d) => d.id === ref)) declared.push({ id: ref, relation: 'quantized', source: 'gguf' });
  }
  return { ...fp, id, dir, declared, ...(cardData ? { cardData } : {}), ...(readmeBody !== undefined ? { readmeBody } : {}) };
}

/** A lineage-engine model from a read folder. */
export function toLineageModel(f: Pick<ModelFolder, 'id' | 'kind' | 'fingerprint' | 'declared'>): LineageModel {
  return { id: f.id, kind: f.kind, fingerprint: f.fingerprint, declared: f.declared };
}

/** Finds model folders (folders holding safetensors, GGUF or a PEFT adapter) under a root, ids relative to it with `/`. */
export async function findModelFolders(root: string): Promise<{ dir: string; id: string }[]> {
  const out: { dir: string; id: string }[] = [];
  const visited = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    const ents = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    // Hugging Face cache snapshots are symlinks to blobs: classify links by what they point to.
    const kinds = await Promise.all(
      ents.map(async (e) => {
        if (!e.isSymbolicLink()) return e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other';
        const st = await stat(join(dir, e.name)).catch(() => undefined);
        return st?.isDirectory() ? 'dir' : st?.isFile() ? 'file' : 'other';
      }),
    );
    if (ents.some((e, i) => kinds[i] === 'file' && WEIGHT_FILE.test(e.name))) {
      out.push({ dir, id: relative(root, dir).split(sep).join('/') || '.' });
    }
    for (let i = 0; i < ents.length; i++) {
      const e = ents[i]!;
      if (kinds[i] === 'dir' && !e.name.startsWith('.') && e.name !== 'node_modules') await walk(join(dir, e.name));
    }
  };
  await walk(root);
  return out;
}
