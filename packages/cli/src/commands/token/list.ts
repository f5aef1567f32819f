import { BaseCommand } from '../../base-command.js';

/** `modellake token list`. */
export default class TokenList extends BaseCommand<typeof TokenList> {
  static summary = 'List API tokens (never their secrets).';

  async run() {
    const { tokens } = await this.lake().listTokens();
    for (const t of tokens) this.log(`${t.name.padEnd(20)} ${t.role.padEnd(7)} ${t.createdAt}${t.revokedAt ? `  revoked ${t.revokedAt}` : ''}  ${t.id}`);
    return { tokens };
  }
}
