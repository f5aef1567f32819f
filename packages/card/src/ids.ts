import { CardError } from './errors.js';

/** Known id prefixes and the system each names. Other lowercase prefixes are allowed. */
export const ID_SOURCES = { hf: 'huggingface', mlflow: 'mlflow', dvc: 'dvc', gh: 'github', mi: 'model-index', local: 'local' } as const;

/** Longest model id accepted: a 32-character source, `:` and a 400-character native id. */
export const MAX_NATIVE_ID_LENGTH = 400;

/**
 * Characters refused anywhere in an id or alias: C0 controls, DEL, C1 controls (incl. U+0085 NEL),
 * line/paragraph separators, bidi controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069) and
 * zero-width characters (U+200B-200D, U+2060, U+FEFF). Look-alike ids are refused, not normalised.
 */
export const ID_FORBIDDEN_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060\\u2066-\\u2069\\ufeff';

/**
 * Segments of the native id (split at `/`) may not be `.`, `..`, `-` or empty: `.`/`..` would be
 * collapsed by URL normalisation and `-` separates an id from its sub-resources in model URLs.
 */
const SEGMENT_RULE = '(?!(?:[^/]*/)*(?:\\.\\.?|-)?(?:/|$))';

/** The id grammar as a JSON Schema / ECMAScript pattern (the same text is in schemas/model-card.schema.json). */
export const MODEL_ID_PATTERN = `^[a-z][a-z0-9-]{0,31}:${SEGMENT_RULE}[^\\s${ID_FORBIDDEN_CHARS}](?:[^${ID_FORBIDDEN_CHARS}]{0,398}[^\\s${ID_FORBIDDEN_CHARS}])?$`;

const ID_RE = new RegExp(MODEL_ID_PATTERN, 'u');
const FORBIDDEN_RE = new RegExp(`[${ID_FORBIDDEN_CHARS}]`, 'u');
const SHAPE_RE = /^([a-z][a-z0-9-]{0,31}):([\s\S]*)$/u;

/** The rule sentence for ids with `.`, `..`, `-` or empty segments (errors quote it). */
export const ID_SEGMENT_RULE = 'segments of a model id may not be `.`, `..`, `-` or empty (no leading, trailing or doubled `/`)';

const hex = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `id` is not a valid model id, as a sentence naming the rule it breaks; undefined when valid.
 * `what` names the value in the sentence (`Model id`, `Alias`).
 */
export function modelIdProblem(id: string, what = 'Model id'): string | undefined {
  if (ID_RE.test(id)) return undefined;
  // Quote with the refused characters escaped, so the message itself cannot be spoofed.
  const q = JSON.stringify(id).replace(new RegExp(`[${ID_FORBIDDEN_CHARS}]`, 'gu'), (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
  const bad = FORBIDDEN_RE.exec(id);
  if (bad) return `${what} ${q} contains ${hex(bad[0])} at index ${bad.index}: ids may not contain control, bidi-control or zero-width characters.`;
  const m = SHAPE_RE.exec(id);
  if (!m) return `${what} ${q} must look like <source>:<native id> (source: lowercase letters, digits, '-'), e.g. hf:google-bert/bert-base-uncased.`;
  const native = m[2]!;
  if (native.split('/').some((s) => s === '' || s === '.' || s === '..' || s === '-')) return `${what} ${q} is refused: ${ID_SEGMENT_RULE}.`;
  if (native.length > MAX_NATIVE_ID_LENGTH) return `${what} ${q.slice(0, 60)}..." is too long: the native id is ${native.length} characters, the limit is ${MAX_NATIVE_ID_LENGTH}.`;
  if (/^\s|\s$/u.test(native)) return `${what} ${q} may not start or end with whitespace.`;
  return `${what} ${q} must look like <source>:<native id>, e.g. hf:google-bert/bert-base-uncased.`;
}

/** Parsed model id. */
export interface ModelId {
  source: string;
  nativeId: string;
}

/** Splits `<source>:<native id>`; throws a CardError naming the id and the rule it breaks when it is malformed. */
export function parseModelId(id: string): ModelId {
  const problem = modelIdProblem(id);
  if (problem) {
    throw new CardError('card-id-invalid', problem, [{ path: '/id', keyword: 'pattern', message: problem }]);
  }
  const colon = id.indexOf(':');
  return { source: id.slice(0, colon), nativeId: id.slice(colon + 1) };
}

/** True when `id` is a well-formed model id. */
export function isModelId(id: string): boolean {
  return ID_RE.test(id);
}

/** Builds an id from a source prefix and a native id (trimmed, inner whitespace runs collapsed to one space). */
export function formatModelId(source: string, nativeId: string): string {
  const id = `${source}:${nativeId.trim().replace(/\s+/g, ' ')}`;
  parseModelId(id);
  return id;
}

/** Id with a version: `id@version` (the version may itself contain `@`, the split is at the last `@` after the prefix). */
export function parseVersionedId(ref: string): { id: string; version?: string } {
  const colon = ref.indexOf(':');
  const at = ref.lastIndexOf('@');
  if (at > colon && at > 0) return { id: ref.slice(0, at), version: ref.slice(at + 1) };
  return { id: ref };
}
