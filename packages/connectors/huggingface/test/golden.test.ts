import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '@modellake/card';
import { toModelCard, type MappingWarning } from '../src/index.js';
import type { ApiModelInfo } from '../src/wire.js';
import { shared } from '../../../../test/support/shared.js';

// ../shared next to the repository, or under $MODELLAKE_SHARED.
const FIXTURES = shared('fixtures', 'huggingface').path;
const API = path.join(FIXTURES, 'api-models');
const CARDS = path.join(FIXTURES, 'model-cards');
const CTX = { importedAt: '2026-01-01T00:00:00.000Z', connectorVersion: '0.1.0' };

function golden(name: string) {
  return path.join(__dirname, '__golden__', `${name}.card.json`);
}

describe.skipIf(!fs.existsSync(API))(`golden cards from recorded model info (${fs.existsSync(API) ? API : `skipped: ${API} is absent`})`, () => {
  const files = fs.existsSync(API) ? fs.readdirSync(API).filter((f) => f.endsWith('.json') && !f.startsWith('_')) : [];
  it.each(files)('%s', async (file) => {
    const info = JSON.parse(fs.readFileSync(path.join(API, file), 'utf8')) as ApiModelInfo;
    const base = file.replace(/\.json$/, '');
    const readmePath = path.join(CARDS, `${base.split('.')[0]}.README.md`);
    const readme = fs.existsSync(readmePath) ? fs.readFileSync(readmePath, 'utf8') : undefined;
    const warnings: MappingWarning[] = [];
    const card = toModelCard({ info, ...(readme !== undefined ? { readme } : {}) }, { ...CTX, warn: (w) => warnings.push(w) });
    const v = validate(card);
    expect(v.issues).toEqual([]);
    expect(card.id).toBe(`hf:${info.id}`);
    expect(warnings).toEqual([]);
    await expect(JSON.stringify(card, null, 2) + '\n').toMatchFileSnapshot(golden(base));
  });
});

describe.skipIf(!fs.existsSync(CARDS))(`golden cards from recorded README cards (${fs.existsSync(CARDS) ? CARDS : `skipped: ${CARDS} is absent`})`, () => {
  const files = fs.existsSync(CARDS) ? fs.readdirSync(CARDS).filter((f) => !fs.existsSync(path.join(API, `${f.split('.')[0]}.json`))) : [];
  it.each(files)('%s', async (file) => {
    const readme = fs.readFileSync(path.join(CARDS, file), 'utf8');
    const name = file.replace(/(\.[a-z-]+)?(\.README)?\.md$/, '').replace('__', '/');
    const info: ApiModelInfo = { id: name.includes('/') ? name : `fixture/${name}` };
    const warnings: MappingWarning[] = [];
    const card = toModelCard({ info, readme }, { ...CTX, warn: (w) => warnings.push(w) });
    expect(validate(card).issues).toEqual([]);
    await expect(JSON.stringify({ card, warnings }, null, 2) + '\n').toMatchFileSnapshot(golden(file.replace(/\.md$/, '')));
  });
});
