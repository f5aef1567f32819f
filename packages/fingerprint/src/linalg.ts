/** Eigenvalues of a symmetric n×n matrix (row-major), by cyclic Jacobi rotations. */
export function symmetricEigenvalues(a: Float64Array, n: number): number[] {
  const m = Float64Array.from(a);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += m[i]! ** 2;
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += m[i * n + j]! ** 2;
    if (off <= 1e-22 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = m[p * n + p]!;
        const aqq = m[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p]!;
          const akq = m[k * n + q]!;
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k]!;
          const aqk = m[q * n + k]!;
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(m[i * n + i]!);
  return out.sort((x, y) => y - x);
}

/** Singular-value profile of a rows×cols matrix: numerical rank and energy share of the top half of the spectrum. */
export function rankProfile(d: ArrayLike<number>, rows: number, cols: number): { rank: number; topHalfEnergy: number } {
  const n = cols;
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += d[r * cols + i]! * d[r * cols + j]!;
      g[i * n + j] = s;
      g[j * n + i] = s;
    }
  }
  const ev = symmetricEigenvalues(g, n).map((x) => Math.max(0, x));
  const total = ev.reduce((a, b) => a + b, 0);
  if (total <= 0) return { rank: 0, topHalfEnergy: 1 };
  const max = ev[0]!;
  const rank = ev.filter((x) => x > max * 1e-8).length;
  const half = Math.floor(Math.min(rows, cols) / 2);
  const top = ev.slice(0, half).reduce((a, b) => a + b, 0);
  return { rank, topHalfEnergy: top / total };
}
