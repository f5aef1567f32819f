import type { Artifact, Dataset, EvaluationResult, Metric, ModelCard, Parent, Relation, Scalar } from '@modellake/card';
import { CARD_VERSION } from '@modellake/card';
import { problem, type DvcProblem } from './errors.js';
import { gtoRegistry, type GtoArtifactState } from './gto.js';
import { joinPath, type ArtifactDecl, type DvcEntry, type LockStage, type YamlOut, type YamlStage } from './parse.js';
import type { DvcMapContext, DvcProject, KnownOut } from './project.js';

/** Name of this connector in `source.connector`. */
export const CONNECTOR_NAME = '@modellake/connector-dvc';
/** Version of this connector in `source.connectorVersion`. */
export const CONNECTOR_VERSION = '0.1.0';

/** A stage with dvc.yaml and dvc.lock reconciled; paths relative to the project directory. */
export interface ResolvedStage {
  name: string;
  cmd: string;
  deps: DvcEntry[];
  outs: DvcEntry[];
  /** Paths among `outs` declared as metrics. */
  metrics: string[];
  params: Record<string, Record<string, unknown>>;
  /** True when dvc.lock has the stage (hashes are known). */
  locked: boolean;
  desc?: string;
  meta?: unknown;
}

/** Result of mapping one project: the cards that could be built and the problems found. */
export interface DvcMapResult {
  cards: ModelCard[];
  problems: DvcProblem[];
}

const CODE_EXT = new Set(['py', 'ipynb', 'r', 'sh', 'bash', 'js', 'ts', 'mjs', 'jl', 'scala', 'java', 'go', 'rs', 'cpp', 'c', 'h', 'sql', 'm', 'rb', 'pl', 'lua', 'txt', 'cfg', 'ini', 'toml', 'yaml', 'yml']);
const MODEL_FORMATS: Record<string, string> = {
  pkl: 'pickle',
  pickle: 'pickle',
  joblib: 'joblib',
  pt: 'pytorch',
  pth: 'pytorch',
  bin: 'pytorch',
  ckpt: 'checkpoint',
  safetensors: 'safetensors',
  gguf: 'gguf',
  onnx: 'onnx',
  h5: 'keras',
  hdf5: 'keras',
  keras: 'keras',
  pb: 'tensorflow',
  tflite: 'tflite',
  mlmodel: 'coreml',
  cbm: 'catboost',
  xgb: 'xgboost',
  lgb: 'lightgbm',
  model: 'model',
};

function extOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** File format of a model file from its extension (`pickle`, `pytorch`, `onnx`, ...). */
export function modelFormat(path: string): string | undefined {
  return MODEL_FORMATS[extOf(path)];
}

/** True for outputs that look like a model: a model file extension, or a `model`/`models` path with an archive or no extension. */
export function isModelLike(path: string): boolean {
  if (modelFormat(path) !== undefined) return true;
  return /(^|\/)models?(\/|[._-])/i.test(path) && /(\.tar\.gz|\.tgz|\.zip|\.tar|\/[^./]+)$/i.test(`/${path}`);
}

function isCode(path: string): boolean {
  return CODE_EXT.has(extOf(path));
}

function hashOf(e: { md5?: string | undefined; etag?: string | undefined; checksum?: string | undefined }): string | undefined {
  return e.md5 ?? e.etag ?? e.checksum;
}

function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  return a.length === b.length && b.every((x) => sa.has(x));
}

function yamlOutPaths(s: YamlStage): string[] {
  return [...s.outs, ...s.metrics].map((o) => joinPath(s.wdir, o.path));
}

