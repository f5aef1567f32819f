import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { CardError, parseFrontMatter } from '@modellake/card';
import { ConfineError, isInside, readTextInsideSync, resolveInsideSync } from '@modellake/card/confine';
import type { ModelIndexProblem } from './errors.js';
import { ModelIndexError } from './errors.js';
import { scanConfig, type CheckpointRef } from './config-scan.js';
import type { WireCollection, WireHfModelIndexEntry, WireMetafile, WireModel, WireRootIndex } from './wire.js';

/** Where a loaded document came from. */
export type DocumentKind = 'metafile' | 'timm-page' | 'hf-card';

/** A collection as read from a file, with its location and README text when it could be read. */
export interface LoadedCollection {
  wire: WireCollection;
  line: number;
  /** README text (collection `README:` file, or the prose of a timm page). */
  readme?: { path: string; text: string };
}

/** A model entry as read from a file, with its location. */
export interface LoadedModel {
  wire: WireModel;
  line: number;
  /** Checkpoint references found in the model's `Config:` file (and its `_base_` files) when available. */
  checkpointRefs?: CheckpointRef[];
  /** True when `Config:` was given and the file was found and scanned. */
  configScanned?: boolean;
  /** 1-based line of each field, by dotted path (`Metadata.Parameters`, `Results.0.Metrics.box AP`). */
  fieldLines?: Record<string, number>;
}

/** A Hugging Face card `model-index:` entry with the card's other metadata. */
export interface LoadedHfEntry {
  wire: WireHfModelIndexEntry;
  line: number;
  /** The card's front matter (license, tags, base_model, ...). */
  cardData: Record<string, unknown>;
  body: string;
}

/** One parsed file: its collections and models (already structurally located). */
export interface ModelIndexDocument {
  kind: DocumentKind;
  /** Display path: relative to the import path when inside it. */
  file: string;
  namespace: string;
  collections: LoadedCollection[];
  models: LoadedModel[];
  hfEntries: LoadedHfEntry[];
  /** Top-level keys other than Collections/Models/Import/Type, kept for extensions. */
  extra?: Record<string, unknown>;
  /** A Markdown page beside the metafile with the same name (mmpose's per-dataset result pages). */
  page?: { path: string; text: string };
}

/** Everything read from a path: documents, per-file problems, and counts for accounting. */
export interface LoadResult {
  documents: ModelIndexDocument[];
  problems: ModelIndexProblem[];
  /** Number of files read (roots, metafiles, pages, cards). */
  filesRead: number;
  /** Model entries found, including those in files that could not be parsed (counted from the text). */
  modelsDeclared: number;
  /** Checkpoint aliases (`open-mmlab://resnet50_v1c` -> URL) from mmcv `model_zoo/*.json` tables found under the path. */
  checkpointAliases: Record<string, string>;
}

/** Options of {@link loadModelIndex}. */
export interface LoadModelIndexOptions {
  /** A root `model-index.yml`, a metafile, a timm `.mdx`/`.md` page, an HF README, or a directory holding any of them. */
  path: string;
  /** Namespace of the ids (`mi:<namespace>/<name>`). @default name of the directory holding the root file */
  namespace?: string;
  /** Follow `Config:` files to find checkpoint references. @default true */
  scanConfigs?: boolean;
  /** Folders holding mmcv alias tables (`open_mmlab.json`, `mmcls.json`, ...). @default any `model_zoo` folder found under a directory path */
  modelZoo?: string[];
}

const ROOT_NAMES = ['model-index.yml', 'model-index.yaml'];
const MAX_README_BYTES = 200_000;
/** Largest metafile, page or card read. */
const MAX_PAGE_BYTES = 16 << 20;
const TIMM_COMMENT_RE = /<!--[ \t]*\r?\n?(Type:[ \t]*model-index[\s\S]*?)-->/;

interface Root {
  file: string;
  namespace: string;
}

