import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { jsonErrorOffset, lineColAt } from '@modellake/card';
import { parse as parseToml, TomlError } from 'smol-toml';
import { problem, type DvcProblem } from './errors.js';
import type {
  DvcFileWire,
  DvcLockEntryWire,
  DvcLockWire,
  DvcYamlArtifactWire,
  DvcYamlOutFlagsWire,
  DvcYamlWire,
  GtoLegacyArtifactWire,
} from './wire.js';

/** A dependency or output with its recorded hash (paths relative to the project directory). */
export interface DvcEntry {
  path: string;
  /** md5 as DVC records it (`<32 hex>` or `<32 hex>.dir`); absent when missing or invalid. */
  md5?: string;
  /** Cloud-versioned outputs carry an etag or checksum instead of an md5. */
  etag?: string;
  checksum?: string;
  /** Hash algorithm named by DVC 3 (`md5`); absent in DVC 2 files. */
  hashName?: string;
  size?: number;
  nfiles?: number;
  /** Import source of `dvc import` deps. */
  repo?: { url: string; rev?: string; revLock?: string };
  line?: number;
}

/** One stage of dvc.lock. */
export interface LockStage {
  name: string;
  cmd: string;
  deps: DvcEntry[];
  outs: DvcEntry[];
  /** Param values per params file, as recorded (keys may be dotted or nested). */
  params: Record<string, Record<string, unknown>>;
  line?: number;
}

/** A parsed dvc.lock. */
export interface DvcLock {
  file: string;
  schema?: string;
  stages: Record<string, LockStage>;
}

/** An output declared in dvc.yaml with its flags. */
export interface YamlOut {
  path: string;
  flags: DvcYamlOutFlagsWire;
  /** Line of the entry in dvc.yaml. */
  line?: number;
}

/** A params reference of a stage: keys in a file, or the whole file (`keys: null`). */
export interface ParamRef {
  file: string;
  keys: string[] | null;
  /** Line of the first entry naming the file in dvc.yaml (absent for the implicit params.yaml). */
  line?: number;
}

/** One stage of dvc.yaml; `generator` stages (`foreach`/`matrix`) expand to `name@key` in dvc.lock. */
export interface YamlStage {
  name: string;
  cmd: string;
  wdir: string;
  deps: string[];
  outs: YamlOut[];
  metrics: YamlOut[];
  params: ParamRef[];
  desc?: string;
  meta?: unknown;
  generator: boolean;
  line?: number;
}

/** A declared artifact (dvc.yaml `artifacts:` or GTO's legacy artifacts.yaml). */
export interface ArtifactDecl {
  name: string;
  path: string;
  type?: string;
  desc?: string;
  labels?: string[];
  meta?: Record<string, unknown>;
  file: string;
  line?: number;
}

/** A parsed dvc.yaml. */
export interface DvcYaml {
  file: string;
  stages: Record<string, YamlStage>;
  artifacts: Record<string, ArtifactDecl>;
  metrics: string[];
  params: string[];
  /** Lines of the top-level `metrics:` and `params:` entries, by path as written. */
  lines?: { metrics: Record<string, number>; params: Record<string, number> };
  plots: unknown;
}

/** A parsed `.dvc` file; paths are already relative to the project directory. */
export interface DvcTrackedFile {
  file: string;
  outs: DvcEntry[];
  deps: DvcEntry[];
  frozen: boolean;
}

/** Result of parsing one file: the value (absent when unusable) and the problems found. */
export interface Parsed<T> {
  value?: T;
  problems: DvcProblem[];
}

const MD5_RE = /^[0-9a-f]{32}(\.dir)?$/;
/** DVC artifact names (dvc.yaml `artifacts:` keys and GTO names). */
export const ARTIFACT_NAME_RE = /^[a-z0-9]([a-z0-9-/]*[a-z0-9])?$/;

interface YamlDoc {
  doc: Document.Parsed;
  lc: LineCounter;
}

