import {
  coarseVector,
  compareFingerprints,
  fingerprintPrecision,
  fitMerge,
  tensorSamples,
  probeVector,
  type ComparisonSummary,
  type Fingerprint,
} from '@modellake/fingerprint';
import { createResolver } from './resolve.js';
import type { LineageEdge, LineageFinding, LineageGraph, LineageModel, LineageRelation } from './types.js';

/** Tunables of the lineage engine. */
export interface LineageOptions {
  /** Full comparisons per new model in a large group (the best candidates of the search). @default 6 */
  neighbours?: number;
  /** Minimum share of linked parameters for two models to be related. @default 0.5 */
  linkedMin?: number;
  /** Share of parameters equal up to precision for a cast copy. @default 0.99 */
  castMin?: number;
  /** Largest relative residual of a merge fit. @default 0.1 */
  mergeResidualMax?: number;
}

interface Entry {
  model: LineageModel;
  sig?: string;
  coarse?: Float32Array;
  probe?: Float32Array;
  precision: number;
}

/** Models of one architecture with their coarse vectors packed in one array (fast brute-force similarity). */
interface Group {
  ids: string[];
  vecs: Float32Array;
}

/** Dimensions of the coarse similarity vector. */
const COARSE_DIMS = 32;

interface Pair {
  a: string;
  b: string;
  s: ComparisonSummary;
  /** The summary seen from a to b, and from b to a. */
  ab: Oriented;
  ba: Oriented;
}

interface MergeFit {
  a: string;
  b: string;
  weight: number;
  residual: number;
}

/** A comparison summary seen from a to b. */
interface Oriented {
  relL2: number;
  linkedShare: number;
  identicalShare: number;
  castShare: number;
  cosine: number;
  energyGrowth: number;
}

/** Size of each model's nearest-related list used for merge tests. */
const NEAR = 6;

const key = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

function precisionOf(fp: Fingerprint | undefined): number {
  return fp ? fingerprintPrecision(fp) : 0;
}

class UnionFind {
  private p = new Map<string, string>();
  find(x: string): string {
    let r = this.p.get(x) ?? x;
    if (r === x) return x;
    r = this.find(r);
    this.p.set(x, r);
    return r;
  }
  union(a: string, b: string): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    if (ra < rb) this.p.set(rb, ra);
    else this.p.set(ra, rb);
    return true;
  }
}

const round = (x: number, d = 4): number => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);

/**
 * Incremental lineage index: `add` compares a new model with its nearest models of the same architecture only
 * (cached pair summaries), and `graph` builds families, relations, directions and findings from the cache.
 */
export class LineageIndex {
  private readonly opts: Required<LineageOptions>;
  private readonly entries = new Map<string, Entry>();
  private readonly groups = new Map<string, Group>();
  private readonly pairs = new Map<string, Pair>();
  private readonly related = new Map<string, Set<string>>();
  private readonly merges = new Map<string, MergeFit>();
  /** Per model, its closest related models (relative L2, ascending), capped at {@link NEAR}. */
  private readonly near = new Map<string, { id: string; d: number }[]>();

  constructor(opts: LineageOptions = {}) {
    this.opts = { neighbours: 6, linkedMin: 0.5, castMin: 0.99, mergeResidualMax: 0.1, ...opts };
  }

  /** Number of models indexed. */
  get size(): number {
    return this.entries.size;
  }

