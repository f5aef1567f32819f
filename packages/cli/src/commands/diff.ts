import { Args, Errors, Flags } from '@oclif/core';
import { parseVersionedId, type ModelCard } from '@modellake/card';
import { diffCards, renderDiffMarkdown, renderDiffText, type CardDiff } from '@modellake/core';
import { BaseCommand, EXIT } from '../base-command.js';

/** `modellake diff`: architecture, weights, data, metrics and governance differences of two models or versions. */
export default class Diff extends BaseCommand<typeof Diff> {
  static summary = 'Diff two models, two versions of a model, a model against its previous revision, or against its declared parent.';
  static description =
    'Sections: architecture (config keys; tensors added, removed, reshaped), weights (per-tensor relative change from fingerprints; the layers that moved most), data (training datasets added, removed), metrics (delta per task, dataset and metric) and governance. `--json` prints the complete diff.';
  static examples = [
    '<%= config.bin %> diff gh:acme/models/sentiment@v1 gh:acme/models/sentiment@v2',
    '<%= config.bin %> diff hf:acme/llama-ft            # previous revision → latest',
    '<%= config.bin %> diff hf:acme/llama-ft --parent   # declared parent → model',
    '<%= config.bin %> diff hf:a/x hf:b/y --json',
    '<%= config.bin %> diff hf:a/x@1 hf:a/x@2 --markdown >> $GITHUB_STEP_SUMMARY',
  ];
  static args = {
    a: Args.string({ description: 'Model ref `id` or `id@version` (the older side, or the only model)', required: true }),
    b: Args.string({ description: 'Model ref `id` or `id@version` (the newer side)' }),
  };
  static flags = {
    parent: Flags.boolean({ summary: 'Compare the model against its first declared parent (with one ref only).' }),
    limit: Flags.integer({ summary: 'Rows shown per list on the terminal.', default: 15, min: 1 }),
    color: Flags.boolean({ summary: 'Colour the output (default: when stdout is a TTY).', allowNo: true }),
    markdown: Flags.boolean({ summary: 'Print Markdown tables (for a pull request or a wiki) instead of the terminal view.' }),
  };

  /** The two cards to compare when only one ref is given: its declared parent, or its previous revision. */
  private async derivedSides(ref: string): Promise<[ModelCard, ModelCard]> {
    const lake = this.lake();
    const { id, version } = parseVersionedId(ref);
    const res = await lake.getCard(id, version ? { version } : {});
    if (this.flags.parent) {
      const parent = res.card.lineage?.parents?.[0];
      if (!parent) throw new Errors.CLIError(`${ref} declares no parent (card.lineage.parents is empty); pass two refs instead.`, { exit: EXIT.invalid });
      const p = await lake.findCard(parent.id, parent.version ? { version: parent.version } : {});
      if (!p) throw new Errors.CLIError(`Parent ${parent.id}${parent.version ? `@${parent.version}` : ''} of ${ref} is not in the lake; import it first.`, { exit: EXIT.notFound });
      return [p.card, res.card];
    }
    if (res.meta.revision <= 1) throw new Errors.CLIError(`${id} revision ${res.meta.revision} is its first; nothing to compare with. Pass two refs or --parent.`, { exit: EXIT.invalid });
    const { versions } = await lake.versions(id);
    const prev = versions.filter((v) => v.revision < res.meta.revision).at(-1)!;
    return [(await lake.getCard(id, { revision: prev.revision })).card, res.card];
  }

  async run(): Promise<CardDiff> {
    const { a, b } = this.args;
    if (b && this.flags.parent) throw new Errors.CLIError('--parent takes one ref (the model); with two refs, drop --parent.', { exit: EXIT.invalid });
    const diff = b ? await this.lake().diff<CardDiff>(a, b) : diffCards(...(await this.derivedSides(a)));
    if (!this.jsonEnabled()) {
      const color = this.flags.color ?? !!process.stdout.isTTY;
      process.stdout.write(this.flags.markdown ? renderDiffMarkdown(diff, { limit: this.flags.limit }) : renderDiffText(diff, { color, limit: this.flags.limit }));
    }
    return diff;
  }
}
