import { TASK_NOUNS } from '../embeddings/lexicon.js';
import { slug } from './card-text.js';
import { SearchQueryError } from './errors.js';

/** A parsed filter. `facet` filters compare slugs; `params` and `metric` compare numbers. */
export type Filter =
  | { kind: 'facet'; facet: string; value: string; negate: boolean; raw: string }
  | { kind: 'params'; op: Op; value: number; raw: string }
  | { kind: 'metric'; metric: string; op: Op; value: number; raw: string };

/** Numeric comparison operator. */
export type Op = '<' | '<=' | '>' | '>=' | '=';

const FACETS = new Set(['task', 'library', 'license', 'dataset', 'domain', 'language', 'governance', 'params', 'metric', 'source']);

/** Parses a number with an optional k/M/B suffix (`5e8`, `50M`, `1.5B`, `300k`). */
export function parseAmount(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(k|m|b|t|thousand|million|billion|trillion)?\s*$/i.exec(s);
  if (!m) return undefined;
  const mult: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, b: 1e9, billion: 1e9, t: 1e12, trillion: 1e12 };
  return Number(m[1]) * (m[2] ? mult[m[2].toLowerCase()]! : 1);
}

/** Parses one `--filter` expression: `task=object-detection`, `license!=mit`, `params<5e8`, `metric:box AP>=40`. */
export function parseFilter(raw: string): Filter {
  const s = raw.trim();
  const metric = /^metrics?:(.+?)\s*(<=|>=|<|>|=)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i.exec(s);
  if (metric) return { kind: 'metric', metric: metric[1]!.trim(), op: metric[2] as Op, value: Number(metric[3]), raw: s };
  const params = /^(params|parameters)\s*(<=|>=|<|>|=)\s*(.+)$/i.exec(s);
  if (params) {
    const value = parseAmount(params[3]!);
    if (value === undefined) throw new SearchQueryError(`filter "${raw}": "${params[3]}" is not a number (use e.g. 5e8, 50M, 1.5B)`);
    return { kind: 'params', op: params[2] as Op, value, raw: s };
  }
  const facet = /^([a-z]+)\s*(!=|=)\s*(.+)$/i.exec(s);
  if (facet) {
    const name = facet[1]!.toLowerCase();
    if (!FACETS.has(name)) throw new SearchQueryError(`filter "${raw}": unknown facet "${name}" (known: ${[...FACETS].join(', ')})`);
    if (name === 'params') {
      throw new SearchQueryError(`filter "${raw}": compare params with <, <=, > or >= (e.g. params<5e8)`);
    }
    return { kind: 'facet', facet: name, value: facet[3]!.trim(), negate: facet[2] === '!=', raw: s };
  }
  throw new SearchQueryError(`filter "${raw}" is not understood: use facet=value, facet!=value, params<N or metric:<name>>=N`);
}

/** Whether `a op b` holds. */
export function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return a === b;
  }
}

/** Vocabulary the natural-language parser may turn into filters (facet values present in the lake). */
export interface FacetVocabulary {
  task: string[];
  dataset: string[];
  license: string[];
  governance: string[];
  language: string[];
  metric: string[];
}

/** A query split into free text and the filters its words asked for. */
export interface ParsedQuery {
  text: string;
  filters: Filter[];
}

const LANGUAGES: Record<string, string> = {
  english: 'en', french: 'fr', german: 'de', spanish: 'es', italian: 'it', portuguese: 'pt', chinese: 'zh', japanese: 'ja', korean: 'ko', russian: 'ru', arabic: 'ar', hindi: 'hi', dutch: 'nl',
};
const LESS = /^(under|below|less than|fewer than|smaller than|at most|lower than|max|maximum|up to|<|<=)$/i;
const MORE = /^(over|above|more than|greater than|bigger than|larger than|at least|higher than|exceeding|min|minimum|>|>=)$/i;
const CMP = '(under|below|less than|fewer than|smaller than|at most|lower than|up to|over|above|more than|greater than|bigger than|larger than|at least|higher than|exceeding|<=|>=|<|>)';

