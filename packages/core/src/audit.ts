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
