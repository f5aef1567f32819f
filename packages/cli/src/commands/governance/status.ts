import { Args, Flags } from '@oclif/core';
import { parseVersionedId } from '@modellake/card';
import type { ApprovalState } from '@modellake/core';
import { BaseCommand } from '../../base-command.js';
import { formatApproval } from '../../governance.js';

/** `modellake governance status`: approval status and history of a model version. */
export default class GovernanceStatus extends BaseCommand<typeof GovernanceStatus> {
  static summary = 'Show the approval status of a model version and its transitions (actor, time, comment).';
  static examples = ['<%= config.bin %> governance status hf:acme/sentiment', '<%= config.bin %> governance status hf:acme/sentiment --revision 1'];
  static args = { id: Args.string({ description: 'Model id, optionally id@version', required: true }) };
  static flags = { revision: Flags.integer({ summary: 'Revision (default: latest).', min: 1 }) };

  async run(): Promise<ApprovalState> {
    const ref = parseVersionedId(this.args.id);
    const lake = this.lake();
    const state = await lake.request<ApprovalState>('GET', lake.modelPath(ref.id, 'approval'), { query: { revision: this.flags.revision, version: ref.version } });
    this.log(formatApproval(state));
    return state;
  }
}
