import { CardError } from './errors.js';

/** Known id prefixes and the system each names. Other lowercase prefixes are allowed. */
export const ID_SOURCES = { hf: 'huggingface', mlflow: 'mlflow', dvc: 'dvc', gh: 'github', mi: 'model-index', local: 'local' } as const;

// Native ids may contain spaces (model-index names) but no control characters nor surrounding whitespace.
const ID_RE = /^([a-z][a-z0-9-]{0,31}):([^\s\u0000-\u001f](?:[^\u0000-\u001f]{0,398}[^\s\u0000-\u001f])?)$/;

/** Parsed model id. */
export interface ModelId {
  source: string;
  nativeId: string;
}

/** Splits `<source>:<native id>`; throws a CardError naming the id when it is malformed. */
export function parseModelId(id: string): ModelId {
  const m = ID_RE.exec(id);
  if (!m) {
    throw new CardError('card-id-invalid', `Model id ${JSON.stringify(id)} must look like <source>:<native id>, e.g. hf:google-bert/bert-base-uncased.`, [
      { path: '/id', keyword: 'pattern', message: `\`id\` must look like \`<source>:<native id>\`.` },
    ]);
  }
  return { source: m[1]!, nativeId: m[2]! };
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
