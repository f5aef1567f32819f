import { PIPELINE_DATA, TASKS_DATA } from '@huggingface/tasks';
import { CONCEPTS, PARENTS } from '../lexicon.js';
import { fnv1a, tokens } from '../text.js';
import { normalize, type EmbedOptions, type EmbeddingProvider } from '../types.js';

/** Options of the built-in embedder. */
export interface BuiltinEmbedderOptions {
  /** Vector length. @default 256 */
  dimension?: number;
  /** Documents `observe` learns co-occurrence from; later ones are ignored (statistics are stable by then). @default 20000 */
  maxObserved?: number;
}

interface Phrase {
  rest: string[];
  concept: string;
}

/** A compiled lexicon: phrases indexed by their first stemmed token, plus weak "definition" words. */
interface CompiledLexicon {
  phrases: Map<string, Phrase[]>;
  /** Words that occur in the official description of only one or two Hub tasks. */
  definitions: Map<string, string[]>;
  concepts: string[];
}

let compiled: CompiledLexicon | undefined;

function compileLexicon(): CompiledLexicon {
  if (compiled) return compiled;
  const phrases = new Map<string, Phrase[]>();
  const conceptSet = new Set<string>();
  const add = (phrase: string, concept: string): void => {
    const toks = tokens(phrase, true);
    const first = toks[0];
    if (first === undefined) return;
    conceptSet.add(concept);
    const list = phrases.get(first) ?? [];
    if (!list.some((p) => p.concept === concept && p.rest.join(' ') === toks.slice(1).join(' '))) {
      list.push({ rest: toks.slice(1), concept });
    }
    phrases.set(first, list);
  };
  for (const [concept, list] of Object.entries(CONCEPTS)) for (const p of list.split(',')) add(p.trim(), concept);
  // Hub task vocabulary: official names, ids and sub-task names from @huggingface/tasks.
  for (const [id, data] of Object.entries(PIPELINE_DATA)) {
    const concept = `task:${id}`;
    add(data.name, concept);
    add(id.replace(/-/g, ' '), concept);
    for (const sub of (data as { subtasks?: { type: string; name: string }[] }).subtasks ?? []) {
      add(sub.name, concept);
    }
  }
  // Weak definitions: content words of each task's official summary that few tasks share.
  const byWord = new Map<string, Set<string>>();
  for (const [id, data] of Object.entries(TASKS_DATA)) {
    if (!data?.summary) continue;
    const d = data as { summary: string; models?: { description?: string }[]; datasets?: { description?: string }[]; spaces?: { description?: string }[] };
    const text = [d.summary, ...(d.models ?? []), ...(d.datasets ?? []), ...(d.spaces ?? [])].map((x) => (typeof x === 'string' ? x : (x.description ?? ''))).join(' ');
    for (const t of new Set(tokens(text))) {
      if (t.length < 4 || /^\d+$/.test(t)) continue;
      const s = byWord.get(t) ?? new Set<string>();
      s.add(`task:${id}`);
      byWord.set(t, s);
    }
  }
  const definitions = new Map<string, string[]>();
  for (const [w, set] of byWord) if (set.size <= 2) definitions.set(w, [...set]);
  compiled = { phrases, definitions, concepts: [...conceptSet] };
  return compiled;
}

/** Concepts named in a token stream (phrase matches, overlapping allowed), with their counts. */
export function matchConcepts(toks: string[]): Map<string, number> {
  const { phrases } = compileLexicon();
  const found = new Map<string, number>();
  for (let i = 0; i < toks.length; i++) {
    const list = phrases.get(toks[i]!);
    if (!list) continue;
    for (const p of list) {
      let ok = true;
      for (let j = 0; j < p.rest.length; j++) {
        if (toks[i + 1 + j] !== p.rest[j]) {
          ok = false;
          break;
        }
      }
      if (ok) found.set(p.concept, (found.get(p.concept) ?? 0) + 1);
    }
  }
  return found;
}

