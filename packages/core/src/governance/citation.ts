import { stringify } from 'yaml';
import type { Dataset, ModelCard, Person } from '@modellake/card';
import type { Ancestor } from './findings.js';

/** Citation formats answered by {@link formatCitation}. */
export type CitationFormat = 'bibtex' | 'cff' | 'apa' | 'json';

/** Every supported citation format. */
export const CITATION_FORMATS: readonly CitationFormat[] = ['bibtex', 'cff', 'apa', 'json'];

/** An author of a work: a person (split into given and family names) or an organisation. */
export type CitationAuthor = { given?: string; family: string } | { entity: string };

/** One citable work: the model, an ancestor, a dataset or a paper. */
export interface CitationEntry {
  kind: 'model' | 'ancestor' | 'dataset' | 'paper';
  /** Lake id (models, datasets with an id). */
  id?: string;
  key: string;
  title: string;
  authors: CitationAuthor[];
  year?: number;
  url?: string;
  version?: string;
  doi?: string;
  arxiv?: string;
  /** For ancestors: the relation of the edge into it. */
  relation?: string;
}

/** URL of a model page guessed from its lake id (Hugging Face and GitHub ids). */
export function modelUrlFromId(id: string): string | undefined {
  const m = /^([a-z][a-z0-9-]*):(.+)$/.exec(id);
  if (!m) return undefined;
  const [, src, rest] = m;
  if (src === 'hf') return `https://huggingface.co/${rest}`;
  if (src === 'gh') return `https://github.com/${rest!.split('/').slice(0, 2).join('/')}`;
  return undefined;
}

function datasetUrl(d: Dataset): string | undefined {
  if (d.citation?.url) return d.citation.url;
  if (d.uri && /^https?:/.test(d.uri)) return d.uri;
  const id = d.id ?? '';
  if (id.startsWith('hf:')) return `https://huggingface.co/datasets/${id.slice(3)}`;
  if (!id && /^[\w.-]+\/[\w.-]+$/.test(d.name)) return `https://huggingface.co/datasets/${d.name}`;
  return d.uri;
}

function namespaceOf(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const native = id.replace(/^[a-z][a-z0-9-]*:/, '');
  return native.includes('/') ? native.split('/')[0] : undefined;
}

const ORG_WORDS = /\b(team|teams|lab|labs|inc|ltd|llc|gmbh|ai|research|group|university|institute|corp|corporation|foundation|community|contributors)\b\.?/i;

/** Splits a person's name into given and family names ("Ada King Lovelace" -> Lovelace, Ada King). */
function toAuthor(name: string, isEntity = false): CitationAuthor {
  const n = name.trim();
  // Group names ("Llama Team", "Google Research") are cited as organisations, not split into given/family.
  if (isEntity || ORG_WORDS.test(n)) return { entity: n };
  if (n.includes(',')) {
    const [family, given] = n.split(',', 2).map((s) => s.trim());
    return given ? { given, family: family! } : { family: family! };
  }
  const parts = n.split(/\s+/);
  if (parts.length === 1) return { entity: n };
  return { given: parts.slice(0, -1).join(' '), family: parts.at(-1)! };
}

function cardAuthors(card: ModelCard): CitationAuthor[] {
  if (card.authors?.length) return card.authors.map((p: Person) => toAuthor(p.name));
  const org = card.organisation ?? namespaceOf(card.id);
  return org ? [{ entity: org }] : [];
}