/** Line of the node at `path` in a parsed document (1-based): a mapping entry's key line, else the node's own. */
function lineOf(y: YamlDoc, path: (string | number)[]): number | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? y.doc.contents : y.doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  let offset: number | undefined;
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
    offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  } else if (isSeq(parent) && typeof last === 'number') {
    offset = (parent.items[last] as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  if (offset === undefined) return lineOf(y, path.slice(0, -1));
  return y.lc.linePos(offset).line;
}

/** Source text of a scalar (hashes like `0123…` or `1e10…` must not be read as numbers). */
function rawScalar(y: YamlDoc, path: (string | number)[]): string | undefined {
  const node = y.doc.getIn(path, true);
  if (!isScalar(node)) return undefined;
  return typeof node.source === 'string' ? node.source : String(node.value);
}

/** Parses YAML (or JSON) text; a syntax error becomes a problem naming the line. */
function loadYaml(text: string, file: string, code: 'dvc-yaml-malformed' | 'dvc-metrics-malformed' | 'dvc-params-malformed'): Parsed<YamlDoc> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = err.linePos?.[0] ?? lc.linePos(err.pos[0]);
    const msg = err.message.split('\n')[0]!;
    return { problems: [problem(code, file, `Malformed YAML at line ${pos.line}, column ${pos.col}: ${msg}`, { line: pos.line })] };
  }
  return { value: { doc, lc }, problems: [] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cmdString(cmd: unknown): string {
  if (Array.isArray(cmd)) return cmd.map(String).join('\n');
  return typeof cmd === 'string' ? cmd : '';
}

/** Reads one dep/out entry of dvc.lock or a `.dvc` file, validating its hash. */
function readEntry(raw: unknown, y: YamlDoc, path: (string | number)[], file: string, problems: DvcProblem[], base: string): DvcEntry | undefined {
  const field = fieldName(path);
  if (!isRecord(raw) || typeof raw.path !== 'string' || raw.path === '') {
    problems.push(problem('dvc-schema-invalid', file, `\`${field}\` must be a mapping with a string \`path\`.`, { line: lineOf(y, path), field }));
    return undefined;
  }
  const w = raw as unknown as DvcLockEntryWire;
  const entry: DvcEntry = { path: joinPath(base, w.path) };
  const line = lineOf(y, path);
  if (line !== undefined) entry.line = line;
  if (w.md5 !== undefined && w.md5 !== null) {
    const md5 = rawScalar(y, [...path, 'md5']) ?? String(w.md5);
    if (MD5_RE.test(md5)) entry.md5 = md5;
    else {
      const hex = md5.replace(/\.dir$/, '');
      problems.push(
        problem('dvc-hash-invalid', file, `md5 of ${w.path} is ${JSON.stringify(md5)}: expected 32 lowercase hex digits (got ${hex.length} characters); the hash is ignored.`, {
          line: lineOf(y, [...path, 'md5']),
          field: `${field}.md5`,
        }),
      );
    }
  }
  if (typeof w.hash === 'string') entry.hashName = w.hash;
  if (w.etag !== undefined && w.etag !== null) entry.etag = rawScalar(y, [...path, 'etag']) ?? String(w.etag);
  if (w.checksum !== undefined && w.checksum !== null) entry.checksum = rawScalar(y, [...path, 'checksum']) ?? String(w.checksum);
  if (typeof w.size === 'number') entry.size = w.size;
  if (typeof w.nfiles === 'number') entry.nfiles = w.nfiles;
  if (isRecord(w.repo) && typeof w.repo.url === 'string') {
    entry.repo = { url: w.repo.url };
    if (typeof w.repo.rev === 'string') entry.repo.rev = w.repo.rev;
    if (typeof w.repo.rev_lock === 'string') entry.repo.revLock = w.repo.rev_lock;
  }
  return entry;
}

function fieldName(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Joins posix paths and normalises `.`/`..` segments (`''` is the project root). */
export function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const part of parts) {
    for (const seg of part.replace(/\\/g, '/').split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else out.push(seg);
    }
  }
  return out.join('/');
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Parses dvc.lock text; stages, deps and outs that can be read are kept, the rest reported. */
export function parseDvcLock(text: string, file: string): Parsed<DvcLock> {
  const loaded = loadYaml(text, file, 'dvc-yaml-malformed');
  if (!loaded.value) return { problems: loaded.problems };
  const y = loaded.value;
  const problems: DvcProblem[] = [];
  const data = y.doc.toJS() as unknown;
  if (data === null || data === undefined) return { value: { file, stages: {} }, problems };
  if (!isRecord(data)) return { problems: [problem('dvc-schema-invalid', file, 'dvc.lock must be a mapping with `schema` and `stages`.', { line: 1 })] };
  const wire = data as DvcLockWire;
  const lock: DvcLock = { file, stages: {} };
  if (typeof wire.schema === 'string') lock.schema = wire.schema;
  else if (wire.schema !== undefined) lock.schema = String(wire.schema);
  if (lock.schema !== undefined && lock.schema !== '2.0') {
    problems.push(problem('dvc-schema-invalid', file, `Unsupported dvc.lock schema ${JSON.stringify(lock.schema)}; reading it as 2.0.`, { line: lineOf(y, ['schema']), field: 'schema' }));
  }
  if (wire.stages !== undefined && !isRecord(wire.stages)) {
    problems.push(problem('dvc-schema-invalid', file, '`stages` must be a mapping of stage names.', { line: lineOf(y, ['stages']), field: 'stages' }));
    return { value: lock, problems };
  }
  for (const [name, raw] of Object.entries(wire.stages ?? {})) {
    const at = ['stages', name];
    if (!isRecord(raw)) {
      problems.push(problem('dvc-schema-invalid', file, `Stage ${name} must be a mapping with \`cmd\`, \`deps\` and \`outs\`.`, { line: lineOf(y, at), field: fieldName(at) }));
      continue;
    }
    const stage: LockStage = { name, cmd: cmdString(raw.cmd), deps: [], outs: [], params: {} };
    const line = lineOf(y, at);
    if (line !== undefined) stage.line = line;
    for (const key of ['deps', 'outs'] as const) {
      const list = raw[key];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        problems.push(problem('dvc-schema-invalid', file, `\`${fieldName([...at, key])}\` must be a list.`, { line: lineOf(y, [...at, key]), field: fieldName([...at, key]) }));
        continue;
      }
      list.forEach((e, i) => {
        const entry = readEntry(e, y, [...at, key, i], file, problems, '');
        if (entry) stage[key].push(entry);
      });
    }
    if (isRecord(raw.params)) {
      for (const [pfile, values] of Object.entries(raw.params)) {
        if (isRecord(values)) stage.params[pfile] = values;
      }
    }
    lock.stages[name] = stage;
  }
  return { value: lock, problems };
}

