import { createHash } from 'node:crypto';

/**
 * Canonical JSON (RFC 8785 style for the values a card holds): object keys sorted by code point,
 * no whitespace, `undefined` members dropped. Two cards with the same content give the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`Cannot canonicalise non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Fields that describe the import, not the model: they do not change the content hash. */
const VOLATILE_SOURCE_FIELDS = ['importedAt', 'connectorVersion'] as const;

/**
 * Content hash of a card: `sha256:<hex>` of its canonical JSON, ignoring when and by which connector
 * version it was imported, so re-importing an unchanged model is a no-op.
 */
export function cardHash(card: object): string {
  const c = { ...(card as Record<string, unknown>) };
  if (c.source && typeof c.source === 'object') {
    const s = { ...(c.source as Record<string, unknown>) };
    for (const f of VOLATILE_SOURCE_FIELDS) delete s[f];
    c.source = s;
  }
  return `sha256:${createHash('sha256').update(canonicalJson(c)).digest('hex')}`;
}
