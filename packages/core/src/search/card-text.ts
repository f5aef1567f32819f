import type { ModelCard } from '@modellake/card';

/** The searchable text of a card, per field (used for full text, embeddings and explanations). */
export interface CardFields {
  name: string;
  tasks: string;
  description: string;
  datasets: string;
  architecture: string;
  metrics: string;
  tags: string;
  domains: string;
  usage: string;
  paper: string;
  other: string;
}

/** Facet values of a card. Values keep the card's spelling; matching compares `slug`s. */
export interface CardFacets {
  task: string[];
  library: string[];
  license: string[];
  dataset: string[];
  domain: string[];
  language: string[];
  params: string[];
  governance: string[];
  metric: string[];
}

/** Facet names in display order. */
export const FACET_NAMES = ['task', 'library', 'license', 'dataset', 'domain', 'language', 'params', 'governance', 'metric'] as const;

/** A facet name. */
export type FacetName = (typeof FACET_NAMES)[number];

/** Compact card summary returned with search hits. */
export interface CardSummary {
  id: string;
  name: string;
  description?: string;
  tasks?: string[];
  library?: string;
  license?: string;
  parameters?: number;
  datasets?: string[];
  metrics?: { name: string; value: number; dataset?: string }[];
  governance?: string;
}

/** Lower-case alphanumeric form used to compare facet values (`COCO-WholeBody` == `coco wholebody`). */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const uniq = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x && x.trim() !== ''))];

/** Parameter-count bucket labels, smallest first. */
export const PARAM_BUCKETS: [string, number][] = [
  ['<10M', 1e7],
  ['10M-100M', 1e8],
  ['100M-1B', 1e9],
  ['1B-10B', 1e10],
  ['>10B', Infinity],
];

/** The bucket label of a parameter count. */
export function paramBucket(n: number): string {
  for (const [label, upper] of PARAM_BUCKETS) if (n < upper) return label;
  return '>10B';
}

function datasetNames(card: ModelCard): string[] {
  return uniq([
    ...(card.training?.datasets ?? []).map((d) => d.name),
    ...(card.evaluation?.results ?? []).map((r) => r.dataset?.name ?? r.dataset?.type),
  ]);
}

/** Task facet values: the card's tasks plus the task ids of its results (slug form, so filters match). */
function taskNames(card: ModelCard): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of [...(card.tasks ?? []), ...(card.evaluation?.results ?? []).map((r) => r.task.type)]) {
    const k = slug(t);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(t);
  }
  return out;
}

/** Task words for text: ids and human names of every task. */
function taskText(card: ModelCard): string {
  return uniq([...(card.tasks ?? []), ...(card.evaluation?.results ?? []).flatMap((r) => [r.task.type, r.task.name])]).map((t) => t.replace(/-/g, ' ')).join(' ; ');
}

/** Description without Markdown tables, links, HTML and code: the prose that says what a model does. */
export function proseOf(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .split('\n')
    .filter((l) => !/^\s*\|/.test(l))
    .join('\n')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[#*_`>]+/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

/** Numeric metrics of a card: best (max) value per metric name. */
export function cardMetrics(card: ModelCard): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of card.evaluation?.results ?? []) {
    for (const m of r.metrics) {
      const v = typeof m.value === 'number' ? m.value : Number.parseFloat(String(m.value));
      if (!Number.isFinite(v)) continue;
      const name = m.name ?? m.type;
      out.set(name, Math.max(out.get(name) ?? -Infinity, v));
    }
  }
  return out;
}

function flat(v: unknown, depth = 0): string {
  if (v === null || v === undefined || depth > 3) return '';
  if (typeof v === 'string') return v.length > 500 ? v.slice(0, 500) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return '';
  if (Array.isArray(v)) return v.map((x) => flat(x, depth + 1)).join(' ');
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).map((x) => flat(x, depth + 1)).join(' ');
  return '';
}

/** Splits a card into searchable fields. Pure. */
export function cardFields(card: ModelCard): CardFields {
  const a = card.architecture;
  const results = card.evaluation?.results ?? [];
  return {
    name: [card.name, card.id.replace(/^[a-z]+:/, ''), ...(card.aliases ?? [])].join(' '),
    tasks: taskText(card),
    description: proseOf(card.description ?? '').slice(0, 4000),
    datasets: datasetNames(card).join(' ; '),
    architecture: uniq([a?.family, a?.type, a?.library, ...(a?.components ?? []), a?.quantization, card.fingerprint?.architecture.modelType]).join(' ; '),
    metrics: uniq(results.flatMap((r) => r.metrics.map((m) => m.name ?? m.type))).join(' ; '),
    tags: uniq([...(card.tags ?? []), ...(card.training?.techniques ?? [])]).join(' ; '),
    domains: uniq([...(card.domains ?? []), ...(card.languages ?? [])]).join(' ; '),
    usage: [...(card.usage?.intendedUses ?? []), card.usage?.howToUse ?? '', ...(card.usage?.limitations ?? [])].join(' ').slice(0, 2000),
    paper: card.paper?.title ?? '',
    other: [card.organisation ?? '', card.training?.procedure ?? '', flat(card.extensions)].join(' ').slice(0, 2000),
  };
}

/**
 * One text for embedding: the fields that say what a model is for (name, tasks, domains, datasets...)
 * on one paragraph, then a blank line, then the prose description.
 */
export function embeddingText(f: CardFields): string {
  const head = [f.name, f.tasks, f.domains, f.datasets, f.architecture, f.tags, f.paper, f.metrics, f.usage].filter(Boolean).join('. ').replace(/\n\s*\n/g, '\n');
  const body = f.description.replace(/\n\s*\n/g, '\n');
  return body ? `${head}\n\n${body}` : head;
}

/** Facet values of a card. Pure. */
export function cardFacets(card: ModelCard): CardFacets {
  const p = card.architecture?.parameters ?? card.fingerprint?.architecture.parameters;
  return {
    task: taskNames(card),
    library: uniq([card.architecture?.library]),
    license: uniq([card.license]),
    dataset: datasetNames(card),
    domain: uniq(card.domains ?? []),
    language: uniq(card.languages ?? []),
    params: typeof p === 'number' && p > 0 ? [paramBucket(p)] : [],
    governance: uniq([card.governance?.status]),
    metric: [...cardMetrics(card).keys()],
  };
}

/** The summary returned beside a hit. Pure. */
export function cardSummary(card: ModelCard): CardSummary {
  const metrics: { name: string; value: number; dataset?: string }[] = [];
  for (const r of card.evaluation?.results ?? []) {
    for (const m of r.metrics) {
      const v = typeof m.value === 'number' ? m.value : Number.parseFloat(String(m.value));
      if (!Number.isFinite(v) || metrics.length >= 4) continue;
      const ds = r.dataset?.name;
      metrics.push({ name: m.name ?? m.type, value: v, ...(ds ? { dataset: ds } : {}) });
    }
  }
  const s: CardSummary = { id: card.id, name: card.name };
  if (card.description) s.description = card.description.length > 240 ? `${card.description.slice(0, 237)}...` : card.description;
  const tasks = taskNames(card);
  if (tasks.length) s.tasks = tasks;
  if (card.architecture?.library) s.library = card.architecture.library;
  if (card.license) s.license = card.license;
  const p = card.architecture?.parameters ?? card.fingerprint?.architecture.parameters;
  if (typeof p === 'number') s.parameters = p;
  const ds = datasetNames(card);
  if (ds.length) s.datasets = ds.slice(0, 5);
  if (metrics.length) s.metrics = metrics;
  if (card.governance?.status) s.governance = card.governance.status;
  return s;
}
