import fs from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { parseVersionedId } from '@modellake/card';
import type { CitationEntry } from '@modellake/core';
import { BaseCommand } from '../base-command.js';

/** `modellake cite`: citation of a model, its ancestors and its datasets. */
export default class Cite extends BaseCommand<typeof Cite> {
  static summary = 'Cite a model with its ancestors and datasets (BibTeX, CITATION.cff, APA).';
  static examples = [
    '<%= config.bin %> cite hf:acme/llama-support-bot',
    '<%= config.bin %> cite hf:acme/llama-support-bot --format cff --output CITATION.cff',
    '<%= config.bin %> cite hf:acme/llama-support-bot@v2 --format apa',
  ];
  static args = { id: Args.string({ description: 'Model id, optionally id@version', required: true }) };
  static flags = {
    format: Flags.string({ char: 'f', summary: 'Citation format.', options: ['bibtex', 'cff', 'apa'], default: 'bibtex' }),
    output: Flags.string({ char: 'o', summary: 'Write to this file instead of stdout.' }),
  };

  async run(): Promise<{ format: string; text: string; entries: CitationEntry[] }> {
    const ref = parseVersionedId(this.args.id);
    const lake = this.lake();
    const res = await lake.request<{ format: string; text: string; entries: CitationEntry[] }>('GET', lake.modelPath(ref.id, 'citation'), {
      query: { format: this.flags.format, ...(ref.version ? { version: ref.version } : {}) },
    });
    if (this.flags.output) {
      fs.writeFileSync(this.flags.output, res.text);
      if (!this.jsonEnabled()) this.log(`Wrote ${res.entries.length} ${this.flags.format} entries to ${this.flags.output}.`);
    } else if (!this.jsonEnabled()) {
      process.stdout.write(res.text);
    }
    return res;
  }
}
