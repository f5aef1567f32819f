import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';

/** `modellake token create`. */
export default class TokenCreate extends BaseCommand<typeof TokenCreate> {
  static summary = 'Create an API token (the secret is shown once).';
  static examples = ['<%= config.bin %> token create --name ci --role writer'];
  static flags = {
    name: Flags.string({ summary: 'Token name (unique).', required: true }),
    role: Flags.string({ summary: 'Role.', options: ['reader', 'writer', 'admin'], default: 'reader' }),
  };

  async run() {
    const t = await this.lake().createToken(this.flags.name, this.flags.role as 'reader' | 'writer' | 'admin');
    this.log(`Created ${t.role} token ${t.name} (${t.id}).\nSecret (shown once): ${t.secret}`);
    return t;
  }
}