function readOuts(raw: unknown, y: YamlDoc, at: (string | number)[], file: string, problems: DvcProblem[]): YamlOut[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(problem('dvc-schema-invalid', file, `\`${fieldName(at)}\` must be a list.`, { line: lineOf(y, at), field: fieldName(at) }));
    return [];
  }
  const outs: YamlOut[] = [];
  raw.forEach((o, i) => {
    const line = lineOf(y, [...at, i]);
    const withLine = (out: YamlOut): YamlOut => (line === undefined ? out : { ...out, line });
    if (typeof o === 'string') outs.push(withLine({ path: o, flags: {} }));
    else if (isRecord(o) && Object.keys(o).length === 1) {
      const [path, flags] = Object.entries(o)[0]!;
      outs.push(withLine({ path, flags: isRecord(flags) ? (flags as DvcYamlOutFlagsWire) : {} }));
    } else {
      problems.push(problem('dvc-schema-invalid', file, `\`${fieldName([...at, i])}\` must be a path or a one-key mapping of a path to its flags.`, { line: lineOf(y, [...at, i]), field: fieldName([...at, i]) }));
    }
  });
  return outs;
}

function readParams(raw: unknown, y: YamlDoc, at: (string | number)[], file: string, problems: DvcProblem[]): ParamRef[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(problem('dvc-schema-invalid', file, `\`${fieldName(at)}\` must be a list.`, { line: lineOf(y, at), field: fieldName(at) }));
    return [];
  }
  const byFile = new Map<string, string[] | null>();
  const lines = new Map<string, number>();
  const add = (f: string, keys: string[] | null, line?: number) => {
    const prev = byFile.get(f);
    if (prev === null || keys === null) byFile.set(f, null);
    else byFile.set(f, [...(prev ?? []), ...keys]);
    if (line !== undefined && !lines.has(f)) lines.set(f, line);
  };
  raw.forEach((p, i) => {
    if (typeof p === 'string') add('params.yaml', [p]);
    else if (isRecord(p)) {
      for (const [f, keys] of Object.entries(p)) {
        if (keys === null) add(f, null, lineOf(y, [...at, i, f]));
        else if (Array.isArray(keys)) add(f, keys.map(String), lineOf(y, [...at, i, f]));
        else problems.push(problem('dvc-schema-invalid', file, `Params of ${f} must be a list of keys or null.`, { line: lineOf(y, [...at, i, f]), field: fieldName([...at, i, f]) }));
      }
    } else problems.push(problem('dvc-schema-invalid', file, `\`${fieldName([...at, i])}\` must be a key or a mapping of a params file to keys.`, { line: lineOf(y, [...at, i]), field: fieldName([...at, i]) }));
  });
  return [...byFile].map(([f, keys]) => (lines.has(f) ? { file: f, keys, line: lines.get(f)! } : { file: f, keys }));
}

