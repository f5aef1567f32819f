import { detectLineage, type LineageOptions } from './engine.js';
import { findModelFolders, readModelFolder, toLineageModel, type ModelFolder, type TreeWarning } from './folder.js';
import type { LineageEdge, LineageFinding } from './types.js';

/** Output of {@link scanModelTree}: the `modellake lineage scan --json` document. */
export interface LineageScanResult {
  models: { id: string; kind: string; architecture?: string; modelType?: string; declared: { id: string; relation?: string; source: string }[] }[];
  edges: { parent: string; child: string; relation: string; confidence: number; evidence: Record<string, unknown> }[];
  findings: { model: string; code: string; message: string }[];
  errors: { model: string; message: string }[];
  /** Entries skipped or unreadable (FIFOs, links out of the root, permissions), one per path: the rest is still scanned. */
  warnings: TreeWarning[];
}

/** Options of {@link scanModelTree}. */
export interface ScanOptions extends LineageOptions {
  /** Called after each folder is read. */
  onModel?: (id: string, done: number, total: number) => void;
}

/** Runs lineage detection over a directory tree of model folders, without a lake. */
export async function scanModelTree(root: string, opts: ScanOptions = {}): Promise<LineageScanResult> {
  const warnings = new Map<string, TreeWarning>();
  const warn = (w: TreeWarning): void => void (warnings.has(w.path) || warnings.set(w.path, w));
  const dirs = await findModelFolders(root, { onWarning: warn });
  const folders: ModelFolder[] = [];
  const errors: { model: string; message: string }[] = [];
  let done = 0;
  for (const d of dirs) {
    try {
      const folder = await readModelFolder(d.dir, d.id, { root });
      for (const w of folder.treeWarnings ?? []) warn(w);
      folders.push(folder);
    } catch (e) {
      errors.push({ model: d.id, message: (e as Error).message });
    }
    opts.onModel?.(d.id, ++done, dirs.length);
  }
  const graph = detectLineage(folders.map(toLineageModel), opts);
  return {
    models: folders.map((f) => ({
      id: f.id,
      kind: f.kind,
      architecture: f.fingerprint.architecture.signature,
      ...(f.fingerprint.architecture.modelType ? { modelType: f.fingerprint.architecture.modelType } : {}),
      declared: f.declared,
    })),
    edges: graph.edges.map((e: LineageEdge) => ({
      parent: e.parent,
      child: e.child,
      relation: e.relation,
      confidence: e.confidence,
      evidence: { basis: e.basis, ...e.evidence },
    })),
    findings: graph.findings.map((f: LineageFinding) => ({ model: f.model, code: f.code, message: f.message })),
    errors,
    warnings: [...warnings.values()],
  };
}