function opOf(word: string, inclusive: boolean): Op {
  if (LESS.test(word)) return /at most|up to|<=|max/i.test(word) || inclusive ? '<=' : '<';
  if (MORE.test(word)) return /at least|>=|min/i.test(word) || inclusive ? '>=' : '>';
  return '=';
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Natural-language facet extraction: "detectors trained on COCO with box AP above 40 under 50M
 * params" -> filters `task=object-detection`, `dataset=COCO`, `metric:box AP>40`, `params<5e7`
 * plus the remaining text. Only values that exist in the lake become facet filters.
 */
export function parseNaturalQuery(q: string, vocab: FacetVocabulary): ParsedQuery {
  let text = ` ${q} `;
  const filters: Filter[] = [];
  const cut = (m: string): void => {
    text = text.replace(m, ' ');
  };
  // Parameter counts: "under 50M params", "with fewer than 1.5 billion parameters", "< 5e8 params".
  const paramRe = new RegExp(`\\b(?:with\\s+)?${CMP}\\s*(\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)\\s*(k|m|b|thousand|million|billion)?\\s*(?:params|parameters|weights)\\b`, 'i');
  for (let m = paramRe.exec(text); m; m = paramRe.exec(text)) {
    const value = parseAmount(`${m[2]}${m[3] ?? ''}`);
    if (value !== undefined) filters.push({ kind: 'params', op: opOf(m[1]!, false), value, raw: `params${opOf(m[1]!, false)}${value}` });
    cut(m[0]);
  }
  // Metric thresholds, longest metric names first: "box AP above 40", "mIoU of at least 80".
  const lower = q.toLowerCase();
  const qslug = slug(q);
  const metrics = [...vocab.metric].filter((x) => x.length >= 2 && lower.includes(x.toLowerCase())).sort((a, b) => b.length - a.length);
  for (const name of metrics) {
    const re = new RegExp(`(?:with\\s+(?:an?\\s+)?)?(?<![\\w])${escapeRe(name)}(?![\\w])\\s*(?:of\\s+|score\\s+)?${CMP}\\s*(-?\\d+(?:\\.\\d+)?)`, 'i');
    const m = re.exec(text);
    if (!m) continue;
    const op = opOf(m[1]!, false);
    filters.push({ kind: 'metric', metric: name, op, value: Number(m[2]), raw: `metric:${name}${op}${m[2]}` });
    cut(m[0]);
  }
  // Datasets after a cue word: "trained on COCO", "evaluated on ImageNet-1k".
  const datasets = [...vocab.dataset].filter((d) => slug(d).length >= 3 && qslug.includes(slug(d))).sort((a, b) => b.length - a.length);
  for (const d of datasets) {
    const re = new RegExp(`\\b(?:trained|pretrained|pre-trained|fine-?tuned|evaluated|tested|benchmarked)?\\s*(?:on|using|with|from|over)\\s+(?:the\\s+)?${escapeRe(d).replace(/\\?[-\s]+/g, '[-\\s]?')}(?:\\s+(?:dataset|data|benchmark))?(?![\\w])`, 'i');
    const m = re.exec(text);
    if (!m) continue;
    filters.push({ kind: 'facet', facet: 'dataset', value: d, negate: false, raw: `dataset=${d}` });
    cut(m[0]);
  }
  // Licences named explicitly: "apache-2.0 licensed", "under the MIT license".
  for (const l of vocab.license.filter((x) => lower.includes(x.toLowerCase()))) {
    const re = new RegExp(`(?:under\\s+(?:the\\s+)?|licen[cs]ed\\s+(?:under\\s+)?)?(?<![\\w])${escapeRe(l)}(?![\\w])(?:\\s+licen[cs]e[d]?)?`, 'i');
    const m = re.exec(text);
    if (!m || !/licen[cs]|under/i.test(m[0]) && slug(l).length < 4) continue;
    filters.push({ kind: 'facet', facet: 'license', value: l, negate: false, raw: `license=${l}` });
    cut(m[0]);
  }
  // Governance status words.
  for (const g of vocab.governance.filter((x) => lower.includes(x.toLowerCase()))) {
    const re = new RegExp(`\\b(?:that\\s+are\\s+|status\\s+)?${escapeRe(g)}\\b`, 'i');
    const m = re.exec(text);
    if (!m) continue;
    filters.push({ kind: 'facet', facet: 'governance', value: g, negate: false, raw: `governance=${g}` });
    cut(m[0]);
  }
  // Languages: "in French", "for German text".
  const langSlugs = new Set(vocab.language.map(slug));
  for (const [word, code] of Object.entries(LANGUAGES)) {
    const re = new RegExp(`\\b(?:in|for|into)\\s+${word}\\b`, 'i');
    const m = re.exec(text);
    if (!m) continue;
    const value = vocab.language.find((l) => slug(l) === code || slug(l) === word);
    if (!value || !langSlugs.has(slug(value))) continue;
    filters.push({ kind: 'facet', facet: 'language', value, negate: false, raw: `language=${value}` });
  }
  // Task nouns ("detectors", "segmenters") become a task filter when the lake has that task. The word stays in the text.
  const taskSlugs = new Map(vocab.task.map((t) => [slug(t), t]));
  for (const [noun, task] of Object.entries(TASK_NOUNS)) {
    if (!new RegExp(`\\b${escapeRe(noun)}\\b`, 'i').test(text)) continue;
    const value = taskSlugs.get(slug(task));
    if (!value || filters.some((f) => f.kind === 'facet' && f.facet === 'task')) continue;
    filters.push({ kind: 'facet', facet: 'task', value, negate: false, raw: `task=${value}` });
  }
  return { text: text.replace(/\s+/g, ' ').replace(/\s+(and|with|that|which)\s*$/i, '').trim(), filters };
}
