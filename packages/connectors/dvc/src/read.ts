import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { ConfineError, readTextInside } from '@modellake/card/confine';
import { DvcError, problem, type DvcProblem } from './errors.js';
import { gitTopLevel, readGitInfo, runGit } from './git.js';
import { joinPath, parseDataFile, parseDvcConfig, parseDvcFile, parseDvcLock, parseDvcYaml, parseLegacyArtifacts, type Parsed } from './parse.js';
import type { DvcGitInfo, DvcProject } from './project.js';

/** Options of {@link readDvcRepo}. */
export interface ReadDvcRepoOptions {
  /** Directory to import: a repository, or a directory inside one. */
  dir: string;
  /** Repository name used in card ids. @default the origin remote's name, else the directory name */
  repoName?: string;
  /** Read HEAD, branch, origin and tags with git when `dir` is in a git work tree. @default true */
  git?: boolean;
}

/** What {@link readDvcRepo} found. */
export interface DvcRepo {
  /** Absolute path of the repository root (git top level, else `dir`). */
  root: string;
  repoName: string;
  git?: DvcGitInfo;
  projects: DvcProject[];
}

const SKIP_DIRS = new Set(['.git', '.dvc', 'node_modules', '.venv', 'venv', '__pycache__', '.modellake']);

interface Found {
  projectDirs: Set<string>;
  dvcFiles: string[];
}

async function walk(abs: string, rel: string, found: Found): Promise<void> {
  let entries;
  try {
    entries = await readdir(abs, { withFileTypes: true });
  } catch {
    return;
  }
  const subdirs: Promise<void>[] = [];
  for (const e of entries) {
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
      subdirs.push(walk(join(abs, e.name), joinPath(rel, e.name), found));
    } else if (e.isFile()) {
      if (e.name === 'dvc.yaml' || e.name === 'dvc.lock') found.projectDirs.add(rel);
      else if (e.name.endsWith('.dvc')) found.dvcFiles.push(joinPath(rel, e.name));
    }
  }
  await Promise.all(subdirs);
}

/**
 * In a git work tree the DVC files are found with `git ls-files` (tracked, plus untracked files that
 * are not ignored): it never descends into the large, ignored directories DVC pulls data into.
 */
async function listWithGit(root: string, startRel: string, found: Found): Promise<void> {
  const base = startRel ? `${startRel}/` : '';
  const specs = ['dvc.yaml', 'dvc.lock', '*.dvc'].map((p) => `:(glob)${base}**/${p}`);
  const text = await runGit(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...specs]);
  for (const file of new Set(text.split('\0').filter(Boolean))) {
    if (file.split('/').some((seg) => seg.startsWith('.') && seg !== '.' && !seg.endsWith('.dvc'))) continue;
    const slash = file.lastIndexOf('/');
    const name = file.slice(slash + 1);
    const dir = slash < 0 ? '' : file.slice(0, slash);
    if (name === 'dvc.yaml' || name === 'dvc.lock') found.projectDirs.add(dir);
    else if (name.endsWith('.dvc')) found.dvcFiles.push(file);
  }
}

/** Where a file was named (the dvc.yaml entry), for the problem a refused read becomes. */
interface NamedAt {
  file: string;
  line?: number | undefined;
}

/** A confined read: the text, or why there is none (`refused` already became a problem). */
type ReadResult = { text: string } | { missing: true } | { refused: true };

/**
 * Reads `rel` (relative to the repository root) only when it resolves inside the root: `..`,
 * absolute paths and symlinks leading out, FIFOs, devices and oversized files are refused with a
 * problem naming the file and line that named it. Missing files and directories are just missing.
 */
async function readConfined(root: string, rel: string, raw: string, problems: DvcProblem[], at: NamedAt): Promise<ReadResult> {
  if (/^([\\/]|[A-Za-z]:[\\/])/.test(raw)) {
    problems.push(problem('dvc-path-outside-root', at.file, `${raw} is an absolute path: only files inside the repository are read; not read.`, { line: at.line }));
    return { refused: true };
  }
  try {
    return { text: await readTextInside(root, rel) };
  } catch (err) {
    if (!(err instanceof ConfineError)) throw err;
    if (err.code === 'not-found') return { missing: true };
    if (err.code === 'outside-root') {
      problems.push(problem('dvc-path-outside-root', at.file, `${raw} is outside the repository root (directly or through a symbolic link); not read.`, { line: at.line }));
      return { refused: true };
    }
    if (err.code === 'not-a-file' && /directory/.test(err.message)) return { missing: true };
    problems.push(problem('dvc-file-unreadable', at.file, err.message.replace(rel, raw), { line: at.line }));
    return { refused: true };
  }
}

