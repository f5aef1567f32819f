import { parseFrontMatter } from './front-matter.js';
import { decodeUtf8, parseCardJson, parseCardYaml, type ParseCardOptions } from './parse.js';

/** Card file formats read by {@link parseCardText}. */
export type CardTextFormat = 'json' | 'yaml' | 'markdown';

/** The format of a card file by its extension: `.yaml`/`.yml`, `.md`/`.markdown`, else JSON. */
export function cardFormatOf(file: string): CardTextFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
  return 'json';
}

/**
 * Parses card text of a given format with every strict check: nesting depth (MAX_CARD_DEPTH), repeated
 * keys, YAML alias limits. Markdown: the YAML front matter is the card (`{}` without one).
 */
export function parseCardText(text: string, format: CardTextFormat, options: ParseCardOptions = {}): unknown {
  if (format === 'json') return parseCardJson(text, options);
  if (format === 'yaml') return parseCardYaml(text, options);
  return parseFrontMatter(text, { uniqueKeys: true, ...(options.source ? { source: options.source } : {}) }).data;
}

/** Decodes card file bytes as strict UTF-8 (invalid bytes: `invalid-utf8` with the byte offset) and parses them. */
export function parseCardBytes(bytes: Uint8Array, format: CardTextFormat, options: ParseCardOptions = {}): unknown {
  return parseCardText(decodeUtf8(bytes, options), format, options);
}
