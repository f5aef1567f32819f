import { parseDocument, stringify, YAMLError } from 'yaml';
import { CardError } from './errors.js';

/** A Markdown document with optional YAML front matter, as in Hugging Face model cards (README.md). */
export interface FrontMatterDocument {
  /** Parsed YAML metadata (`{}` when absent). */
  data: Record<string, unknown>;
  /** The Markdown text after the front matter. */
  body: string;
}

const FM_RE = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/**
 * Splits YAML front matter from Markdown, the way the Hub does (`---` at the very start). Throws a
 * CardError with the YAML line number when the metadata is malformed.
 */
export function parseFrontMatter(text: string): FrontMatterDocument {
  const m = FM_RE.exec(text);
  if (!m) return { data: {}, body: text };
  const yamlText = m[1] ?? '';
  const doc = parseDocument(yamlText, { uniqueKeys: false, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0] as YAMLError;
    // +1: the opening `---` is line 1 of the file.
    const line = (e.linePos?.[0]?.line ?? 0) + 1;
    throw new CardError('front-matter-invalid', `Invalid YAML front matter at line ${line}: ${e.message.split('\n')[0]}`, [
      { path: '', keyword: 'yaml', message: `line ${line}: ${e.message.split('\n')[0]}` },
    ]);
  }
  const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new CardError('front-matter-invalid', 'YAML front matter must be a mapping of keys to values.');
  }
  return { data: (data ?? {}) as Record<string, unknown>, body: text.slice(m[0].length) };
}

/** Serialises metadata + Markdown back to a README with front matter (no front matter when `data` is empty). */
export function serializeFrontMatter(doc: FrontMatterDocument): string {
  const keys = Object.keys(doc.data);
  if (keys.length === 0) return doc.body;
  return `---\n${stringify(doc.data, { lineWidth: 0 }).trimEnd()}\n---\n${doc.body}`;
}