/** Reads model-index files from a path: follows `Import:`, timm comments and HF card `model-index:` blocks. */
export function loadModelIndex(options: LoadModelIndexOptions): LoadResult {
  const abs = path.resolve(options.path);
  if (!fs.existsSync(abs)) throw new ModelIndexError('path-not-found', `No such file or directory: ${options.path}`);
  const stat = fs.statSync(abs);
  const base = stat.isDirectory() ? abs : path.dirname(abs);
  const loader = new Loader(base, options.scanConfigs ?? true);
  const roots = stat.isDirectory() ? discoverRoots(abs, options.namespace, loader) : [{ file: abs, namespace: options.namespace ?? path.basename(path.dirname(abs)) }];
  if (roots.length === 0) {
    throw new ModelIndexError('nothing-to-import', `No model-index.yml, metafile, timm page or model card with model-index found under ${options.path}`);
  }
  for (const root of roots) loader.loadFile(root.file, root.namespace, path.dirname(root.file), undefined);
  const zoos = options.modelZoo ?? (stat.isDirectory() ? findModelZoos(abs) : []);
  return { documents: loader.documents, problems: loader.problems, filesRead: loader.filesRead, modelsDeclared: loader.modelsDeclared, checkpointAliases: readAliasTables(zoos, loader) };
}

/** Alias table file -> the URL schemes it serves (mmcv's `load_checkpoint` conventions). */
const ALIAS_TABLES: Record<string, string[]> = {
  'open_mmlab.json': ['open-mmlab', 'openmmlab'],
  'mmcls.json': ['mmcls'],
  'torchvision_0.12.json': ['torchvision'],
  'torchvision.json': ['torchvision'],
};

/** `model_zoo` folders holding mmcv alias tables, at most a few levels below `dir` (not inside repositories' configs). */
function findModelZoos(dir: string, depth = 0): string[] {
  if (depth > 3) return [];
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'configs') continue;
    const p = path.join(dir, e.name);
    if (e.name === 'model_zoo' && fs.existsSync(path.join(p, 'open_mmlab.json'))) out.push(p);
    else out.push(...findModelZoos(p, depth + 1));
  }
  return out;
}

function readAliasTables(dirs: string[], loader: Loader): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of dirs) {
    let deprecated: Record<string, string> = {};
    const dep = path.join(dir, 'deprecated.json');
    if (fs.existsSync(dep)) deprecated = readJsonTable(dep, loader);
    for (const [file, schemes] of Object.entries(ALIAS_TABLES)) {
      const p = path.join(dir, file);
      if (!fs.existsSync(p)) continue;
      const table = readJsonTable(p, loader);
      for (const [name, url] of Object.entries(table)) for (const scheme of schemes) out[`${scheme}://${name}`] ??= url;
      // Old open-mmlab names point at their new names (mmcv `deprecated.json`).
      if (file === 'open_mmlab.json') {
        for (const [old, now] of Object.entries(deprecated)) {
          const url = table[now];
          if (url) for (const scheme of schemes) out[`${scheme}://${old}`] ??= url;
        }
      }
    }
  }
  return out;
}

