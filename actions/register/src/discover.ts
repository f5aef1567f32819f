import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { RepoEntry, ModelFolderEntry } from '@modellake/connector-github';
import { readDvcRepo, toModelCards as dvcToModelCards } from '@modellake/connector-dvc';
import { loadModelIndex, toModelCards as miToModelCards } from '@modellake/connector-model-index';
import { FingerprintError, fingerprintModelFolder } from '@modellake/fingerprint';
import { globToRegExp, isGlob, walk, type WalkEntry } from './glob.js';

/** A problem found while reading the repository: names the file (and line) and says what is wrong. */
export interface Problem {
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number;
}

/** What a matched path is. */
export interface Target {
  kind: 'card-file' | 'model-folder' | 'dvc' | 'model-index';
  /** Workspace-relative, `/`-separated (`.` for the workspace itself). */
  path: string;
}

/** Options of {@link discover}. */
export interface DiscoverOptions {
  workspace: string;
  patterns: string[];
  /** Repository name used in DVC card ids. */
  repoName: string;
  importedAt: string;
  connectorVersion: string;
}

/** Result of {@link discover}. */
export interface Discovery {
  entries: RepoEntry[];
  problems: Problem[];
  targets: Target[];
}

const CARD_EXT = /\.(json|ya?ml|md)$/i;
const WEIGHT_EXT = /\.(safetensors|gguf)$/i;
const MODEL_INDEX_NAMES = new Set(['model-index.yml', 'model-index.yaml']);
const MAX_SNIFF = 4 << 20;

function toPosix(p: string): string {
  return p.split(sep).join('/') || '.';
}

async function classify(workspace: string, rel: string, isDir: boolean): Promise<Target | undefined> {
  const abs = join(workspace, rel);
  if (isDir) {
    const names = await readdir(abs);
    if (names.includes('dvc.yaml') || names.includes('dvc.lock')) return { kind: 'dvc', path: rel };
    if (names.some((n) => n === 'config.json' || n === 'adapter_config.json' || WEIGHT_EXT.test(n))) return { kind: 'model-folder', path: rel };
    const mi = names.find((n) => MODEL_INDEX_NAMES.has(n));
    if (mi) return { kind: 'model-index', path: rel === '.' ? mi : `${rel}/${mi}` };
    return undefined;
  }
  const base = basename(rel);
  const dir = toPosix(dirname(rel));
  if (base === 'dvc.yaml' || base === 'dvc.lock') return { kind: 'dvc', path: dir };
  if (MODEL_INDEX_NAMES.has(base)) return { kind: 'model-index', path: rel };
  if (WEIGHT_EXT.test(base) || base === 'adapter_config.json') return { kind: 'model-folder', path: dir };
  if (!CARD_EXT.test(base)) return undefined;
  const info = await stat(abs);
  if (info.size > MAX_SNIFF) return undefined;
  const text = await readFile(abs, 'utf8');
  if (/(^|[\n{,])\s*"?cardVersion"?\s*:/.test(text)) return { kind: 'card-file', path: rel };
  if (/^(Models|Collections|Import)\s*:/m.test(text) || (/\.md$/i.test(base) && /^---[\s\S]*?\nmodel-index\s*:/.test(text))) return { kind: 'model-index', path: rel };
  return undefined;
}

/** Resolves the `paths` input to targets: explicit paths must exist and be recognised; globs keep what they recognise. */
export async function resolveTargets(workspace: string, patterns: string[]): Promise<{ targets: Target[]; problems: Problem[] }> {
  const targets: Target[] = [];
  const problems: Problem[] = [];
  let walked: WalkEntry[] | undefined;
  const seen = new Set<string>();
  const add = (t: Target): void => {
    const key = `${t.kind}:${t.path}`;
    if (!seen.has(key)) {
      seen.add(key);
      targets.push(t);
    }
  };
  for (const pattern of patterns) {
    const clean = pattern.replace(/^\.\/(?=.)/, '').replace(/\/+$/, '') || '.';
    if (isAbsolute(clean) || clean.split('/').includes('..')) {
      problems.push({ severity: 'error', message: `paths: ${pattern} must be relative to the workspace and stay inside it.` });
      continue;
    }
    if (!isGlob(clean)) {
      let info;
      try {
        info = await stat(join(workspace, clean));
      } catch {
        problems.push({ severity: 'error', file: clean, message: `paths: ${clean} does not exist in the workspace (${workspace}); check the \`paths\` input and that the repository is checked out.` });
        continue;
      }
      const t = await classify(workspace, clean, info.isDirectory());
      if (t) add(t);
      else {
        problems.push({
          severity: 'error',
          file: clean,
          message: `paths: ${clean} is not a model card (no \`cardVersion\`), a model folder (config.json, safetensors, GGUF, adapter), a DVC project or a model-index file.`,
        });
      }
      continue;
    }
    walked ??= await walk(workspace);
    const re = globToRegExp(clean);
    let n = 0;
    for (const e of walked) {
      if (!re.test(e.path)) continue;
      const t = await classify(workspace, e.path, e.dir);
      if (t) {
        add(t);
        n++;
      }
    }
    if (n === 0) problems.push({ severity: 'warning', message: `paths: ${pattern} matched no model card, model folder, DVC project or model-index file.` });
  }
  return { targets, problems };
}

async function readJsonObject(abs: string, rel: string, problems: Problem[]): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    problems.push({ severity: 'error', file: rel, message: `${rel}: expected a JSON object.` });
  } catch (e) {
    problems.push({ severity: 'error', file: rel, message: `${rel}: invalid JSON: ${(e as Error).message}` });
  }
  return undefined;
}