  /** Ids of every indexed model. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** Whether a model is indexed. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Adds (or replaces) a model; compares it with its nearest same-architecture models only. */
  add(model: LineageModel): void {
    if (this.entries.has(model.id)) this.remove(model.id);
    const fp = model.fingerprint;
    const full = (model.kind === 'full' || model.kind === 'gguf') && fp && (fp.tensors?.length ?? 0) > 0;
    const entry: Entry = { model, precision: precisionOf(fp) };
    this.entries.set(model.id, entry);
    if (!full || !fp) return;
    entry.sig = fp.architecture.signature;
    entry.coarse = coarseVector(fp, COARSE_DIMS);
    entry.probe = probeVector(fp, FINE_DIMS);
    const group = this.groups.get(entry.sig) ?? { ids: [], vecs: new Float32Array(COARSE_DIMS * 64) };
    const c = entry.coarse;
    const compared = new Set<string>();
    const consider = (id: string): void => {
      if (compared.has(id)) return;
      compared.add(id);
      const other = this.entries.get(id)!;
      const s = compareFingerprints(other.model.fingerprint!, fp, { deltaRank: false, summaryOnly: true }).summary;
      if (s.linkedShare < this.opts.linkedMin) return;
      const ab: Oriented = { relL2: s.relL2, linkedShare: s.linkedShare, identicalShare: s.identicalShare, castShare: s.castShare, cosine: s.cosine, energyGrowth: s.energyGrowth };
      this.pairs.set(key(id, model.id), { a: id, b: model.id, s, ab, ba: { ...ab, energyGrowth: -s.energyGrowth } });
      this.link(id, model.id, s.relL2);
    };
    for (const id of this.candidates(group, entry)) consider(id);
    // Layouts that largely overlap (an added head, an untied lm_head) are compared too while their group is small.
    for (const [sig, g] of this.groups) {
      if (sig === entry.sig || !g.ids.length || g.ids.length > SMALL_GROUP) continue;
      if (layoutOverlap(this.entries.get(g.ids[0]!)!.model.fingerprint!, fp) < LAYOUT_OVERLAP_MIN) continue;
      for (const id of g.ids) consider(id);
    }
    if ((group.ids.length + 1) * COARSE_DIMS > group.vecs.length) {
      const grown = new Float32Array(group.vecs.length * 2);
      grown.set(group.vecs);
      group.vecs = grown;
    }
    group.vecs.set(c, group.ids.length * COARSE_DIMS);
    group.ids.push(model.id);
    this.groups.set(entry.sig, group);
    this.detectMerge(model.id);
    for (const n of this.related.get(model.id) ?? []) {
      if (this.near.get(n)?.some((x) => x.id === model.id)) this.detectMerge(n);
    }
  }

