import fs from 'node:fs';
import { Errors, Flags } from '@oclif/core';
import { parseAuditJsonl, verifyAuditChain, type AuditVerification } from '@modellake/core';
import { BaseCommand, EXIT } from '../../base-command.js';

/** `modellake audit-log verify`: check the audit log's hash chain. */
export default class AuditLogVerify extends BaseCommand<typeof AuditLogVerify> {
  static summary = 'Verify the tamper-evident audit log: detects edited, deleted and reordered entries.';
  static description = 'Checks the lake\'s log (admin), or a JSON-lines export with --file. On a lake it also checks the store against the log: revisions, deletions and tokens that no entry records (an emptied, dropped or truncated log, a token row inserted by hand) and a policy edited outside the lake are reported as `unaudited`; an entry whose details are not JSON as `malformed`. Pass --head with a hash recorded earlier to also detect a truncated export. Exits 1 when the chain is broken.';
  static examples = [
    '<%= config.bin %> audit-log verify',
    '<%= config.bin %> audit-log verify --file audit.jsonl --head sha256:3f0c…',
  ];
  static flags = {
    file: Flags.string({ summary: 'Verify a JSON-lines export instead of the lake.' }),
    head: Flags.string({ summary: 'Expected hash of the last entry (anchored earlier).' }),
  };

  async run(): Promise<AuditVerification> {
    let result: AuditVerification;
    if (this.flags.file) {
      let entries;
      try {
        entries = parseAuditJsonl(fs.readFileSync(this.flags.file, 'utf8'));
      } catch (e) {
        throw new Errors.CLIError(`${this.flags.file}: ${(e as Error).message}`, { exit: EXIT.invalid });
      }
      result = verifyAuditChain(entries, this.flags.head ? { expectedHead: this.flags.head } : {});
    } else {
      result = await this.lake().request<AuditVerification>('GET', '/v1/audit-log/verify', { query: { head: this.flags.head } });
    }
    if (!this.jsonEnabled()) {
      if (result.ok) this.log(`Audit log OK: ${result.count} entries, head ${result.head ?? '(empty)'}.`);
      else for (const p of result.problems) this.log(`seq ${p.seq}: ${p.kind}: ${p.message}`);
    }
    if (!result.ok) {
      if (!this.jsonEnabled()) throw new Errors.CLIError(`Audit log is broken: first bad entry is seq ${result.firstBadSeq} (${result.problems.length} problem(s)).`, { exit: EXIT.error, code: 'audit-log-broken' });
      process.exitCode = EXIT.error;
    }
    return result;
  }
}
