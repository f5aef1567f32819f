import { BaseCommand } from '../../base-command.js';
import { databaseUrlFlag, withDatabaseTokens } from '../../token-store.js';

/** `modellake token list`. */
export default class TokenList extends BaseCommand<typeof TokenList> {
  static summary = 'List API tokens (never their secrets).';
  static flags = { ...databaseUrlFlag };

  async run() {
    const url = this.flags['database-url'];
    const { tokens } = url
      ? await withDatabaseTokens(url, this.flags['lake-url'], async (storage) => ({ tokens: await storage.listTokens() }))
      : await this.lake().listTokens();
    for (const t of tokens) this.log(`${t.name.padEnd(20)} ${t.role.padEnd(7)} ${t.createdAt}${t.revokedAt ? `  revoked ${t.revokedAt}` : ''}  ${t.id}`);
    return { tokens };
  }
}