function readJsonTable(file: string, loader: Loader): Record<string, string> {
  try {
    const data = JSON.parse(readTextInsideSync(loader.root, file)) as unknown;
    if (!isPlainObject(data)) throw new Error('not an object');
    return Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch (err) {
    loader.problem({ code: 'file-unreadable', severity: 'warning', file, message: `Checkpoint alias table ignored: ${(err as Error).message}` });
    return {};
  }
}

/** Finds roots under a directory: a `model-index.yml` (not descending further), else metafiles, model pages and cards. */
function discoverRoots(dir: string, namespace: string | undefined, loader: Loader): Root[] {
  const own = ROOT_NAMES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
  if (own) return [{ file: own, namespace: namespace ?? path.basename(dir) }];
  const roots: Root[] = [];
  const walk = (d: string, ns: string | undefined): void => {
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      // `_`/`.`-prefixed folders hold derived or private copies (e.g. extracted blocks); reading them would import models twice.
      if (e.name.startsWith('.') || e.name.startsWith('_') || e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      const childNs = ns ?? e.name;
      if (e.isDirectory()) {
        const r = ROOT_NAMES.map((n) => path.join(p, n)).find((f) => fs.existsSync(f));
        if (r) roots.push({ file: r, namespace: namespace ?? childNs });
        else walk(p, childNs);
      } else if (/^metafile\.ya?ml$/i.test(e.name) || (/\.mdx?$/i.test(e.name) && looksLikeModelPage(p, loader))) {
        roots.push({ file: p, namespace: namespace ?? ns ?? path.basename(dir) });
      }
    }
  };
  walk(dir, undefined);
  return roots;
}

function looksLikeModelPage(file: string, loader: Loader): boolean {
  let text: string;
  try {
    text = readTextInsideSync(loader.root, file, { maxBytes: MAX_PAGE_BYTES });
  } catch (err) {
    // Pages that are FIFOs, links out of the root or unreadable are reported when loaded, not sniffed.
    if (err instanceof ConfineError && err.code !== 'not-found') loader.refused(file, err, undefined);
    return false;
  }
  return TIMM_COMMENT_RE.test(text) || (text.startsWith('---') && /^model-index:/m.test(text));
}

/** YAML text plus where it starts in its file (timm comments and front matter sit below line 1). */
interface YamlSource {
  text: string;
  lineOffset: number;
}

class Loader {
  readonly documents: ModelIndexDocument[] = [];
  readonly problems: ModelIndexProblem[] = [];
  filesRead = 0;
  modelsDeclared = 0;
  private readonly seen = new Set<string>();
  private readonly readmeCache = new Map<string, string | null>();

  constructor(
    private readonly base: string,
    private readonly scanConfigs: boolean,
  ) {}

  /** Every file read must resolve inside this folder (the import path, or the folder of the file given). */
  get root(): string {
    return this.base;
  }

  /** Reports a path refused by the confined reader, at the file and line that named it. */
  refused(target: string, err: ConfineError, at: { file: string; line?: number | undefined } | undefined): void {
    const where = at ?? { file: target };
    const outside = err.code === 'outside-root';
    this.problem({
      code: outside ? 'path-outside-root' : 'file-unreadable',
      severity: 'warning',
      file: where.file,
      ...(where.line !== undefined ? { line: where.line } : {}),
      message: outside ? `${this.display(target)} is outside the import root ${this.base} (directly or through a symbolic link); not read.` : err.message,
    });
  }

  /**
   * Resolves a path written in a metafile: relative to the repository root first, then to the file's
   * folder, then to its ancestors (a metafile imported on its own does not know its repository root).
   * Only a regular file inside the import root is returned; a match outside it is reported at `at`.
   */
  resolveRepoPath(ref: string, fileDir: string, repoRoot: string, at: { file: string; line: number }): string | undefined {
    const clean = ref.trim();
    if (clean === '') return undefined;
    if (path.isAbsolute(clean) || /^[A-Za-z]:[\\/]/.test(clean)) {
      this.problem({ code: 'path-outside-root', severity: 'warning', file: at.file, line: at.line, message: `${clean} is an absolute path: only files inside the import root are read; not read.` });
      return undefined;
    }
    const candidates = [path.resolve(repoRoot, clean), path.resolve(fileDir, clean)];
    for (let d = path.dirname(fileDir), i = 0; i < 6 && d !== path.dirname(d); d = path.dirname(d), i++) candidates.push(path.resolve(d, clean));
    let refused: ConfineError | undefined;
    for (const c of candidates) {
      if (!isInside(this.base, c)) {
        if (!refused && fs.existsSync(c)) refused = new ConfineError('outside-root', '', { path: c, root: this.base });
        continue;
      }
      try {
        const real = resolveInsideSync(this.base, c);
        if (fs.statSync(real).isFile()) return real;
      } catch (err) {
        if (err instanceof ConfineError && err.code === 'outside-root') refused ??= err;
      }
    }
    if (refused) this.refused(refused.path, refused, at);
    return undefined;
  }

  display(file: string): string {
    const rel = path.relative(this.base, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
  }

  problem(p: Omit<ModelIndexProblem, 'file'> & { file: string }): void {
    this.problems.push({ ...p, file: this.display(p.file) });
  }

  /** Loads one file; `repoRoot` is the folder `Import:`, `Config:` and `README:` paths are relative to. */
  loadFile(file: string, namespace: string, repoRoot: string, importedFrom: { file: string; line: number } | undefined): void {
    const key = path.resolve(file);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    let text: string;
    try {
      text = readTextInsideSync(this.base, file, { maxBytes: MAX_PAGE_BYTES });
    } catch (cause) {
      if (cause instanceof ConfineError && cause.code !== 'not-found') {
        this.refused(file, cause, importedFrom);
        return;
      }
      const where = importedFrom ?? { file, line: undefined };
      this.problem({
        code: importedFrom ? 'import-missing' : 'file-unreadable',
        severity: 'error',
        file: where.file,
        ...(where.line !== undefined ? { line: where.line } : {}),
        message: importedFrom ? `Import target ${this.display(file)} does not exist or cannot be read (${(cause as Error).message.split(':')[0]}).` : `Cannot read file: ${(cause as Error).message}`,
      });
      return;
    }
    this.filesRead++;
    if (/\.mdx?$/i.test(file)) {
      this.loadPage(file, text, namespace, repoRoot);
      return;
    }
    this.loadYaml(file, { text, lineOffset: 0 }, namespace, repoRoot, 'metafile', undefined);
  }

  private loadPage(file: string, text: string, namespace: string, repoRoot: string): void {
    const m = TIMM_COMMENT_RE.exec(text);
    if (m) {
      const start = m.index + m[0].indexOf(m[1]!);
      const lineOffset = countLines(text, start);
      const prose = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim();
      this.loadYaml(file, { text: m[1]!, lineOffset }, namespace, repoRoot, 'timm-page', { path: this.display(file), text: prose });
      return;
    }
    let fm: { data: Record<string, unknown>; body: string };
    try {
      fm = parseFrontMatter(text);
    } catch (err) {
      const line = err instanceof CardError ? /line (\d+)/.exec(err.message)?.[1] : undefined;
      this.problem({ code: 'front-matter-invalid', severity: 'error', file, ...(line ? { line: Number(line) } : {}), message: (err as Error).message });
      for (const n of hfNames(text)) {
        this.modelsDeclared++;
        this.problem({ code: 'model-in-broken-file', severity: 'error', file, line: n.line, model: n.name, message: `Model ${JSON.stringify(n.name)} not imported: the front matter is not valid YAML.` });
      }
      return;
    }
    const mi = fm.data['model-index'];
    if (mi === undefined) {
      this.problem({ code: 'document-invalid', severity: 'warning', file, message: 'Page has neither a `<!-- Type: model-index -->` comment nor a `model-index:` front matter block.' });
      return;
    }
    const headerLine = lineOf(text, /^model-index:/m);
    const doc: ModelIndexDocument = { kind: 'hf-card', file: this.display(file), namespace, collections: [], models: [], hfEntries: [] };
    if (!Array.isArray(mi)) {
      this.problem({ code: 'document-invalid', severity: 'error', file, line: headerLine, model: '(model-index)', message: '`model-index:` must be a list of `{name, results}` entries; nothing imported from it.' });
      this.modelsDeclared++;
      return;
    }
    const { ['model-index']: _omit, ...cardData } = fm.data;
    for (const [i, entry] of mi.entries()) {
      this.modelsDeclared++;
      const line = entryLine(text, headerLine, i);
      if (!isPlainObject(entry) || typeof entry.name !== 'string' || entry.name.trim() === '') {
        this.problem({ code: 'model-invalid', severity: 'error', file, line, model: `model-index[${i}]`, message: `\`model-index[${i}]\` has no \`name\` string; entry not imported.` });
        continue;
      }
      doc.hfEntries.push({ wire: entry as WireHfModelIndexEntry, line, cardData, body: fm.body });
    }
    this.documents.push(doc);
  }

  private loadYaml(file: string, src: YamlSource, namespace: string, repoRoot: string, kind: DocumentKind, pageReadme: { path: string; text: string } | undefined): void {
    const lc = new LineCounter();
    // `merge: true`: PyYAML, which upstream tooling uses, honours `<<: *anchor` merge keys.
    const doc = parseDocument(src.text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false, merge: true });
    const lineAt = (offset: number | undefined): number => (offset === undefined ? src.lineOffset + 1 : lc.linePos(offset).line + src.lineOffset);
    if (doc.errors.length > 0) {
      for (const e of doc.errors) this.yamlProblem(file, e, lineAt, 'error');
      this.reportModelsOfBrokenFile(file, src, lineAt(doc.errors[0]!.pos[0]));
      return;
    }
    for (const w of doc.warnings) this.yamlProblem(file, w, lineAt, 'warning');
    for (const d of duplicateKeys(doc.contents, lineAt)) {
      this.problem({ code: 'duplicate-key', severity: 'warning', file, line: d.line, message: `Key ${JSON.stringify(d.key)} appears again (first at line ${d.first}); the last value is used, as PyYAML does.` });
    }
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: 10_000 });
    } catch (err) {
      this.problem({ code: 'yaml-invalid', severity: 'error', file, line: src.lineOffset + 1, message: `YAML cannot be resolved: ${(err as Error).message}` });
      this.reportModelsOfBrokenFile(file, src, src.lineOffset + 1);
      return;
    }
    if (js === null || js === undefined) js = {};
    if (!isPlainObject(js)) {
      this.problem({ code: 'document-invalid', severity: 'error', file, line: src.lineOffset + 1, message: 'A model-index file must be a mapping with `Import:`, `Collections:` or `Models:`.' });
      return;
    }
    const data = js as WireMetafile & WireRootIndex;
    if (data.Import !== undefined) this.followImports(file, doc, data.Import, lineAt, namespace, repoRoot);

    const out: ModelIndexDocument = { kind, file: this.display(file), namespace, collections: [], models: [], hfEntries: [] };
    if (kind === 'metafile' && Array.isArray(data.Models)) {
      const page = this.readText(file.replace(/\.ya?ml$/i, '.md'));
      if (page) out.page = page;
    }
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) if (!['Import', 'Collections', 'Models', 'Type'].includes(k)) extra[k] = v;
    if (Object.keys(extra).length > 0) {
      out.extra = extra;
      this.problem({ code: 'document-invalid', severity: 'warning', file, line: src.lineOffset + 1, message: `Unknown top-level keys kept in extensions: ${Object.keys(extra).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}.` });
    }

    const colNodes = doc.get('Collections', true);
    if (data.Collections !== undefined && data.Collections !== null) {
      if (!Array.isArray(data.Collections)) {
        this.problem({ code: 'document-invalid', severity: 'warning', file, line: lineAt(nodeStart(colNodes)), message: '`Collections:` must be a list; ignored.' });
      } else {
        data.Collections.forEach((c, i) => {
          const line = lineAt(seqItemStart(colNodes, i));
          if (!isPlainObject(c) || typeof c.Name !== 'string') {
            this.problem({ code: 'document-invalid', severity: 'warning', file, line, message: `Collection #${i + 1} has no \`Name\` string; ignored.` });
            return;
          }
          const readme = pageReadme ?? this.readme(c.README, path.dirname(file), repoRoot, { file, line: fieldLine(colNodes, i, 'README', lineAt) ?? line });
          out.collections.push({ wire: c, line, ...(readme ? { readme } : {}) });
        });
      }
    }

    const modelNodes = doc.get('Models', true);
    if (data.Models !== undefined && data.Models !== null) {
      if (!Array.isArray(data.Models)) {
        this.modelsDeclared++;
        this.problem({ code: 'document-invalid', severity: 'error', file, line: lineAt(nodeStart(modelNodes)), model: '(Models)', message: '`Models:` must be a list of model entries; nothing imported from it.' });
      } else {
        data.Models.forEach((m, i) => {
          this.modelsDeclared++;
          const line = lineAt(seqItemStart(modelNodes, i));
          const loaded: LoadedModel = { wire: m as WireModel, line, fieldLines: fieldLines(isSeq(modelNodes) ? modelNodes.items[i] : undefined, lineAt) };
          if (this.scanConfigs && isPlainObject(m) && typeof m.Config === 'string') {
            const cfg = this.resolveRepoPath(m.Config, path.dirname(file), repoRoot, { file, line: loaded.fieldLines?.Config ?? line });
            if (cfg) {
              loaded.checkpointRefs = scanConfig(cfg, repoRoot, this.base);
              loaded.configScanned = true;
            }
          }
          out.models.push(loaded);
        });
      }
    }
    if (out.collections.length > 0 || out.models.length > 0 || out.extra) this.documents.push(out);
  }

  /** Names every model of a file that cannot be used, so each is accounted for. */
  private reportModelsOfBrokenFile(file: string, src: YamlSource, firstErrorLine: number): void {
    const names = countModelNames(src.text);
    this.modelsDeclared += names.length;
    for (const n of names) {
      this.problem({
        code: 'model-in-broken-file',
        severity: 'error',
        file,
        line: n.line + src.lineOffset,
        model: n.name,
        message: `Model ${JSON.stringify(n.name)} not imported: the file has YAML errors (first at line ${firstErrorLine}).`,
      });
    }
  }

  private followImports(file: string, doc: Document, imports: unknown, lineAt: (o: number | undefined) => number, namespace: string, repoRoot: string): void {
    const node = doc.get('Import', true);
    if (!Array.isArray(imports)) {
      this.problem({ code: 'import-invalid', severity: 'error', file, line: lineAt(nodeStart(node)), message: '`Import:` must be a list of file paths.' });
      return;
    }
    imports.forEach((imp, i) => {
      const line = lineAt(seqItemStart(node, i));
      if (typeof imp !== 'string' || imp.trim() === '') {
        this.problem({ code: 'import-invalid', severity: 'error', file, line, message: `Import #${i + 1} is not a file path.` });
        return;
      }
      // Resolved and read through the confined reader in loadFile: `../` and absolute targets are refused there.
      const target = path.resolve(path.dirname(file), imp.trim());
      this.loadFile(target, namespace, repoRoot, { file, line });
    });
  }

  private yamlProblem(file: string, e: YAMLError, lineAt: (o: number | undefined) => number, severity: 'error' | 'warning'): void {
    const line = lineAt(e.pos[0]);
    this.problem({
      code: severity === 'error' ? 'yaml-invalid' : 'yaml-warning',
      severity,
      file,
      line,
      ...(e.linePos?.[0] ? { column: e.linePos[0].col } : {}),
      message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
    });
  }

  private readme(ref: unknown, fileDir: string, repoRoot: string, at: { file: string; line: number }): { path: string; text: string } | undefined {
    if (typeof ref !== 'string' || ref.trim() === '') return undefined;
    // OpenMMLab pages often point at their own repository on GitHub; the same file may be in the tree.
    const local = ref.replace(/^https?:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[^/]+\//, '');
    if (/^[a-z]+:\/\//i.test(local)) return undefined;
    const p = this.resolveRepoPath(local, fileDir, repoRoot, at);
    return p ? this.readText(p) : undefined;
  }

  /** Reads a Markdown file once (cached), or undefined when it is missing or too large. */
  private readText(p: string): { path: string; text: string } | undefined {
    let text = this.readmeCache.get(p);
    if (text === undefined) {
      text = null;
      if (/\.mdx?$/i.test(p)) {
        try {
          text = readTextInsideSync(this.base, p, { maxBytes: MAX_README_BYTES });
        } catch (err) {
          // Missing or too large: no README. A link out of the root or a FIFO: reported.
          if (err instanceof ConfineError && (err.code === 'outside-root' || err.code === 'not-a-file' || err.code === 'unreadable')) this.refused(p, err, undefined);
        }
      }
      this.readmeCache.set(p, text);
    }
    return text === null ? undefined : { path: this.display(p), text };
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range?.[0];
}

/** Line of `key` inside the i-th mapping of a sequence (`README:` of a collection). */
function fieldLine(seq: unknown, i: number, key: string, lineAt: (o: number | undefined) => number): number | undefined {
  const item = isSeq(seq) ? seq.items[i] : undefined;
  if (!isMap(item)) return undefined;
  const pair = item.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
  const at = nodeStart(pair?.key);
  return at === undefined ? undefined : lineAt(at);
}

function seqItemStart(seq: unknown, i: number): number | undefined {
  if (!isSeq(seq)) return nodeStart(seq);
  const item = seq.items[i];
  if (isMap(item)) {
    // The first key's position is the line a reader looks for (`- Name: ...`).
    return nodeStart(item.items[0]?.key) ?? nodeStart(item);
  }
  return nodeStart(item) ?? nodeStart(seq);
}

/** Keys repeated within one mapping (the `yaml` package keeps the last one with `uniqueKeys: false`). */
function duplicateKeys(root: unknown, lineAt: (o: number | undefined) => number): { key: string; line: number; first: number }[] {
  const out: { key: string; line: number; first: number }[] = [];
  const walk = (n: unknown, depth: number): void => {
    if (depth > 8) return;
    if (isMap(n)) {
      const seen = new Map<string, number>();
      for (const pair of n.items) {
        const k = (pair.key as { value?: unknown } | null)?.value;
        if (typeof k === 'string' || typeof k === 'number') {
          const line = lineAt(nodeStart(pair.key));
          const first = seen.get(String(k));
          if (first !== undefined) out.push({ key: String(k), line, first });
          else seen.set(String(k), line);
        }
        walk(pair.value, depth + 1);
      }
    } else if (isSeq(n)) for (const item of n.items) walk(item, depth + 1);
  };
  walk(root, 0);
  return out;
}

/** Lines of the keys inside a model node, so problems can point at the exact field. */
function fieldLines(node: unknown, lineAt: (o: number | undefined) => number): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (n: unknown, prefix: string, depth: number): void => {
    if (depth > 4) return;
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = (pair.key as { value?: unknown } | null)?.value;
        if (typeof k !== 'string' && typeof k !== 'number') continue;
        const p = prefix ? `${prefix}.${k}` : String(k);
        out[p] = lineAt(nodeStart(pair.key));
        walk(pair.value, p, depth + 1);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => {
        const p = `${prefix}.${i}`;
        out[p] = lineAt(nodeStart(item));
        walk(item, p, depth + 1);
      });
    }
  };
  walk(node, '', 0);
  return out;
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function lineOf(text: string, re: RegExp): number {
  const m = re.exec(text);
  return m ? countLines(text, m.index) + 1 : 1;
}