  /** Removes a model and its cached comparisons. */
  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    const group = e.sig ? this.groups.get(e.sig) : undefined;
    if (group) {
      const at = group.ids.indexOf(id);
      const last = group.ids.length - 1;
      if (at >= 0) {
        group.ids[at] = group.ids[last]!;
        group.vecs.copyWithin(at * COARSE_DIMS, last * COARSE_DIMS, (last + 1) * COARSE_DIMS);
        group.ids.pop();
      }
    }
    const neighbours = [...(this.related.get(id) ?? [])];
    for (const n of neighbours) {
      this.pairs.delete(key(id, n));
      this.related.get(n)?.delete(id);
    }
    this.related.delete(id);
    this.near.delete(id);
    for (const n of neighbours) {
      if (!this.near.get(n)?.some((x) => x.id === id)) continue;
      const list = [...(this.related.get(n) ?? [])].map((o) => ({ id: o, d: this.oriented(n, o)!.relL2 }));
      list.sort((x, y) => x.d - y.d || (x.id < y.id ? -1 : 1));
      this.near.set(n, list.slice(0, NEAR));
    }
    this.merges.delete(id);
    for (const [c, m] of [...this.merges]) if (m.a === id || m.b === id) this.merges.delete(c);
  }

  private link(a: string, b: string, d: number): void {
    if (!this.related.has(a)) this.related.set(a, new Set());
    if (!this.related.has(b)) this.related.set(b, new Set());
    this.related.get(a)!.add(b);
    this.related.get(b)!.add(a);
    this.pushNear(a, b, d);
    this.pushNear(b, a, d);
  }

  private pushNear(a: string, b: string, d: number): void {
    const list = this.near.get(a) ?? [];
    if (list.length >= NEAR && d >= list[list.length - 1]!.d) return;
    list.push({ id: b, d });
    list.sort((x, y) => x.d - y.d || (x.id < y.id ? -1 : 1));
    if (list.length > NEAR) list.pop();
    this.near.set(a, list);
  }

  /** The pair summary seen from a to b, if the two are related. */
  private oriented(a: string, b: string): Oriented | undefined {
    const p = this.pairs.get(key(a, b));
    if (!p) return undefined;
    return p.a === a ? p.ab : p.ba;
  }

  private nearest(id: string): string[] {
    return (this.near.get(id) ?? []).map((x) => x.id);
  }

  private isCast(a: string, b: string): boolean {
    const o = this.oriented(a, b);
    return !!o && o.castShare >= this.opts.castMin;
  }

  /**
   * Models compared in full with a new one: every member of a small group; in a large group, a shortlist from a
   * coarse scan refined by a beam search over the related-model graph on raw-sample distance.
   */
  private candidates(group: Group, entry: Entry): string[] {
    const k = this.opts.neighbours;
    if (group.ids.length <= SMALL_GROUP) return [...group.ids];
    const probe = entry.probe!;
    const dist = new Map<string, number>();
    const measure = (id: string): void => {
      if (dist.has(id)) return;
      const o = this.entries.get(id)?.probe;
      if (!o || this.entries.get(id)!.sig !== entry.sig) return;
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      for (let i = 0; i < FINE_DIMS; i += 4) {
        const a = probe[i]! - o[i]!, b = probe[i + 1]! - o[i + 1]!, c = probe[i + 2]! - o[i + 2]!, e = probe[i + 3]! - o[i + 3]!;
        d0 += a * a;
        d1 += b * b;
        d2 += c * c;
        d3 += e * e;
      }
      dist.set(id, d0 + d1 + d2 + d3);
    };
    for (const { i } of nearestInGroup(group, entry.coarse!, SHORTLIST)) measure(group.ids[i]!);
    const best = (n: number): string[] => {
      const heap = new MinHeap(n);
      const ids: string[] = [];
      for (const [id, d] of dist) {
        ids.push(id);
        heap.offer(-d, ids.length - 1);
      }
      return heap
        .items()
        .map((i) => ids[i]!)
        .sort((x, y) => dist.get(x)! - dist.get(y)! || (x < y ? -1 : 1));
    };
    let frontier = best(BEAM);
    const expanded = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const before = dist.size;
      for (const id of frontier) {
        if (expanded.has(id)) continue;
        expanded.add(id);
        for (const n of this.near.get(id) ?? []) measure(n.id);
        const rel = this.related.get(id);
        if (rel && rel.size <= 2 * BEAM) for (const n of rel) measure(n);
      }
      const next = best(BEAM);
      if (dist.size === before || next.join() === frontier.join()) break;
      frontier = next;
    }
    return best(k);
  }

  /** Tests whether `id` sits on the segment between two of its nearest related models (a weighted merge). */
  private detectMerge(id: string): void {
    this.merges.delete(id);
    const c = this.entries.get(id)!;
    const near = this.nearest(id).filter((n) => !this.isCast(id, n));
    let best: MergeFit | undefined;
    for (let i = 0; i < near.length; i++) {
      for (let j = i + 1; j < near.length; j++) {
        const a = this.entries.get(near[i]!)!;
        const b = this.entries.get(near[j]!)!;
        if (this.isCast(a.model.id, b.model.id)) continue;
        const quick = fitProbe(c.probe!, a.probe!, b.probe!);
        if (!(quick.residual < 0.25 && quick.weight > 0.05 && quick.weight < 0.95)) continue;
        const fit = fitMerge(c.model.fingerprint!, a.model.fingerprint!, b.model.fingerprint!);
        if (fit.weight < 0.1 || fit.weight > 0.9 || !(fit.residual <= this.opts.mergeResidualMax)) continue;
        if (!best || fit.residual < best.residual) best = { a: a.model.id, b: b.model.id, weight: fit.weight, residual: fit.residual };
      }
    }
    if (best) this.merges.set(id, best);
  }

  /** Builds the lineage graph of all indexed models (or of the families of `focus`). */
  graph(focus?: readonly string[]): LineageGraph {
    const all = [...this.entries.keys()].sort();
    const resolve = createResolver(all);
    const ids = focus ? this.component(focus, resolve) : all;
    const inScope = new Set(ids);
    const edges: LineageEdge[] = [];
    const findings: LineageFinding[] = [];
    const parentsOf = new Map<string, LineageEdge[]>();
    const addEdge = (e: LineageEdge): void => {
      edges.push(e);
      parentsOf.set(e.child, [...(parentsOf.get(e.child) ?? []), e]);
    };
    const declaredOf = (id: string): { id: string; relation?: LineageRelation; source: string }[] =>
      this.entries.get(id)!.model.declared.flatMap((d) => {
        const r = resolve(d.id);
        return r && r !== id ? [{ ...d, id: r }] : [];
      });

    // 1. Families of weights-comparable models, and cast groups inside them.
    const fam = new UnionFind();
    const castUf = new UnionFind();
    for (const p of this.pairs.values()) {
      if (!inScope.has(p.a) || !inScope.has(p.b)) continue;
      fam.union(p.a, p.b);
      if (p.s.castShare >= this.opts.castMin) castUf.union(p.a, p.b);
    }
    const weighted = ids.filter((id) => this.entries.get(id)!.sig);
    const byFamily = new Map<string, string[]>();
    for (const id of weighted) {
      const r = fam.find(id);
      byFamily.set(r, [...(byFamily.get(r) ?? []), id]);
    }

    for (const members of byFamily.values()) {
      // 2. Cast groups: the highest-precision member (or the declared one) represents the group.
      const groups = new Map<string, string[]>();
      for (const id of members) {
        const r = castUf.find(id);
        groups.set(r, [...(groups.get(r) ?? []), id]);
      }
      const repOf = new Map<string, string>();
      for (const g of groups.values()) {
        const rep = [...g].sort((x, y) => {
          const px = this.entries.get(x)!.precision;
          const py = this.entries.get(y)!.precision;
          if (px !== py) return py - px;
          const dx = declaredOf(x).some((d) => g.includes(d.id)) ? 1 : 0;
          const dy = declaredOf(y).some((d) => g.includes(d.id)) ? 1 : 0;
          return dx - dy || (x < y ? -1 : 1);
        })[0]!;
        for (const id of g) {
          repOf.set(id, rep);
          if (id === rep) continue;
          const o = this.oriented(rep, id);
          const lower = this.entries.get(id)!.precision < this.entries.get(rep)!.precision;
          addEdge({
            parent: rep,
            child: id,
            relation: lower ? 'quantized' : 'version',
            confidence: round(0.99 * (o?.castShare ?? 1), 3),
            basis: 'weights',
            evidence: {
              castShare: round(o?.castShare ?? 1),
              identicalShare: round(o?.identicalShare ?? 0),
              relL2: round(o?.relL2 ?? 0, 6),
              precisionParent: this.entries.get(rep)!.model.fingerprint?.architecture.dtypes,
              precisionChild: this.entries.get(id)!.model.fingerprint?.architecture.dtypes,
            },
          });
        }
      }
      const reps = [...new Set(members.map((m) => repOf.get(m)!))].sort();
      // 3. Merges: a representative on the segment between two others.
      const mergeOf = new Map<string, MergeFit>();
      for (const r of reps) {
        const m = this.merges.get(r);
        if (!m) continue;
        const a = repOf.get(m.a);
        const b = repOf.get(m.b);
        if (a && b && a !== b && a !== r && b !== r) mergeOf.set(r, { ...m, a, b });
      }
      // Descendants of merges: models closer to a merge result (or to such a descendant) than to any other model.
      // They hang from that model and stay out of the spanning tree, where they would bridge the merge parents.
      const fromMerge = new Map<string, string>();
      for (let changed = true; changed; ) {
        changed = false;
        for (const x of reps) {
          if (mergeOf.has(x) || fromMerge.has(x)) continue;
          let best: [number, string] | undefined;
          for (const y of this.related.get(x) ?? []) {
            if (repOf.get(y) !== y) continue;
            const d = this.oriented(y, x)!.relL2;
            if (!best || d < best[0] || (d === best[0] && y < best[1])) best = [d, y];
          }
          if (!best) continue;
          const y = best[1];
          const m = mergeOf.get(y);
          // Fine-tuning adds energy: a model that has less than the merge result is its ancestor, not its child.
          if (((m && m.a !== x && m.b !== x) || fromMerge.has(y)) && this.oriented(y, x)!.energyGrowth > 0) {
            fromMerge.set(x, y);
            changed = true;
          }
        }
      }
      // 4. Spanning tree over the other representatives (Kruskal on relative L2 distance).
      const treeNodes = reps.filter((r) => !mergeOf.has(r) && !fromMerge.has(r));
      const inTree = new Set(treeNodes);
      const cand: [number, string, string][] = [];
      for (const a of treeNodes) {
        for (const b of this.related.get(a) ?? []) {
          if (a < b && inTree.has(b)) cand.push([this.oriented(a, b)!.relL2, a, b]);
        }
      }
      cand.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0));
      const tuf = new UnionFind();
      const adj = new Map<string, string[]>(treeNodes.map((n) => [n, []]));
      for (const [, a, b] of cand) {
        if (tuf.union(a, b)) {
          adj.get(a)!.push(b);
          adj.get(b)!.push(a);
        }
      }
      // 5. Direction: choose, per tree component, the root whose orientation disagrees least with the signals.
      const pen = (u: string, v: string): number => this.directionPenalty(u, v, declaredOf);
      const parent = new Map<string, string>();
      const seen = new Set<string>();
      for (const start of treeNodes) {
        if (seen.has(start)) continue;
        const order: string[] = [];
        const par = new Map<string, string>();
        const stack = [start];
        seen.add(start);
        while (stack.length) {
          const u = stack.pop()!;
          order.push(u);
          for (const v of adj.get(u)!) {
            if (!seen.has(v)) {
              seen.add(v);
              par.set(v, u);
              stack.push(v);
            }
          }
        }
        let base = 0;
        for (const v of order) if (par.has(v)) base += pen(par.get(v)!, v);
        const cost = new Map<string, number>([[start, base]]);
        for (const v of order) {
          const u = par.get(v);
          if (u !== undefined) cost.set(v, cost.get(u)! - pen(u, v) + pen(v, u));
        }
        const root = [...order].sort((x, y) => cost.get(x)! - cost.get(y)! || (x < y ? -1 : 1))[0]!;
        const q = [root];
        const vis = new Set([root]);
        while (q.length) {
          const u = q.shift()!;
          for (const v of adj.get(u)!) {
            if (!vis.has(v)) {
              vis.add(v);
              parent.set(v, u);
              q.push(v);
            }
          }
        }
      }
      // 6. A tree node closer to a merge result than to its tree parent descends from that merge.
      const ancestors = (n: string): Set<string> => {
        const out = new Set<string>();
        let cur = parent.get(n);
        while (cur !== undefined && !out.has(cur)) {
          out.add(cur);
          cur = parent.get(cur);
        }
        return out;
      };
      for (const x of treeNodes) {
        const p = parent.get(x);
        if (p === undefined) continue;
        const dp = this.oriented(p, x)!.relL2;
        for (const [c, m] of mergeOf) {
          const o = this.oriented(c, x);
          if (!o || o.relL2 >= dp || x === m.a || x === m.b) continue;
          const anc = new Set([...ancestors(m.a), ...ancestors(m.b), m.a, m.b]);
          if (anc.has(x)) continue;
          parent.set(x, c);
        }
      }
      // 7. A lower-precision child of a model that has a copy in that same precision was made from the copy.
      const castMembers = new Map<string, string[]>();
      for (const m of members) if (repOf.get(m) !== m) castMembers.set(repOf.get(m)!, [...(castMembers.get(repOf.get(m)!) ?? []), m]);
      for (const [x, p] of [...parent]) {
        const px = this.entries.get(x)!.precision;
        if (px >= this.entries.get(p)!.precision) continue;
        const copy = (castMembers.get(p) ?? [])
          .filter((m) => this.entries.get(m)!.precision === px && this.oriented(m, x))
          .sort((a, b) => this.oriented(a, x)!.relL2 - this.oriented(b, x)!.relL2)[0];
        if (copy) parent.set(x, copy);
      }
      for (const [x, y] of fromMerge) parent.set(x, y);
      // 7. Two candidate parents that share most tensors byte for byte (a model and its LoRA merge) differ only on a
      // few tensors; the overall distance dilutes that, so compare the child with both on those tensors only.
      const isAncestor = (a: string, of: string): boolean => {
        const seenUp = new Set<string>();
        for (let cur = parent.get(of); cur !== undefined && !seenUp.has(cur); cur = parent.get(cur)) {
          if (cur === a) return true;
          seenUp.add(cur);
        }
        return false;
      };
      for (const [x, p] of [...parent]) {
        if (mergeOf.has(x) || fromMerge.has(x)) continue;
        const dp = this.oriented(p, x)!.relL2;
        for (const q of this.nearest(x)) {
          if (q === p || repOf.get(q) !== q || mergeOf.has(q) || isAncestor(x, q)) continue;
          const pq = this.oriented(p, q);
          if (!pq || pq.identicalShare < 0.3 || this.oriented(q, x)!.relL2 > dp * 1.5) continue;
          const [onP, onQ] = focusedDistances(this.entries.get(p)!.model.fingerprint!, this.entries.get(q)!.model.fingerprint!, this.entries.get(x)!.model.fingerprint!);
          if (onQ < 0.97 * onP) {
            parent.set(x, q);
            break;
          }
        }
      }
      for (const [child, p] of parent) {
        const o = this.oriented(p, child)!;
        const declared = declaredOf(child).some((d) => d.id === p);
        const dir = -pen(p, child);
        const evidence: Record<string, unknown> = {
          relL2: round(o.relL2, 6),
          linkedShare: round(o.linkedShare),
          identicalShare: round(o.identicalShare),
          cosine: round(o.cosine),
          energyGrowth: round(o.energyGrowth),
          directionScore: round(dir, 3),
        };
        if (o.identicalShare >= 0.3) {
          const full = compareFingerprints(this.entries.get(p)!.model.fingerprint!, this.entries.get(child)!.model.fingerprint!).summary;
          evidence.lowRankShare = round(full.lowRankShare);
          if (full.lowRankShare >= 0.9) evidence.pattern = 'lora-merge';
        }
        if (declared) evidence.declared = true;
        const conf = declared ? 0.95 : o.linkedShare * (0.55 + 0.4 * Math.min(1, Math.max(0, dir)));
        addEdge({ parent: p, child, relation: 'finetune', confidence: round(conf, 3), basis: declared ? 'both' : 'weights', evidence });
      }
      for (const [c, m] of mergeOf) {
        for (const [p, w] of [[m.a, m.weight], [m.b, 1 - m.weight]] as const) {
          const declared = declaredOf(c).some((d) => d.id === p);
          addEdge({
            parent: p,
            child: c,
            relation: 'merge',
            confidence: round(Math.min(0.99, Math.max(0.5, 1 - m.residual * 4)), 3),
            basis: declared ? 'both' : 'weights',
            evidence: { weight: round(w), residual: round(m.residual), relL2: round(this.oriented(p, c)?.relL2 ?? NaN, 6), ...(declared ? { declared: true } : {}) },
          });
        }
      }
    }

    // A declared parent that is a precision copy of the detected one is taken as the parent: the weights cannot
    // tell copies apart (they differ by rounding only).
    for (const id of ids) {
      const own = parentsOf.get(id) ?? [];
      for (const d of declaredOf(id)) {
        if (own.some((x) => x.parent === d.id)) continue;
        const twin = own.find((x) => x.relation === 'finetune' && x.parent !== d.id && this.entries.get(d.id)?.sig && castUf.find(x.parent) === castUf.find(d.id));
        if (!twin) continue;
        const detectedParent = twin.parent;
        twin.parent = d.id;
        twin.basis = 'both';
        twin.evidence = { ...twin.evidence, declared: true, precisionCopyOf: detectedParent };
      }
    }
    // 7. Declared edges the weights cannot speak to (adapters, GGUF, models without weights), and mismatches.
    for (const id of ids) {
      const e = this.entries.get(id)!;
      const detected = new Set((parentsOf.get(id) ?? []).map((x) => x.parent));
      for (const d of declaredOf(id)) {
        if (detected.has(d.id)) continue;
        const pe = this.entries.get(d.id)!;
        const relation: LineageRelation = d.relation ?? (e.model.kind === 'adapter' ? 'adapter' : e.model.kind === 'gguf' ? 'quantized' : 'finetune');
        const check = this.checkDeclared(e, pe, relation);
        if (check.ok) {
          addEdge({
            parent: d.id,
            child: id,
            relation,
            confidence: check.verified ? 0.9 : 0.6,
            basis: 'declared',
            evidence: { declared: true, source: d.source, ...(check.evidence ?? {}) },
          });
        } else {
          findings.push({
            model: id,
            code: 'declared-parent-mismatch',
            message: `declares ${d.id} as its ${relation} parent (${d.source}) but ${check.reason}`,
            details: { declaredParent: d.id, source: d.source, detectedParents: [...detected] },
          });
        }
      }
    }

    // Roots: follow the strongest parent edge upwards (memoised; cycles cannot occur but are guarded against).
    const strongest = new Map<string, string>();
    for (const [child, ps] of parentsOf) {
      const best = ps.filter((x) => this.entries.has(x.parent)).sort((x, y) => y.confidence - x.confidence || (x.parent < y.parent ? -1 : 1))[0];
      if (best) strongest.set(child, best.parent);
    }
    const roots: Record<string, string> = {};
    for (const id of ids) {
      const path: string[] = [];
      const onPath = new Set<string>();
      let cur = id;
      while (roots[cur] === undefined && !onPath.has(cur)) {
        path.push(cur);
        onPath.add(cur);
        const up = strongest.get(cur);
        if (up === undefined) break;
        cur = up;
      }
      const root = roots[cur] ?? cur;
      for (const p of path) roots[p] = root;
    }
    edges.sort((x, y) => (x.child < y.child ? -1 : x.child > y.child ? 1 : x.parent < y.parent ? -1 : 1));
    const graph: LineageGraph = { models: ids, edges, findings, roots };
    if (!focus) return graph;
    const keep = new Set(focus.map((f) => roots[f]).filter((x): x is string => !!x));
    const inFam = new Set(ids.filter((i) => keep.has(roots[i]!)));
    for (const f of focus) inFam.add(f);
    for (const e of edges) if (inFam.has(e.child) || inFam.has(e.parent)) (inFam.add(e.child), inFam.add(e.parent));
    return {
      models: ids.filter((i) => inFam.has(i)),
      edges: edges.filter((e) => inFam.has(e.child) && inFam.has(e.parent)),
      findings: findings.filter((f) => inFam.has(f.model)),
      roots: Object.fromEntries(Object.entries(roots).filter(([k]) => inFam.has(k))),
    };
  }

  /** Models connected to `focus` through related weights or declared parents (either direction), sorted. */
  private component(focus: readonly string[], resolve: (ref: string) => string | undefined): string[] {
    const declaredBy = new Map<string, string[]>();
    for (const [id, e] of this.entries) {
      for (const d of e.model.declared) {
        const r = resolve(d.id);
        if (r && r !== id) declaredBy.set(r, [...(declaredBy.get(r) ?? []), id]);
      }
    }
    const seen = new Set<string>();
    const stack = focus.filter((f) => this.entries.has(f));
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const n of this.related.get(id) ?? []) stack.push(n);
      for (const n of declaredBy.get(id) ?? []) stack.push(n);
      for (const d of this.entries.get(id)!.model.declared) {
        const r = resolve(d.id);
        if (r) stack.push(r);
      }
    }
    return [...seen].sort();
  }

  /** Cost of orienting the edge u -> v (u the parent): negative when the signals agree. */
  private directionPenalty(u: string, v: string, declaredOf: (id: string) => { id: string }[]): number {
    const o = this.oriented(u, v)!;
    let p = -Math.max(-1.5, Math.min(1.5, o.energyGrowth));
    if (declaredOf(v).some((d) => d.id === u)) p -= 3;
    if (declaredOf(u).some((d) => d.id === v)) p += 3;
    const pu = this.entries.get(u)!.precision;
    const pv = this.entries.get(v)!.precision;
    if (pu < pv) p += 4;
    return p;
  }

  /** Whether the weights allow a declared parent: same-architecture models must be related by the detected tree. */
  private checkDeclared(
    child: Entry,
    parent: Entry,
    relation: LineageRelation,
  ): { ok: boolean; verified?: boolean; reason?: string; evidence?: Record<string, unknown> } {
    if (child.model.kind === 'adapter') return checkAdapterBase(child.model.fingerprint, parent.model.fingerprint);
    if (!child.sig || !parent.sig) return { ok: true, verified: false };
    if (child.sig !== parent.sig && layoutOverlap(child.model.fingerprint!, parent.model.fingerprint!) < LAYOUT_OVERLAP_MIN) {
      if (relation === 'distillation' || relation === 'adapter') return { ok: true, verified: false };
      if (child.model.kind === 'gguf' || parent.model.kind === 'gguf') return { ok: true, verified: false };
      return { ok: false, reason: 'the two models have different architectures (tensor names or shapes differ)' };
    }
    const o = this.oriented(parent.model.id, child.model.id);
    if (!o) return { ok: false, reason: 'their weights are unrelated (no shared or correlated tensors)' };
    return { ok: false, reason: `the weights point to a different parent (relative distance ${round(o.relL2, 3)} to the declared one is not a direct edge)` };
  }
}

