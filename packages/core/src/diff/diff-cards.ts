import type { Dataset, EvaluationResult, ModelCard } from '@modellake/card';
import type {
  ArchitectureDiff,
  CardDiff,
  DataDiff,
  DiffSide,
  GovernanceDiff,
  MetricDelta,
  MetricsDiff,
  TensorInfo,
  ValueChange,
} from './types.js';
import { diffValues } from './values.js';
import { diffWeights } from './weights.js';

/** Card fields reported under `metadata` (the rest have their own section or describe the import). */
const METADATA_FIELDS = [
  'name',
  'version',
  'description',
  'organisation',
  'tags',
  'tasks',
  'domains',
  'languages',
  'aliases',
  'lineage',
  'usage',
  'paper',
] as const;

function side(card: ModelCard): DiffSide {
  return { id: card.id, ...(card.version !== undefined ? { version: card.version } : {}), name: card.name };
}

function diffArchitecture(a: ModelCard, b: ModelCard): ArchitectureDiff {
  const { config: ca, ...fa } = a.architecture ?? {};
  const { config: cb, ...fb } = b.architecture ?? {};
  const fields = diffValues('architecture', fa, fb);
  const config = diffValues('config', ca ?? a.fingerprint?.architecture.config, cb ?? b.fingerprint?.architecture.config);
  const sa = a.fingerprint?.architecture.signature;
  const sb = b.fingerprint?.architecture.signature;
  const signature = sa && sb ? { before: sa, after: sb, same: sa === sb } : undefined;

  const ta = a.fingerprint?.tensors;
  const tb = b.fingerprint?.tensors;
  const tensors: ArchitectureDiff['tensors'] = { compared: false, added: [], removed: [], reshaped: [], retyped: [], unchanged: 0 };
  if (ta?.length && tb?.length) {
    tensors.compared = true;
    const ma = new Map(ta.map((t) => [t.name, t]));
    const mb = new Map(tb.map((t) => [t.name, t]));
    const info = (t: { name: string; dtype: string; shape: number[] }): TensorInfo => ({ name: t.name, dtype: t.dtype, shape: t.shape });
    for (const t of ta) {
      const o = mb.get(t.name);
      if (!o) {
        tensors.removed.push(info(t));
        continue;
      }
      const reshaped = t.shape.length !== o.shape.length || t.shape.some((d, i) => d !== o.shape[i]);
      if (reshaped) tensors.reshaped.push({ name: t.name, before: t.shape, after: o.shape });
      if (t.dtype !== o.dtype) tensors.retyped.push({ name: t.name, before: t.dtype, after: o.dtype });
      if (!reshaped && t.dtype === o.dtype) tensors.unchanged += 1;
    }
    for (const t of tb) if (!ma.has(t.name)) tensors.added.push(info(t));
  }
  const changed =
    fields.length > 0 ||
    config.length > 0 ||
    (signature !== undefined && !signature.same) ||
    tensors.added.length + tensors.removed.length + tensors.reshaped.length + tensors.retyped.length > 0;
  return { changed, fields, config, ...(signature ? { signature } : {}), tensors };
}

function datasetKey(d: Dataset): string {
  return `${d.id ?? d.name}${d.role ? ` (${d.role})` : ''}`;
}

function diffData(a: ModelCard, b: ModelCard): DataDiff {
  const la = a.training?.datasets ?? [];
  const lb = b.training?.datasets ?? [];
  const ma = new Map(la.map((d) => [datasetKey(d), d]));
  const mb = new Map(lb.map((d) => [datasetKey(d), d]));
  const added = lb.filter((d) => !ma.has(datasetKey(d)));
  const removed = la.filter((d) => !mb.has(datasetKey(d)));
  const modified: DataDiff['modified'] = [];
  for (const [k, d] of ma) {
    const o = mb.get(k);
    if (!o) continue;
    const changes = diffValues('', d, o);
    if (changes.length) modified.push({ key: k, changes });
  }
  return { changed: added.length + removed.length + modified.length > 0, added, removed, modified };
}

interface MetricRow {
  task: string;
  dataset: string;
  split?: string;
  metric: string;
  value: number | string;
}

function metricRows(results: EvaluationResult[] | undefined): Map<string, MetricRow> {
  const rows = new Map<string, MetricRow>();
  for (const r of results ?? []) {
    const task = r.task.name ?? r.task.type;
    const dataset = r.dataset ? `${r.dataset.name}${r.dataset.config ? `/${r.dataset.config}` : ''}` : '-';
    const split = r.dataset?.split;
    for (const m of r.metrics) {
      const metric = m.name ?? m.type;
      const key = [r.task.type, r.dataset?.type ?? r.dataset?.name ?? '', r.dataset?.config ?? '', split ?? '', m.type, m.config ?? ''].join('\u0000');
      rows.set(key, { task, dataset, ...(split !== undefined ? { split } : {}), metric, value: m.value });
    }
  }
  return rows;
}

function asNumber(v: number | string | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*%?\s*$/i.exec(v);
  return m ? Number(m[1]) : undefined;
}

function diffMetrics(a: ModelCard, b: ModelCard): MetricsDiff {
  const ra = metricRows(a.evaluation?.results);
  const rb = metricRows(b.evaluation?.results);
  const deltas: MetricDelta[] = [];
  for (const key of new Set([...ra.keys(), ...rb.keys()])) {
    const x = ra.get(key);
    const y = rb.get(key);
    const base = (y ?? x)!;
    const d: MetricDelta = {
      task: base.task,
      dataset: base.dataset,
      ...(base.split !== undefined ? { split: base.split } : {}),
      metric: base.metric,
      status: !x ? 'added' : !y ? 'removed' : x.value === y.value ? 'unchanged' : 'changed',
      ...(x ? { before: x.value } : {}),
      ...(y ? { after: y.value } : {}),
    };
    const nx = asNumber(x?.value);
    const ny = asNumber(y?.value);
    if (nx !== undefined && ny !== undefined) {
      d.delta = Number((ny - nx).toPrecision(12));
      if (nx !== 0) d.relativeDelta = d.delta / Math.abs(nx);
      if (d.status === 'changed' && d.delta === 0) d.status = 'unchanged';
    }
    deltas.push(d);
  }
  return { changed: deltas.some((d) => d.status !== 'unchanged'), deltas };
}

function diffGovernance(a: ModelCard, b: ModelCard): GovernanceDiff {
  const fields = diffValues('governance', a.governance, b.governance);
  diffValues('license', a.license, b.license, fields);
  return { changed: fields.length > 0, fields };
}

function diffMetadata(a: ModelCard, b: ModelCard): ValueChange[] {
  const out: ValueChange[] = [];
  for (const f of METADATA_FIELDS) diffValues(f, a[f], b[f], out);
  return out;
}

/**
 * Pure difference of two cards (`a` the older or the parent, `b` the newer): architecture, weights
 * (from fingerprints), training data, metrics, governance and other card fields.
 */
export function diffCards(a: ModelCard, b: ModelCard): CardDiff {
  const architecture = diffArchitecture(a, b);
  const weights = diffWeights(a.fingerprint, b.fingerprint);
  const data = diffData(a, b);
  const metrics = diffMetrics(a, b);
  const governance = diffGovernance(a, b);
  const metadata = diffMetadata(a, b);
  const weightsMoved = weights.compared && !weights.identical;
  const identical =
    !architecture.changed && !weightsMoved && !data.changed && !metrics.changed && !governance.changed && metadata.length === 0;
  return { a: side(a), b: side(b), identical, architecture, weights, data, metrics, governance, metadata };
}
