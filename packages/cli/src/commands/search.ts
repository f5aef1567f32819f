import { Args, Flags } from '@oclif/core';
import type { SearchResponse } from '@modellake/client';
import { BaseCommand } from '../base-command.js';

/** `modellake search`. */
export default class Search extends BaseCommand<typeof Search> {
  static summary = 'Search the lake.';
  static examples = ['<%= config.bin %> search "bert sentiment"'];
  static args = { query: Args.string({ description: 'What you are looking for', required: true }) };
  static flags = {
    limit: Flags.integer({ summary: 'Number of hits.', default: 10 }),
    filter: Flags.string({ summary: 'Facet filter, repeatable.', multiple: true }),
  };

  async run(): Promise<SearchResponse> {
    const res = await this.lake().search(this.args.query, { limit: this.flags.limit, ...(this.flags.filter ? { filters: this.flags.filter } : {}) });
    for (const h of res.hits) this.log(`${h.score.toFixed(3)}  ${h.id}  ${h.name}`);
    return res;
  }
}