function yearOf(...dates: (string | undefined)[]): number | undefined {
  for (const d of dates) {
    const m = d ? /^(\d{4})/.exec(d) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}

function nativeName(id: string): string {
  return id.replace(/^[a-z][a-z0-9-]*:/, '');
}

function modelEntry(kind: 'model' | 'ancestor', id: string, card: ModelCard | undefined, relation?: string): CitationEntry {
  const e: CitationEntry = {
    kind,
    id,
    key: '',
    title: card?.name ?? nativeName(id),
    authors: card ? cardAuthors(card) : namespaceOf(id) ? [{ entity: namespaceOf(id)! }] : [],
  };
  const year = card ? yearOf(card.created, card.updated, card.source?.importedAt) : undefined;
  if (year !== undefined) e.year = year;
  const url = (card?.source?.uri && /^https?:/.test(card.source.uri) ? card.source.uri : undefined) ?? modelUrlFromId(id);
  if (url) e.url = url;
  const version = card?.version ?? card?.source?.revision;
  if (version) e.version = version;
  if (relation) e.relation = relation;
  return e;
}

function datasetEntry(d: Dataset): CitationEntry {
  const c = d.citation;
  const ns = namespaceOf(d.id) ?? (d.name.includes('/') ? d.name.split('/')[0] : undefined);
  const e: CitationEntry = {
    kind: 'dataset',
    key: '',
    title: c?.title ?? d.name,
    authors: c?.authors?.length ? c.authors.map((a) => toAuthor(a)) : ns ? [{ entity: ns }] : [],
  };
  if (d.id) e.id = d.id;
  if (c?.year) e.year = c.year;
  const url = datasetUrl(d);
  if (url) e.url = url;
  if (d.version) e.version = d.version;
  if (c?.doi) e.doi = c.doi;
  if (c?.arxiv) e.arxiv = c.arxiv;
  return e;
}

function keyFor(e: CitationEntry): string {
  const a = e.authors[0];
  const who = a ? ('entity' in a ? a.entity : a.family) : 'anon';
  const word = e.title.split(/[\s/]+/).find((w) => /[a-z0-9]/i.test(w)) ?? 'work';
  const clean = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '');
  return `${clean(who) || 'anon'}${e.year ?? ''}${clean(word)}`;
}

/**
 * Collects the works to cite for a model: the model, its paper, each ancestor (nearest first) and each
 * dataset of the model and its ancestors, with unique BibTeX keys. Pure.
 */
export function buildCitationEntries(card: ModelCard, ancestors: readonly Ancestor[] = []): CitationEntry[] {
  const out: CitationEntry[] = [modelEntry('model', card.id, card)];
  if (card.paper?.title) {
    const p = card.paper;
    const pe: CitationEntry = { kind: 'paper', key: '', title: p.title!, authors: (p.authors ?? []).map((a) => toAuthor(a)) };
    if (p.year) pe.year = p.year;
    if (p.url) pe.url = p.url;
    if (p.doi) pe.doi = p.doi;
    if (p.arxiv) pe.arxiv = p.arxiv;
    out.push(pe);
  }
  const seenModels = new Set([card.id]);
  for (const a of ancestors) {
    if (seenModels.has(a.id)) continue;
    seenModels.add(a.id);
    out.push(modelEntry('ancestor', a.id, a.card, a.relation));
  }
  const seenData = new Set<string>();
  for (const d of [card, ...ancestors.map((a) => a.card)].flatMap((c) => c?.training?.datasets ?? [])) {
    const k = (d.id ?? d.name).toLowerCase();
    if (seenData.has(k)) continue;
    seenData.add(k);
    out.push(datasetEntry(d));
  }
  const used = new Map<string, number>();
  for (const e of out) {
    const base = keyFor(e);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    e.key = n === 0 ? base : `${base}${String.fromCharCode(97 + ((n - 1) % 26))}${n > 26 ? n : ''}`;
  }
  return out;
}