/** Reconciles dvc.yaml stages with dvc.lock; disagreements become problems, the lock's hashes are kept where paths agree. */
export function resolveStages(project: DvcProject): { stages: ResolvedStage[]; problems: DvcProblem[] } {
  const problems: DvcProblem[] = [];
  const yaml = project.dvcYaml;
  const lock = project.dvcLock;
  const file = (f: string) => joinPath(project.dir, f);
  const stages: ResolvedStage[] = [];
  const yamlStages = yaml?.stages ?? {};
  const lockStages = lock?.stages ?? {};
  const seen = new Set<string>();
  for (const [lname, ls] of Object.entries(lockStages)) {
    const base = lname.includes('@') ? lname.slice(0, lname.indexOf('@')) : lname;
    const ys = yamlStages[lname] ?? (yamlStages[base]?.generator ? yamlStages[base] : undefined);
    if (!ys) {
      problems.push(
        problem('dvc-lock-mismatch', file(lock!.file), `Stage ${lname} is in dvc.lock but not in dvc.yaml: the lock is stale; the stage is ignored.`, {
          line: ls.line,
          field: `stages.${lname}`,
        }),
      );
      continue;
    }
    seen.add(ys.name);
    stages.push(reconcile(ys, ls, project, problems));
  }
  for (const ys of Object.values(yamlStages)) {
    if (seen.has(ys.name)) continue;
    if (lock) {
      problems.push(
        problem('dvc-lock-mismatch', file(yaml!.file), `Stage ${ys.name} is in dvc.yaml but not in dvc.lock (never run, or the lock was not committed): its outputs have no hashes.`, {
          line: ys.line,
          field: `stages.${ys.name}`,
        }),
      );
    }
    if (ys.generator) continue;
    const outs: DvcEntry[] = yamlOutPaths(ys).map((path) => ({ path }));
    stages.push({
      name: ys.name,
      cmd: ys.cmd,
      deps: ys.deps.map((d) => ({ path: joinPath(ys.wdir, d) })),
      outs,
      metrics: ys.metrics.map((m) => joinPath(ys.wdir, m.path)),
      params: paramsFromFiles(ys, project),
      locked: false,
      ...(ys.desc !== undefined ? { desc: ys.desc } : {}),
      ...(ys.meta !== undefined ? { meta: ys.meta } : {}),
    });
  }
  return { stages, problems };
}

function reconcile(ys: YamlStage, ls: LockStage, project: DvcProject, problems: DvcProblem[]): ResolvedStage {
  const lockFile = joinPath(project.dir, project.dvcLock!.file);
  const rel = (e: DvcEntry): DvcEntry => ({ ...e, path: joinPath(ys.wdir, e.path) });
  const deps = ls.deps.map(rel);
  const outs = ls.outs.map(rel);
  if (!ys.generator) {
    const declaredOuts = yamlOutPaths(ys);
    const lockedOuts = outs.map((o) => o.path);
    if (!sameSet(declaredOuts, lockedOuts)) {
      problems.push(
        problem(
          'dvc-lock-mismatch',
          lockFile,
          `Outputs of stage ${ys.name} differ: dvc.yaml declares [${declaredOuts.join(', ')}], dvc.lock records [${lockedOuts.join(', ')}]; the lock is stale (run \`dvc repro\` or \`dvc commit\`). Only outputs in both are used.`,
          { line: ls.line, field: `stages.${ys.name}.outs` },
        ),
      );
    }
    const declaredDeps = ys.deps.map((d) => joinPath(ys.wdir, d));
    const lockedDeps = deps.map((d) => d.path);
    if (!sameSet(declaredDeps, lockedDeps)) {
      problems.push(
        problem(
          'dvc-lock-mismatch',
          lockFile,
          `Dependencies of stage ${ys.name} differ: dvc.yaml declares [${declaredDeps.join(', ')}], dvc.lock records [${lockedDeps.join(', ')}]; the lock is stale.`,
          { line: ls.line, field: `stages.${ys.name}.deps` },
        ),
      );
    }
    if (ls.cmd !== '' && ys.cmd !== '' && ls.cmd !== ys.cmd && !ys.cmd.includes('${')) {
      problems.push(problem('dvc-lock-mismatch', lockFile, `Command of stage ${ys.name} differs from dvc.yaml; the lock is stale. The locked command is used.`, { line: ls.line, field: `stages.${ys.name}.cmd` }));
    }
    const declared = new Set(declaredOuts);
    const keptOuts = outs.filter((o) => declared.has(o.path));
    return {
      name: ys.name,
      cmd: ls.cmd || ys.cmd,
      deps,
      outs: keptOuts,
      metrics: ys.metrics.map((m) => joinPath(ys.wdir, m.path)),
      params: Object.keys(ls.params).length > 0 ? ls.params : paramsFromFiles(ys, project),
      locked: true,
      ...(ys.desc !== undefined ? { desc: ys.desc } : {}),
      ...(ys.meta !== undefined ? { meta: ys.meta } : {}),
    };
  }
  return { name: ls.name, cmd: ls.cmd, deps, outs, metrics: [], params: ls.params, locked: true };
}

