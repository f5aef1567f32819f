import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import type { ModelCard } from '@modellake/card';
import { findModelFolders, readModelFolder, toLocalModelCard } from '@modellake/core';
import { BaseCommand, EXIT } from '../../base-command.js';
import { createProgress } from '../../progress.js';

/** Result of `modellake import dir`. */
export interface ImportDirResult {
  folders: number;
  imported: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: { model: string; message: string }[];
  /** Entries skipped (FIFOs, links out of DIR, unreadable files, PEFT bases that are paths); the rest is imported. */
  warnings: { path: string; code: string; message: string }[];
  ids: string[];
}

/** `modellake import dir`: import local model folders as cards with fingerprints and declared parents. */
export default class ImportDir extends BaseCommand<typeof ImportDir> {
  static summary = 'Import every model folder under a directory (safetensors, sharded, PEFT adapter, GGUF) as a card with its weight fingerprint.';
  static description =
    'Ids are local:<prefix><folder path relative to DIR>. Declared parents come from README.md front matter (base_model, base_model:* tags), adapter_config.json and GGUF general.base_model.*; the lake then detects lineage from the fingerprints.';
  static examples = ['<%= config.bin %> import dir ./models', '<%= config.bin %> import dir ./checkpoints --prefix team-a/ --json'];
  static args = { dir: Args.directory({ description: 'Root folder of the models', required: true, exists: true }) };
  static flags = {
    prefix: Flags.string({ summary: 'Prefix of every id after `local:`.', default: '' }),
    'batch-size': Flags.integer({ summary: 'Cards per batch request.', default: 50, min: 1 }),
    'dry-run': Flags.boolean({ summary: 'Read and fingerprint only; store nothing.', default: false }),
  };

  async run(): Promise<ImportDirResult> {
    const root = resolve(this.args.dir);
    const warnings = new Map<string, { path: string; code: string; message: string }>();
    const warn = (w: { path: string; code: string; message: string }): void => void (warnings.has(w.path) || warnings.set(w.path, w));
    const found = await findModelFolders(root, { onWarning: warn });
    const progress = createProgress({ label: 'fingerprint', total: found.length, enabled: this.interactive() });
    const siblings = found.map((f) => f.id);
    const result: ImportDirResult = { folders: found.length, imported: 0, created: 0, updated: 0, unchanged: 0, failed: [], warnings: [], ids: [] };
    let batch: ModelCard[] = [];
    const flush = async (): Promise<void> => {
      if (!batch.length || this.flags['dry-run']) return void (batch = []);
      const r = await this.lake().putCards(batch);
      result.created += r.created;
      result.updated += r.updated;
      result.unchanged += r.unchanged;
      for (const e of r.errors) result.failed.push({ model: e.id ?? `line ${e.line}`, message: e.message });
      batch = [];
    };
    for (const f of found) {
      try {
        // Confined to DIR: a README.md or weight file linking out of the tree is skipped with a warning.
        const folder = await readModelFolder(f.dir, f.id, { root });
        for (const w of folder.treeWarnings ?? []) warn(w);
        const card = toLocalModelCard(folder, { idPrefix: this.flags.prefix, importedAt: new Date().toISOString(), root, siblings, connectorVersion: this.config.version });
        batch.push(card);
        result.ids.push(card.id);
      } catch (e) {
        result.failed.push({ model: f.id, message: (e as Error).message });
      }
      progress.tick(1, f.id);
      if (batch.length >= this.flags['batch-size']) await flush();
    }
    await flush();
    progress.done();
    result.imported = result.created + result.updated;
    result.warnings = [...warnings.values()];
    for (const w of result.warnings) this.warn(`${w.path}: ${w.message}`);
    for (const f of result.failed) this.log(`✗ ${f.model}: ${f.message}`);
    this.log(
      `${result.folders} model folders: ` +
        (this.flags['dry-run'] ? `${result.ids.length} fingerprinted (dry run)` : `${result.imported} imported (${result.created} new, ${result.updated} updated), ${result.unchanged} unchanged`) +
        `, ${result.failed.length} failed`,
    );
    if (result.failed.length) process.exitCode = EXIT.invalid;
    return result;
  }
}
