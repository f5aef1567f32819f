import { join } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { HOOK_NAMES, installHooks, type HookName, type HooksResult } from '@modellake/connector-dvc';
import { BaseCommand } from '../../base-command.js';

/** `modellake dvc install`: git hooks that import the repository's DVC models after each commit and before each push. */
export default class DvcInstall extends BaseCommand<typeof DvcInstall> {
  static summary = 'Install post-commit and pre-push hooks that import this repository\'s DVC models into the lake.';
  static description =
    'Existing hooks (for example DVC\'s own `dvc install` hooks) are kept and run after ours with their arguments and stdin. The hook skips the import when dvc.yaml, dvc.lock, .dvc, params files and tags are unchanged since the last import, runs it in the background, and never fails a commit or push: failures go to .git/modellake/hook.log. Run again to update; `modellake dvc uninstall` restores the previous hooks. Tokens are not written into hooks: set MODELLAKE_TOKEN in the environment for a remote lake.';
  static examples = ['<%= config.bin %> dvc install', '<%= config.bin %> dvc install --lake-url http://lake:8470', '<%= config.bin %> dvc install ../models-repo --hook post-commit --all-outs'];
  static args = { dir: Args.string({ description: 'Directory inside the git repository', default: '.' }) };
  static flags = {
    hook: Flags.string({ summary: 'Install only this hook (repeatable).', options: [...HOOK_NAMES], multiple: true }),
    'all-outs': Flags.boolean({ summary: 'Hooks import with --all-outs.', default: false }),
    'repo-name': Flags.string({ summary: 'Hooks import with this --repo-name.' }),
  };

  async run(): Promise<HooksResult> {
    // Absolute node and CLI paths: hooks run from GUIs and IDEs with a minimal PATH.
    const command = [process.execPath, join(this.config.root, 'bin', 'run.js')];
    const url = this.flags['lake-url'];
    const args = url ? ['--lake-url', url] : ['--home', this.home()];
    if (this.flags['all-outs']) args.push('--all-outs');
    if (this.flags['repo-name']) args.push('--repo-name', this.flags['repo-name']);
    const result = await installHooks({ dir: this.args.dir, command, args, ...(this.flags.hook ? { hooks: this.flags.hook as HookName[] } : {}) });
    for (const c of result.changes) this.log(`${c.action === 'unchanged' ? '=' : '✓'} ${c.hook}: ${c.action}${c.chained ? ` (runs ${c.chained} after the import)` : ''}`);
    this.log(`Hooks import into ${url ?? this.home()}${url && !this.flags.token ? '; set MODELLAKE_TOKEN where git runs if the lake needs a token' : ''}.`);
    return result;
  }
}