/** Squared distances of x to p and to q over the tensors where p and q differ (scaled to parameter counts). */
function focusedDistances(p: Fingerprint, q: Fingerprint, x: Fingerprint): [number, number] {
  const mq = new Map((q.tensors ?? []).map((t) => [t.name, t]));
  const mx = new Map((x.tensors ?? []).map((t) => [t.name, t]));
  let onP = 0;
  let onQ = 0;
  for (const tp of p.tensors ?? []) {
    const tq = mq.get(tp.name);
    const tx = mx.get(tp.name);
    if (!tq || !tx || !tp.samples || !tq.samples || !tx.samples) continue;
    if (tp.hash && tp.hash === tq.hash) continue;
    const sp = tensorSamples(tp);
    const sq = tensorSamples(tq);
    const sx = tensorSamples(tx);
    const n = Math.min(sp.length, sq.length, sx.length);
    if (!n) continue;
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      a += (sp[i]! - sx[i]!) ** 2;
      b += (sq[i]! - sx[i]!) ** 2;
    }
    const w = (tp.count ?? n) / n;
    onP += w * a;
    onQ += w * b;
  }
  return [onP, onQ];
}

/** Shortlist of a group by coarse similarity to `c` (brute force over the packed vectors, top `k` kept in a heap). */
function nearestInGroup(group: Group, c: Float32Array, k: number): { i: number }[] {
  const n = group.ids.length;
  const vecs = group.vecs;
  const heap = new MinHeap(k);
  for (let g = 0; g < n; g++) {
    const base = g * COARSE_DIMS;
    let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
    for (let i = 0; i < COARSE_DIMS; i += 4) {
      d0 += c[i]! * vecs[base + i]!;
      d1 += c[i + 1]! * vecs[base + i + 1]!;
      d2 += c[i + 2]! * vecs[base + i + 2]!;
      d3 += c[i + 3]! * vecs[base + i + 3]!;
    }
    heap.offer(d0 + d1 + d2 + d3, g);
  }
  return heap.items().map((i) => ({ i }));
}

