import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLake } from '@modellake/core';
import CardValidate from '../src/commands/card/validate.js';
import Push from '../src/commands/push.js';
import { readCardFile } from '../src/read-card.js';
import { runCommand as run } from './run-command.js';

const good = { cardVersion: '1.0', id: 'local:acme/good', name: 'good', license: 'mit' };
const deepCard = (levels: number): string => `{"cardVersion":"1.0","id":"local:acme/deep","name":"deep","extensions":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

describe('card files: nesting, duplicate keys, UTF-8 (push, card validate)', () => {
  let dir: string;
  let home: string;
  const f = (name: string): string => path.join(dir, name);
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-card-parse-'));
    home = path.join(dir, 'home');
    await fs.writeFile(f('good.json'), JSON.stringify(good, null, 2));
    await fs.writeFile(f('deep.json'), deepCard(10_000));
    await fs.writeFile(f('dup.json'), '{\n  "cardVersion": "1.0",\n  "id": "local:acme/dup",\n  "name": "a",\n  "id": "local:acme/other"\n}\n');
    await fs.writeFile(f('dup.yaml'), 'cardVersion: "1.0"\nid: local:acme/dupy\nname: a\nname: b\n');
    await fs.writeFile(f('dup.md'), '---\ncardVersion: "1.0"\nid: local:acme/dupmd\nname: a\nlicense: mit\nlicense: apache-2.0\n---\n# Card\n');
    await fs.writeFile(f('latin1.json'), Buffer.concat([Buffer.from('{"cardVersion":"1.0","id":"local:acme/latin","name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((k, n) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[n]}`).join(',')}]`)].join('\n');
    await fs.writeFile(f('bomb.md'), `---\ncardVersion: "1.0"\nid: local:acme/bomb\nname: bomb\n${bomb}\n---\n# lol\n`);
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('readCardFile names the file and the rule', async () => {
    await expect(readCardFile(f('deep.json'))).rejects.toThrow(/deep\.json: nesting deeper than 64 levels at line 1, column \d+ \(\/extensions\/a\/a/);
    await expect(readCardFile(f('dup.json'))).rejects.toThrow(`${f('dup.json')}: duplicate key "id" at line 5, column 3 (/id).`);
    await expect(readCardFile(f('dup.yaml'))).rejects.toThrow(`${f('dup.yaml')}: duplicate key "name" at line 4 (/name).`);
    await expect(readCardFile(f('dup.md'))).rejects.toThrow(`${f('dup.md')}: duplicate key "license" at line 6 (/license).`);
    await expect(readCardFile(f('latin1.json'))).rejects.toThrow(`${f('latin1.json')}: invalid UTF-8 at byte offset 56 (line 1): byte 0xe9.`);
    await expect(readCardFile(f('bomb.md'))).rejects.toThrow(/bomb\.md: YAML aliases expand past the limit of 100/);
    expect(await readCardFile(f('good.json'))).toEqual(good);
  });

  it('card validate reports every bad file with its reason (exit 2), no crash', async () => {
    const files = ['good.json', 'deep.json', 'dup.json', 'dup.yaml', 'dup.md', 'latin1.json', 'bomb.md'].map(f);
    const { out } = await run(CardValidate, [...files, '--json']);
    const r = JSON.parse(out) as { valid: number; invalid: number; files: { file: string; ok: boolean; issues: { message: string }[] }[] };
    expect(r.valid).toBe(1);
    expect(r.invalid).toBe(6);
    const msg = (name: string): string => r.files.find((x) => x.file === f(name))!.issues[0]!.message;
    expect(msg('deep.json')).toMatch(/nesting deeper than 64 levels/);
    expect(msg('dup.yaml')).toMatch(/duplicate key "name" at line 4/);
    expect(msg('latin1.json')).toMatch(/invalid UTF-8 at byte offset 56/);
    process.exitCode = 0;
  });

  it('push stores the good card given beside a 10,000-level one and reports the deep one by file', async () => {
    const { out, error } = await run(Push, [f('deep.json'), f('good.json'), f('dup.json'), '--home', home, '--json']);
    expect(error).toBeUndefined();
    const r = JSON.parse(out) as { stored: number; failed: number; results: { file: string; status: string; error?: string }[] };
    expect(r.stored).toBe(1);
    expect(r.failed).toBe(2);
    expect(r.results.find((x) => x.file === f('deep.json'))).toMatchObject({ status: 'invalid', error: expect.stringMatching(/deep\.json: nesting deeper than 64 levels/) });
    expect(r.results.find((x) => x.file === f('dup.json'))).toMatchObject({ status: 'invalid', error: expect.stringContaining('duplicate key "id"') });
    process.exitCode = 0;
    const lake = openLake({ home });
    try {
      expect((await lake.lake.getCard('local:acme/good')).card).toMatchObject({ name: 'good' });
      await expect(lake.lake.getCard('local:acme/deep')).rejects.toThrow(/No model/);
      await expect(lake.lake.getCard('local:acme/dup')).rejects.toThrow(/No model/);
    } finally {
      await lake.close();
    }
  });

  it('the embedded lake itself refuses a too-deep card value (422), not a RangeError', async () => {
    const lake = openLake({ home });
    try {
      const value = JSON.parse(deepCard(10_000)) as unknown;
      const r = await lake.lake.putBatch([{ line: 1, value }, { line: 2, value: { ...good, id: 'local:acme/good2' } }], { name: 't', role: 'writer' });
      expect(r.results.map((x) => x.id)).toEqual(['local:acme/good2']);
      expect(r.errors).toMatchObject([{ line: 1, code: 'nesting-too-deep' }]);
      await expect(lake.lake.putCard(value, { name: 't', role: 'writer' })).rejects.toMatchObject({ status: 422, code: 'nesting-too-deep' });
    } finally {
      await lake.close();
    }
  });
});
