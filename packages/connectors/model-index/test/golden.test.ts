import path from 'node:path';
import { validate } from '@modellake/card';
import { describe, expect, it } from 'vitest';
import { readModelIndexCards } from '../src/index.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'multi');

// Reviewed expected cards: one per kind of source (metafile with config lineage, anchors + Downstream,
// Converted From across repositories, timm page, HF card). A change in mapping shows up as a diff here.
describe('golden cards', () => {
  const { cards } = readModelIndexCards({ path: FIXTURES, connectorVersion: '0.1.0' });
  for (const id of ['mi:openmm/tiny-rcnn_r18_ft_voc', 'mi:openmm/tinynet_ft', 'mi:openmm/tinynet_3rdparty', 'mi:timmish/tinynet_timm', 'mi:hfcard/vit-food101']) {
    it(id, async () => {
      const c = cards.find((x) => x.card.id === id)!.card;
      expect(validate(c).ok).toBe(true);
      await expect(JSON.stringify(c, null, 2) + '\n').toMatchFileSnapshot(path.join('golden', `${id.slice(3).replace('/', '__')}.json`));
    });
  }
});
