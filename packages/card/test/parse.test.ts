import { describe, expect, it } from 'vitest';
import {
  assertValidCard,
  CardError,
  cardFormatOf,
  decodeUtf8,
  jsonErrorOffset,
  MAX_CARD_DEPTH,
  parseCardBytes,
  parseCardJson,
  parseCardText,
  parseCardYaml,
  parseFrontMatter,
  scanJson,
  utf8ErrorOffset,
  validate,
} from '@modellake/card';

const deepJson = (levels: number): string => `{"id":"local:deep","cardVersion":"1.0","name":"d","extensions":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

function thrown(fn: () => unknown): CardError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CardError);
    return e as CardError;
  }
  throw new Error('did not throw');
}

describe('JSON scanner', () => {
  it('finds syntax errors at the same offsets as before, without recursion', () => {
    expect(jsonErrorOffset('{"a": [1, 2, {"b": null}], "c": "x\\u00e9"}')).toBe(-1);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
    expect(jsonErrorOffset('')).toBe(0);
    // 100,000 levels: the old recursive locator overflowed the stack.
    expect(jsonErrorOffset('['.repeat(100_000) + ']'.repeat(100_000))).toBe(-1);
    expect(jsonErrorOffset('['.repeat(100_000))).toBe(100_000);
  });
  it('reports depth and duplicate keys with a JSON pointer', () => {
    expect(scanJson('{"a":{"b":[{"c":1}]}}', { maxDepth: 3 })).toEqual({ kind: 'too-deep', offset: 11, pointer: '/a/b/0', maxDepth: 3 });
    expect(scanJson('{"a":{"b":[{"c":1}]}}', { maxDepth: 4 })).toBeUndefined();
    expect(scanJson('{"a":1,"b":{"x/y":2,"x\\/y":3}}', { uniqueKeys: true })).toEqual({ kind: 'duplicate-key', offset: 20, pointer: '/b/x~1y', key: 'x/y' });
    // The same key in different objects is fine.
    expect(scanJson('[{"a":1},{"a":2}]', { uniqueKeys: true })).toBeUndefined();
  });
});

describe('parseCardJson', () => {
  it('refuses a 10,000-level card with the limit, line and pointer (no RangeError)', () => {
    const e = thrown(() => parseCardJson(deepJson(10_000), { source: 'deep.json' }));
    expect(e.code).toBe('nesting-too-deep');
    expect(e.message).toMatch(/^deep\.json: nesting deeper than 64 levels at line 1, column \d+ \(\/extensions\/a\/a/);
    expect(e.issues[0]!.path.startsWith('/extensions/a/a/')).toBe(true);
  });
  it('accepts a card at exactly the limit', () => {
    // The card object is level 1; `extensions` holds `levels` objects below it.
    expect(() => parseCardJson(deepJson(MAX_CARD_DEPTH - 1))).not.toThrow();
    expect(thrown(() => parseCardJson(deepJson(MAX_CARD_DEPTH))).code).toBe('nesting-too-deep');
  });
  it('refuses duplicate keys, naming the key and line', () => {
    const e = thrown(() => parseCardJson('{\n  "id": "hf:a/b",\n  "name": "x",\n  "id": "hf:evil/b"\n}', { source: 'dup.json' }));
    expect(e.code).toBe('duplicate-key');
    expect(e.message).toBe('dup.json: duplicate key "id" at line 4, column 3 (/id).');
    expect(e.details).toMatchObject({ line: 4, key: 'id' });
  });
  it('names the line of a syntax error', () => {
    const e = thrown(() => parseCardJson('{\n"a": 1,\n}'));
    expect(e.code).toBe('json-invalid');
    expect(e.message).toMatch(/line 3, column 1/);
  });
});

describe('strict UTF-8', () => {
  it('locates the first invalid byte', () => {
    const bytes = Buffer.concat([Buffer.from('{"name": "caf'), Buffer.from([0xc3, 0xa9]), Buffer.from('\n"x": "'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(utf8ErrorOffset(bytes)).toBe(22);
    const e = thrown(() => decodeUtf8(bytes, { source: 'bad.json' }));
    expect(e.code).toBe('invalid-utf8');
    expect(e.message).toBe('bad.json: invalid UTF-8 at byte offset 22 (line 2): byte 0xff.');
    expect(e.details).toMatchObject({ byteOffset: 22, line: 2 });
  });
  it('refuses overlong forms, surrogates and truncated sequences; accepts valid text', () => {
    expect(utf8ErrorOffset(Buffer.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(utf8ErrorOffset(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(utf8ErrorOffset(Buffer.from([0x41, 0x42, 0xf0, 0x9f]))).toBe(2);
    expect(utf8ErrorOffset(Buffer.from('hf:acme/🤗 ünïcode €', 'utf8'))).toBe(-1);
    expect(decodeUtf8(Buffer.from('\uFEFF{"a":1}', 'utf8'))).toBe('{"a":1}');
  });
  it('parseCardBytes decodes strictly before parsing', () => {
    expect(thrown(() => parseCardBytes(Buffer.from([0x7b, 0xfe, 0x7d]), 'json')).code).toBe('invalid-utf8');
    expect(parseCardBytes(Buffer.from('name: é\n'), 'yaml')).toEqual({ name: 'é' });
  });
});

describe('YAML cards and front matter', () => {
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((k, n) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[n]}`).join(',')}]`)].join('\n');
  it('refuses duplicate keys with key and line (YAML file and .md front matter)', () => {
    const e = thrown(() => parseCardYaml('id: hf:a/b\nname: x\nid: hf:c/d\n', { source: 'c.yaml' }));
    expect(e.code).toBe('duplicate-key');
    expect(e.message).toBe('c.yaml: duplicate key "id" at line 3 (/id).');
    const md = thrown(() => parseCardText('---\nid: hf:a/b\nlicense: mit\nlicense: apache-2.0\n---\n# x\n', 'markdown', { source: 'README.md' }));
    expect(md.code).toBe('duplicate-key');
    // Line of the file: the opening `---` is line 1.
    expect(md.message).toBe('README.md: duplicate key "license" at line 4 (/license).');
  });
  it('importers of third-party READMEs stay lenient on repeated keys unless asked', () => {
    expect(parseFrontMatter('---\na: 1\na: 2\n---\n').data).toEqual({ a: 2 });
    expect(thrown(() => parseFrontMatter('---\na: 1\na: 2\n---\n', { uniqueKeys: true })).code).toBe('duplicate-key');
  });
  it('a billion-laughs alias bomb in front matter is a CardError, not a crash', () => {
    const e = thrown(() => parseFrontMatter(`---\n${bomb}\n---\n# lol\n`));
    expect(e.code).toBe('front-matter-invalid');
    expect(e.message).toMatch(/aliases expand past the limit of 100/);
    expect(thrown(() => parseCardText(bomb, 'yaml')).code).toBe('yaml-invalid');
  });
  it('refuses YAML nested past the limit, as block or flow collections or through aliases', () => {
    let block = '';
    for (let k = 0; k < 100; k++) block += `${' '.repeat(k)}a:\n`;
    block += `${' '.repeat(100)}b: 1\n`;
    const e = thrown(() => parseCardYaml(block));
    expect(e.code).toBe('nesting-too-deep');
    expect(e.message).toMatch(/nesting deeper than 64 levels at line 65/);
    expect(thrown(() => parseCardYaml(`x: ${'['.repeat(10_000)}${']'.repeat(10_000)}`)).code).toMatch(/nesting-too-deep|yaml-invalid/);
    // 40 levels defined once, then aliased 40 levels deep: 80 once resolved.
    const half = `${'['.repeat(40)}1${']'.repeat(40)}`;
    expect(thrown(() => parseCardYaml(`a: &x ${half}\nb: ${'['.repeat(40)}*x${']'.repeat(40)}\n`)).code).toBe('nesting-too-deep');
  });
  it('cardFormatOf picks the parser by extension', () => {
    expect([cardFormatOf('a.JSON'), cardFormatOf('a.yml'), cardFormatOf('a.yaml'), cardFormatOf('README.md'), cardFormatOf('x')]).toEqual(['json', 'yaml', 'yaml', 'markdown', 'json']);
  });
});

describe('depth of parsed values', () => {
  it('validate reports, and assertValidCard throws, instead of overflowing the stack', () => {
    const value = JSON.parse(deepJson(10_000)) as unknown;
    const r = validate(value);
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({ keyword: 'maxDepth' });
    expect(thrown(() => assertValidCard(value)).code).toBe('nesting-too-deep');
  });
});