async function readModelFolder(workspace: string, rel: string, problems: Problem[]): Promise<ModelFolderEntry | undefined> {
  const abs = join(workspace, rel);
  const sub = (n: string) => (rel === '.' ? n : `${rel}/${n}`);
  const names = (await readdir(abs, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name).sort();
  const files = await Promise.all(names.map(async (n) => ({ path: n, size: (await stat(join(abs, n))).size })));
  const entry: ModelFolderEntry = { kind: 'model-folder', path: rel, files };
  const before = problems.length;
  const config = names.includes('config.json') ? await readJsonObject(join(abs, 'config.json'), sub('config.json'), problems) : undefined;
  const adapterConfig = names.includes('adapter_config.json') ? await readJsonObject(join(abs, 'adapter_config.json'), sub('adapter_config.json'), problems) : undefined;
  if (problems.length > before) return undefined;
  if (config) entry.config = config;
  if (adapterConfig) entry.adapterConfig = adapterConfig;
  if (names.includes('README.md')) entry.readme = await readFile(join(abs, 'README.md'), 'utf8');
  try {
    entry.fingerprint = (await fingerprintModelFolder(abs)).fingerprint;
  } catch (e) {
    if (!(e instanceof FingerprintError && e.code === 'not-a-model')) {
      const msg = (e as Error).message.replaceAll(`${workspace}/`, '');
      problems.push({ severity: 'error', file: rel, message: `${rel}: cannot read the weights: ${msg}` });
      return undefined;
    }
  }
  return entry;
}

/**
 * Finds what the `paths` input names and reads it: card files as text, model folders with their
 * config and weight fingerprint, DVC projects and model-index files through their connectors.
 */
export async function discover(opts: DiscoverOptions): Promise<Discovery> {
  const { workspace } = opts;
  const { targets, problems } = await resolveTargets(workspace, opts.patterns);
  const entries: RepoEntry[] = [];
  for (const t of targets) {
    const abs = join(workspace, t.path);
    if (t.kind === 'card-file') {
      entries.push({ kind: 'card-file', path: t.path, text: await readFile(abs, 'utf8') });
    } else if (t.kind === 'model-folder') {
      const e = await readModelFolder(workspace, t.path, problems);
      if (e) entries.push(e);
    } else if (t.kind === 'dvc') {
      const repo = await readDvcRepo({ dir: abs, repoName: opts.repoName });
      const rootRel = toPosix(relative(workspace, repo.root));
      const inRepo = (f: string) => (rootRel === '.' || rootRel.startsWith('..') ? f : `${rootRel}/${f}`);
      for (const project of repo.projects) {
        const mapped = dvcToModelCards(project, { importedAt: opts.importedAt, connectorVersion: opts.connectorVersion });
        for (const p of [...project.problems, ...mapped.problems]) {
          problems.push({ severity: 'warning', file: inRepo(p.file), ...(p.line !== undefined ? { line: p.line } : {}), message: `${inRepo(p.file)}${p.line ? `:${p.line}` : ''}: ${p.message}` });
        }
        if (mapped.cards.length) entries.push({ kind: 'mapped', path: project.dir ? inRepo(project.dir) : t.path, cards: mapped.cards });
      }
    } else {
      const loaded = loadModelIndex({ path: abs });
      const mapped = miToModelCards(loaded.documents, { importedAt: opts.importedAt, connectorVersion: opts.connectorVersion });
      for (const p of [...loaded.problems, ...mapped.problems]) {
        const file = isAbsolute(p.file) ? toPosix(relative(workspace, p.file)) : p.file;
        problems.push({ severity: p.severity, file, ...(p.line !== undefined ? { line: p.line } : {}), message: `${file}${p.line ? `:${p.line}` : ''}: ${p.message}` });
      }
      if (mapped.cards.length) entries.push({ kind: 'mapped', path: t.path, cards: mapped.cards.map((c) => c.card) });
    }
  }
  return { entries, problems, targets };
}
