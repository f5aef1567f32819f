/** Shared helpers of the benchmarks: percentiles, timing, formatting. Printed rows and targets are recorded for bench/results. */
import { recordRow, recordTarget } from './results.js';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Runs `fn` and returns elapsed milliseconds. */
export async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Prints a row of a result table. */
export function row(name: string, value: string, note = ''): void {
  console.log(`  ${name.padEnd(44)} ${value.padStart(16)}  ${note}`);
  recordRow(name, value, note);
}

/** Formats a number with thousands separators. */
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Prints whether a target is met. */
export function target(label: string, ok: boolean): void {
  console.log(`  target ${label}: ${ok ? 'MET' : 'NOT MET'}`);
  recordTarget(label, ok);
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