function stringList(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((v) => (typeof v === 'string' ? [v] : isRecord(v) ? Object.keys(v) : []));
}

/** Lines of the entries of a top-level list (`metrics:`, `params:`), by path as written. */
function listLines(y: YamlDoc, key: string, raw: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!Array.isArray(raw)) return out;
  raw.forEach((v, i) => {
    const line = lineOf(y, [key, i]);
    if (line === undefined) return;
    for (const p of typeof v === 'string' ? [v] : isRecord(v) ? Object.keys(v) : []) out[p] ??= line;
  });
  return out;
}

/** Parses dvc.yaml text: stages, artifacts, top-level metrics/params/plots. */
export function parseDvcYaml(text: string, file: string): Parsed<DvcYaml> {
  const loaded = loadYaml(text, file, 'dvc-yaml-malformed');
  if (!loaded.value) return { problems: loaded.problems };
  const y = loaded.value;
  const problems: DvcProblem[] = [];
  const data = y.doc.toJS() as unknown;
  const out: DvcYaml = { file, stages: {}, artifacts: {}, metrics: [], params: [], plots: undefined };
  if (data === null || data === undefined) return { value: out, problems };
  if (!isRecord(data)) return { problems: [problem('dvc-schema-invalid', file, 'dvc.yaml must be a mapping (stages, artifacts, metrics, params, plots).', { line: 1 })] };
  const wire = data as DvcYamlWire;
  out.metrics = stringList(wire.metrics);
  out.params = stringList(wire.params);
  out.lines = { metrics: listLines(y, 'metrics', wire.metrics), params: listLines(y, 'params', wire.params) };
  out.plots = wire.plots;
  if (wire.stages !== undefined && !isRecord(wire.stages)) {
    problems.push(problem('dvc-schema-invalid', file, '`stages` must be a mapping of stage names.', { line: lineOf(y, ['stages']), field: 'stages' }));
  }
  for (const [name, raw] of Object.entries(isRecord(wire.stages) ? wire.stages : {})) {
    const at = ['stages', name];
    if (!isRecord(raw)) {
      problems.push(problem('dvc-schema-invalid', file, `Stage ${name} must be a mapping with \`cmd\`.`, { line: lineOf(y, at), field: fieldName(at) }));
      continue;
    }
    const generator = 'foreach' in raw || 'matrix' in raw;
    const body: Record<string, unknown> = generator && isRecord(raw.do) ? raw.do : raw;
    const bodyAt = generator && isRecord(raw.do) ? [...at, 'do'] : at;
    if (body.cmd === undefined) {
      problems.push(problem('dvc-schema-invalid', file, `Stage ${name} has no \`cmd\`.`, { line: lineOf(y, at), field: `${fieldName(at)}.cmd` }));
    }
    const stage: YamlStage = {
      name,
      cmd: cmdString(body.cmd),
      wdir: typeof body.wdir === 'string' ? joinPath(body.wdir) : '',
      deps: stringList(body.deps),
      outs: readOuts(body.outs, y, [...bodyAt, 'outs'], file, problems),
      metrics: readOuts(body.metrics, y, [...bodyAt, 'metrics'], file, problems),
      params: readParams(body.params, y, [...bodyAt, 'params'], file, problems),
      generator,
    };
    if (typeof body.desc === 'string') stage.desc = body.desc;
    if (body.meta !== undefined) stage.meta = body.meta;
    const line = lineOf(y, at);
    if (line !== undefined) stage.line = line;
    out.stages[name] = stage;
  }
  if (wire.artifacts !== undefined && !isRecord(wire.artifacts)) {
    problems.push(problem('dvc-schema-invalid', file, '`artifacts` must be a mapping of artifact names.', { line: lineOf(y, ['artifacts']), field: 'artifacts' }));
  }
  for (const [name, raw] of Object.entries(isRecord(wire.artifacts) ? wire.artifacts : {})) {
    const decl = readArtifact(name, raw as Partial<DvcYamlArtifactWire>, y, ['artifacts', name], file, problems, 'desc');
    if (decl) out.artifacts[name] = decl;
  }
  return { value: out, problems };
}

