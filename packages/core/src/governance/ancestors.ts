import type { ModelCard } from '@modellake/card';
import type { Lake } from '../lake.js';
import type { LineageFinding, LineageGraph } from '../lineage/types.js';
import type { Ancestor } from './findings.js';

/** Options of {@link findAncestors}. */
export interface FindAncestorsOptions {
  /** Deepest ancestor generation to follow. @default 20 */
  maxDepth?: number;
}

/** What governance reads from the lineage feature: the `lineage` deriver's graph of a model's family. */
interface LineageSource {
  graph(id?: string): Promise<LineageGraph> | LineageGraph;
}

/** The lineage graph of a model's family (of the whole lake without `id`) when the lineage feature is installed. */
export async function lineageGraphOf(lake: Lake, id?: string): Promise<LineageGraph | undefined> {
  const src = lake.getDeriver<LineageSource & { name: string; onCardStored(): void }>('lineage');
  if (typeof src?.graph !== 'function') return undefined;
  try {
    return await src.graph(id);
  } catch {
    // Governance still works from declared parents when detection fails.
    return undefined;
  }
}

/** Lineage findings (e.g. a declared parent the weights contradict) of one model, from the lineage feature. */
export async function lineageFindingsOf(lake: Lake, id: string, graph?: LineageGraph): Promise<LineageFinding[]> {
  return (graph ?? (await lineageGraphOf(lake, id)))?.findings.filter((f) => f.model === id) ?? [];
}

/**
 * The ancestors of a model, nearest first: the one place governance asks "where does this model come
 * from". Uses the lineage engine's graph (declared and detected edges with confidence) when the lineage
 * feature is installed, and always walks declared `lineage.parents` through the lake, so parents that
 * only a card names are never lost. Parents the lake does not hold are returned without a card.
 */
export async function findAncestors(lake: Lake, card: ModelCard, opts: FindAncestorsOptions & { graph?: LineageGraph } = {}): Promise<Ancestor[]> {
  const declared = await declaredAncestors(lake, card, opts);
  const graph = opts.graph ?? (await lineageGraphOf(lake, card.id));
  if (!graph) return declared;
  const detected = await ancestorsFromGraph(lake, graph, card.id, opts);
  const byId = new Map(declared.map((a) => [a.id, a]));
  for (const d of detected) {
    const known = byId.get(d.id);
    if (known) {
      if (d.confidence !== undefined) known.confidence = d.confidence;
    } else {
      byId.set(d.id, d);
    }
  }
  return [...byId.values()].sort((a, b) => a.depth - b.depth);
}

/** Ancestors along the parent edges of a lineage graph (edges based on weights only are `detected`). */
export async function ancestorsFromGraph(lake: Lake, graph: LineageGraph, id: string, opts: FindAncestorsOptions = {}): Promise<Ancestor[]> {
  const maxDepth = opts.maxDepth ?? 20;
  const out: Ancestor[] = [];
  const seen = new Set([id]);
  let frontier = [{ id, path: [id] }];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: { id: string; path: string[] }[] = [];
    for (const node of frontier) {
      for (const e of graph.edges.filter((x) => x.child === node.id)) {
        if (seen.has(e.parent)) continue;
        seen.add(e.parent);
        const stored = await lake.storage.getCard(e.parent).catch(() => undefined);
        const path = [...node.path, e.parent];
        out.push({ id: e.parent, depth, path, relation: e.relation, origin: e.basis === 'weights' ? 'detected' : 'declared', confidence: e.confidence, ...(stored ? { card: stored.card } : {}) });
        next.push({ id: e.parent, path });
      }
    }
    frontier = next;
  }
  return out;
}

/** Walks declared parents through the lake (the fallback when no lineage engine is installed). */
export async function declaredAncestors(lake: Lake, card: ModelCard, opts: FindAncestorsOptions = {}): Promise<Ancestor[]> {
  const maxDepth = opts.maxDepth ?? 20;
  const out: Ancestor[] = [];
  const seen = new Set<string>([card.id]);
  let frontier: { card: ModelCard; path: string[] }[] = [{ card, path: [card.id] }];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: { card: ModelCard; path: string[] }[] = [];
    for (const node of frontier) {
      for (const p of node.card.lineage?.parents ?? []) {
        const stored = (await lake.storage.getCard(p.id, p.version ? { version: p.version } : {}).catch(() => undefined))
          ?? (p.version ? await lake.storage.getCard(p.id).catch(() => undefined) : undefined);
        const id = stored?.id ?? p.id;
        if (seen.has(id)) continue;
        seen.add(id);
        const path = [...node.path, id];
        out.push({ id, depth, path, origin: 'declared', ...(p.relation ? { relation: p.relation } : {}), ...(stored ? { card: stored.card } : {}) });
        if (stored) next.push({ card: stored.card, path });
      }
    }
    frontier = next;
  }
  return out;
}
