import { Args, Flags } from '@oclif/core';
import { formatProblem, importDvcRepo, type DvcImportSummary } from '@modellake/connector-dvc';
import { BaseCommand, EXIT } from '../../base-command.js';

/** `modellake import dvc`: import the models of a DVC repository (dvc.yaml artifacts, dvc.lock lineage, params, metrics, GTO tags). */
export default class ImportDvc extends BaseCommand<typeof ImportDvc> {
  static summary = 'Import the models of a DVC repository: artifacts, dvc.lock lineage, params, metrics and GTO versions.';
  static description =
    'Walks every DVC project under the directory (each dvc.yaml, plus .dvc files). One card per artifact of type `model` (id dvc:<repo>/<artifact>, or dvc:<repo>/<dir>:<artifact> in a nested project); with --all-outs also one per model-like stage output. A stage input whose hash is another model\'s output becomes a declared parent, also across repositories already imported. Bad files are reported with their line and reason; the cards that can be built are.';
  static examples = [
    '<%= config.bin %> import dvc .',
    '<%= config.bin %> import dvc ~/src/example-get-started --all-outs --json',
    '<%= config.bin %> import dvc . --dry-run --repo-name churn-models',
  ];
  static args = { dir: Args.string({ description: 'Repository directory', default: '.' }) };
  static flags = {
    'all-outs': Flags.boolean({ summary: 'Also import every model-like stage output that is not a declared artifact.', default: false }),
    'repo-name': Flags.string({ summary: 'Repository name in card ids (default: the origin remote name, else the directory name).' }),
    'scan-lake': Flags.boolean({ summary: 'Also list the lake\'s dvc: cards to match input hashes no index entry knows (slow on big lakes).', default: false }),
    'dry-run': Flags.boolean({ summary: 'Build and validate the cards; store nothing.', default: false }),
    'batch-size': Flags.integer({ summary: 'Cards per batch request.', default: 500 }),
  };

  async run(): Promise<DvcImportSummary> {
    const summary = await importDvcRepo({
      dir: this.args.dir,
      ...(this.flags['dry-run'] ? {} : { client: this.lake() }),
      allOuts: this.flags['all-outs'],
      scanLake: this.flags['scan-lake'],
      batchSize: this.flags['batch-size'],
      ...(this.flags['repo-name'] ? { repoName: this.flags['repo-name'] } : {}),
    });
    for (const c of summary.cards) {
      const mark = c.status === 'failed' ? '✗' : c.status === 'unchanged' ? '=' : '✓';
      const parents = c.parents.length > 0 ? ` <- ${c.parents.join(', ')}` : '';
      this.log(`${mark} ${c.id}${c.version ? `@${c.version}` : ''} ${c.status}${parents}${c.error ? `: ${c.error}` : ''}`);
    }
    for (const p of summary.problems) this.log(`! ${formatProblem(p)}`);
    const head = summary.commit ? ` at ${summary.commit.slice(0, 12)}` : '';
    this.log(
      `${summary.repoName}${head}: ${summary.projects.length} DVC project(s), ${summary.cards.length} model(s): ` +
        (this.flags['dry-run'] ? 'dry run, nothing stored' : `${summary.created} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed`) +
        `; ${summary.problems.length} problem(s)`,
    );
    if (summary.failed > 0) process.exitCode = EXIT.invalid;
    return summary;
  }
}
