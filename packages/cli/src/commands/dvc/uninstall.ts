import { Args } from '@oclif/core';
import { uninstallHooks, type HooksResult } from '@modellake/connector-dvc';
import { BaseCommand } from '../../base-command.js';

/** `modellake dvc uninstall`: remove modellake's git hooks and restore the hooks they chained. */
export default class DvcUninstall extends BaseCommand<typeof DvcUninstall> {
  static summary = 'Remove the DVC import hooks and restore the hooks that were there before.';
  static examples = ['<%= config.bin %> dvc uninstall'];
  static args = { dir: Args.string({ description: 'Directory inside the git repository', default: '.' }) };

  async run(): Promise<HooksResult> {
    const result = await uninstallHooks({ dir: this.args.dir });
    for (const c of result.changes) this.log(`${c.action === 'not-installed' ? '=' : '✓'} ${c.hook}: ${c.action}`);
    return result;
  }
}
