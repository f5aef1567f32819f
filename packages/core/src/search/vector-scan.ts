/** Keeps the `k` best (id, score) pairs seen so far: a binary min-heap over parallel typed arrays. */
export class TopK {
  readonly ids: Int32Array;
  readonly scores: Float32Array;
  size = 0;

  constructor(readonly k: number) {
    this.ids = new Int32Array(k);
    this.scores = new Float32Array(k);
  }

  /** Lowest score kept, or -Infinity while not full. */
  get floor(): number {
    return this.size < this.k ? -Infinity : this.scores[0]!;
  }

  push(id: number, score: number): void {
    const { ids, scores } = this;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (scores[p]! <= score) break;
        ids[i] = ids[p]!;
        scores[i] = scores[p]!;
        i = p;
      }
      ids[i] = id;
      scores[i] = score;
      return;
    }
    if (score <= scores[0]!) return;
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && scores[r]! < scores[l]! ? r : l;
      if (scores[c]! >= score) break;
      ids[i] = ids[c]!;
      scores[i] = scores[c]!;
      i = c;
    }
    ids[i] = id;
    scores[i] = score;
  }

  /** The kept pairs, best first. */
  sorted(): { id: number; score: number }[] {
    const out: { id: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ id: this.ids[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score);
  }
}

/**
 * Exact nearest neighbours by dot product over a row-major matrix of `count` rows of length `dim`.
 * `accept(row)` filters rows (deleted, other provider, facet filters).
 */
export function scanTopK(matrix: Float32Array, dim: number, count: number, q: Float32Array, k: number, accept: (row: number) => boolean): TopK {
  const top = new TopK(k);
  // Sparse queries (the built-in embedder's have a few dozen non-zero slots) only touch their own slots.
  const nz: number[] = [];
  for (let i = 0; i < dim; i++) if (q[i] !== 0) nz.push(i);
  if (nz.length * 3 < dim) {
    const idx = Int32Array.from(nz);
    const val = Float32Array.from(nz.map((i) => q[i]!));
    const n = idx.length;
    for (let r = 0; r < count; r++) {
      if (!accept(r)) continue;
      const o = r * dim;
      let s = 0;
      for (let j = 0; j < n; j++) s += matrix[o + idx[j]!]! * val[j]!;
      if (s > top.floor) top.push(r, s);
    }
    return top;
  }
  for (let r = 0; r < count; r++) {
    if (!accept(r)) continue;
    const o = r * dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 3 < dim; i += 4) {
      s0 += matrix[o + i]! * q[i]!;
      s1 += matrix[o + i + 1]! * q[i + 1]!;
      s2 += matrix[o + i + 2]! * q[i + 2]!;
      s3 += matrix[o + i + 3]! * q[i + 3]!;
    }
    for (; i < dim; i++) s0 += matrix[o + i]! * q[i]!;
    const s = s0 + s1 + s2 + s3;
    if (s > top.floor) top.push(r, s);
  }
  return top;
}
