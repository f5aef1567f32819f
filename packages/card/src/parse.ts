import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { CardError } from './errors.js';
import { lineColAt, scanJson } from './json-position.js';

/**
 * Deepest nesting of objects and arrays a card may have; the card object itself is depth 1. Real cards
 * nest under ten levels; the limit keeps recursive code (hashing, validation, storage) far from the
 * stack limit that a 10,000-level card would exhaust.
 */
export const MAX_CARD_DEPTH = 64;

/** Most YAML aliases a card (or front matter) may expand, against "billion laughs" documents. */
export const MAX_YAML_ALIASES = 100;

/** Options of the card parsers. */
export interface ParseCardOptions {
  /** Where the text came from (a file name), put in front of every error message. */
  source?: string;
  /** @default MAX_CARD_DEPTH */
  maxDepth?: number;
}

const prefix = (source: string | undefined): string => (source ? `${source}: ` : '');

/** Byte offset of the first invalid UTF-8 sequence in `bytes`, or -1 when it is all valid. */
export function utf8ErrorOffset(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // > U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes UTF-8 strictly (a leading BOM is dropped): invalid bytes throw a CardError `invalid-utf8`
 * naming the byte offset and line, instead of being stored as U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array, options: { source?: string } = {}): string {
  try {
    return fatalDecoder.decode(bytes);
  } catch {
    const at = Math.max(0, utf8ErrorOffset(bytes));
    let line = 1;
    for (let k = 0; k < at; k++) if (bytes[k] === 0x0a) line++;
    const msg = `invalid UTF-8 at byte offset ${at} (line ${line}): byte 0x${bytes[at]?.toString(16).padStart(2, '0') ?? '??'}`;
    throw new CardError('invalid-utf8', `${prefix(options.source)}${msg}.`, [{ path: '', keyword: 'encoding', message: msg }], { details: { byteOffset: at, line } });
  }
}

/** JSON pointer of a path, shortened in the middle when it is very long (a 10,000-level pointer helps nobody). */
function shortPointer(pointer: string): string {
  return pointer.length > 200 ? `${pointer.slice(0, 100)}…${pointer.slice(-60)}` : pointer;
}

/**
 * Parses JSON card text strictly: syntax errors with line and column, nesting deeper than
 * {@link MAX_CARD_DEPTH} (`nesting-too-deep`) and repeated keys (`duplicate-key`) with the key,
 * line and JSON pointer. Never recurses, so hostile depth cannot crash the caller.
 */
export function parseCardJson(text: string, options: ParseCardOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? MAX_CARD_DEPTH;
  const src = prefix(options.source);
  const p = scanJson(text, { maxDepth, uniqueKeys: true });
  if (p) {
    const { line, col } = lineColAt(text, p.offset);
    if (p.kind === 'too-deep') {
      const msg = `nesting deeper than ${maxDepth} levels at line ${line}, column ${col} (${shortPointer(p.pointer) || '/'})`;
      throw new CardError('nesting-too-deep', `${src}${msg}.`, [{ path: p.pointer, keyword: 'maxDepth', message: msg }], { details: { line, maxDepth } });
    }
    if (p.kind === 'duplicate-key') {
      const msg = `duplicate key ${JSON.stringify(p.key)} at line ${line}, column ${col} (${shortPointer(p.pointer)})`;
      throw new CardError('duplicate-key', `${src}${msg}.`, [{ path: p.pointer, keyword: 'uniqueKeys', message: msg }], { details: { line, key: p.key } });
    }
    const msg = `invalid JSON at line ${line}, column ${col}`;
    throw new CardError('json-invalid', `${src}${msg}.`, [{ path: '', keyword: 'syntax', message: msg }], { details: { line } });
  }
  return JSON.parse(text) as unknown;
}

/**
 * Checks the nesting depth of an already-parsed value without recursion; throws `nesting-too-deep`
 * with the JSON pointer of the first container past the limit.
 */
