import path from 'node:path';
import { cardHash, validate, type ModelCard } from '@modellake/card';
import { describe, expect, it } from 'vitest';
import { importModelIndex, readModelIndexCards, type BatchPutResult, type CardSink } from '../src/index.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'multi');

/** In-memory stand-in for the lake client's NDJSON batch import: validates, stores by hash, answers per line. */
function fakeLake(options: { rejectIds?: string[]; failBatch?: number } = {}) {
  const stored = new Map<string, string>();
  const last = new Map<string, ModelCard>();
  const batches: number[] = [];
  const sink: CardSink = {
    async putCards(cards) {
      batches.push(cards.length);
      if (options.failBatch === batches.length) throw new Error('lake unreachable');
      const res: BatchPutResult = { results: [], errors: [] };
      cards.forEach((c, i) => {
        const card = c as ModelCard;
        if (!validate(card).ok || options.rejectIds?.includes(card.id)) {
          res.errors.push({ line: i + 1, id: card.id, code: 'card-invalid', message: 'rejected by the lake' });
          return;
        }
        const h = cardHash(card);
        const prev = stored.get(card.id);
        stored.set(card.id, h);
        last.set(card.id, card);
        res.results.push({ line: i + 1, id: card.id, status: prev === undefined ? 'created' : prev === h ? 'unchanged' : 'updated' });
      });
      return res;
    },
  };
  return { sink, stored, last, batches };
}

describe('importModelIndex', () => {
  it('pushes valid cards in batches and accounts for every declared model', async () => {
    const lake = fakeLake();
    const progress: string[] = [];
    const r = await importModelIndex({ path: FIXTURES, client: lake.sink, batchSize: 3, onProgress: (p) => progress.push(`${p.stage}:${p.done}/${p.total}`) });
    expect(lake.batches).toEqual([3, 3, 1]);
    expect(r).toMatchObject({ filesRead: 6, modelsDeclared: 10, created: 7, updated: 0, unchanged: 0, mapped: 0, failed: 3 });
    expect(r.created + r.updated + r.unchanged + r.failed).toBe(r.modelsDeclared);
    expect(r.models.find((m) => m.id === 'mi:openmm/tinynet_pre')).toEqual({ id: 'mi:openmm/tinynet_pre', file: 'openmm/configs/cls/metafile.yml', line: 12, status: 'created' });
    expect(progress).toEqual(['load:6/6', 'map:7/7', 'push:3/7', 'push:6/7', 'push:7/7']);
  });

  it('is idempotent: a second import of the same files is all unchanged', async () => {
    const lake = fakeLake();
    await importModelIndex({ path: FIXTURES, client: lake.sink });
    const again = await importModelIndex({ path: FIXTURES, client: lake.sink });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 7, failed: 3 });
  });

  it('records importedAt only when asked', async () => {
    const lake = fakeLake();
    const r = await importModelIndex({ path: path.join(FIXTURES, 'hfcard', 'README.md'), client: lake.sink, importedAt: '2026-01-02T03:04:05Z', connectorVersion: '9.9.9' });
    expect(r.created).toBe(1);
    expect(lake.last.get('mi:hfcard/vit-food101')!.source).toMatchObject({ importedAt: '2026-01-02T03:04:05Z', connectorVersion: '9.9.9' });
  });

  it('reports cards the lake rejects and batches that fail, by file and line, without losing count', async () => {
    const lake = fakeLake({ rejectIds: ['mi:openmm/tinynet_ft'], failBatch: 2 });
    const r = await importModelIndex({ path: FIXTURES, client: lake.sink, batchSize: 4 });
    const put = r.problems.filter((p) => p.code === 'put-failed');
    expect(put.find((p) => p.model === 'tinynet_ft')).toMatchObject({ severity: 'error', file: 'openmm/configs/cls/metafile.yml', line: 27 });
    expect(put.filter((p) => p.message.includes('lake unreachable'))).toHaveLength(3);
    expect(r.created + r.failed).toBe(r.modelsDeclared);
  });

  it('maps and validates without a client (dry run)', async () => {
    const r = await importModelIndex({ path: path.join(FIXTURES, 'openmm'), namespace: 'demo' });
    expect(r.mapped).toBe(5);
    expect(r.models.every((m) => m.id.startsWith('mi:demo/') && m.status === 'mapped')).toBe(true);
  });

  it('readModelIndexCards gives the valid cards an import would send', () => {
    const r = readModelIndexCards({ path: FIXTURES });
    expect(r.cards).toHaveLength(7);
    expect(r.cards.every((c) => validate(c.card).ok)).toBe(true);
    expect(r.modelsDeclared - r.cards.length).toBe(r.problems.filter((p) => p.severity === 'error' && p.model).length);
  });
});
