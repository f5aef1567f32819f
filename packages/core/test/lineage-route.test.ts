import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate, type ModelCard } from '@modellake/card';
import { createMemoryStorage, openLake, type OpenLake } from '../src/index.js';
import { findModelFolders, readModelFolder, toLocalModelCard, type LineageView } from '../src/lineage/index.js';
import { finetune, randomWeights, writeAdapter, writeModel } from '../../fingerprint/test/helpers.js';

async function cardsOf(dir: string): Promise<ModelCard[]> {
  const found = await findModelFolders(dir);
  const siblings = found.map((f) => f.id);
  const folders = await Promise.all(found.map((f) => readModelFolder(f.dir, f.id)));
  return folders.map((f) => toLocalModelCard(f, { importedAt: '2026-01-01T00:00:00Z', root: dir, siblings }));
}

describe('GET /v1/models/{id}/lineage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlfp-route-'));
  const base = randomWeights(11);
  const ft = finetune(base, 12, 0.2);
  const ft2 = finetune(ft, 13, 0.15);
  writeModel(join(dir, 'org/base'), base, { readme: { license: 'apache-2.0' } });
  writeModel(join(dir, 'org/ft'), ft, { readme: { base_model: 'org/base' } });
  writeModel(join(dir, 'org/ft2'), ft2, { readme: { base_model: 'org/base' } });
  writeAdapter(join(dir, 'org/adapter'), 'org/ft', ft, ['layers.0.attn.q.weight']);
  let opened: OpenLake;
  const actor = { name: 'test', role: 'admin' as const };
  let cards: ModelCard[];

  beforeAll(async () => {
    opened = openLake({ storage: createMemoryStorage(), config: { auth: { trustedActor: actor } }, clock: () => new Date('2026-01-01T00:00:00Z') });
    cards = await cardsOf(dir);
    for (const c of cards.filter((c) => c.id !== 'local:org/ft2')) await opened.lake.putCard(c, actor);
  });
  afterAll(async () => opened.close());

  const get = async (id: string, query = '') => {
    const res = await opened.app.request(`/v1/models/${id}/lineage${query}`);
    return { status: res.status, body: (await res.json()) as LineageView & { code?: string; detail?: string } };
  };

  it('maps folders to valid cards carrying fingerprints and declared parents', () => {
    for (const c of cards) expect(validate(c).issues).toEqual([]);
    const ft = cards.find((c) => c.id === 'local:org/ft')!;
    expect(ft.lineage!.parents).toEqual([{ id: 'local:org/base', declaredBy: 'hf:base_model' }]);
    expect(ft.fingerprint!.tensors!.length).toBeGreaterThan(0);
    expect(cards.find((c) => c.id === 'local:org/adapter')!.lineage!.parents![0]).toMatchObject({ id: 'local:org/ft', relation: 'adapter' });
  });

  it('returns ancestors with evidence and the provenance to the root', async () => {
    const { status, body } = await get('local:org/adapter', '?direction=up');
    expect(status).toBe(200);
    expect(body.provenance).toEqual(['local:org/adapter', 'local:org/ft', 'local:org/base']);
    expect(body.root).toBe('local:org/base');
    const e = body.edges.find((x) => x.child === 'local:org/ft')!;
    expect(e).toMatchObject({ parent: 'local:org/base', relation: 'finetune', basis: 'both' });
    expect(e.evidence.relL2).toBeGreaterThan(0);
  });

  it('limits descendants by depth and sees models added later (incremental)', async () => {
    const one = await get('local:org/base', '?direction=down&depth=1');
    expect(one.body.nodes.map((n) => n.id).sort()).toEqual(['local:org/base', 'local:org/ft']);
    await opened.lake.putCard(cards.find((c) => c.id === 'local:org/ft2')!, actor);
    const all = await get('local:org/base', '?direction=down&depth=5');
    expect(all.body.nodes.map((n) => n.id).sort()).toEqual(['local:org/adapter', 'local:org/base', 'local:org/ft', 'local:org/ft2']);
    const ft2 = all.body.edges.find((x) => x.child === 'local:org/ft2')!;
    expect(ft2.parent).toBe('local:org/ft');
    expect(all.body.findings).toEqual([expect.objectContaining({ model: 'local:org/ft2', code: 'declared-parent-mismatch' })]);
  });

  it('rejects bad parameters and unknown models', async () => {
    expect((await get('local:org/ft', '?direction=sideways')).status).toBe(400);
    const bad = await get('local:org/ft', '?depth=0');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/depth/);
    expect((await get('local:org/nope')).status).toBe(404);
  });
});
