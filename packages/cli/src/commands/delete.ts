import { Args } from '@oclif/core';
import { BaseCommand } from '../base-command.js';

/** `modellake delete`. */
export default class Delete extends BaseCommand<typeof Delete> {
  static summary = 'Delete a model (a tombstone: history is kept; needs admin on a remote lake).';
  static description = 'Approvals do not survive a delete: if the model is stored again (even the very same card), every version starts over as draft and must be approved again.';
  static args = { id: Args.string({ description: 'Model id', required: true }) };

  async run() {
    await this.lake().deleteCard(this.args.id);
    this.log(`Deleted ${this.args.id}.`);
    return { id: this.args.id, deleted: true };
  }
}
