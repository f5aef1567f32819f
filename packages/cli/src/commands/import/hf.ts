import { Errors, Flags } from '@oclif/core';
import {
  createFileCheckpointStore,
  createLakeCheckpointStore,
  createRangeSketcher,
  DEFAULT_CONCURRENCY,
  DEFAULT_HUB_URL,
  importFromHub,
  lastRunStart,
  type HfSelection,
  type ImportSummary,
} from '@modellake/connector-huggingface';
import { BaseCommand, EXIT } from '../../base-command.js';
import { createProgress } from '../../progress.js';

/** `modellake import hf`: import models and their metadata from the Hugging Face Hub (or a mirror). */
export default class ImportHf extends BaseCommand<typeof ImportHf> {
  static summary = 'Import models from the Hugging Face Hub: info, card, config, safetensors metadata, files, lineage.';
  static description =
    'Each repo becomes a card hf:<repo id> at version = its commit sha. Base models (base_model, base_model:<relation>:<id> tags, PEFT adapter_config) become parents hf:<id>, resolved when they arrive. A 307 rename makes the old name an alias. Gated, private and missing repos are skipped with a reason; failures are reported; a model is written whole or not at all. The importer state (commit per repo for unchanged detection, --since last, --resume) is kept in the lake state store (or in --checkpoint FILE).';
  static examples = [
    '<%= config.bin %> import hf --model google-bert/bert-base-uncased --model openai-community/gpt2',
    '<%= config.bin %> import hf --author meta-llama --filter task=text-generation --limit 50',
    '<%= config.bin %> import hf --search bert --filter library=transformers --filter tag=en --since last',
    '<%= config.bin %> import hf --author acme --weights sketch --hub-url http://hub.internal:8080 --resume',
  ];
  static flags = {
    model: Flags.string({ summary: 'Repo id to import (repeatable); no listing is done.', multiple: true }),
    author: Flags.string({ summary: 'Only repos of this user or organisation.' }),
    search: Flags.string({ summary: 'Only repos whose name contains this text.' }),
    filter: Flags.string({ summary: 'task=<pipeline tag>, library=<library>, tag=<tag> (repeatable).', multiple: true }),
    limit: Flags.integer({ summary: 'Stop after this many models.', min: 1 }),
    since: Flags.string({ summary: 'Only repos modified since: an ISO date, a duration (6h, 7d), or `last` (start of the last finished import of the same selection).' }),
    weights: Flags.string({ summary: 'Weight fingerprint: `none`, or `sketch` (ranged reads of sampled tensor values, never the whole file).', options: ['none', 'sketch'], default: 'none' }),
    concurrency: Flags.integer({ summary: 'Models fetched at once.', default: DEFAULT_CONCURRENCY, min: 1 }),
    resume: Flags.boolean({ summary: 'Continue the interrupted import of the same selection.', default: false }),
    force: Flags.boolean({ summary: 'Re-import models whose commit did not change.', default: false }),
    'hub-url': Flags.string({ summary: 'Hub URL (a mirror or a self-hosted hub).', env: 'HF_ENDPOINT', default: DEFAULT_HUB_URL, helpGroup: 'HUB' }),
    'hf-token': Flags.string({ summary: 'Hub access token.', env: 'HF_TOKEN', helpGroup: 'HUB' }),
    checkpoint: Flags.string({ summary: 'Keep the importer state in this JSON file instead of the lake.' }),
  };

  async run(): Promise<ImportSummary> {
    const f = this.flags;
    const selection: HfSelection = {};
    if (f.model?.length) selection.models = f.model;
    if (f.author) selection.author = f.author;
    if (f.search) selection.search = f.search;
    if (f.limit) selection.limit = f.limit;
    for (const spec of f.filter ?? []) {
      const m = /^(task|library|tag|tags)=(.+)$/.exec(spec);
      if (!m) throw new Errors.CLIError(`--filter ${JSON.stringify(spec)} must be task=<pipeline tag>, library=<name> or tag=<tag>.`, { exit: EXIT.invalid });
      if (m[1] === 'task') selection.task = m[2]!;
      else if (m[1] === 'library') selection.library = m[2]!;
      else selection.tags = [...(selection.tags ?? []), ...m[2]!.split(',')];
    }
    const client = this.lake();
    const checkpoint = f.checkpoint ? createFileCheckpointStore(f.checkpoint) : createLakeCheckpointStore(client);
    if (f.since) {
      if (f.since === 'last') {
        const last = await lastRunStart(checkpoint, selection, f['hub-url']);
        if (last) selection.since = last;
        else this.warn('--since last: no finished import of this selection yet; importing everything.');
      } else selection.since = new Date(parseSince(f.since));
    }

    const ac = new AbortController();
    const onSigint = () => {
      if (ac.signal.aborted) process.exit(130);
      ac.abort();
    };
    process.once('SIGINT', onSigint);
    const progress = createProgress({ label: 'hf', total: selection.models?.length ?? selection.limit ?? 0, enabled: this.interactive() });
    let summary: ImportSummary;
    try {
      summary = await importFromHub({
        hubUrl: f['hub-url'],
        ...(f['hf-token'] ? { token: f['hf-token'] } : {}),
        selection,
        sink: client,
        checkpoint,
        resume: f.resume,
        force: f.force,
        concurrency: f.concurrency,
        ...(f.weights === 'sketch' ? { sketch: createRangeSketcher() } : {}),
        signal: ac.signal,
        connectorVersion: this.config.version,
        onProgress: (p) => progress.tick(1, p.id),
      });
    } finally {
      progress.done();
      process.off('SIGINT', onSigint);
    }
    for (const s of summary.skipped) this.log(`- skipped ${s.repoId}: ${s.reason}`);
    for (const x of summary.failed) this.log(`✗ failed ${x.repoId}: ${x.reason}`);
    for (const w of summary.warnings) this.log(`! ${w.repoId}: ${w.message}`);
    const created = summary.imported.filter((i) => i.status === 'created').length;
    this.log(
      `${summary.imported.length} imported (${created} new, ${summary.imported.length - created} updated), ${summary.unchanged.length} unchanged, ` +
        `${summary.skipped.length} skipped, ${summary.failed.length} failed` +
        (summary.resumed ? `, ${summary.resumed} already done before the interruption` : '') +
        ` in ${(summary.durationMs / 1000).toFixed(1)} s` +
        (summary.interrupted ? '; interrupted: run the same command with --resume to continue' : ''),
    );
    if (summary.failed.length || summary.interrupted) process.exitCode = EXIT.error;
    return summary;
  }
}

function parseSince(value: string, now = Date.now()): number {
  const dur = /^(\d+)\s*(m|h|d)$/.exec(value);
  if (dur) return now - Number(dur[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[dur[2] as 'm' | 'h' | 'd'];
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Errors.CLIError(`--since ${JSON.stringify(value)} is neither a date (2026-01-31 or 2026-01-31T12:00:00Z), a duration (6h, 7d) nor \`last\`.`, { exit: EXIT.invalid });
  return t;
}
