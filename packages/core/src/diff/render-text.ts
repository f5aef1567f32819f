import type { CardDiff, ValueChange } from './types.js';
import {
  changeMark,
  describeChange,
  formatDelta,
  formatPercent,
  formatShape,
  formatValue,
  interestingDeltas,
  sideLabel,
} from './format.js';

/** Options of the terminal renderer. */
export interface RenderTextOptions {
  /** ANSI colours. @default false */
  color?: boolean;
  /** Most rows per list before `… N more`. @default 15 */
  limit?: number;
}

const ANSI = { bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', reset: '\x1b[0m' };

/** Renders a diff for a terminal: one block per section, `+`/`-`/`~` lines, the biggest weight moves. */
export function renderDiffText(diff: CardDiff, opts: RenderTextOptions = {}): string {
  const limit = opts.limit ?? 15;
  const paint = (code: keyof typeof ANSI, s: string): string => (opts.color ? `${ANSI[code]}${s}${ANSI.reset}` : s);
  const markColor = (m: string): keyof typeof ANSI => (m === '+' ? 'green' : m === '-' ? 'red' : 'yellow');
  const lines: string[] = [];
  const head = (title: string): void => {
    lines.push('', paint('bold', title));
  };
  const item = (mark: string, text: string, indent = '  '): void => {
    lines.push(`${indent}${paint(markColor(mark), mark)} ${text}`);
  };
  const more = (n: number, indent = '  '): void => {
    if (n > 0) lines.push(paint('dim', `${indent}… ${n} more (see --json)`));
  };
  const changes = (list: ValueChange[]): void => {
    for (const c of list.slice(0, limit)) item(changeMark(c), describeChange(c));
    more(list.length - limit);
  };

  lines.push(paint('bold', `diff ${sideLabel(diff.a)} → ${sideLabel(diff.b)}`));
  if (diff.identical) {
    lines.push('no differences');
    return `${lines.join('\n')}\n`;
  }

  const arch = diff.architecture;
  head('Architecture');
  if (!arch.changed) lines.push('  unchanged');
  changes([...arch.fields, ...arch.config]);
  if (arch.signature && !arch.signature.same) lines.push(`  signature ${arch.signature.before} → ${arch.signature.after}`);
  const t = arch.tensors;
  if (t.compared && t.added.length + t.removed.length + t.reshaped.length + t.retyped.length > 0) {
    lines.push(
      `  tensors: ${t.added.length} added, ${t.removed.length} removed, ${t.reshaped.length} reshaped, ${t.retyped.length} retyped, ${t.unchanged} unchanged`,
    );
    const rows = [
      ...t.added.map((x) => ['+', `${x.name} ${formatShape(x.shape)} ${x.dtype ?? ''}`.trimEnd()]),
      ...t.removed.map((x) => ['-', `${x.name} ${formatShape(x.shape)} ${x.dtype ?? ''}`.trimEnd()]),
      ...t.reshaped.map((x) => ['~', `${x.name} ${formatShape(x.before)} → ${formatShape(x.after)}`]),
      ...t.retyped.map((x) => ['~', `${x.name} ${x.before} → ${x.after}`]),
    ];
    for (const [m, s] of rows.slice(0, limit)) item(m!, s!, '    ');
    more(rows.length - limit, '    ');
  }

  const w = diff.weights;
  head('Weights');
  if (!w.compared) lines.push(`  not compared: ${w.note ?? 'no fingerprints'}`);
  else if (w.identical) lines.push(`  identical (${w.tensorsCompared} tensors)`);
  else {
    lines.push(
      `  overall change ${formatPercent(w.overallRelativeChange)}; ${w.tensorsChanged} of ${w.tensorsCompared} tensors changed`,
    );
    if (w.layers.length) {
      lines.push('  layers that moved most:');
      const width = Math.min(60, Math.max(...w.layers.slice(0, limit).map((l) => l.layer.length)));
      for (const l of w.layers.slice(0, limit)) lines.push(`    ${l.layer.padEnd(width)}  ${formatPercent(l.relativeChange).padStart(8)}  (${l.tensors} tensors)`);
      more(w.layers.length - limit, '    ');
    }
  }

  const d = diff.data;
  head('Data');
  if (!d.changed) lines.push('  unchanged');
  for (const x of d.added) item('+', `${x.id ?? x.name}${x.role ? ` (${x.role})` : ''}`);
  for (const x of d.removed) item('-', `${x.id ?? x.name}${x.role ? ` (${x.role})` : ''}`);
  for (const m of d.modified) item('~', `${m.key}: ${m.changes.map((c) => describeChange({ ...c, path: c.path || 'value' }, 30)).join('; ')}`);

  const deltas = interestingDeltas(diff.metrics.deltas);
  head('Metrics');
  if (deltas.length === 0) lines.push(diff.metrics.deltas.length ? '  unchanged' : '  no metrics');
  for (const m of deltas.slice(0, limit)) {
    const where = `${m.task} / ${m.dataset}${m.split ? ` [${m.split}]` : ''} / ${m.metric}`;
    if (m.status === 'added') item('+', `${where}: ${formatValue(m.after)}`);
    else if (m.status === 'removed') item('-', `${where}: ${formatValue(m.before)}`);
    else {
      const rel = m.relativeDelta !== undefined ? ` (${m.relativeDelta > 0 ? '+' : ''}${formatPercent(m.relativeDelta)})` : '';
      item('~', `${where}: ${formatValue(m.before)} → ${formatValue(m.after)} ${formatDelta(m.delta)}${rel}`.trimEnd());
    }
  }
  more(deltas.length - limit);

  head('Governance');
  if (!diff.governance.changed) lines.push('  unchanged');
  changes(diff.governance.fields);

  if (diff.metadata.length) {
    head('Other fields');
    changes(diff.metadata);
  }
  return `${lines.join('\n')}\n`;
}