export function assertCardDepth(value: unknown, options: ParseCardOptions = {}): void {
  const maxDepth = options.maxDepth ?? MAX_CARD_DEPTH;
  if (value === null || typeof value !== 'object') return;
  const stack: { v: object; depth: number; path: string }[] = [{ v: value, depth: 1, path: '' }];
  const seen = new Map<object, number>();
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (depth > maxDepth) {
      const msg = `nesting deeper than ${maxDepth} levels at ${shortPointer(path) || '/'}`;
      throw new CardError('nesting-too-deep', `${prefix(options.source)}${msg}.`, [{ path, keyword: 'maxDepth', message: msg }], { details: { maxDepth } });
    }
    // Shared sub-objects (YAML aliases) are walked again only when reached deeper than before.
    if ((seen.get(v) ?? 0) >= depth) continue;
    seen.set(v, depth);
    for (const [k, child] of Object.entries(v)) {
      if (child !== null && typeof child === 'object') stack.push({ v: child as object, depth: depth + 1, path: `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}` });
    }
  }
}

/** Options of {@link parseCardYaml}. */
export interface ParseCardYamlOptions extends ParseCardOptions {
  /** Added to reported line numbers (front matter starts after the `---` line). @default 0 */
  lineOffset?: number;
  /** Refuse repeated keys in one mapping. @default true */
  uniqueKeys?: boolean;
  /** Code of syntax errors. @default 'yaml-invalid' */
  code?: 'yaml-invalid' | 'front-matter-invalid';
}

/**
 * Parses YAML card text strictly: syntax errors and repeated keys (`duplicate-key`, with key and line),
 * nesting past {@link MAX_CARD_DEPTH} and alias expansion past {@link MAX_YAML_ALIASES} ("billion
 * laughs") are CardErrors, never a crash.
 */
export function parseCardYaml(text: string, options: ParseCardYamlOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? MAX_CARD_DEPTH;
  const lineOffset = options.lineOffset ?? 0;
  const code = options.code ?? 'yaml-invalid';
  const src = prefix(options.source);
  const lc = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter: lc });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = (e.linePos?.[0]?.line ?? 0) + lineOffset;
    const first = e.message.split('\n')[0]!;
    const what = code === 'front-matter-invalid' ? 'Invalid YAML front matter' : 'Invalid YAML';
    throw new CardError(code, `${src}${what} at line ${line}: ${first}`, [{ path: '', keyword: 'yaml', message: `line ${line}: ${first}` }], { details: { line } });
  }
  // Walk the syntax tree without recursion: depth and repeated keys, with their lines.
  const stack: { node: unknown; depth: number; path: string }[] = [{ node: doc.contents, depth: 1, path: '' }];
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return (range ? lc.linePos(range[0]).line : 0) + lineOffset;
  };
  while (stack.length) {
    const { node, depth, path } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > maxDepth) {
      const line = lineOf(node);
      const msg = `nesting deeper than ${maxDepth} levels at line ${line} (${shortPointer(path) || '/'})`;
      throw new CardError('nesting-too-deep', `${src}${msg}.`, [{ path, keyword: 'maxDepth', message: msg }], { details: { line, maxDepth } });
    }
    if (isSeq(node)) {
      node.items.forEach((item, k) => stack.push({ node: item, depth: depth + 1, path: `${path}/${k}` }));
      continue;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const ptr = `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (options.uniqueKeys !== false && seen.has(k)) {
        const line = lineOf(pair.key as YamlNode);
        const msg = `duplicate key ${JSON.stringify(k)} at line ${line} (${shortPointer(ptr)})`;
        throw new CardError('duplicate-key', `${src}${msg}.`, [{ path: ptr, keyword: 'uniqueKeys', message: msg }], { details: { line, key: k } });
      }
      seen.add(k);
      stack.push({ node: pair.value, depth: depth + 1, path: ptr });
    }
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof RangeError) {
      const msg = /alias/i.test(e.message)
        ? `YAML aliases expand past the limit of ${MAX_YAML_ALIASES} (a "billion laughs" document?)`
        : `YAML cannot be resolved: ${e.message}`;
      throw new CardError(code, `${src}${msg}.`, [{ path: '', keyword: 'yaml', message: msg }]);
    }
    throw e;
  }
  // Aliases can nest a shallow-looking tree deeper once resolved.
  assertCardDepth(value, { maxDepth, ...(options.source ? { source: options.source } : {}) });
  return value;
}
