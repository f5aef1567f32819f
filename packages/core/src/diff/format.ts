import type { DiffSide, MetricDelta, ValueChange } from './types.js';

/** `id@version`, or the id alone. */
export function sideLabel(s: DiffSide): string {
  return s.version !== undefined ? `${s.id}@${s.version}` : s.id;
}

/** Short one-line rendering of a JSON value (strings unquoted, long values cut with an ellipsis). */
export function formatValue(v: unknown, max = 60): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  const line = s.replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Percentage with a precision that keeps small changes visible (`0.012%`, `3.4%`, `120%`). */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return 'n/a';
  if (!Number.isFinite(ratio)) return '∞';
  const p = ratio * 100;
  if (p === 0) return '0%';
  const abs = Math.abs(p);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${Number(p.toFixed(digits)) === 0 ? p.toPrecision(2) : p.toFixed(digits)}%`;
}

/** Signed number delta (`+0.012`, `-1.5`). */
export function formatDelta(d: number | undefined): string {
  if (d === undefined) return '';
  const s = Number(d.toPrecision(6)).toString();
  return d > 0 ? `+${s}` : s;
}

/** Shape as `[4096, 1024]`. */
export function formatShape(shape: number[] | undefined): string {
  return shape ? `[${shape.join(', ')}]` : '';
}

/** Mark of a value change: `+` added, `-` removed, `~` changed. */
export function changeMark(c: ValueChange): '+' | '-' | '~' {
  return c.kind === 'added' ? '+' : c.kind === 'removed' ? '-' : '~';
}

/** One-line description of a value change, without its mark. */
export function describeChange(c: ValueChange, max = 60): string {
  if (c.kind === 'added') return `${c.path}: ${formatValue(c.after, max)}`;
  if (c.kind === 'removed') return `${c.path}: ${formatValue(c.before, max)}`;
  if (c.added || c.removed) {
    const parts = [...(c.added ?? []).map((x) => `+${x}`), ...(c.removed ?? []).map((x) => `-${x}`)];
    return `${c.path}: ${parts.join(' ') || 'reordered'}`;
  }
  return `${c.path}: ${formatValue(c.before, max)} → ${formatValue(c.after, max)}`;
}

/** The metric deltas worth showing (changed, added, removed), biggest relative change first. */
export function interestingDeltas(deltas: MetricDelta[]): MetricDelta[] {
  return deltas
    .filter((d) => d.status !== 'unchanged')
    .sort((x, y) => Math.abs(y.relativeDelta ?? 0) - Math.abs(x.relativeDelta ?? 0));
}
