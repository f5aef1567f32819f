import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiModelInfo } from '../src/wire.js';
import { startFakeHub, type FakeHub } from './fake-hub.js';
import { shared } from '../../../../test/support/shared.js';

// ../shared next to the repository, or under $MODELLAKE_SHARED.
const DIR = shared('fixtures', 'huggingface').path;

describe.skipIf(!fs.existsSync(DIR))(`fake hub answers in the recorded shapes (${fs.existsSync(DIR) ? DIR : `skipped: ${DIR} is absent`})`, () => {
  let hub: FakeHub;
  const list = fs.existsSync(DIR) ? (JSON.parse(fs.readFileSync(path.join(DIR, 'api-models/_list-models.derived.json'), 'utf8')) as {
    pages: Array<{ response: { headers: Record<string, string>; body: Array<Record<string, unknown>> } }>;
    expand_variant: { request: { url: string }; response: { body: Array<Record<string, unknown>> } };
  }) : undefined;
  beforeAll(async () => {
    hub = await startFakeHub({ maxPageSize: 3 });
    for (const f of fs.readdirSync(path.join(DIR, 'api-models'))) {
      if (f.startsWith('_') || f.includes('.expand-')) continue;
      hub.addRepo({ info: JSON.parse(fs.readFileSync(path.join(DIR, 'api-models', f), 'utf8')) as ApiModelInfo });
    }
    // Recorded in cassettes/model_info.redirect-then-200.*: the old names answer 307 to the new ones.
    hub.renames.set('bert-base-uncased', 'google-bert/bert-base-uncased');
    hub.renames.set('meta-llama/Meta-Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.1-8B-Instruct');
  });
  afterAll(() => hub.close());

  it('a default listing item is the recorded projection of the model info, with a Link rel="next" header', async () => {
    const res = await fetch(`${hub.url}/api/models?limit=3`);
    expect(res.headers.get('content-type')).toBe(list!.pages[0]!.response.headers['Content-Type']);
    expect(res.headers.get('link')).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/models\?limit=3&cursor=[^>]+>; rel="next"$/);
    const all: Array<Record<string, unknown>> = [];
    let url: string | undefined = `${hub.url}/api/models?limit=3`;
    while (url) {
      const r: Response = await fetch(url);
      all.push(...((await r.json()) as Array<Record<string, unknown>>));
      url = /<([^>]+)>; rel="next"/.exec(r.headers.get('link') ?? '')?.[1];
    }
    for (const recorded of list!.pages.flatMap((p) => p.response.body)) {
      expect(all.find((x) => x.id === recorded.id)).toEqual(recorded);
    }
  });

  it('with expand=, only _id, id and the expanded keys come back', async () => {
    const u = new URL(list!.expand_variant.request.url);
    const res = await fetch(`${hub.url}/api/models${u.search}`);
    expect(await res.json()).toEqual(list!.expand_variant.response.body);
  });

  it('a renamed repo answers 307 with the recorded Location and text body; an unknown one 401 RepoNotFound', async () => {
    const r = await fetch(`${hub.url}/api/models/bert-base-uncased`, { redirect: 'manual' });
    expect(r.status).toBe(307);
    expect(r.headers.get('location')).toBe('/api/models/google-bert/bert-base-uncased');
    expect(await r.text()).toBe('Temporary Redirect. Redirecting to /api/models/google-bert/bert-base-uncased');
    const q = await fetch(`${hub.url}/api/models/meta-llama/Meta-Llama-3.1-8B-Instruct?expand=inferenceProviderMapping`, { redirect: 'manual' });
    expect(q.headers.get('location')).toBe('/api/models/meta-llama/Llama-3.1-8B-Instruct?expand=inferenceProviderMapping');
    const followed = (await (await fetch(`${hub.url}/api/models/bert-base-uncased`)).json()) as ApiModelInfo;
    expect(followed.id).toBe('google-bert/bert-base-uncased');
    const missing = await fetch(`${hub.url}/api/models/nobody/nothing`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('x-error-code')).toBe('RepoNotFound');
  });

  it('an unknown route answers 501 naming its path', async () => {
    const r = await fetch(`${hub.url}/api/spaces/x/y`);
    expect(r.status).toBe(501);
    expect(await r.text()).toContain('/api/spaces/x/y');
  });
});
