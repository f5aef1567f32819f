import { Flags } from '@oclif/core';
import type { ModelSummary } from '@modellake/client';
import { BaseCommand } from '../base-command.js';

/** `modellake list`. */
export default class List extends BaseCommand<typeof List> {
  static summary = 'List models in the lake.';
  static examples = ['<%= config.bin %> list --prefix hf:', '<%= config.bin %> list --limit 20 --json'];
  static flags = {
    prefix: Flags.string({ summary: 'Only ids with this prefix (e.g. `mlflow:`).' }),
    limit: Flags.integer({ summary: 'At most this many.', default: 1000 }),
  };

  async run(): Promise<{ models: ModelSummary[] }> {
    const models: ModelSummary[] = [];
    for await (const m of this.lake().listModels({ ...(this.flags.prefix ? { prefix: this.flags.prefix } : {}) })) {
      models.push(m);
      if (models.length >= this.flags.limit) break;
    }
    for (const m of models) this.log(`${m.id}  r${m.latestRevision}${m.version ? ` ${m.version}` : ''}  ${m.name}`);
    return { models };
  }
}
