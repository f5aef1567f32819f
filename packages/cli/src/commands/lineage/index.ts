import { Args, Flags } from '@oclif/core';
import type { LineageView } from '@modellake/core';
import { BaseCommand } from '../../base-command.js';

/** `modellake lineage <id>`: the family tree of a model with relations, confidence and findings. */
export default class Lineage extends BaseCommand<typeof Lineage> {
  static summary = 'Print the lineage of a model: ancestors and descendants with relation and confidence, provenance to the root, findings.';
  static examples = [
    '<%= config.bin %> lineage local:acme/tiny-1f2e3d',
    '<%= config.bin %> lineage hf:acme/llama-ft --direction up',
    '<%= config.bin %> lineage hf:acme/base --direction down --depth 2 --json',
  ];
  static args = { id: Args.string({ description: 'Model id', required: true }) };
  static flags = {
    direction: Flags.string({ summary: 'Ancestors (up), descendants (down) or both.', options: ['up', 'down', 'both'], default: 'both' }),
    depth: Flags.integer({ summary: 'Edges to follow from the model.', default: 10, min: 1, max: 100 }),
  };

  async run(): Promise<LineageView> {
    const view = await this.lake().lineage<LineageView>(this.args.id, { direction: this.flags.direction as 'up' | 'down' | 'both', depth: this.flags.depth });
    if (!this.jsonEnabled()) this.log(renderLineage(view));
    return view;
  }
}

/** Text tree of a lineage view, drawn from the topmost ancestors down; the queried model is marked with `*`. */
export function renderLineage(view: LineageView): string {
  const children = new Map<string, LineageView['edges']>();
  const hasParent = new Set<string>();
  for (const e of view.edges) {
    children.set(e.parent, [...(children.get(e.parent) ?? []), e]);
    hasParent.add(e.child);
  }
  const tops = view.nodes.map((n) => n.id).filter((id) => !hasParent.has(id));
  const lines: string[] = [];
  const seen = new Set<string>();
  const walk = (id: string, depth: number, via?: LineageView['edges'][number]): void => {
    const mark = id === view.id ? ' *' : '';
    const how = via ? ` [${via.relation} ${via.confidence.toFixed(2)} ${via.basis}]` : '';
    lines.push(`${'  '.repeat(depth)}${depth ? '└─ ' : ''}${id}${how}${mark}`);
    if (seen.has(id)) return;
    seen.add(id);
    for (const e of children.get(id) ?? []) walk(e.child, depth + 1, e);
  };
  for (const t of tops) walk(t, 0);
  lines.push('', `provenance: ${view.provenance.join(' ← ')}`);
  for (const f of view.findings) lines.push(`! ${f.model}: ${f.code}: ${f.message}`);
  return lines.join('\n');
}
