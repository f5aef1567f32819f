import type { ModelCard } from '@modellake/card';
import type { Lake } from '../lake.js';
import type { Ancestor } from './findings.js';

/** Options of {@link findAncestors}. */
export interface FindAncestorsOptions {
  /** Deepest ancestor generation to follow. @default 20 */
  maxDepth?: number;
}

/**
 * The ancestors of a model, nearest first: the one place governance asks "where does this model come
 * from". Walks declared `lineage.parents` through the lake (breadth first, cycle-safe); parents the
 * lake does not hold are returned without a card.
 */
export async function findAncestors(lake: Lake, card: ModelCard, opts: FindAncestorsOptions = {}): Promise<Ancestor[]> {
  return declaredAncestors(lake, card, opts);
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
        const stored = await lake.storage.getCard(p.id, p.version ? { version: p.version } : {}).catch(() => undefined)
          ?? (p.version ? await lake.storage.getCard(p.id).catch(() => undefined) : undefined);
        const id = stored?.id ?? p.id;
        if (seen.has(id)) continue;
        seen.add(id);
        const path = [...node.path, id];
        const a: Ancestor = { id, depth, path, origin: 'declared', ...(p.relation ? { relation: p.relation } : {}), ...(stored ? { card: stored.card } : {}) };
        out.push(a);
        if (stored) next.push({ card: stored.card, path });
      }
    }
    frontier = next;
  }
  return out;
}
