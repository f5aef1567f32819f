import { Args } from '@oclif/core';
import { BaseCommand } from '../base-command.js';

/** `modellake history`: revisions and audit entries of a model. */
export default class History extends BaseCommand<typeof History> {
  static summary = 'List the revisions of a model and the audit entries about it.';
  static examples = ['<%= config.bin %> history hf:openai-community/gpt2'];
  static args = { id: Args.string({ description: 'Model id', required: true }) };

  async run() {
    const lake = this.lake();
    const [versions, history] = await Promise.all([lake.versions(this.args.id), lake.history(this.args.id)]);
    for (const v of versions.versions) this.log(`r${v.revision}  ${v.createdAt}  ${v.hash.slice(0, 19)}  ${v.version ?? ''}  by ${v.actor}`);
    this.log('');
    for (const e of history.entries) this.log(`#${e.seq} ${e.at} ${e.actor} ${e.action} ${JSON.stringify(e.details)}`);
    return { id: versions.id, versions: versions.versions, audit: history.entries };
  }
}
