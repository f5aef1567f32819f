import { AUDIT_GENESIS, auditEntryHash, isMalformedDetails } from '../audit.js';
import type { AuditEntry } from '../types.js';

/** Kind of a break in the audit chain. */
/**
 * Kind of a break in the audit chain. `unaudited`: the store holds something no entry accounts for (revisions
 * of an emptied or truncated log, a token row inserted by hand, an approval or policy row edited outside the lake).
 */
export type AuditProblemKind = 'edited' | 'deleted' | 'reordered' | 'chain-broken' | 'head-mismatch' | 'malformed' | 'unaudited';

/** One break found by {@link verifyAuditChain}. */
export interface AuditProblem {
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

/** Result of {@link verifyAuditChain}. */
export interface AuditVerification {
  ok: boolean;
  /** Entries checked. */
  count: number;
  /** Hash of the last entry (the head to anchor elsewhere); undefined for an empty log. */
  head?: string;
  /** Seq of the first entry found bad (for a deletion: the missing seq). */
  firstBadSeq?: number;
  problems: AuditProblem[];
}

/** Options of {@link verifyAuditChain}. */
export interface VerifyAuditOptions {
  /** A head hash recorded earlier (e.g. in a CI log); a mismatch reveals truncation or a rewritten chain. */
  expectedHead?: string;
  /** Hash preceding the first given entry when verifying a slice. @default AUDIT_GENESIS (the slice starts at seq 1) */
  startPrevHash?: string;
  /** Seq expected of the first entry. @default 1 */
  startSeq?: number;
}

/**
 * Verifies a hash-chained audit log, in the order given: each entry's hash must match its content,
 * its `prevHash` the previous entry's hash, and seqs must follow one another. Pure; detects edited,
 * deleted and reordered entries and reports the first bad seq.
 */
export function verifyAuditChain(entries: readonly AuditEntry[], opts: VerifyAuditOptions = {}): AuditVerification {
  const problems: AuditProblem[] = [];
  let prevHash = opts.startPrevHash ?? AUDIT_GENESIS;
  let expectSeq = opts.startSeq ?? 1;
  for (const e of entries) {
    if (typeof e?.seq !== 'number' || typeof e.hash !== 'string' || typeof e.prevHash !== 'string') {
      problems.push({ seq: expectSeq, kind: 'malformed', message: `Entry after seq ${expectSeq - 1} is malformed.` });
      break;
    }
    if (e.seq < expectSeq) {
      problems.push({ seq: e.seq, kind: 'reordered', message: `Entry ${e.seq} appears after entry ${expectSeq - 1}.` });
    } else if (e.seq > expectSeq) {
      const range = e.seq - 1 === expectSeq ? `${expectSeq}` : `${expectSeq}-${e.seq - 1}`;
      problems.push({ seq: expectSeq, kind: 'deleted', message: `Entry ${range} is missing (next present entry is ${e.seq}).` });
    } else if (e.prevHash !== prevHash) {
      problems.push({ seq: e.seq, kind: 'chain-broken', message: `Entry ${e.seq} does not link to the entry before it (prevHash ${e.prevHash.slice(0, 19)}…, expected ${prevHash.slice(0, 19)}…).` });
    }
    const { hash, ...content } = e;
    if (isMalformedDetails(e.details)) {
      problems.push({ seq: e.seq, kind: 'malformed', message: `Entry ${e.seq} was tampered with: its \`details\` field is not a JSON object.` });
    } else if (auditEntryHash(content) !== hash) {
      problems.push({ seq: e.seq, kind: 'edited', message: `Entry ${e.seq} was modified after it was written (its content no longer matches its hash).` });
    }
    prevHash = e.hash;
    expectSeq = Math.max(expectSeq, e.seq + 1);
  }
  const last = entries.at(-1);
  if (opts.expectedHead !== undefined && last?.hash !== opts.expectedHead) {
    problems.push({ seq: last?.seq ?? 0, kind: 'head-mismatch', message: `The last entry's hash does not match the expected head ${opts.expectedHead.slice(0, 19)}… (entries were truncated or rewritten).` });
  }
  const firstBad = problems.length > 0 ? Math.min(...problems.map((p) => p.seq)) : undefined;
  return { ok: problems.length === 0, count: entries.length, ...(last ? { head: last.hash } : {}), ...(firstBad !== undefined ? { firstBadSeq: firstBad } : {}), problems };
}

/** Serialises audit entries as JSON lines (one entry per line, trailing newline). */
export function toAuditJsonl(entries: Iterable<AuditEntry>): string {
  let out = '';
  for (const e of entries) out += JSON.stringify(e) + '\n';
  return out;
}

/** Parses a JSON-lines audit export; throws naming the line of the first bad line. */
export function parseAuditJsonl(text: string): AuditEntry[] {
  const out: AuditEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as AuditEntry);
    } catch (err) {
      throw new Error(`audit export line ${i + 1}: not valid JSON (${(err as Error).message})`, { cause: err });
    }
  });
  return out;
}