function getDotted(data: Record<string, unknown>, key: string): unknown {
  if (key in data) return data[key];
  let cur: unknown = data;
  for (const part of key.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function paramsFromFiles(ys: YamlStage, project: DvcProject): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const ref of ys.params) {
    const data = project.params[joinPath(ys.wdir, ref.file)];
    if (!data) continue;
    if (ref.keys === null) out[ref.file] = data;
    else {
      const vals: Record<string, unknown> = {};
      for (const k of ref.keys) {
        const v = getDotted(data, k);
        if (v !== undefined) vals[k] = v;
      }
      out[ref.file] = vals;
    }
  }
  return out;
}

/** Flattens nested params/metrics into dotted keys; lists become JSON text. */
export function flatten(data: Record<string, unknown>, prefix = '', out: Record<string, Scalar> = {}): Record<string, Scalar> {
  for (const [k, v] of Object.entries(data)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) flatten(v as Record<string, unknown>, key, out);
    else if (Array.isArray(v)) out[key] = JSON.stringify(v);
    else if (v instanceof Date) out[key] = v.toISOString();
    else if (typeof v === 'bigint') out[key] = Number(v);
    else out[key] = v as Scalar;
  }
  return out;
}

/** Where DVC stores an output in a remote: `files/md5/ab/cdef…` since DVC 3 (`hash: md5`), `ab/cdef…` before. */
function remoteUri(url: string, md5: string, hashName: string | undefined): string {
  const base = url.replace(/\/+$/, '');
  const rel = `${md5.slice(0, 2)}/${md5.slice(2)}`;
  return hashName === 'md5' ? `${base}/files/md5/${rel}` : `${base}/${rel}`;
}

function addParams(into: Record<string, Scalar>, values: Record<string, unknown>, file: string): void {
  for (const [k, v] of Object.entries(flatten(values))) into[file ? `${file}:${k}` : k] = v;
}

function inferRelation(cmd: string): Relation | undefined {
  if (/quantiz/i.test(cmd)) return 'quantized';
  if (/distil/i.test(cmd)) return 'distillation';
  if (/\bmerge/i.test(cmd)) return 'merge';
  if (/lora|adapter|peft/i.test(cmd)) return 'adapter';
  if (/fine[-_ ]?tun/i.test(cmd)) return 'finetune';
  if (/convert|export|onnx|\btar\b|\bzip\b|\bcp\b/i.test(cmd)) return 'conversion';
  return undefined;
}