const ARTIFACT_KEYS = new Set(['path', 'type', 'desc', 'labels', 'meta']);
const LEGACY_ARTIFACT_KEYS = new Set(['path', 'type', 'description', 'labels', 'virtual', 'custom']);

function readArtifact(
  name: string,
  raw: unknown,
  y: YamlDoc,
  at: (string | number)[],
  file: string,
  problems: DvcProblem[],
  descKey: 'desc' | 'description',
): ArtifactDecl | undefined {
  const field = fieldName(at);
  const line = lineOf(y, at);
  if (!ARTIFACT_NAME_RE.test(name)) {
    problems.push(problem('dvc-schema-invalid', file, `Artifact name ${JSON.stringify(name)} is invalid: use lowercase letters, digits, '-' and '/', starting and ending with a letter or digit.`, { line, field }));
    return undefined;
  }
  const allowed = descKey === 'desc' ? ARTIFACT_KEYS : LEGACY_ARTIFACT_KEYS;
  const extra = isRecord(raw) ? Object.keys(raw).filter((k) => !allowed.has(k)) : [];
  if (extra.length > 0) {
    problems.push(problem('dvc-schema-invalid', file, `Artifact ${name} has unknown field(s) ${extra.join(', ')} (allowed: ${[...allowed].join(', ')}); they are ignored.`, { line: lineOf(y, [...at, extra[0]!]), field: `${field}.${extra[0]}` }));
  }
  if (!isRecord(raw) || typeof raw.path !== 'string' || raw.path === '') {
    problems.push(problem('dvc-schema-invalid', file, `Artifact ${name} needs a string \`path\`.`, { line, field }));
    return undefined;
  }
  const decl: ArtifactDecl = { name, path: raw.path, file };
  if (line !== undefined) decl.line = line;
  if (typeof raw.type === 'string') decl.type = raw.type;
  const desc = raw[descKey];
  if (typeof desc === 'string') decl.desc = desc;
  if (Array.isArray(raw.labels)) decl.labels = raw.labels.map(String);
  if (isRecord(raw.meta)) decl.meta = raw.meta;
  return decl;
}

/** Parses GTO's legacy `artifacts.yaml` (name -> path/type/description/labels). */
export function parseLegacyArtifacts(text: string, file: string): Parsed<Record<string, ArtifactDecl>> {
  const loaded = loadYaml(text, file, 'dvc-yaml-malformed');
  if (!loaded.value) return { problems: loaded.problems };
  const y = loaded.value;
  const data = y.doc.toJS() as unknown;
  const problems: DvcProblem[] = [];
  const out: Record<string, ArtifactDecl> = {};
  if (data === null || data === undefined) return { value: out, problems };
  if (!isRecord(data)) return { problems: [problem('dvc-schema-invalid', file, 'artifacts.yaml must be a mapping of artifact names.', { line: 1 })] };
  for (const [name, raw] of Object.entries(data)) {
    const decl = readArtifact(name, raw as GtoLegacyArtifactWire, y, [name], file, problems, 'description');
    if (decl) out[name] = decl;
  }
  return { value: out, problems };
}

