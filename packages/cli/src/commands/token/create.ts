import { Flags } from '@oclif/core';
import { createToken } from '@modellake/core';
import { BaseCommand } from '../../base-command.js';
import { databaseUrlFlag, withDatabaseTokens } from '../../token-store.js';

/** `modellake token create`. */
export default class TokenCreate extends BaseCommand<typeof TokenCreate> {
  static summary = 'Create an API token (the secret is shown once).';
  static description = 'Through the lake (embedded --home, or --lake-url with an admin token), or directly in a PostgreSQL lake\'s database with --database-url (to bootstrap or recover admin access).';
  static examples = [
    '<%= config.bin %> token create --name ci --role writer',
    '<%= config.bin %> token create --name ops --role admin --database-url postgres://lake@db/lake',
  ];
  static flags = {
    name: Flags.string({ summary: 'Token name (unique).', required: true }),
    role: Flags.string({ summary: 'Role.', options: ['reader', 'writer', 'admin'], default: 'reader' }),
    ...databaseUrlFlag,
  };

  async run() {
    const role = this.flags.role as 'reader' | 'writer' | 'admin';
    const url = this.flags['database-url'];
    const t = url
      ? await withDatabaseTokens(url, this.flags['lake-url'], async (storage, actor) => {
          const { token, secret } = await createToken(storage, this.flags.name, role, new Date().toISOString(), { actor });
          return { ...token, secret };
        })
      : await this.lake().createToken(this.flags.name, role);
    this.log(`Created ${t.role} token ${t.name} (${t.id}).\nSecret (shown once): ${t.secret}`);
    return t;
  }
}
