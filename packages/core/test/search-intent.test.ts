import { afterEach, describe, expect, it } from 'vitest';
import type { ModelCard } from '@modellake/card';
import { SearchIndex, SqliteStorage } from '../src/index.js';

const opened: SqliteStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

function card(id: string, tasks: string[], description: string): ModelCard {
  return { cardVersion: '1.0', id, name: id.split('/').pop()!, tasks, description } as ModelCard;
}

describe('SearchIndex task intent', () => {
  it('ranks the card that declares the asked-for task above one that only mentions it', async () => {
    const storage = new SqliteStorage({ file: ':memory:' });
    opened.push(storage);
    const index = new SearchIndex({ db: storage.db });
    await index.upsertMany([
      card('mi:x/mentions-pose', ['image-classification'], 'Backbone often reused for pose estimation and keypoint detection of body joints.'),
      card('mi:x/declares-pose', ['body-2d-keypoint'], 'Top-down heatmap network.'),
    ]);
    const res = await index.search({ q: 'where are the joints of the people in this picture', limit: 2 });
    expect(res.hits.map((h) => h.id)).toEqual(['mi:x/declares-pose', 'mi:x/mentions-pose']);
  });

  it('judges a card that declares no task by its text', async () => {
    const storage = new SqliteStorage({ file: ':memory:' });
    opened.push(storage);
    const index = new SearchIndex({ db: storage.db });
    await index.upsertMany([card('mi:x/undeclared', [], 'Estimates the depth of every pixel from one image.'), card('mi:x/other', ['image-classification'], 'Classifies photos.')]);
    const res = await index.search({ q: 'how far away is each point in a photo', limit: 2 });
    expect(res.hits[0]!.id).toBe('mi:x/undeclared');
  });
});
