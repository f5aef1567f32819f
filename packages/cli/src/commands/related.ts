import { Args, Flags } from '@oclif/core';
import type { RelatedHit } from '@modellake/core';
import { BaseCommand } from '../base-command.js';

/** `modellake related`: nearest models by text, architecture and weights. */
export default class Related extends BaseCommand<typeof Related> {
  static summary = 'List the models most like one model (by text, architecture and weights).';
  static examples = ['<%= config.bin %> related mi:mmdetection/yolox_s_8x8_300e_coco', '<%= config.bin %> related hf:google-bert/bert-base-uncased --limit 5 --json'];
  static args = { id: Args.string({ description: 'Model id', required: true }) };
  static flags = { limit: Flags.integer({ summary: 'Number of models.', default: 10, min: 1, max: 1000 }) };

  async run(): Promise<{ id: string; related: RelatedHit[] }> {
    const res = await this.lake().related<{ id: string; related: RelatedHit[] }>(this.args.id, { limit: this.flags.limit });
    for (const r of res.related) {
      const s = r.signals;
      const parts = [s.text !== undefined ? `text ${s.text.toFixed(2)}` : '', s.architecture !== undefined ? `arch ${s.architecture.toFixed(2)}` : '', s.weights !== undefined ? `weights ${s.weights.toFixed(2)}` : ''].filter(Boolean);
      this.log(`${r.score.toFixed(3)}  ${r.id}  (${parts.join(', ')})`);
    }
    return res;
  }
}