/** Share of parameters two layouts must have in common (same tensor name and shape) to be compared across signatures. */
const LAYOUT_OVERLAP_MIN = 0.5;

/** Parameters in float tensors of the same name and shape, over the larger model's float parameters. */
function layoutOverlap(a: Fingerprint, b: Fingerprint): number {
  const floats = (f: Fingerprint) => (f.tensors ?? []).filter((t) => t.samples !== undefined);
  const mb = new Map(floats(b).map((t) => [t.name, t]));
  let shared = 0;
  let ta = 0;
  for (const t of floats(a)) {
    const c = t.count ?? 0;
    ta += c;
    const o = mb.get(t.name);
    if (o && o.shape.length === t.shape.length && o.shape.every((d, i) => d === t.shape[i])) shared += c;
  }
  const tb = floats(b).reduce((x, t) => x + (t.count ?? 0), 0);
  const total = Math.max(ta, tb);
  return total > 0 ? shared / total : 0;
}

/** Raw-sample dimensions used for candidate distances and merge pre-tests. */
const FINE_DIMS = 64;
/** Candidates kept per round of the beam search. */
const BEAM = 16;

/** Groups up to this size are compared in full with every new model. */
const SMALL_GROUP = 64;
/** Shortlist size of the coarse scan that seeds the beam search. */
const SHORTLIST = 64;