/** Concepts of a text (including parents at half weight), as the built-in embedder sees them. */
export function conceptsOf(text: string): Map<string, number> {
  const direct = matchConcepts(tokens(text, true));
  const out = new Map<string, number>();
  for (const [c, n] of direct) {
    const w = 1 + Math.log(n);
    out.set(c, Math.max(out.get(c) ?? 0, w));
    for (const p of PARENTS[c] ?? []) out.set(p, Math.max(out.get(p) ?? 0, 0.5 * w));
  }
  return out;
}

const CONCEPT_WEIGHT = 1;
const BODY_CONCEPT_WEIGHT = 0.5;
const SHORT_BODY_CONCEPT_WEIGHT = 0.9;
const TERM_WEIGHT = 0.1;
const BODY_TERM_WEIGHT = 0.06;
const MIN_EVIDENCE = 8;

/**
 * The built-in, offline embedder: a domain lexicon (ML tasks from `@huggingface/tasks` plus
 * modalities, domains, dataset families, architecture traits and their plain-language synonyms)
 * maps words to concepts; queries are further expanded with concepts that co-occur with their
 * words in the lake's own cards (PPMI learned through `observe`). Concept and term features are
 * feature-hashed (two signed slots each) into a fixed dimension.
 */
export function createBuiltinEmbedder(opts: BuiltinEmbedderOptions = {}): EmbeddingProvider & {
  /** Concepts (with weights) a query or document text maps to, for explanations. */
  explain(text: string, kind?: 'query' | 'document'): Map<string, number>;
} {
  const dimension = opts.dimension ?? 256;
  const maxObserved = opts.maxObserved ?? 20_000;
  const lex = compileLexicon();
  // Co-occurrence statistics learned from observed documents: term -> concept -> document count.
  let docs = 0;
  const termDf = new Map<string, number>();
  const conceptDf = new Map<string, number>();
  const pairDf = new Map<string, Map<string, number>>();

  const update = (text: string, delta: 1 | -1): void => {
    // The head of a card's text (name, tasks, datasets, architecture, paper title) holds its distinctive words.
    // Statistics describe what cards are about: their fields (the text before the first blank line), not their prose.
    const cut = text.indexOf('\n\n');
    const fields = cut >= 0 ? text.slice(0, cut) : text;
    const head = fields.slice(0, 800);
    const terms = new Set(tokens(head).filter((t) => t.length > 2 && !/^\d+$/.test(t)));
    const all = [...conceptsOf(fields).keys()];
    const concepts = all.filter((c) => c.startsWith('task:') || c.startsWith('domain:'));
    docs += delta;
    for (const c of all) conceptDf.set(c, (conceptDf.get(c) ?? 0) + delta);
    for (const t of terms) {
      termDf.set(t, (termDf.get(t) ?? 0) + delta);
      if (lex.phrases.has(t)) continue;
      let m = pairDf.get(t);
      if (!m) pairDf.set(t, (m = new Map()));
      for (const c of concepts) m.set(c, (m.get(c) ?? 0) + delta);
    }
  };

  /** Concepts a word co-occurs with far above chance in the observed cards. */
  const learned = (term: string): [string, number][] => {
    const nt = termDf.get(term) ?? 0;
    const m = pairDf.get(term);
    if (nt < MIN_EVIDENCE || docs < 20 || !m) return [];
    const out: [string, number][] = [];
    for (const [c, ntc] of m) {
      if (ntc < MIN_EVIDENCE) continue;
      const nc = conceptDf.get(c) ?? 1;
      const pmi = Math.log((ntc * docs) / (nt * nc));
      const cond = ntc / nt;
      if (pmi > 1 && cond >= 0.6) out.push([c, 0.5 * cond]);
    }
    return out;
  };

  /** Whether any observed card has a concept (before anything is observed, every concept counts). */
  const known = (c: string): boolean => docs < 20 || (conceptDf.get(c) ?? 0) > 0;

  /** Query-side inverse document frequency (BM25 style, scaled to 0..1): concepts and words most cards share count less. */
  const idf = (df: number | undefined): number => {
    if (docs < 20) return 1;
    const v = Math.log(1 + (docs - (df ?? 0) + 0.5) / ((df ?? 0) + 0.5));
    return Math.max(0.05, v / Math.log(1 + (docs + 0.5) / 0.5));
  };

  const features = (text: string, kind: 'query' | 'document'): Map<string, number> => {
    const feats = new Map<string, number>();
    const bump = (f: string, w: number): void => {
      feats.set(f, Math.max(feats.get(f) ?? 0, w));
    };
    // Documents: fields first, then a blank line, then prose; what the fields say weighs more.
    const cut = kind === 'document' ? text.indexOf('\n\n') : -1;
    const head = cut >= 0 ? text.slice(0, cut) : text;
    const body = cut >= 0 ? text.slice(cut + 2) : '';
    const concepts = conceptsOf(head);
    const q = kind === 'query';
    for (const [c, w] of concepts) if (!q || known(c)) bump(`c:${c}`, CONCEPT_WEIGHT * w * (q ? idf(conceptDf.get(c)) : 1));
    // A short description is about this model; a long one is usually a family README covering many variants.
    const bodyWeight = body.length <= 1000 ? SHORT_BODY_CONCEPT_WEIGHT : BODY_CONCEPT_WEIGHT;
    if (body) for (const [c, w] of conceptsOf(body)) if (!concepts.has(c)) bump(`c:${c}`, bodyWeight * Math.min(w, 1.5));
    const tf = new Map<string, number>();
    for (const t of tokens(head)) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      bump(`t:${t}`, TERM_WEIGHT * (1 + Math.log(n)) * (q ? idf(termDf.get(t)) : 1));
      if (!q) continue;
      // Query expansion: official task definitions, then corpus-learned co-occurrence.
      for (const c of lex.definitions.get(t) ?? []) if (!concepts.has(c) && known(c)) bump(`c:${c}`, 0.3 * idf(conceptDf.get(c)));
      if (lex.phrases.has(t)) continue;
      for (const [c, w] of learned(t)) if (!concepts.has(c)) bump(`c:${c}`, w * idf(conceptDf.get(c)));
    }
    if (body) {
      const btf = new Map<string, number>();
      for (const t of tokens(body)) btf.set(t, (btf.get(t) ?? 0) + 1);
      for (const [t, n] of btf) if (!tf.has(t)) bump(`t:${t}`, BODY_TERM_WEIGHT * Math.min(1 + Math.log(n), 3));
    }
    return feats;
  };

  const vectorOf = (feats: Map<string, number>): Float32Array => {
    const v = new Float32Array(dimension);
    for (const [f, w] of feats) {
      const h1 = fnv1a(f);
      const h2 = fnv1a(f, 0x9747b28c);
      v[h1 % dimension]! += (h1 & 0x80000000 ? -1 : 1) * w;
      v[h2 % dimension]! += (h2 & 0x80000000 ? -1 : 1) * w;
    }
    return normalize(v);
  };

  return {
    id: 'builtin',
    model: 'lexicon-ppmi-v1',
    dimension,
    async embed(texts: string[], o: EmbedOptions = {}): Promise<Float32Array[]> {
      const kind = o.kind ?? 'document';
      return texts.map((t) => vectorOf(features(t, kind)));
    },
    observe(texts: string[]): void {
      for (const t of texts) {
        if (docs >= maxObserved) return;
        update(t, 1);
      }
    },
    forget(texts: string[]): void {
      for (const t of texts) if (docs > 0) update(t, -1);
    },
    explain(text: string, kind: 'query' | 'document' = 'query'): Map<string, number> {
      const out = new Map<string, number>();
      for (const [f, w] of features(text, kind)) if (f.startsWith('c:')) out.set(f.slice(2), w);
      return out;
    },
  };
}
