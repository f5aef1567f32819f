import fs from 'node:fs';
import type { ModelCard } from '@modellake/card';
import { beforeAll, describe, expect, it } from 'vitest';
import { importModelIndex } from '../../connectors/model-index/src/index.js';
import { SearchIndex, SqliteStorage } from '../src/index.js';
import { shared } from '../../../test/support/shared.js';

const CORPUS = shared('corpus', 'model-index').path;

describe.skipIf(!fs.existsSync(CORPUS))('search over the real model-index corpus (skipped: ../shared/corpus/model-index absent)', () => {
  let index: SearchIndex;
  const cards: ModelCard[] = [];

  beforeAll(async () => {
    await importModelIndex({
      path: CORPUS,
      client: {
        async putCards(batch) {
          cards.push(...(batch as ModelCard[]));
          return { results: (batch as ModelCard[]).map((c, i) => ({ line: i + 1, id: c.id, status: 'created' as const })), errors: [] };
        },
      },
    });
    index = new SearchIndex({ db: new SqliteStorage({ file: ':memory:' }).db });
    for (let i = 0; i < cards.length; i += 500) await index.upsertMany(cards.slice(i, i + 500));
  }, 120_000);

  const tasksOf = (id: string): string[] => {
    const c = cards.find((x) => x.id === id)!;
    return [...(c.tasks ?? []), ...(c.evaluation?.results ?? []).map((r) => r.task.type)];
  };

  // Queries from bench/search-queries-blind2.json: written and graded before the last ranking changes and never tuned
  // on (the development set, bench/search-queries.json, is what the lexicon grew on, so a query from it proves little).
  const blind2 = (JSON.parse(fs.readFileSync(new URL('../../../bench/search-queries-blind2.json', import.meta.url), 'utf8')) as { queries: { id: string; q: string; rules: { grade: number; task?: string[] }[] }[] }).queries;
  const blindQuery = (id: string) => blind2.find((q) => q.id === id)!;

  it('finds animal pose models for a blind query that names no task or model', async () => {
    const q = blindQuery('animal-pose');
    expect(q.q).toBe('where are the legs and head of horses, zebras and other animals');
    const res = await index.search({ q: q.q, limit: 10 });
    expect(res.hits).toHaveLength(10);
    // Judged by the set's own rule for grade 3 (task animal-2d-keypoint), not by anything chosen for this test.
    const want = q.rules.find((r) => r.grade === 3)!.task!;
    for (const h of res.hits) expect(tasksOf(h.id).filter((t) => want.includes(t)), h.id).not.toEqual([]);
  });

  it('ranks every depth-estimation model first for a blind query that names no task', async () => {
    const q = blindQuery('depth-single');
    const depth = cards.filter((c) => tasksOf(c.id).includes('depth-estimation')).map((c) => c.id);
    expect(depth.length).toBeGreaterThan(0);
    const res = await index.search({ q: q.q, limit: depth.length });
    expect(res.hits.map((h) => h.id).sort()).toEqual([...depth].sort());
  });

  it('turns a detector request into filters every hit satisfies, with facet counts', async () => {
    const res = await index.search({ q: 'detectors trained on COCO with box AP above 40', limit: 20 });
    expect(res.parsed.filters).toEqual(expect.arrayContaining(['task=object-detection', 'dataset=COCO', 'metric:box AP>40']));
    expect(res.total).toBeGreaterThan(20);
    for (const h of res.hits) {
      const c = cards.find((x) => x.id === h.id)!;
      const box = c.evaluation!.results!.flatMap((r) => r.metrics).filter((m) => (m.name ?? m.type) === 'box AP').map((m) => Number(m.value));
      expect(Math.max(...box)).toBeGreaterThan(40);
    }
    expect(res.facets.library).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'mmdet' })]));
  });

  it('lists related models of the same family first', async () => {
    const id = cards.find((c) => c.name === 'yolox_s_8x8_300e_coco')!.id;
    const rel = index.related(id, { limit: 3 });
    expect(rel.map((r) => r.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^yolox_/)]));
    expect(rel[0]!.signals.architecture).toBeGreaterThan(0.5);
  });
});
