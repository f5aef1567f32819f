import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';

/** `modellake token revoke`. */
export default class TokenRevoke extends BaseCommand<typeof TokenRevoke> {
  static summary = 'Revoke an API token by name or id.';
  static args = { token: Args.string({ description: 'Token name or id', required: true }) };

  async run() {
    const t = await this.lake().revokeToken(this.args.token);
    this.log(`Revoked ${t.name}.`);
    return t;
  }
}
