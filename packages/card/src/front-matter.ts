import { stringify } from 'yaml';
import { CardError } from './errors.js';
import { parseCardYaml } from './parse.js';

/** A Markdown document with optional YAML front matter, as in Hugging Face model cards (README.md). */
export interface FrontMatterDocument {
  /** Parsed YAML metadata (`{}` when absent). */
  data: Record<string, unknown>;
  /** The Markdown text after the front matter. */
  body: string;
}

/** `---` at the very start, the YAML, then a closing `---` line. */
export const FRONT_MATTER_RE = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/** Options of {@link parseFrontMatter}. */
export interface ParseFrontMatterOptions {
  /**
   * Refuse a key repeated in one mapping (`duplicate-key`, with key and line). Card files read by the CLI
   * set it; importers of third-party READMEs leave it off (the Hub's own parser keeps the last value).
   * @default false
   */
  uniqueKeys?: boolean;
  /** Put in front of error messages (a file name). */
  source?: string;
}

/**
 * Splits YAML front matter from Markdown, the way the Hub does (`---` at the very start). Throws a
 * CardError with the line number (of the file) when the metadata is malformed, nested deeper than
 * MAX_CARD_DEPTH, or expands YAML aliases past MAX_YAML_ALIASES ("billion laughs").
 */
export function parseFrontMatter(text: string, options: ParseFrontMatterOptions = {}): FrontMatterDocument {
  const m = FRONT_MATTER_RE.exec(text);
  if (!m) return { data: {}, body: text };
  // lineOffset 1: the opening `---` is line 1 of the file.
  const data = parseCardYaml(m[1] ?? '', {
    lineOffset: 1,
    code: 'front-matter-invalid',
    uniqueKeys: options.uniqueKeys ?? false,
    ...(options.source ? { source: options.source } : {}),
  });
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new CardError('front-matter-invalid', `${options.source ? `${options.source}: ` : ''}YAML front matter must be a mapping of keys to values.`);
  }
  return { data: (data ?? {}) as Record<string, unknown>, body: text.slice(m[0].length) };
}

/** Serialises metadata + Markdown back to a README with front matter (no front matter when `data` is empty). */
export function serializeFrontMatter(doc: FrontMatterDocument): string {
  const keys = Object.keys(doc.data);
  if (keys.length === 0) return doc.body;
  return `---\n${stringify(doc.data, { lineWidth: 0 }).trimEnd()}\n---\n${doc.body}`;
}