function bibEscape(s: string): string {
  return s.replace(/\\/g, '\\textbackslash{}').replace(/([{}&%$#_])/g, '\\$1').replace(/~/g, '\\textasciitilde{}').replace(/\^/g, '\\textasciicircum{}');
}

function bibAuthor(a: CitationAuthor): string {
  return 'entity' in a ? `{${bibEscape(a.entity)}}` : a.given ? `${bibEscape(a.family)}, ${bibEscape(a.given)}` : bibEscape(a.family);
}

/** BibTeX `@misc` entries (one per work). */
export function toBibtex(entries: readonly CitationEntry[]): string {
  return entries
    .map((e) => {
      const fields: [string, string][] = [['title', `{${bibEscape(e.title)}}`]];
      if (e.authors.length) fields.push(['author', e.authors.map(bibAuthor).join(' and ')]);
      if (e.year !== undefined) fields.push(['year', String(e.year)]);
      if (e.url) fields.push(['url', e.url.replace(/[{}]/g, '')]);
      if (e.version) fields.push(['version', bibEscape(e.version)]);
      if (e.doi) fields.push(['doi', bibEscape(e.doi)]);
      if (e.arxiv) fields.push(['eprint', bibEscape(e.arxiv)], ['archiveprefix', 'arXiv']);
      const note = e.kind === 'dataset' ? 'Dataset' : e.kind === 'ancestor' ? `Ancestor model${e.relation ? ` (${e.relation})` : ''}` : e.kind === 'model' ? 'Model' : undefined;
      if (note) fields.push(['note', note]);
      if (e.id) fields.push(['howpublished', bibEscape(e.id)]);
      return `@misc{${e.key},\n${fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n')}\n}\n`;
    })
    .join('\n');
}

function cffAuthor(a: CitationAuthor): Record<string, string> {
  return 'entity' in a ? { name: a.entity } : a.given ? { 'family-names': a.family, 'given-names': a.given } : { 'family-names': a.family };
}

/** Citation File Format 1.2.0 YAML: the model at the root, ancestors, paper and datasets as `references`. */
export function toCff(entries: readonly CitationEntry[]): string {
  const [root, ...refs] = entries;
  if (!root) throw new Error('nothing to cite');
  const doc: Record<string, unknown> = {
    'cff-version': '1.2.0',
    message: 'If you use this model, please cite it, its ancestors and its datasets as below.',
    type: 'software',
    title: root.title,
    authors: root.authors.length ? root.authors.map(cffAuthor) : [{ name: 'Unknown' }],
  };
  if (root.version) doc.version = root.version;
  if (root.url) doc.url = root.url;
  if (root.doi) doc.doi = root.doi;
  if (root.year !== undefined) doc['date-released'] = `${root.year}-01-01`;
  if (root.id) doc.keywords = [root.id];
  if (refs.length) {
    doc.references = refs.map((e) => {
      const r: Record<string, unknown> = {
        type: e.kind === 'dataset' ? 'data' : e.kind === 'paper' ? 'article' : 'software',
        title: e.title,
        authors: e.authors.length ? e.authors.map(cffAuthor) : [{ name: 'Unknown' }],
      };
      if (e.version) r.version = e.version;
      if (e.url) r.url = e.url;
      if (e.year !== undefined) r.year = e.year;
      if (e.doi) r.doi = e.doi;
      if (e.id) r.keywords = [e.id];
      return r;
    });
  }
  return stringify(doc, { lineWidth: 0 });
}

function apaAuthor(a: CitationAuthor): string {
  if ('entity' in a) return a.entity;
  const initials = (a.given ?? '').split(/[\s-]+/).filter(Boolean).map((g) => `${g[0]!.toUpperCase()}.`).join(' ');
  return initials ? `${a.family}, ${initials}` : a.family;
}

function apaAuthors(list: readonly CitationAuthor[]): string {
  const names = list.map(apaAuthor);
  if (names.length === 0) return '';
  if (names.length === 1) return names[0]!;
  if (names.length <= 20) return `${names.slice(0, -1).join(', ')}, & ${names.at(-1)}`;
  return `${names.slice(0, 19).join(', ')}, ... ${names.at(-1)}`;
}

/** APA 7 reference list entries, one per line. */
export function toApa(entries: readonly CitationEntry[]): string {
  return entries
    .map((e) => {
      const who = apaAuthors(e.authors);
      const year = `(${e.year ?? 'n.d.'})`;
      const head = who ? `${who}${who.endsWith('.') ? '' : '.'} ${year}.` : `${e.title}. ${year}.`;
      const kind = e.kind === 'dataset' ? '[Data set]' : e.kind === 'paper' ? '' : '[Computer software]';
      const version = e.version && e.kind !== 'paper' ? ` (Version ${e.version})` : '';
      const title = who ? ` ${e.title}${version}${kind ? ` ${kind}` : ''}.` : `${version}${kind ? ` ${kind}` : ''}.`;
      const link = e.doi ? ` https://doi.org/${e.doi}` : e.url ? ` ${e.url}` : '';
      return `${head}${title === '.' ? '' : title}${link}`;
    })
    .join('\n') + '\n';
}

/** Formats citation entries as BibTeX, CFF 1.2.0 YAML, APA text or JSON. */
export function formatCitation(entries: readonly CitationEntry[], format: CitationFormat): string {
  switch (format) {
    case 'bibtex':
      return toBibtex(entries);
    case 'cff':
      return toCff(entries);
    case 'apa':
      return toApa(entries);
    case 'json':
      return JSON.stringify(entries, null, 2) + '\n';
  }
}