/** Parses a `.dvc` file at `file` (relative to the project); out paths become project-relative. */
export function parseDvcFile(text: string, file: string): Parsed<DvcTrackedFile> {
  const loaded = loadYaml(text, file, 'dvc-yaml-malformed');
  if (!loaded.value) return { problems: loaded.problems };
  const y = loaded.value;
  const data = y.doc.toJS() as unknown;
  const problems: DvcProblem[] = [];
  if (!isRecord(data)) return { problems: [problem('dvc-schema-invalid', file, '.dvc file must be a mapping with `outs`.', { line: 1 })] };
  const wire = data as DvcFileWire;
  const base = joinPath(dirOf(file), typeof wire.wdir === 'string' ? wire.wdir : '');
  const tracked: DvcTrackedFile = { file, outs: [], deps: [], frozen: wire.frozen === true };
  for (const key of ['deps', 'outs'] as const) {
    const list = wire[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push(problem('dvc-schema-invalid', file, `\`${key}\` must be a list.`, { line: lineOf(y, [key]), field: key }));
      continue;
    }
    list.forEach((e, i) => {
      // An import dep's path names a file in the source repository, not in this one.
      const entry = readEntry(e, y, [key, i], file, problems, key === 'deps' && isRecord(e) && isRecord(e.repo) ? '' : base);
      if (entry) tracked[key].push(entry);
    });
  }
  if (tracked.outs.length === 0) problems.push(problem('dvc-schema-invalid', file, '.dvc file has no `outs`.', { line: 1, field: 'outs' }));
  return { value: tracked, problems };
}

/** Format of a params or metrics file, from its extension. */
export function dataFormat(file: string): 'yaml' | 'json' | 'toml' | 'python' | 'other' {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'json') return 'json';
  if (ext === 'toml') return 'toml';
  if (ext === 'py') return 'python';
  return 'other';
}

/** Parses a params or metrics file (YAML, JSON or TOML) into a mapping. */
export function parseDataFile(text: string, file: string, kind: 'params' | 'metrics'): Parsed<Record<string, unknown>> {
  const code = kind === 'params' ? 'dvc-params-malformed' : 'dvc-metrics-malformed';
  const fmt = dataFormat(file);
  if (fmt === 'toml') {
    try {
      return { value: parseToml(text) as Record<string, unknown>, problems: [] };
    } catch (err) {
      const line = err instanceof TomlError ? err.line : undefined;
      const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      return { problems: [problem(code, file, `Malformed TOML${line !== undefined ? ` at line ${line}` : ''}: ${msg}`, { line })] };
    }
  }
  if (fmt === 'python' || fmt === 'other') {
    return { problems: [problem(code, file, `Cannot read ${kind} file ${file}: only YAML, JSON and TOML are supported.`)] };
  }
  if (fmt === 'json') {
    // YAML accepts what JSON does not (trailing commas, empty values): check strictly first.
    const at = jsonErrorOffset(text);
    if (at >= 0) {
      const pos = lineColAt(text, at);
      return { problems: [problem(code, file, `Malformed JSON at line ${pos.line}, column ${pos.col}.`, { line: pos.line })] };
    }
  }
  const loaded = loadYaml(text, file, code);
  if (!loaded.value) return { problems: loaded.problems };
  const data = loaded.value.doc.toJS() as unknown;
  if (data === null || data === undefined) return { value: {}, problems: [] };
  if (!isRecord(data)) return { problems: [problem(code, file, `${kind === 'params' ? 'Params' : 'Metrics'} file must hold a mapping at the top level.`, { line: 1 })] };
  return { value: data, problems: [] };
}

/** A DVC remote from `.dvc/config`. */
export interface DvcRemote {
  name: string;
  url: string;
}

/** Reads the default remote (`[core] remote = <name>`) and its URL from `.dvc/config` (INI as configobj writes it). */
export function parseDvcConfig(text: string): DvcRemote | undefined {
  let section = '';
  let defaultName: string | undefined;
  const urls = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      // configobj quotes section names that contain quotes: ['remote "name"'].
      section = header[1]!.trim().replace(/^'(.*)'$/, '$1');
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!.trim();
    const value = kv[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
    if (section === 'core' && key === 'remote') defaultName = value;
    const remote = /^remote\s+"(.+)"$/.exec(section);
    if (remote && key === 'url') urls.set(remote[1]!, value);
  }
  if (defaultName === undefined) return urls.size === 1 ? { name: [...urls.keys()][0]!, url: [...urls.values()][0]! } : undefined;
  const url = urls.get(defaultName);
  return url === undefined ? undefined : { name: defaultName, url };
}
