import type { LineageEdge, LineageFinding, LineageGraph } from './types.js';

/** Direction of a lineage query. */
export type LineageDirection = 'up' | 'down' | 'both';

/** The lineage of one model: ancestors and/or descendants up to a depth, with evidence and the path to its root. */
export interface LineageView {
  id: string;
  direction: LineageDirection;
  depth: number;
  /** Family root of the model. */
  root: string;
  /** Model ids from the model up to its root, following the strongest parent edge. */
  provenance: string[];
  nodes: { id: string; distance: number }[];
  edges: LineageEdge[];
  findings: LineageFinding[];
}

/** Cuts a family graph down to what a query asks for (pure). */
export function lineageView(graph: LineageGraph, id: string, direction: LineageDirection, depth: number): LineageView {
  const up = new Map<string, LineageEdge[]>();
  const down = new Map<string, LineageEdge[]>();
  for (const e of graph.edges) {
    up.set(e.child, [...(up.get(e.child) ?? []), e]);
    down.set(e.parent, [...(down.get(e.parent) ?? []), e]);
  }
  const nodes = new Map<string, number>([[id, 0]]);
  const edges = new Set<LineageEdge>();
  const walk = (adj: Map<string, LineageEdge[]>, next: (e: LineageEdge) => string, sign: number): void => {
    let frontier = [id];
    for (let d = 1; d <= depth && frontier.length; d++) {
      const nf: string[] = [];
      for (const n of frontier) {
        for (const e of adj.get(n) ?? []) {
          edges.add(e);
          const m = next(e);
          if (!nodes.has(m)) {
            nodes.set(m, sign * d);
            nf.push(m);
          }
        }
      }
      frontier = nf;
    }
  };
  if (direction !== 'down') walk(up, (e) => e.parent, -1);
  if (direction !== 'up') walk(down, (e) => e.child, 1);
  const provenance = [id];
  let cur = id;
  while (true) {
    const ps = [...(up.get(cur) ?? [])].sort((a, b) => b.confidence - a.confidence || (a.parent < b.parent ? -1 : 1));
    const p = ps[0]?.parent;
    if (!p || provenance.includes(p)) break;
    provenance.push(p);
    cur = p;
  }
  return {
    id,
    direction,
    depth,
    root: graph.roots[id] ?? provenance[provenance.length - 1]!,
    provenance,
    nodes: [...nodes].map(([n, distance]) => ({ id: n, distance })),
    edges: [...edges],
    findings: graph.findings.filter((f) => nodes.has(f.model)),
  };
}
