/** Samples per 1-D tensor and grid side per matrix (the grid keeps low-rank structure of deltas visible). */
export const SAMPLES_1D = 256;
/** Rows and columns of the sampled sub-matrix of a 2-D (or higher) tensor. */
export const GRID_SIDE = 16;

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function rng(seed: number): () => number {
  let a = seed || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(n: number, k: number, next: () => number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  // Floyd's algorithm: k distinct values from [0, n) in k steps.
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(next() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** Sample layout of a tensor: sorted flat element positions, and the grid shape when it is a matrix. */
export interface SampleLayout {
  positions: number[];
  rows: number;
  cols: number;
}

/** Positions sampled in a tensor: fixed by name and shape only, so every model of an architecture samples the same elements. */
export function samplePositions(name: string, shape: readonly number[]): SampleLayout {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count === 0) return { positions: [], rows: 0, cols: 0 };
  const next = rng(seedOf(`${name}|${shape.join('x')}`));
  if (shape.length >= 2) {
    const nRows = shape[0]!;
    const nCols = count / nRows;
    const rows = pick(nRows, GRID_SIDE, next);
    const cols = pick(nCols, GRID_SIDE, next);
    const positions: number[] = [];
    for (const r of rows) for (const c of cols) positions.push(r * nCols + c);
    return { positions, rows: rows.length, cols: cols.length };
  }
  const positions = pick(count, SAMPLES_1D, next);
  return { positions, rows: positions.length, cols: 1 };
}
