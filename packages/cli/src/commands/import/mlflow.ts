import { Flags } from '@oclif/core';
import { createClientSink, isMlflowError, syncRegistry, type MlflowParams, type SyncSummary } from '@modellake/connector-mlflow';
import { Errors } from '@oclif/core';
import { BaseCommand, EXIT } from '../../base-command.js';
import { createProgress } from '../../progress.js';

/** MLflow connection flags shared by the MLflow commands. */
export const mlflowFlags = {
  'tracking-uri': Flags.string({ summary: 'MLflow tracking server URL.', env: 'MLFLOW_TRACKING_URI', required: true, helpGroup: 'MLFLOW' }),
  'mlflow-token': Flags.string({ summary: 'Bearer token for the tracking server.', env: 'MLFLOW_TRACKING_TOKEN', helpGroup: 'MLFLOW' }),
  'mlflow-username': Flags.string({ summary: 'Basic-auth user for the tracking server.', env: 'MLFLOW_TRACKING_USERNAME', helpGroup: 'MLFLOW' }),
  'mlflow-password': Flags.string({ summary: 'Basic-auth password for the tracking server.', env: 'MLFLOW_TRACKING_PASSWORD', helpGroup: 'MLFLOW' }),
};

/** Builds client params from the MLflow flags. */
export function mlflowParams(f: { 'tracking-uri': string; 'mlflow-token'?: string | undefined; 'mlflow-username'?: string | undefined; 'mlflow-password'?: string | undefined }): MlflowParams {
  return {
    baseUrl: f['tracking-uri'],
    ...(f['mlflow-token'] ? { token: f['mlflow-token'] } : {}),
    ...(f['mlflow-username'] ? { username: f['mlflow-username'], password: f['mlflow-password'] ?? '' } : {}),
  };
}

/** Parses `--since`: an ISO date/time, a duration (`2h`, `3d`) or milliseconds since the epoch. */
export function parseSince(value: string, now: number = Date.now()): number {
  const dur = /^(\d+)\s*(m|h|d)$/.exec(value);
  if (dur) return now - Number(dur[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[dur[2] as 'm' | 'h' | 'd'];
  if (/^\d{10,}$/.test(value)) return Number(value);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Errors.CLIError(`--since ${JSON.stringify(value)} is neither a date (2026-01-31T12:00:00Z), a duration (2h, 3d) nor epoch milliseconds.`, { exit: EXIT.invalid });
  return t;
}

/** Maps connector errors to CLI errors with exit codes. */
export function mlflowCliError(err: unknown): unknown {
  if (!isMlflowError(err)) return err;
  const exit = err.code === 'mlflow-not-found' ? EXIT.notFound : err.code === 'mlflow-unreachable' ? EXIT.unreachable : err.status === 401 || err.status === 403 ? EXIT.auth : err.code === 'mlflow-bad-input' ? EXIT.invalid : EXIT.error;
  const hint = err.status === 401 || err.status === 403 ? ' Pass --mlflow-token or --mlflow-username/--mlflow-password (MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME/PASSWORD).' : '';
  return new Errors.CLIError(err.message + hint, { exit, code: err.code });
}

/** `modellake import mlflow`: sync an MLflow Model Registry into the lake. */
export default class ImportMlflow extends BaseCommand<typeof ImportMlflow> {
  static summary = 'Import registered models and their versions from an MLflow tracking server.';
  static description = 'Each version becomes a card `mlflow:<name>` with version = the MLflow version number, built from the version, its run (params, metrics, datasets) and, on MLflow 3, its logged model. Unchanged versions are skipped.';
  static examples = [
    '<%= config.bin %> import mlflow --tracking-uri http://127.0.0.1:5000',
    '<%= config.bin %> import mlflow --tracking-uri http://mlflow:5000 --model fraud-detector',
    '<%= config.bin %> import mlflow --tracking-uri http://mlflow:5000 --since 2d --json',
  ];
  static flags = {
    ...mlflowFlags,
    model: Flags.string({ summary: 'Only this registered model.' }),
    since: Flags.string({ summary: 'Only models/versions updated since (ISO time, 2h, 3d, or epoch ms).' }),
    concurrency: Flags.integer({ summary: 'Models fetched in parallel.', default: 4 }),
  };

  async run(): Promise<SyncSummary> {
    const f = this.flags;
    const progress = createProgress({ label: 'mlflow', enabled: this.interactive() });
    let total = 0;
    let summary: SyncSummary;
    try {
      summary = await syncRegistry({
        mlflow: mlflowParams(f),
        sink: createClientSink(this.lake()),
        ...(f.model ? { model: f.model } : {}),
        ...(f.since ? { since: parseSince(f.since) } : {}),
        concurrency: f.concurrency,
        onProgress: (p) => {
          if (p.total !== total) progress.setTotal((total = p.total));
          progress.tick(1, `${p.name}${p.version ? ` v${p.version}` : ''}`);
        },
      });
    } catch (err) {
      progress.done();
      throw mlflowCliError(err);
    }
    progress.done();
    for (const x of summary.failed) this.log(`✗ ${x.name}${x.version ? ` v${x.version}` : ''}: ${x.message}`);
    this.log(
      `${summary.models} models, ${summary.versions} versions: ${summary.created} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed.length} failed (${(summary.durationMs / 1000).toFixed(1)} s)` +
        (summary.checkpoint ? `; next incremental run: --since ${summary.checkpoint}` : ''),
    );
    if (summary.failed.length) process.exitCode = EXIT.error;
    return summary;
  }
}
