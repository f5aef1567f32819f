import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importModelIndex, type ImportModelIndexResult } from '../src/index.js';
import { shared } from '../../../../test/support/shared.js';

const CORPUS = shared('corpus', 'model-index').path;
const present = fs.existsSync(path.join(CORPUS, 'lineage-edges.jsonl'));

describe.skipIf(!present)(`real model-index corpus (${present ? CORPUS : `skipped: ${CORPUS} is absent`})`, () => {
  let result: ImportModelIndexResult;
  const getResult = async () => (result ??= await importModelIndex({ path: CORPUS }));

  it('accounts for every model: imported + reported = the 3,043 the corpus README states', async () => {
    const r = await getResult();
    const readme = fs.readFileSync(path.join(CORPUS, 'README.md'), 'utf8');
    const total = Number(/\* (\d+) models in/.exec(readme)![1]);
    expect(total).toBe(3043);
    expect(r.modelsDeclared).toBe(total);
    expect(r.mapped + r.failed).toBe(total);
    // Every failure names its file and line.
    for (const p of r.problems.filter((x) => x.severity === 'error' && x.model)) {
      expect(p.file).toMatch(/\.(ya?ml|mdx?)$/);
      expect(p.line).toBeGreaterThan(0);
    }
    console.info(`[model-index corpus] files=${r.filesRead} declared=${r.modelsDeclared} imported=${r.mapped} reported=${r.failed}`);
  });

  it('recovers the metafile-declared lineage edges of lineage-edges.jsonl and reports recall of all 245 pairs', async () => {
    const r = await getResult();
    expect(r.models.length).toBe(r.mapped);
    // Re-map to read the parents (importModelIndex returns statuses, not cards).
    const { loadModelIndex, toModelCards } = await import('../src/index.js');
    const { cards } = toModelCards(loadModelIndex({ path: CORPUS }).documents);
    const declared = new Set<string>();
    for (const c of cards) for (const p of c.card.lineage?.parents ?? []) declared.add(`${p.id}|${c.card.id}`);
    const rows = fs.readFileSync(path.join(CORPUS, 'lineage-edges.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    const pairs = new Map<string, string>();
    for (const e of rows) pairs.set(`mi:${e.parent_repo}/${e.parent}|mi:${e.child_repo}/${e.child}`, e.type!);
    expect(pairs.size).toBe(245);
    const byType: Record<string, { hit: number; total: number }> = {};
    let hit = 0;
    for (const [k, type] of pairs) {
      const t = (byType[type] ??= { hit: 0, total: 0 });
      t.total++;
      if (declared.has(k)) {
        t.hit++;
        hit++;
      }
    }
    console.info(`[model-index corpus] declared-lineage recall ${hit}/${pairs.size} = ${((100 * hit) / pairs.size).toFixed(1)}% by type ${JSON.stringify(byType)}; edges declared ${declared.size}`);
    // Edges whose evidence is in the metafiles themselves are all recovered; config_init edges need the
    // config .py files, which the corpus does not ship (they are recovered when configs are present).
    expect(byType.metafile_downstream).toEqual({ hit: 65, total: 65 });
    expect(byType.metafile_converted_from).toEqual({ hit: 9, total: 9 });
    // No declared edge contradicts the ground truth: every one we make is in it.
    const extra = [...declared].filter((k) => !pairs.has(k));
    expect(extra).toEqual([]);
  });
});
