import fs from 'node:fs';
import { Flags } from '@oclif/core';
import { toAuditJsonl, type AuditEntry } from '@modellake/core';
import { BaseCommand } from '../../base-command.js';

/** `modellake audit-log export`: the audit log as JSON lines. */
export default class AuditLogExport extends BaseCommand<typeof AuditLogExport> {
  static summary = 'Export the audit log as JSON lines (one hash-chained entry per line).';
  static examples = ['<%= config.bin %> audit-log export > audit.jsonl', '<%= config.bin %> audit-log export --output audit.jsonl'];
  static flags = { output: Flags.string({ char: 'o', summary: 'Write to this file instead of stdout.' }) };

  async run(): Promise<{ count: number; head?: string; output?: string }> {
    const { entries } = await this.lake().request<{ entries: AuditEntry[] }>('GET', '/v1/audit-log/export', { query: { format: 'json' } });
    const text = toAuditJsonl(entries);
    const head = entries.at(-1)?.hash;
    if (this.flags.output) {
      fs.writeFileSync(this.flags.output, text);
      if (!this.jsonEnabled()) this.log(`Wrote ${entries.length} entries to ${this.flags.output} (head ${head ?? '(empty)'}).`);
    } else if (!this.jsonEnabled()) {
      process.stdout.write(text);
    }
    return { count: entries.length, ...(head ? { head } : {}), ...(this.flags.output ? { output: this.flags.output } : {}) };
  }
}