/** A file the repository itself holds (dvc.yaml, dvc.lock, .dvc files, artifacts.yaml, .dvc/config). */
async function readOwn(root: string, rel: string, problems: DvcProblem[]): Promise<string | undefined> {
  const r = await readConfined(root, rel, rel, problems, { file: rel });
  return 'text' in r ? r.text : undefined;
}

function rebase(problems: DvcProblem[], dir: string): DvcProblem[] {
  return problems.map((p) => ({ ...p, file: joinPath(dir, p.file) }));
}

function take<T>(parsed: Parsed<T>, into: DvcProblem[], dir: string): T | undefined {
  into.push(...rebase(parsed.problems, dir));
  return parsed.value;
}

function nameFromRemote(url: string): string | undefined {
  const m = /([^/:]+?)(\.git)?\/?$/.exec(url.trim());
  return m?.[1];
}

/**
 * Finds every DVC project under `dir` (each directory with a dvc.yaml or dvc.lock; `.dvc` files
 * belong to the nearest such ancestor, else to the repository root) and reads its files.
 * Bad files become problems on the project; missing files never throw.
 */
export async function readDvcRepo(opts: ReadDvcRepoOptions): Promise<DvcRepo> {
  const start = resolve(opts.dir);
  const st = await stat(start).catch(() => undefined);
  if (!st?.isDirectory()) throw new DvcError('dvc-not-a-project', `${start} is not a directory.`, { file: start });
  const top = opts.git === false ? undefined : await gitTopLevel(start);
  const root = top ? resolve(top) : start;
  const git = top ? await readGitInfo(root) : undefined;
  const startRel = relative(root, start).split(sep).join('/');
  const found: Found = { projectDirs: new Set(), dvcFiles: [] };
  if (top) await listWithGit(root, startRel, found);
  else await walk(start, startRel, found);
  const rootProblems: DvcProblem[] = [];
  const rootArtifacts = await readOwn(root, 'artifacts.yaml', rootProblems);
  const configText = await readOwn(root, '.dvc/config', rootProblems);
  const remote = configText !== undefined ? parseDvcConfig(configText) : undefined;
  if (found.projectDirs.size === 0 && found.dvcFiles.length === 0) {
    throw new DvcError('dvc-not-a-project', `No dvc.yaml, dvc.lock or .dvc file under ${start}: not a DVC repository.`, { file: start });
  }
  const repoName = opts.repoName ?? (git?.remoteUrl ? nameFromRemote(git.remoteUrl) : undefined) ?? basename(root);

  const dirs = [...found.projectDirs].sort();
  const owner = (file: string): string => {
    let best: string | undefined;
    for (const d of dirs) if ((d === '' || file.startsWith(`${d}/`)) && (best === undefined || d.length > best.length)) best = d;
    return best ?? startRel;
  };
  const filesOf = new Map<string, string[]>();
  for (const f of found.dvcFiles.sort()) {
    const d = owner(f);
    if (!filesOf.has(d)) filesOf.set(d, []);
    filesOf.get(d)!.push(f);
  }
  const projectDirs = [...new Set([...dirs, ...filesOf.keys()])].sort();
  const projects = await Promise.all(projectDirs.map((dir) => readProject(root, dir, repoName, filesOf.get(dir) ?? [], git, dir === '' ? rootArtifacts : undefined)));
  if (remote) for (const p of projects) p.remote = remote;
  (projects.find((p) => p.dir === '') ?? projects[0])?.problems.unshift(...rootProblems);
  const repo: DvcRepo = { root, repoName, projects };
  if (git) repo.git = git;
  return repo;
}

