import { Args, Flags } from '@oclif/core';
import { parseVersionedId } from '@modellake/card';
import type { CardResponse } from '@modellake/client';
import { BaseCommand } from '../base-command.js';

/** `modellake show`: print a card. */
export default class Show extends BaseCommand<typeof Show> {
  static summary = 'Show a model card (latest revision, or --revision / id@version).';
  static examples = ['<%= config.bin %> show hf:google-bert/bert-base-uncased', '<%= config.bin %> show mlflow:fraud-detector@3 --json'];
  static args = { id: Args.string({ description: 'Model id, optionally id@version', required: true }) };
  static flags = { revision: Flags.integer({ summary: 'Revision number.' }) };

  async run(): Promise<CardResponse> {
    const ref = parseVersionedId(this.args.id);
    const res = await this.lake().getCard(ref.id, { ...(this.flags.revision ? { revision: this.flags.revision } : {}), ...(ref.version ? { version: ref.version } : {}) });
    const c = res.card;
    this.log(`${c.name}  (${c.id})`);
    this.log(`revision ${res.meta.revision}${c.version ? ` · version ${c.version}` : ''} · ${res.meta.hash.slice(0, 19)} · stored ${res.meta.createdAt} by ${res.meta.actor}`);
    if (res.meta.aliases.length) this.log(`aliases: ${res.meta.aliases.join(', ')}`);
    const line = (k: string, v: unknown) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0) && this.log(`${k.padEnd(14)}${Array.isArray(v) ? v.join(', ') : String(v)}`);
    line('license', c.license);
    line('tasks', c.tasks);
    line('library', c.architecture?.library);
    line('architecture', [c.architecture?.family, c.architecture?.type].filter(Boolean).join(' / '));
    line('parameters', c.architecture?.parameters?.toLocaleString('en-US'));
    line('datasets', c.training?.datasets?.map((d) => (d.role ? `${d.name} (${d.role})` : d.name)));
    line('parents', c.lineage?.parents?.map((p) => `${p.id}${p.relation ? ` [${p.relation}]` : ''}`));
    line('status', c.governance?.status);
    for (const r of c.evaluation?.results ?? []) {
      for (const m of r.metrics) this.log(`${'metric'.padEnd(14)}${r.task.type}${r.dataset ? ` / ${r.dataset.name}` : ''}: ${m.name ?? m.type} = ${m.value}`);
    }
    if (c.description) this.log(`\n${c.description.slice(0, 600)}${c.description.length > 600 ? '…' : ''}`);
    return res;
  }
}
