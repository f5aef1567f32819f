import { Args, Flags } from '@oclif/core';
import { formatProblem, importModelIndex, type ImportModelIndexResult, type ModelIndexProblem } from '@modellake/connector-model-index';
import { BaseCommand, EXIT } from '../../base-command.js';
import { createProgress } from '../../progress.js';

/** `modellake import model-index`: import Papers-with-Code model-index files (OpenMMLab, timm, HF cards). */
export default class ImportModelIndex extends BaseCommand<typeof ImportModelIndex> {
  static summary = 'Import Papers-with-Code model-index files: a root model-index.yml, a metafile, timm pages, HF cards, or a folder of them.';
  static description = 'Ids are mi:<namespace>/<Model Name>. Every model is either imported or reported with its file, line and reason.';
  static examples = [
    '<%= config.bin %> import model-index ./mmdetection/model-index.yml',
    '<%= config.bin %> import model-index ./corpus/model-index --json',
    '<%= config.bin %> import model-index configs/resnet/metafile.yml --namespace mmpretrain',
  ];
  static args = { path: Args.string({ description: 'File or folder to import', required: true }) };
  static flags = {
    namespace: Flags.string({ summary: 'Namespace of the ids (default: the folder holding the root file).' }),
    'batch-size': Flags.integer({ summary: 'Cards per batch request.', default: 500 }),
    'dry-run': Flags.boolean({ summary: 'Map and validate only; store nothing.', default: false }),
    'no-configs': Flags.boolean({ summary: 'Do not read Config: files for checkpoint references.', default: false }),
    warnings: Flags.boolean({ summary: 'List every warning, not only counts.', default: false }),
  };

  async run(): Promise<ImportModelIndexResult> {
    const progress = createProgress({ label: 'model-index', enabled: this.interactive() });
    let shown = 0;
    const result = await importModelIndex({
      path: this.args.path,
      ...(this.flags.namespace ? { namespace: this.flags.namespace } : {}),
      ...(this.flags['dry-run'] ? {} : { client: this.lake() }),
      batchSize: this.flags['batch-size'],
      scanConfigs: !this.flags['no-configs'],
      connectorVersion: this.config.version,
      onProgress: (p) => {
        if (p.stage !== 'push') return;
        if (shown === 0) progress.setTotal(p.total);
        progress.tick(p.done - shown);
        shown = p.done;
      },
    });
    progress.done();
    const errors = result.problems.filter((p) => p.severity === 'error');
    const warnings = result.problems.filter((p) => p.severity === 'warning');
    for (const p of errors) this.log(`✗ ${formatProblem(p)}`);
    if (this.flags.warnings) for (const p of warnings) this.log(`! ${formatProblem(p)}`);
    else if (warnings.length) this.log(`! ${warnings.length} warnings (${countByCode(warnings)}); list them with --warnings`);
    const imported = result.created + result.updated;
    this.log(
      `${result.filesRead} files read, ${result.modelsDeclared} models: ` +
        (this.flags['dry-run'] ? `${result.mapped} valid (dry run)` : `${imported} imported (${result.created} new, ${result.updated} updated), ${result.unchanged} unchanged`) +
        `, ${result.failed} failed (${(result.timings.totalMs / 1000).toFixed(1)} s)`,
    );
    if (result.failed > 0) process.exitCode = EXIT.invalid;
    return result;
  }
}

function countByCode(ps: ModelIndexProblem[]): string {
  const m = new Map<string, number>();
  for (const p of ps) m.set(p.code, (m.get(p.code) ?? 0) + 1);
  return [...m].map(([k, v]) => `${v} ${k}`).join(', ');
}
