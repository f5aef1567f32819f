import { modelIdProblem } from '@modellake/card';
import { LakeError } from './errors.js';
import type { Lake } from './lake.js';

/**
 * Refuses a model id or alias given to the API (URL, query or body) that breaks the id grammar
 * (`.`, `..`, `-` or empty segments; control, bidi or zero-width characters), with a 400 naming the
 * rule. An id stored before the grammar was tightened stays addressable by its exact name, so it can
 * still be read and deleted; nothing else that breaks the grammar reaches the store.
 */
export async function assertModelRef(lake: Lake, id: string, what = 'Model id'): Promise<void> {
  const problem = modelIdProblem(id, what);
  if (!problem) return;
  if ((await lake.storage.resolveId(id)) !== undefined) return;
  throw new LakeError('model-id-invalid', 400, problem, { details: { id } });
}

/** Decodes one percent-encoded URL part; malformed escapes (`%ZZ`) are a 400, not a 500. */
export function decodeUrlPart(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new LakeError('bad-request', 400, `The ${what} ${JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw)} is not valid percent-encoding (e.g. a \`%\` not followed by two hex digits, or bytes that are not UTF-8).`);
  }
}

/** The segment separating a model id from its sub-resource: `/v1/models/{id}/-/{sub}`. Ids never have a `-` segment. */
export const SUB_RESOURCE_SEPARATOR = '-';

/** A model URL split into its id and sub-resource. */
export interface ModelUrl {
  /** The decoded model id (or alias). */
  id: string;
  /** The sub-resource name (`history`, `approval`...), or undefined for the model itself. */
  sub?: string;
  /** True when the URL used the `/-/` separator (or named only the model). */
  explicit: boolean;
}

/**
 * Splits the raw (still percent-encoded) path after `/v1/models/` at the `/-/` separator. Without a
 * separator, the decoded path is returned as the id and the caller resolves legacy suffix URLs.
 */
export function splitModelUrl(raw: string): ModelUrl {
  const segs = raw.split('/');
  const sep = segs.indexOf(SUB_RESOURCE_SEPARATOR);
  if (sep === -1) return { id: decodeUrlPart(raw, 'model id in the URL'), explicit: false };
  const id = decodeUrlPart(segs.slice(0, sep).join('/'), 'model id in the URL');
  const sub = decodeUrlPart(segs.slice(sep + 1).join('/'), 'sub-resource in the URL');
  return { id, sub, explicit: true };
}

/**
 * True when the raw request target has a `.` or `..` segment (also written `%2e`), which URL
 * normalisation would collapse so that the request addresses something other than what was named.
 */
export function hasDotSegment(rawPath: string): boolean {
  return rawPath.split('/').some((s) => /^(?:\.|%2e){1,2}$/i.test(s));
}