/** Line of the i-th `- name:` under `model-index:` in an HF card (best effort, for messages). */
function entryLine(text: string, headerLine: number, i: number): number {
  const lines = text.split('\n');
  let seen = -1;
  for (let l = headerLine; l < lines.length; l++) {
    if (/^\s*-\s+name:/.test(lines[l]!)) {
      seen++;
      if (seen === i) return l + 1;
    }
    if (/^---\s*$/.test(lines[l]!)) break;
  }
  return headerLine;
}

function hfNames(text: string): { name: string; line: number }[] {
  const lines = text.split('\n');
  const out: { name: string; line: number }[] = [];
  let inIndex = false;
  for (let i = 1; i < lines.length && !/^---\s*$/.test(lines[i]!); i++) {
    const l = lines[i]!;
    if (/^model-index:/.test(l)) inIndex = true;
    else if (/^[A-Za-z]/.test(l)) inIndex = false;
    const m = inIndex ? /^\s*-\s+name:\s*(.+?)\s*$/.exec(l) : null;
    if (m) out.push({ name: m[1]!.replace(/^['"]|['"]$/g, ''), line: i + 1 });
  }
  return out;
}

/** Model names in the `Models:` section of YAML text that failed to parse, with their lines, so none goes unreported. */
function countModelNames(text: string): { name: string; line: number }[] {
  const lines = text.split('\n');
  const out: { name: string; line: number }[] = [];
  let inModels = false;
  for (const [i, l] of lines.entries()) {
    if (/^Models:/.test(l)) inModels = true;
    else if (/^[A-Za-z]/.test(l)) inModels = false;
    const m = inModels ? /^\s*-\s+Name:\s*(.+?)\s*$/.exec(l) : null;
    if (m) out.push({ name: m[1]!.replace(/^['"]|['"]$/g, ''), line: i + 1 });
  }
  return out;
}
