import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
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

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw err;
  }
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
  const rootArtifacts = await readText(join(root, 'artifacts.yaml'));
  const configText = await readText(join(root, '.dvc', 'config'));
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
  const repo: DvcRepo = { root, repoName, projects };
  if (git) repo.git = git;
  return repo;
}

async function readProject(root: string, dir: string, repoName: string, dvcFiles: string[], git: DvcGitInfo | undefined, legacyArtifacts: string | undefined): Promise<DvcProject> {
  const abs = join(root, dir);
  const problems: DvcProblem[] = [];
  const project: DvcProject = { repoName, dir, dvcFiles: [], params: {}, metrics: {}, problems };
  if (git) project.git = git;
  const [yamlText, lockText] = await Promise.all([readText(join(abs, 'dvc.yaml')), readText(join(abs, 'dvc.lock'))]);
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
  const texts = await Promise.all(dvcFiles.map((f) => readText(join(root, f))));
  dvcFiles.forEach((f, i) => {
    const text = texts[i];
    if (text === undefined) return;
    const rel = relative(abs, join(root, f)).split(sep).join('/');
    const v = take(parseDvcFile(text, rel), problems, dir);
    if (v) project.dvcFiles.push(v);
  });

  // Params and metrics files named by dvc.yaml (paths relative to each stage's wdir).
  const paramFiles = new Map<string, boolean>();
  const metricFiles = new Set<string>();
  const y = project.dvcYaml;
  if (y) {
    for (const p of y.params) paramFiles.set(joinPath(p), true);
    for (const m of y.metrics) metricFiles.add(joinPath(m));
    for (const s of Object.values(y.stages)) {
      if (s.generator) continue;
      for (const ref of s.params) paramFiles.set(joinPath(s.wdir, ref.file), paramFiles.get(joinPath(s.wdir, ref.file)) ?? !project.dvcLock?.stages[s.name]);
      for (const m of s.metrics) metricFiles.add(joinPath(s.wdir, m.path));
    }
  }
  if (!paramFiles.has('params.yaml')) paramFiles.set('params.yaml', false);
  await Promise.all([
    ...[...paramFiles].map(async ([file, required]) => {
      const text = await readText(join(abs, file));
      if (text === undefined) {
        if (required) problems.push(problem('dvc-params-missing', joinPath(dir, file), `Params file ${file} named in dvc.yaml is missing, and dvc.lock has no values for it.`));
        return;
      }
      const v = take(parseDataFile(text, file, 'params'), problems, dir);
      if (v) project.params[file] = v;
    }),
    ...[...metricFiles].map(async (file) => {
      const text = await readText(join(abs, file));
      if (text === undefined) {
        problems.push(problem('dvc-metrics-missing', joinPath(dir, file), `Metrics file ${file} named in dvc.yaml is missing (not pulled with \`dvc pull\`, or not produced yet); its metrics are left out.`));
        return;
      }
      const v = take(parseDataFile(text, file, 'metrics'), problems, dir);
      if (v) project.metrics[file] = v;
    }),
  ]);
  return project;
}