/** Fixed-capacity min-heap keeping the largest scores seen. */
class MinHeap {
  private readonly s: number[] = [];
  private readonly v: number[] = [];
  constructor(private readonly cap: number) {}
  offer(score: number, value: number): void {
    if (this.s.length < this.cap) {
      this.s.push(score);
      this.v.push(value);
      this.up(this.s.length - 1);
    } else if (score > this.s[0]!) {
      this.s[0] = score;
      this.v[0] = value;
      this.down(0);
    }
  }
  items(): number[] {
    return [...this.v];
  }
  private swap(a: number, b: number): void {
    [this.s[a], this.s[b]] = [this.s[b]!, this.s[a]!];
    [this.v[a], this.v[b]] = [this.v[b]!, this.v[a]!];
  }
  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.s[p]! <= this.s[i]!) break;
      this.swap(i, p);
      i = p;
    }
  }
  private down(i: number): void {
    const n = this.s.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.s[l]! < this.s[m]!) m = l;
      if (r < n && this.s[r]! < this.s[m]!) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}

function fitProbe(c: Float32Array, a: Float32Array, b: Float32Array): { weight: number; residual: number } {
  let num = 0;
  let den = 0;
  for (let i = 0; i < c.length; i++) {
    const x = a[i]! - b[i]!;
    num += x * (c[i]! - b[i]!);
    den += x * x;
  }
  if (den <= 0) return { weight: 0.5, residual: Infinity };
  const w = num / den;
  let r = 0;
  for (let i = 0; i < c.length; i++) r += (c[i]! - (w * a[i]! + (1 - w) * b[i]!)) ** 2;
  return { weight: w, residual: Math.sqrt(r / den) };
}

