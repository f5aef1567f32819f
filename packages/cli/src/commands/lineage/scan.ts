import { Args } from '@oclif/core';
import { scanModelTree } from '@modellake/core';
import { BaseCommand } from '../../base-command.js';
import { createProgress } from '../../progress.js';

/** JSON document printed by `modellake lineage scan --json`. */
export interface LineageScanOutput {
  models: { id: string; kind: string; architecture?: string; modelType?: string; declared: { id: string; relation?: string; source: string }[] }[];
  edges: { parent: string; child: string; relation: string; confidence: number; evidence: Record<string, unknown> }[];
  findings: { model: string; code: string; message: string }[];
}

/** `modellake lineage scan <DIR>`: lineage of a directory tree of model folders, without a lake. */
export default class LineageScan extends BaseCommand<typeof LineageScan> {
  static summary = 'Detect the lineage of every model folder under a directory, from the weights and declared bases, without a lake.';
  static description =
    'A model folder holds safetensors (single or sharded), a PEFT adapter or a GGUF file. Its id is its path relative to DIR. ' +
    'Edges carry a relation (finetune, adapter, quantized, merge, version), a confidence and the evidence; declared parents the weights contradict become `declared-parent-mismatch` findings. Folders that cannot be read become `unreadable-model` findings; FIFOs, sockets, devices, unreadable entries and symbolic links out of DIR are skipped as `skipped-*` findings, and the rest is still scanned.';
  static examples = ['<%= config.bin %> lineage scan ./models', '<%= config.bin %> lineage scan ./models --json > lineage.json'];
  static args = { dir: Args.directory({ description: 'Root of the model tree', required: true, exists: true }) };

  async run(): Promise<LineageScanOutput> {
    const progress = createProgress({ label: 'fingerprint', enabled: this.interactive() });
    let started = false;
    const result = await scanModelTree(this.args.dir, {
      onModel: (id, _done, total) => {
        if (!started) {
          progress.setTotal(total);
          started = true;
        }
        progress.tick(1, id);
      },
    });
    progress.done();
    const out: LineageScanOutput = {
      models: result.models,
      edges: result.edges,
      findings: [
        ...result.findings,
        ...result.errors.map((e) => ({ model: e.model, code: 'unreadable-model', message: e.message })),
        ...result.warnings.map((w) => ({ model: w.path, code: `skipped-${w.code}`, message: w.message })),
      ],
    };
    if (!this.jsonEnabled()) this.log(renderScan(out));
    return out;
  }
}

/** Text rendering of a scan: one indented tree per family root, then findings. */
export function renderScan(out: LineageScanOutput): string {
  const children = new Map<string, LineageScanOutput['edges']>();
  const hasParent = new Set<string>();
  for (const e of out.edges) {
    children.set(e.parent, [...(children.get(e.parent) ?? []), e]);
    hasParent.add(e.child);
  }
  const lines: string[] = [];
  const printed = new Set<string>();
  const walk = (id: string, depth: number, via?: LineageScanOutput['edges'][number]): void => {
    const label = via ? `${via.relation} ${via.confidence.toFixed(2)}` : 'root';
    lines.push(`${'  '.repeat(depth)}${depth ? '└─ ' : ''}${id} (${label})`);
    if (printed.has(id)) return;
    printed.add(id);
    for (const e of children.get(id) ?? []) walk(e.child, depth + 1, e);
  };
  for (const m of out.models) if (!hasParent.has(m.id)) walk(m.id, 0);
  if (out.findings.length) {
    lines.push('', 'Findings:');
    for (const f of out.findings) lines.push(`  ! ${f.model}: ${f.code}: ${f.message}`);
  }
  return lines.join('\n');
}
