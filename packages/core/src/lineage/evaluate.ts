/** Ground truth in the shape of `lineage-dev/truth.json`. */
export interface LineageTruth {
  nodes: { id: string; kind?: string }[];
  edges: { parent: string; child: string; relation: string }[];
  declared: { model: string; declared_base: string; true: boolean }[];
}

/** Scores of a lineage result against ground truth. */
export interface LineageScore {
  truthEdges: number;
  predictedEdges: number;
  /** True edges found with the right direction. */
  directedCorrect: number;
  /** True edges found with the right relation (among directed-correct ones). */
  relationCorrect: number;
  /** Predicted edges that are not true edges (either direction). */
  spurious: number;
  /** Predicted edges joining models of different true families. */
  crossFamily: number;
  falseDeclared: number;
  falseDeclaredFlagged: number;
  /** Mismatch findings on models whose declaration is true or absent. */
  falseAlarms: number;
  edgeAccuracy: number;
  relationAccuracy: number;
  misses: string[];
}

/** Scores predicted edges and findings against truth (edge = parent -> child; relation compared exactly). */
export function scoreLineage(
  result: { edges: { parent: string; child: string; relation: string }[]; findings: { model: string; code: string }[] },
  truth: LineageTruth,
): LineageScore {
  const k = (p: string, c: string): string => `${p} -> ${c}`;
  const pred = new Map(result.edges.map((e) => [k(e.parent, e.child), e.relation]));
  const undirected = new Set(truth.edges.flatMap((e) => [k(e.parent, e.child), k(e.child, e.parent)]));
  let directedCorrect = 0;
  let relationCorrect = 0;
  const misses: string[] = [];
  for (const e of truth.edges) {
    const r = pred.get(k(e.parent, e.child));
    if (r === undefined) {
      misses.push(`${k(e.parent, e.child)} (${e.relation})${pred.has(k(e.child, e.parent)) ? ' reversed' : ''}`);
      continue;
    }
    directedCorrect++;
    if (r === e.relation) relationCorrect++;
    else misses.push(`${k(e.parent, e.child)} relation ${r} != ${e.relation}`);
  }
  // Families: connected components of the true edges.
  const fam = new Map<string, string>();
  const find = (x: string): string => {
    const p = fam.get(x) ?? x;
    if (p === x) return x;
    const r = find(p);
    fam.set(x, r);
    return r;
  };
  for (const e of truth.edges) {
    const a = find(e.parent);
    const b = find(e.child);
    if (a !== b) fam.set(a, b);
  }
  let spurious = 0;
  let crossFamily = 0;
  for (const e of result.edges) {
    if (!undirected.has(k(e.parent, e.child))) {
      spurious++;
      misses.push(`spurious ${k(e.parent, e.child)} (${e.relation})`);
    }
    if (find(e.parent) !== find(e.child)) crossFamily++;
  }
  const flagged = new Set(result.findings.filter((f) => f.code === 'declared-parent-mismatch').map((f) => f.model));
  const falseDecl = truth.declared.filter((d) => !d.true).map((d) => d.model);
  const falseDeclaredFlagged = falseDecl.filter((m) => flagged.has(m)).length;
  const falseAlarms = [...flagged].filter((m) => !falseDecl.includes(m)).length;
  return {
    truthEdges: truth.edges.length,
    predictedEdges: result.edges.length,
    directedCorrect,
    relationCorrect,
    spurious,
    crossFamily,
    falseDeclared: falseDecl.length,
    falseDeclaredFlagged,
    falseAlarms,
    edgeAccuracy: truth.edges.length ? directedCorrect / truth.edges.length : 1,
    relationAccuracy: directedCorrect ? relationCorrect / directedCorrect : 1,
    misses,
  };
}