/** An adapter fits a base when every LoRA pair maps onto a base tensor of compatible shape. */
function checkAdapterBase(
  adapter: Fingerprint | undefined,
  base: Fingerprint | undefined,
): { ok: boolean; verified?: boolean; reason?: string; evidence?: Record<string, unknown> } {
  if (!adapter?.tensors?.length || !base?.tensors?.length) return { ok: true, verified: false };
  const baseShapes = new Map(base.tensors.map((t) => [t.name, t.shape]));
  const lookup = (module: string): number[] | undefined => {
    const direct = baseShapes.get(`${module}.weight`);
    if (direct) return direct;
    const hits = [...baseShapes.keys()].filter((n) => `${module}.weight`.endsWith(`.${n}`) || n.endsWith(`.${module}.weight`));
    return hits.length === 1 ? baseShapes.get(hits[0]!) : undefined;
  };
  const mods = new Map<string, { a?: number[]; b?: number[] }>();
  for (const t of adapter.tensors) {
    const m = /^(?:base_model\.model\.)?(.*)\.lora_([AB])(?:\.[^.]+)?\.weight$/.exec(t.name);
    if (!m) continue;
    const cur = mods.get(m[1]!) ?? {};
    if (m[2] === 'A') cur.a = t.shape;
    else cur.b = t.shape;
    mods.set(m[1]!, cur);
  }
  if (!mods.size) return { ok: true, verified: false };
  let matched = 0;
  for (const [module, { a, b }] of mods) {
    const s = lookup(module);
    if (!s || !a || !b || s.length !== 2) continue;
    const out = b[0]!;
    const inn = a[a.length - 1]!;
    if ((s[0] === out && s[1] === inn) || (s[0] === inn && s[1] === out)) matched++;
    else return { ok: false, reason: `adapter module ${module} (${inn}->${out}) does not fit the base tensor of shape ${JSON.stringify(s)}` };
  }
  if (matched === 0) return { ok: false, reason: 'none of the adapter target modules exist in the declared base model' };
  return { ok: true, verified: true, evidence: { modulesMatched: matched, modules: mods.size } };
}

/** Runs the lineage engine over a set of models at once (same code path as the incremental index). */
export function detectLineage(models: readonly LineageModel[], opts: LineageOptions = {}): LineageGraph {
  const index = new LineageIndex(opts);
  for (const m of [...models].sort((a, b) => (a.id < b.id ? -1 : 1))) index.add(m);
  return index.graph();
}