function underPath(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

interface Candidate {
  id: string;
  name: string;
  fullName: string;
  path: string;
  decl?: ArtifactDecl;
  out?: DvcEntry;
  /** Output directory holding `path` when the artifact is a file inside a tracked directory. */
  containingOut?: DvcEntry;
  stage?: ResolvedStage;
  dvcFile?: string;
  gto?: GtoArtifactState;
  version?: string;
  versionFrom?: 'gto' | 'hash' | 'commit';
}

/** Maps one DVC project to model cards: one per `model` artifact (and, with `allOuts`, per model-like output). Pure. */
export function toModelCards(project: DvcProject, ctx: DvcMapContext): DvcMapResult {
  const { stages, problems } = resolveStages(project);
  const repoFile = (f: string) => joinPath(project.dir, f);
  const producedBy = new Map<string, { stage: ResolvedStage; out: DvcEntry }>();
  for (const s of stages) for (const o of s.outs) producedBy.set(o.path, { stage: s, out: o });
  const tracked = new Map<string, { file: string; out: DvcEntry }>();
  for (const f of project.dvcFiles) for (const o of f.outs) tracked.set(o.path, { file: f.file, out: o });
  const registry = gtoRegistry(project.git?.tags ?? []);

  // Declared artifacts: dvc.yaml wins over GTO's legacy artifacts.yaml.
  const decls = new Map<string, ArtifactDecl>();
  for (const [n, d] of Object.entries(project.legacyArtifacts ?? {})) decls.set(n, d);
  for (const [n, d] of Object.entries(project.dvcYaml?.artifacts ?? {})) decls.set(n, d);
  const datasetByPath = new Map<string, string>();
  for (const d of decls.values()) if (d.type === 'dataset' || d.type === 'data') datasetByPath.set(joinPath(d.path), d.name);

  const candidates: Candidate[] = [];
  const prefix = project.dir ? `${project.dir}:` : '';
  for (const d of decls.values()) {
    if (d.type !== 'model') continue;
    const fullName = `${prefix}${d.name}`;
    const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(d.path);
    const path = remote ? d.path : joinPath(d.path);
    const c: Candidate = { id: `dvc:${project.repoName}/${fullName}`, name: d.name, fullName, path, decl: d };
    if (!remote) locate(c, path);
    if (!remote && !c.out && !c.containingOut) {
      problems.push(problem('dvc-out-missing', repoFile(d.file), `Artifact ${d.name} names ${d.path}, which no stage output or .dvc file records: the card has no hash.`, { line: d.line, field: `artifacts.${d.name}.path` }));
    }
    candidates.push(c);
  }
  if (ctx.allOuts) {
    const claimed = new Set(candidates.map((c) => c.path));
    const all = [...producedBy.keys(), ...tracked.keys()];
    for (const path of all) {
      if (claimed.has(path) || !isModelLike(path)) continue;
      claimed.add(path);
      const c: Candidate = { id: `dvc:${project.repoName}/${prefix}${path}`, name: path, fullName: `${prefix}${path}`, path };
      locate(c, path);
      candidates.push(c);
    }
  }

  function locate(c: Candidate, path: string) {
    const p = producedBy.get(path);
    const t = tracked.get(path);
    if (p) {
      c.out = p.out;
      c.stage = p.stage;
    } else if (t) {
      c.out = t.out;
      c.dvcFile = t.file;
    } else {
      for (const [outPath, q] of producedBy) {
        if (underPath(path, outPath)) {
          c.containingOut = q.out;
          c.stage = q.stage;
        }
      }
      for (const [outPath, q] of tracked) {
        if (underPath(path, outPath)) {
          c.containingOut = q.out;
          c.dvcFile = q.file;
        }
      }
    }
  }

  // Versions first: parents refer to each other's versions.
  const head = project.git?.commit;
  for (const c of candidates) {
    c.gto = registry.get(c.fullName);
    const tagged = head ? c.gto?.versions.filter((v) => v.commit === head).at(-1) : undefined;
    const hash = c.out ? hashOf(c.out) : undefined;
    if (tagged) {
      c.version = tagged.version;
      c.versionFrom = 'gto';
    } else if (hash) {
      c.version = hash;
      c.versionFrom = 'hash';
    } else if (head) {
      c.version = head;
      c.versionFrom = 'commit';
    }
  }

  const byHash = new Map<string, Candidate>();
  for (const c of candidates) {
    const h = c.out ? hashOf(c.out) : undefined;
    if (h && !byHash.has(h)) byHash.set(h, c);
  }
  const known = new Map<string, KnownOut>();
  for (const k of ctx.knownOuts ?? []) if (!known.has(k.hash)) known.set(k.hash, k);

  const topMetrics = project.dvcYaml?.metrics.map((m) => joinPath(m)) ?? [];
  const topPlots = plotFiles(project.dvcYaml?.plots);
  const topParams = project.dvcYaml?.params.map((p) => joinPath(p)) ?? [];
  const cards = candidates.map((c) => buildCard(c));
  return { cards, problems };

  function consumersOf(c: Candidate): ResolvedStage[] {
    const h = c.out ? hashOf(c.out) : undefined;
    return stages.filter((s) => s !== c.stage && s.deps.some((d) => d.path === c.path || (h !== undefined && hashOf(d) === h)));
  }

  function relatedFiles(files: string[], owners: ResolvedStage[]): string[] {
    const dirs = owners.flatMap((s) => s.outs.map((o) => o.path));
    const stageMetrics = owners.flatMap((s) => s.metrics);
    const own = files.filter((f) => stageMetrics.includes(f) || dirs.some((d) => underPath(f, d)));
    if (own.length > 0 || candidates.length !== 1) return own;
    // A project with one model: its metrics are that model's metrics.
    return files;
  }

  function buildCard(c: Candidate): ModelCard {
    const card: ModelCard = { cardVersion: CARD_VERSION, id: c.id, name: c.name };
    if (c.version !== undefined) card.version = c.version;
    if (c.decl?.desc) card.description = c.decl.desc;
    if (c.decl?.labels?.length) card.tags = [...new Set(c.decl.labels)];
    const format = modelFormat(c.path);

    const stage = c.stage;
    const hyper: Record<string, Scalar> = {};
    const dataPaths: DvcEntry[] = [];
    const parents: Parent[] = [];
    const codeDeps: DvcEntry[] = [];
    const parentPaths = new Set<string>();
    if (stage) {
      // Keys of the default params.yaml stay bare; other files' keys read `<file>:<key>`, as `dvc params diff` shows them.
      for (const [pfile, values] of Object.entries(stage.params)) addParams(hyper, values, pfile === 'params.yaml' ? '' : pfile);
      for (const pf of relatedFiles(topParams, [stage])) {
        const data = project.params[pf];
        if (data) addParams(hyper, data, pf);
      }
      for (const d of stage.deps) {
        const h = hashOf(d);
        const parent = parentFor(c, d, h, stage);
        if (parent) {
          parents.push(parent);
          parentPaths.add(d.path);
        }
        else if (isCode(d.path) || stage.params[d.path] !== undefined) codeDeps.push(d);
        else dataPaths.push(d);
      }
    }
    const hyperparameters = hyper;

    const datasets: Dataset[] = [];
    const seenData = new Set<string>();
    const addData = (d: DvcEntry) => {
      if (seenData.has(d.path)) return;
      seenData.add(d.path);
      const ds: Dataset = { name: datasetByPath.get(d.path) ?? d.path, uri: repoFile(d.path) };
      if (d.md5) ds.digest = `md5:${d.md5}`;
      else if (d.etag) ds.digest = `etag:${d.etag}`;
      else if (d.checksum) ds.digest = `checksum:${d.checksum}`;
      const src = tracked.get(d.path);
      const imp = project.dvcFiles.find((f) => f.file === src?.file)?.deps.find((x) => x.repo);
      if (imp?.repo) {
        ds.uri = `${imp.repo.url}#${imp.path}`;
        if (imp.repo.revLock) ds.version = imp.repo.revLock;
      }
      datasets.push(ds);
    };
    for (const d of dataPaths) addData(d);
    for (const d of upstreamSources(stage, parentPaths)) addData(d);

    const results: EvaluationResult[] = [];
    const evalStages = consumersOf(c);
    const owners = stage ? [stage, ...evalStages] : evalStages;
    const metricFiles = [...new Set([...relatedFiles(topMetrics, owners), ...owners.flatMap((s) => s.metrics)])];
    for (const mf of metricFiles) {
      const data = project.metrics[mf];
      if (!data) continue;
      const metrics: Metric[] = [];
      for (const [k, v] of Object.entries(flatten(data))) {
        // DVCLive writes its step counter beside the metrics; it is not a metric.
        if (k === 'step') continue;
        if (typeof v === 'number' && Number.isFinite(v)) metrics.push({ type: k, value: v });
      }
      if (metrics.length === 0) continue;
      const by = owners.find((s) => s.metrics.includes(mf) || s.outs.some((o) => underPath(mf, o.path)));
      const result: EvaluationResult = { task: { type: 'other', ...(by ? { name: by.name } : {}) }, metrics: metrics as [Metric, ...Metric[]], source: { name: `dvc metrics: ${repoFile(mf)}` } };
      if (by && by !== stage) {
        const data = by.deps.filter((d) => d.path !== c.path && !isCode(d.path) && !(hashOf(d) && byHash.has(hashOf(d)!)) && by.params[d.path] === undefined);
        if (data.length === 1) {
          result.dataset = { name: datasetByPath.get(data[0]!.path) ?? data[0]!.path };
          const h = hashOf(data[0]!);
          if (h) result.dataset.revision = h;
        }
      }
      results.push(result);
    }

    if (stage || datasets.length > 0) {
      card.training = {};
      if (datasets.length > 0) card.training.datasets = datasets;
      if (stage?.cmd) card.training.procedure = stage.cmd;
      if (Object.keys(hyperparameters).length > 0) card.training.hyperparameters = hyperparameters;
      const epochs = Object.entries(hyperparameters).find(([k, v]) => /(^|[.:_])epochs$/.test(k) && typeof v === 'number');
      if (epochs) card.training.epochs = epochs[1] as number;
    }
    const arch = Object.entries(hyperparameters).find(([k, v]) => /(^|[.:])arch(itecture)?$/.test(k) && typeof v === 'string');
    if (format || arch) {
      card.architecture = {};
      if (arch) card.architecture.family = arch[1] as string;
      if (format) card.architecture.formats = [format];
    }
    if (results.length > 0) card.evaluation = { results };
    if (parents.length > 0) card.lineage = { parents };
    if (c.gto?.deprecated) card.governance = { status: 'deprecated' };

    const artifact: Artifact = { path: /^[a-z][a-z0-9+.-]*:\/\//i.test(c.path) ? c.path.slice(c.path.lastIndexOf('/') + 1) || c.path : repoFile(c.path) };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(c.path)) artifact.uri = c.path;
    else if (project.remote && c.out?.md5) artifact.uri = remoteUri(project.remote.url, c.out.md5, c.out.hashName);
    if (c.out?.size !== undefined) artifact.size = c.out.size;
    if (c.out?.md5 && /^[0-9a-f]{32}$/.test(c.out.md5)) artifact.md5 = c.out.md5;
    if (format) artifact.format = format;
    card.artifacts = [artifact];

    const git = project.git;
    card.source = {
      system: 'dvc',
      repository: project.repoName,
      path: repoFile(c.stage ? (project.dvcLock?.file ?? 'dvc.lock') : (c.dvcFile ?? c.decl?.file ?? 'dvc.yaml')),
      connector: CONNECTOR_NAME,
      connectorVersion: ctx.connectorVersion ?? CONNECTOR_VERSION,
      importedAt: ctx.importedAt,
    };
    if (git?.remoteUrl) card.source.uri = git.remoteUrl;
    if (git?.commit) {
      card.source.commit = git.commit;
      card.source.revision = git.commit;
    }
    if (c.versionFrom === 'gto') card.source.ref = c.gto!.versions.filter((v) => v.commit === head).at(-1)!.tag;
    else if (git?.branch) card.source.ref = git.branch;

    const ext: Record<string, unknown> = {
      project: project.dir,
      versionFrom: c.versionFrom,
    };
    if (c.decl) ext.artifact = compact({ name: c.decl.name, type: c.decl.type, path: c.decl.path, meta: c.decl.meta, declaredIn: repoFile(c.decl.file) });
    if (c.out) ext.out = compact({ path: repoFile(c.out.path), md5: c.out.md5, etag: c.out.etag, checksum: c.out.checksum, hash: c.out.hashName, size: c.out.size, nfiles: c.out.nfiles });
    if (c.containingOut) ext.containingOut = compact({ path: repoFile(c.containingOut.path), md5: c.containingOut.md5, size: c.containingOut.size, nfiles: c.containingOut.nfiles });
    if (stage) {
      ext.stage = compact({
        name: stage.name,
        cmd: stage.cmd,
        desc: stage.desc,
        locked: stage.locked,
        deps: stage.deps.map((d) => compact({ path: repoFile(d.path), md5: d.md5, etag: d.etag, size: d.size, nfiles: d.nfiles })),
        outs: stage.outs.map((o) => compact({ path: repoFile(o.path), md5: o.md5, etag: o.etag, size: o.size, nfiles: o.nfiles })),
      });
    }
    if (c.dvcFile) ext.dvcFile = repoFile(c.dvcFile);
    if (project.remote) ext.remote = { name: project.remote.name, url: project.remote.url };
    if (codeDeps.length > 0) ext.code = codeDeps.map((d) => compact({ path: repoFile(d.path), md5: d.md5 }));
    if (evalStages.length > 0) ext.evaluatedBy = evalStages.map((s) => s.name);
    const plots = relatedFiles(topPlots, owners).map(repoFile);
    if (plots.length > 0) ext.plots = plots;
    if (c.gto && (c.gto.versions.length > 0 || Object.keys(c.gto.stages).length > 0 || c.gto.deprecated)) {
      const stagesOfVersion = Object.entries(c.gto.stages)
        .filter(([, v]) => v === c.version)
        .map(([s]) => s);
      ext.gto = compact({
        versions: c.gto.versions.map((v) => compact({ version: v.version, commit: v.commit, date: v.date, tag: v.tag })),
        stages: c.gto.stages,
        stagesOfVersion: stagesOfVersion.length > 0 ? stagesOfVersion : undefined,
        deprecated: c.gto.deprecated || undefined,
      });
    }
    card.extensions = { dvc: compact(ext) as Record<string, never> };
    return card;
  }

  function parentFor(c: Candidate, d: DvcEntry, h: string | undefined, stage: ResolvedStage): Parent | undefined {
    const own = c.out ? hashOf(c.out) : undefined;
    if (h !== undefined && h === own) return undefined;
    const lockPath = repoFile(project.dvcLock?.file ?? 'dvc.lock');
    const note = `stage ${stage.name} consumes ${repoFile(d.path)}${h ? ` (${h})` : ''}`;
    const base = (id: string, version: string | undefined): Parent => {
      const p: Parent = { id, declaredBy: lockPath, note };
      if (version !== undefined) p.version = version;
      const rel = inferRelation(stage.cmd);
      if (rel) p.relation = rel;
      return p;
    };
    const local = (h !== undefined ? byHash.get(h) : undefined) ?? candidates.find((x) => x !== c && x.path === d.path && !x.out);
    if (local && local !== c) return base(local.id, local.version);
    if (h !== undefined) {
      const k = known.get(h);
      if (k && k.id !== c.id) return base(k.id, k.version);
    }
    // A model file produced or tracked here that has no card of its own (yet): name it by its path.
    if ((producedBy.has(d.path) || tracked.has(d.path)) && isModelLike(d.path)) return base(`dvc:${project.repoName}/${prefix}${d.path}`, h);
    return undefined;
  }

  /** Source data upstream of a stage; the walk stops at models (their data is their own card's). */
  function upstreamSources(stage: ResolvedStage | undefined, parentPaths: Set<string>): DvcEntry[] {
    if (!stage) return [];
    const out: DvcEntry[] = [];
    const visited = new Set<string>([stage.name]);
    const viaModel = (d: DvcEntry) => parentPaths.has(d.path) || isModelLike(d.path) || (hashOf(d) !== undefined && byHash.has(hashOf(d)!));
    const queue = stage.deps
      .filter((d) => !viaModel(d))
      .map((d) => producedBy.get(d.path)?.stage)
      .filter((s): s is ResolvedStage => s !== undefined);
    while (queue.length > 0) {
      const s = queue.shift()!;
      if (visited.has(s.name)) continue;
      visited.add(s.name);
      for (const d of s.deps) {
        if (viaModel(d)) continue;
        const p = producedBy.get(d.path);
        if (p) queue.push(p.stage);
        else if (!isCode(d.path) && s.params[d.path] === undefined) out.push(d);
      }
    }
    return out;
  }
}

/** Files named by dvc.yaml's top-level `plots:` (a path, `{path: props}`, or `{id: {y: {file: field}}}`). */
export function plotFiles(plots: unknown): string[] {
  const out: string[] = [];
  const entries = Array.isArray(plots) ? plots : plots && typeof plots === 'object' ? Object.entries(plots).map(([k, v]) => ({ [k]: v })) : [];
  for (const e of entries) {
    if (typeof e === 'string') out.push(joinPath(e));
    else if (e && typeof e === 'object') {
      for (const [key, props] of Object.entries(e as Record<string, unknown>)) {
        const y = (props as { y?: unknown } | null)?.y;
        if (y && typeof y === 'object' && !Array.isArray(y)) out.push(...Object.keys(y).map((f) => joinPath(f)));
        else out.push(joinPath(key));
      }
    }
  }
  return [...new Set(out)];
}

/** Drops undefined fields (recursively through plain objects) so cards hash and validate cleanly. */
function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype ? compact(v as Record<string, unknown>) : v;
  }
  return out as T;
}
