import { Flags } from '@oclif/core';
import { createClientSink, trackingServerUrl, watchRegistry } from '@modellake/connector-mlflow';
import { BaseCommand } from '../../base-command.js';
import { mlflowCliError, mlflowFlags, mlflowParams, parseSince } from '../import/mlflow.js';

/** `modellake mlflow watch`: poll a registry that cannot send webhooks. */
export default class MlflowWatch extends BaseCommand<typeof MlflowWatch> {
  static summary = 'Keep the lake in sync with an MLflow registry by polling (for servers without webhooks).';
  static description = 'Runs a sync, then every --interval an incremental sync from the last change seen. The checkpoint is kept in the lake (state key mlflow-watch:<tracking uri>), so a restarted watch resumes. Stop with Ctrl-C.';
  static examples = ['<%= config.bin %> mlflow watch --tracking-uri http://mlflow:5000 --interval 60', '<%= config.bin %> mlflow watch --tracking-uri http://mlflow:5000 --once --json'];
  static flags = {
    ...mlflowFlags,
    model: Flags.string({ summary: 'Only this registered model.' }),
    interval: Flags.integer({ summary: 'Seconds between polls.', default: 30 }),
    since: Flags.string({ summary: 'Start from this time instead of the saved checkpoint (ISO time, 2h, 3d, epoch ms).' }),
    once: Flags.boolean({ summary: 'Poll once and exit.', default: false }),
  };

  async run(): Promise<{ polls: number; checkpoint?: number }> {
    const f = this.flags;
    const lake = this.lake();
    const key = `mlflow-watch:${trackingServerUrl(f['tracking-uri'])}${f.model ? `:${f.model}` : ''}`;
    const saved = await lake.getState<number>(key);
    const since = f.since ? parseSince(f.since) : saved;
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let polls = 0;
    let checkpoint = since;
    try {
      await watchRegistry({
        mlflow: mlflowParams(f),
        sink: createClientSink(lake),
        ...(f.model ? { model: f.model } : {}),
        ...(since !== undefined ? { since } : {}),
        intervalMs: f.interval * 1000,
        signal: ac.signal,
        onSync: (s) => {
          polls++;
          if (s.checkpoint !== undefined && s.failed.length === 0 && s.checkpoint !== checkpoint) {
            checkpoint = s.checkpoint;
            void lake.setState(key, checkpoint);
          }
          const changed = s.created + s.updated;
          if (changed || s.failed.length || polls === 1) this.log(`${new Date().toISOString()} ${s.versions} versions checked: ${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.failed.length} failed`);
          for (const x of s.failed) this.log(`  ✗ ${x.name}${x.version ? ` v${x.version}` : ''}: ${x.message}`);
          if (f.once) ac.abort();
        },
        onError: (err) => {
          const e = mlflowCliError(err) as Error;
          this.warn(`poll failed, retrying in ${f.interval} s: ${e.message}`);
          if (f.once) {
            ac.abort();
            throw e;
          }
        },
      });
    } finally {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    }
    if (checkpoint !== undefined) await lake.setState(key, checkpoint);
    return { polls, ...(checkpoint !== undefined ? { checkpoint } : {}) };
  }
}