async function readProject(root: string, dir: string, repoName: string, dvcFiles: string[], git: DvcGitInfo | undefined, legacyArtifacts: string | undefined): Promise<DvcProject> {
  const abs = join(root, dir);
  const problems: DvcProblem[] = [];
  const project: DvcProject = { repoName, dir, dvcFiles: [], params: {}, metrics: {}, problems };
  if (git) project.git = git;
  const [yamlText, lockText] = await Promise.all([readOwn(root, joinPath(dir, 'dvc.yaml'), problems), readOwn(root, joinPath(dir, 'dvc.lock'), problems)]);
  if (yamlText !== undefined) {
    const v = take(parseDvcYaml(yamlText, 'dvc.yaml'), problems, dir);
    if (v) project.dvcYaml = v;
  } else if (lockText !== undefined) {
    problems.push(problem('dvc-lock-mismatch', joinPath(dir, 'dvc.lock'), 'dvc.lock has no dvc.yaml beside it: the stages it records are not declared anywhere.'));
  }
  if (lockText !== undefined) {
    const v = take(parseDvcLock(lockText, 'dvc.lock'), problems, dir);
    if (v) project.dvcLock = v;
  }
  if (legacyArtifacts !== undefined) {
    const v = take(parseLegacyArtifacts(legacyArtifacts, 'artifacts.yaml'), problems, dir);
    if (v) project.legacyArtifacts = v;
  }
  const texts = await Promise.all(dvcFiles.map((f) => readOwn(root, f, problems)));
  dvcFiles.forEach((f, i) => {
    const text = texts[i];
    if (text === undefined) return;
    const rel = relative(abs, join(root, f)).split(sep).join('/');
    const v = take(parseDvcFile(text, rel), problems, dir);
    if (v) project.dvcFiles.push(v);
  });

  // Params and metrics files named by dvc.yaml (paths relative to each stage's wdir).
  // Each file is read once; `raw` and `at` say where dvc.yaml named it, for a refusal.
  const paramFiles = new Map<string, { required: boolean; raw: string; at: NamedAt }>();
  const metricFiles = new Map<string, { raw: string; at: NamedAt }>();
  const y = project.dvcYaml;
  const yamlFile = joinPath(dir, 'dvc.yaml');
  if (y) {
    for (const p of y.params) paramFiles.set(joinPath(p), { required: true, raw: p, at: { file: yamlFile, line: y.lines?.params[p] } });
    for (const m of y.metrics) if (!metricFiles.has(joinPath(m))) metricFiles.set(joinPath(m), { raw: m, at: { file: yamlFile, line: y.lines?.metrics[m] } });
    for (const s of Object.values(y.stages)) {
      if (s.generator) continue;
      for (const ref of s.params) {
        const key = joinPath(s.wdir, ref.file);
        paramFiles.set(key, paramFiles.get(key) ?? { required: !project.dvcLock?.stages[s.name], raw: ref.file, at: { file: yamlFile, line: ref.line ?? s.line } });
      }
      for (const m of s.metrics) {
        const key = joinPath(s.wdir, m.path);
        if (!metricFiles.has(key)) metricFiles.set(key, { raw: m.path, at: { file: yamlFile, line: m.line ?? s.line } });
      }
    }
  }
  if (!paramFiles.has('params.yaml')) paramFiles.set('params.yaml', { required: false, raw: 'params.yaml', at: { file: yamlFile } });
  await Promise.all([
    ...[...paramFiles].map(async ([file, ref]) => {
      const read = await readConfined(root, joinPath(dir, file), ref.raw, problems, ref.at);
      if (!('text' in read)) {
        if ('missing' in read && ref.required) problems.push(problem('dvc-params-missing', joinPath(dir, file), `Params file ${file} named in dvc.yaml is missing, and dvc.lock has no values for it.`));
        return;
      }
      const text = read.text;
      const v = take(parseDataFile(text, file, 'params'), problems, dir);
      if (v) project.params[file] = v;
    }),
    ...[...metricFiles].map(async ([file, ref]) => {
      const read = await readConfined(root, joinPath(dir, file), ref.raw, problems, ref.at);
      if (!('text' in read)) {
        if ('missing' in read) problems.push(problem('dvc-metrics-missing', joinPath(dir, file), `Metrics file ${file} named in dvc.yaml is missing (not pulled with \`dvc pull\`, or not produced yet); its metrics are left out.`));
        return;
      }
      const text = read.text;
      const v = take(parseDataFile(text, file, 'metrics'), problems, dir);
      if (v) project.metrics[file] = v;
    }),
  ]);
  return project;
}
