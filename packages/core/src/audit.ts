import { createHash } from 'node:crypto';
import { canonicalJson } from '@modellake/card';
import type { AuditEntry } from './types.js';

/** `prevHash` of the first audit entry. */
export const AUDIT_GENESIS = 'sha256:' + '0'.repeat(64);

/** Hash of an audit entry: sha256 over the previous hash and the canonical JSON of the entry's content. */
export function auditEntryHash(e: Omit<AuditEntry, 'hash'>): string {
  const body = canonicalJson({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, subject: e.subject, details: e.details });
  return 'sha256:' + createHash('sha256').update(e.prevHash).update('\n').update(body).digest('hex');
}

/**
 * Key under which a driver returns the raw `details` text of a stored entry that is not a JSON object
 * (the row was edited outside the lake). {@link verifyAuditChain} reports such an entry as tampering.
 */
export const MALFORMED_DETAILS = '$malformedDetails';

/** Parses a stored `details` column; never throws (a bad value comes back under {@link MALFORMED_DETAILS}). */
export function parseAuditDetails(raw: unknown): Record<string, unknown> {
  if (typeof raw === 'string') {
    try {
      const v = JSON.parse(raw) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // fall through
    }
  }
  return { [MALFORMED_DETAILS]: String(raw) };
}

/** True when a details object is the marker of an unparsable stored value. */
export function isMalformedDetails(details: unknown): boolean {
  return !details || typeof details !== 'object' || Array.isArray(details) || typeof (details as Record<string, unknown>)[MALFORMED_DETAILS] === 'string';
}
