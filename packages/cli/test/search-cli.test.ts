import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openLake } from '@modellake/core';
import type { ModelCard } from '@modellake/card';
import Search from '../src/commands/search.js';
import Related from '../src/commands/related.js';
import { runCommand as run } from './run-command.js';

const actor = { name: 'test', role: 'admin' as const };

const cards: ModelCard[] = [
  { cardVersion: '1.0', id: 'hf:lexcorp/clause-brief', name: 'clause-brief-t5', description: 'Produces short abstractive digests of commercial agreements, NDAs and leases for readers without a law degree.', license: 'apache-2.0', architecture: { family: 't5', library: 'transformers' } },
  { cardVersion: '1.0', id: 'mi:mmdet/yolox-s', name: 'yolox_s', tasks: ['object-detection'], architecture: { family: 'yolox', library: 'mmdet', parameters: 8.97e6 }, evaluation: { results: [{ task: { type: 'object-detection' }, dataset: { name: 'COCO' }, metrics: [{ type: 'box-ap', name: 'box AP', value: 40.5 }] }] } },
  { cardVersion: '1.0', id: 'mi:mmdet/yolox-l', name: 'yolox_l', tasks: ['object-detection'], architecture: { family: 'yolox', library: 'mmdet', parameters: 5.4e7 }, evaluation: { results: [{ task: { type: 'object-detection' }, dataset: { name: 'COCO' }, metrics: [{ type: 'box-ap', name: 'box AP', value: 49.4 }] }] } },
];


describe('modellake search / related', () => {
  let home: string;
  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-search-'));
    const opened = openLake({ home });
    for (const c of cards) await opened.lake.putCard(c, actor);
    await opened.close();
  });

  it('search --json returns hits, parsed filters and facets', async () => {
    const { out, error } = await run(Search, ['find me models that can summarise legal contracts in plain language', '--json', '--limit', '1', '--home', home]);
    expect(error).toBeUndefined();
    const res = JSON.parse(out) as { hits: { id: string }[]; facets: Record<string, unknown> };
    expect(res.hits.map((h) => h.id)).toEqual(['hf:lexcorp/clause-brief']);
    expect(res.facets.license).toEqual([{ value: 'apache-2.0', count: 1 }]);
  });

  it('search applies --filter and prints one line per hit', async () => {
    const { out } = await run(Search, ['detector', '--filter', 'params<5e7', '--filter', 'metric:box AP>=40', '--home', home]);
    expect(out).toContain('mi:mmdet/yolox-s');
    expect(out).not.toContain('mi:mmdet/yolox-l');
    expect(out).toMatch(/filters: params<5e7 {2}metric:box AP>=40/);
  });

  it('search exits 2 on a bad filter', async () => {
    const { error } = await run(Search, ['x', '--filter', 'colour=red', '--home', home]);
    expect(error?.message).toMatch(/unknown facet "colour"/);
    expect(error?.oclif?.exit).toBe(2);
  });

  it('related lists neighbours with their signals', async () => {
    const { out } = await run(Related, ['mi:mmdet/yolox-s', '--limit', '1', '--home', home]);
    expect(out).toMatch(/mi:mmdet\/yolox-l {2}\(text \d\.\d\d, arch \d\.\d\d\)/);
    const missing = await run(Related, ['hf:nobody/nothing', '--home', home]);
    expect(missing.error?.oclif?.exit).toBe(3);
  });
});
