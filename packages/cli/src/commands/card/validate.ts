import { Args } from '@oclif/core';
import { validate, type CardIssue } from '@modellake/card';
import { BaseCommand, EXIT } from '../../base-command.js';
import { readCardFile } from '../../read-card.js';

/** `modellake card validate`: check card files against the schema without storing them. */
export default class CardValidate extends BaseCommand<typeof CardValidate> {
  static summary = 'Validate card files against the model card schema (every error, with its JSON path).';
  static examples = ['<%= config.bin %> card validate card.json', '<%= config.bin %> card validate cards/*.yaml --json'];
  static strict = false;
  static args = { files: Args.string({ description: 'Card files (.json, .yaml, .md)', required: true }) };

  async run(): Promise<{ valid: number; invalid: number; files: { file: string; ok: boolean; issues: CardIssue[] }[] }> {
    const files: { file: string; ok: boolean; issues: CardIssue[] }[] = [];
    for (const file of this.rest) {
      try {
        const r = validate(await readCardFile(file));
        files.push({ file, ok: r.ok, issues: r.issues });
      } catch (e) {
        files.push({ file, ok: false, issues: [{ path: '', keyword: 'parse', message: (e as Error).message }] });
      }
    }
    for (const f of files) {
      this.log(`${f.ok ? '✓' : '✗'} ${f.file}`);
      for (const i of f.issues) this.log(`    ${i.path || '/'}: ${i.message}`);
    }
    const invalid = files.filter((f) => !f.ok).length;
    if (invalid) process.exitCode = EXIT.invalid;
    return { valid: files.length - invalid, invalid, files };
  }
}
