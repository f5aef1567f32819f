import { Args } from '@oclif/core';
import { LakeError } from '@modellake/core';
import { BaseCommand } from '../../base-command.js';
import { databaseUrlFlag, withDatabaseTokens } from '../../token-store.js';

/** `modellake token revoke`. */
export default class TokenRevoke extends BaseCommand<typeof TokenRevoke> {
  static summary = 'Revoke an API token by name or id.';
  static args = { token: Args.string({ description: 'Token name or id', required: true }) };
  static flags = { ...databaseUrlFlag };

  async run() {
    const url = this.flags['database-url'];
    const t = url
      ? await withDatabaseTokens(url, this.flags['lake-url'], async (storage, actor) => {
          const rec = await storage.revokeToken(this.args.token, new Date().toISOString(), actor);
          if (!rec) throw new LakeError('not-found', 404, `No token ${this.args.token}.`);
          return rec;
        })
      : await this.lake().revokeToken(this.args.token);
    this.log(`Revoked ${t.name}.`);
    return t;
  }
}
