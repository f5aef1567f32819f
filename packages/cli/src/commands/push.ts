import { Args, Flags } from '@oclif/core';
import { validate } from '@modellake/card';
import { BaseCommand, EXIT } from '../base-command.js';
import { createProgress } from '../progress.js';
import { readCardFile } from '../read-card.js';

interface PushRow { file: string; id?: string; status: string; revision?: number; error?: string }

/** `modellake push`: store card files in the lake. */
export default class Push extends BaseCommand<typeof Push> {
  static summary = 'Validate and store card files (.json, .yaml, .md front matter) in the lake.';
  static examples = ['<%= config.bin %> push schemas/examples/valid/*.json', '<%= config.bin %> push card.yaml --lake-url http://lake:8470 --token $TOKEN --json'];
  static strict = false;
  static args = { files: Args.string({ description: 'Card files', required: true }) };
  static flags = { 'batch-size': Flags.integer({ summary: 'Cards per batch request.', default: 500 }) };

  async run(): Promise<{ stored: number; unchanged: number; failed: number; results: PushRow[] }> {
    const files = this.rest;
    const rows: PushRow[] = [];
    const valid: { file: string; card: unknown }[] = [];
    for (const file of files) {
      try {
        const card = await readCardFile(file);
        const r = validate(card);
        if (r.ok) valid.push({ file, card });
        else rows.push({ file, status: 'invalid', error: r.issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ') });
      } catch (e) {
        rows.push({ file, status: 'invalid', error: (e as Error).message });
      }
    }
    const progress = createProgress({ label: 'push', total: valid.length, enabled: this.interactive() });
    const lake = this.lake();
    for (let i = 0; i < valid.length; i += this.flags['batch-size']) {
      const chunk = valid.slice(i, i + this.flags['batch-size']);
      const res = await lake.putCards(chunk.map((c) => c.card));
      for (const r of res.results) rows.push({ file: chunk[r.line - 1]!.file, id: r.id, status: r.status, revision: r.revision });
      for (const e of res.errors) rows.push({ file: chunk[e.line - 1]!.file, ...(e.id ? { id: e.id } : {}), status: 'invalid', error: e.message });
      progress.tick(chunk.length);
    }
    progress.done();
    const failed = rows.filter((r) => r.status === 'invalid').length;
    for (const r of rows) this.log(r.error ? `✗ ${r.file}: ${r.error}` : `${r.status === 'unchanged' ? '=' : '✓'} ${r.id} ${r.status} (revision ${r.revision})`);
    const stored = rows.filter((r) => r.status === 'created' || r.status === 'updated').length;
    this.log(`${stored} stored, ${rows.filter((r) => r.status === 'unchanged').length} unchanged, ${failed} invalid`);
    if (failed) process.exitCode = EXIT.invalid;
    return { stored, unchanged: rows.filter((r) => r.status === 'unchanged').length, failed, results: rows };
  }
}
