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

/** Options of the Markdown renderer. */
export interface RenderMarkdownOptions {
  /** Heading level of the diff title (sections are one deeper). @default 3 */
  headingLevel?: number;
  /** Most rows per table before `… N more`. @default 10 */
  limit?: number;
}

/** Escapes text for a Markdown table cell or inline text. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]|<>])/g, '\\$1').replace(/\n/g, ' ');
}

function code(s: string): string {
  const clean = s.replace(/`/g, "'").replace(/\n/g, ' ');
  return `\`${clean}\``;
}

/** Renders a diff as GitHub-flavoured Markdown (job summaries, PR comments): one table per section. */
export function renderDiffMarkdown(diff: CardDiff, opts: RenderMarkdownOptions = {}): string {
  const level = Math.min(6, Math.max(1, opts.headingLevel ?? 3));
  const limit = opts.limit ?? 10;
  const h = (n: number, t: string): string => `${'#'.repeat(Math.min(6, level + n))} ${t}`;
  const out: string[] = [];
  const more = (n: number): void => {
    if (n > 0) out.push('', `_… ${n} more, see the JSON diff._`);
  };
  const changeTable = (list: ValueChange[]): void => {
    out.push('', '| | field | before | after |', '|---|---|---|---|');
    for (const c of list.slice(0, limit)) {
      const lists = c.added || c.removed;
      const before = c.kind === 'added' ? '' : lists ? (c.removed ?? []).map((x) => `−${x}`).join(' ') : formatValue(c.before, 50);
      const after = c.kind === 'removed' ? '' : lists ? (c.added ?? []).map((x) => `+${x}`).join(' ') : formatValue(c.after, 50);
      out.push(`| ${changeMark(c)} | ${code(c.path)} | ${escapeMarkdown(before)} | ${escapeMarkdown(after)} |`);
    }
    more(list.length - limit);
  };

  out.push(h(0, `Diff ${code(sideLabel(diff.a))} → ${code(sideLabel(diff.b))}`));
  if (diff.identical) {
    out.push('', 'No differences.');
    return `${out.join('\n')}\n`;
  }

  const arch = diff.architecture;
  out.push('', h(1, 'Architecture'));
  if (!arch.changed) out.push('', 'Unchanged.');
  if (arch.fields.length + arch.config.length > 0) changeTable([...arch.fields, ...arch.config]);
  const t = arch.tensors;
  if (t.compared && t.added.length + t.removed.length + t.reshaped.length + t.retyped.length > 0) {
    out.push(
      '',
      `Tensors: ${t.added.length} added, ${t.removed.length} removed, ${t.reshaped.length} reshaped, ${t.retyped.length} retyped, ${t.unchanged} unchanged.`,
    );
    const rows = [
      ...t.added.map((x) => `| + | ${code(x.name)} | | ${formatShape(x.shape)} ${x.dtype ?? ''} |`),
      ...t.removed.map((x) => `| − | ${code(x.name)} | ${formatShape(x.shape)} ${x.dtype ?? ''} | |`),
      ...t.reshaped.map((x) => `| ~ | ${code(x.name)} | ${formatShape(x.before)} | ${formatShape(x.after)} |`),
      ...t.retyped.map((x) => `| ~ | ${code(x.name)} | ${x.before} | ${x.after} |`),
    ];
    out.push('', '| | tensor | before | after |', '|---|---|---|---|', ...rows.slice(0, limit));
    more(rows.length - limit);
  } else if (arch.signature && !arch.signature.same) {
    out.push('', `Tensor layout signature changed: ${code(arch.signature.before)} → ${code(arch.signature.after)}.`);
  }

  const w = diff.weights;
  out.push('', h(1, 'Weights'));
  if (!w.compared) out.push('', `Not compared: ${escapeMarkdown(w.note ?? 'no fingerprints')}.`);
  else if (w.identical) out.push('', `Identical (${w.tensorsCompared} tensors).`);
  else {
    out.push('', `Overall change **${formatPercent(w.overallRelativeChange)}**; ${w.tensorsChanged} of ${w.tensorsCompared} tensors changed.`);
    if (w.layers.length) {
      out.push('', '| layer | relative change | tensors |', '|---|---:|---:|');
      for (const l of w.layers.slice(0, limit)) out.push(`| ${code(l.layer)} | ${formatPercent(l.relativeChange)} | ${l.tensors} |`);
      more(w.layers.length - limit);
    }
  }

  const d = diff.data;
  out.push('', h(1, 'Data'));
  if (!d.changed) out.push('', 'Unchanged.');
  else {
    out.push('', '| | dataset | role | details |', '|---|---|---|---|');
    for (const x of d.added) out.push(`| + | ${escapeMarkdown(x.id ?? x.name)} | ${x.role ?? ''} | ${escapeMarkdown(x.version ?? x.digest ?? '')} |`);
    for (const x of d.removed) out.push(`| − | ${escapeMarkdown(x.id ?? x.name)} | ${x.role ?? ''} | ${escapeMarkdown(x.version ?? x.digest ?? '')} |`);
    for (const m of d.modified) {
      const details = m.changes.map((c) => describeChange({ ...c, path: c.path || 'value' }, 30)).join('; ');
      out.push(`| ~ | ${escapeMarkdown(m.key)} | | ${escapeMarkdown(details)} |`);
    }
  }

  const deltas = interestingDeltas(diff.metrics.deltas);
  out.push('', h(1, 'Metrics'));
  if (deltas.length === 0) out.push('', diff.metrics.deltas.length ? 'Unchanged.' : 'No metrics on either side.');
  else {
    out.push('', '| task | dataset | metric | before | after | delta |', '|---|---|---|---:|---:|---:|');
    for (const m of deltas.slice(0, limit)) {
      const rel = m.relativeDelta !== undefined ? ` (${m.relativeDelta > 0 ? '+' : ''}${formatPercent(m.relativeDelta)})` : '';
      const delta = m.status === 'added' ? 'new' : m.status === 'removed' ? 'removed' : `${formatDelta(m.delta)}${rel}`;
      const ds = `${m.dataset}${m.split ? ` [${m.split}]` : ''}`;
      out.push(
        `| ${escapeMarkdown(m.task)} | ${escapeMarkdown(ds)} | ${escapeMarkdown(m.metric)} | ${m.before !== undefined ? escapeMarkdown(formatValue(m.before)) : ''} | ${m.after !== undefined ? escapeMarkdown(formatValue(m.after)) : ''} | ${delta} |`,
      );
    }
    more(deltas.length - limit);
  }

  out.push('', h(1, 'Governance'));
  if (!diff.governance.changed) out.push('', 'Unchanged.');
  else changeTable(diff.governance.fields);

  if (diff.metadata.length) {
    out.push('', h(1, 'Other fields'));
    changeTable(diff.metadata);
  }
  return `${out.join('\n')}\n`;
}

/** One-line Markdown summary of a diff (for a models table): which sections changed. */
export function summarizeDiff(diff: CardDiff): string {
  if (diff.identical) return 'no changes';
  const parts: string[] = [];
  if (diff.architecture.changed) parts.push('architecture');
  if (diff.weights.compared && !diff.weights.identical) parts.push(`weights ${formatPercent(diff.weights.overallRelativeChange)}`);
  if (diff.data.changed) parts.push('data');
  if (diff.metrics.changed) parts.push('metrics');
  if (diff.governance.changed) parts.push('governance');
  if (diff.metadata.length) parts.push('metadata');
  return parts.join(', ');
}
