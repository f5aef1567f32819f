import { Args, Flags } from '@oclif/core';
import type { SearchResponse as ClientSearchResponse } from '@modellake/client';
import type { SearchResponse } from '@modellake/core';
import { BaseCommand } from '../base-command.js';

/** `modellake search`: hybrid semantic search with facets, filters and explanations. */
export default class Search extends BaseCommand<typeof Search> {
  static summary = 'Search the lake in plain language; narrow with facet filters.';
  static description =
    'Ranks by full text and embeddings together. Phrases such as "trained on COCO", "box AP above 40" or "under 50M params" become filters; ' +
    'each hit says which fields and concepts matched.';
  static examples = [
    '<%= config.bin %> search "find me models that can summarise legal contracts in plain language"',
    '<%= config.bin %> search "detectors trained on COCO with box AP above 40 under 50M params" --json --limit 5',
    "<%= config.bin %> search \"real-time detector\" --filter task=object-detection --filter 'params<5e8' --filter 'metric:box AP>=40'",
  ];
  static args = { query: Args.string({ description: 'What you are looking for (may be empty when filters are given)', required: false }) };
  static flags = {
    limit: Flags.integer({ summary: 'Number of hits.', default: 10, min: 1, max: 1000 }),
    offset: Flags.integer({ summary: 'Hits to skip (paging).', default: 0, min: 0 }),
    filter: Flags.string({ summary: "Facet filter, repeatable: task=object-detection, license!=mit, 'params<5e8', 'metric:box AP>=40'.", multiple: true }),
    facets: Flags.boolean({ summary: 'Also print facet counts.', default: false }),
  };

  async run(): Promise<SearchResponse> {
    const query = this.args.query ?? '';
    const res = (await this.lake().search<ClientSearchResponse>(query, {
      limit: this.flags.limit,
      offset: this.flags.offset,
      ...(this.flags.filter ? { filters: this.flags.filter } : {}),
    })) as unknown as SearchResponse;
    for (const w of res.warnings ?? []) this.warn(w);
    if (res.parsed.filters.length) this.log(`filters: ${res.parsed.filters.join('  ')}${res.parsed.text ? `   text: "${res.parsed.text}"` : ''}`);
    this.log(`${res.total} model${res.total === 1 ? '' : 's'}`);
    for (const h of res.hits) {
      const why = [
        h.explanation.concepts.length ? `concepts ${h.explanation.concepts.slice(0, 3).join(', ')}` : '',
        Object.keys(h.explanation.fields).length ? `fields ${Object.keys(h.explanation.fields).join(', ')}` : '',
      ].filter(Boolean);
      this.log(`${h.score.toFixed(3)}  ${h.id}${h.card.tasks?.length ? `  [${h.card.tasks.slice(0, 2).join(', ')}]` : ''}${why.length ? `  (${why.join('; ')})` : ''}`);
    }
    if (this.flags.facets) {
      for (const [name, values] of Object.entries(res.facets)) {
        if (name === 'metricRanges' || !Array.isArray(values) || values.length === 0) continue;
        this.log(`${name.padEnd(11)} ${(values as { value: string; count: number }[]).slice(0, 8).map((v) => `${v.value} (${v.count})`).join(', ')}`);
      }
    }
    return res;
  }
}
