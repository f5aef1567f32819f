/**
 * Fuzz targets, shared by the test suite (test/fuzz/fuzz.test.ts: a small fixed-seed run per target) and
 * `pnpm bench:fuzz` (bench/fuzz.bench.ts: >= 10,000 generated inputs per target, crashes / hangs / slowest input).
 *
 * A target is an input generator (a fast-check arbitrary) and a `check` that feeds one input to the code under test
 * and throws only when a property is broken:
 * - the code threw anything but its package's typed error (CardError, LakeError, FingerprintError,
 *   SearchQueryError) with a string `code`;
 * - an HTTP route answered 5xx (client mistakes are 4xx), or accepted what it must refuse (a bad signature);
 * - a round trip did not give back what went in (front matter, card JSON, NDJSON counts).
 * Hangs are caught by the runner (per-input timeout), not here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { CardError, canonicalJson, parseCardJson, parseFrontMatter, serializeFrontMatter, validate, assertValidCard } from '@modellake/card';
import { openLake, type OpenLake } from '@modellake/core';
import { encodeSafetensors, fingerprintGguf, fingerprintSafetensors, FingerprintError, readGgufHeader, readSafetensorsHeader, type ByteSource } from '@modellake/fingerprint';
import { parseFilter, parseNaturalQuery, SearchQueryError, type FacetVocabulary } from '../../packages/core/src/search/index.js';
import { signMlflowPayload } from '../../packages/connectors/mlflow/src/index.js';

/** One fuzz target. `setup` (optional) builds shared state once per process; `check` runs one input. */
export interface FuzzTarget<T = unknown> {
  name: string;
  /** What is fed in and which properties are checked (printed by the bench). */
  description: string;
  arbitrary: fc.Arbitrary<T>;
  check(input: T): Promise<void> | void;
  setup?(): Promise<void> | void;
  teardown?(): Promise<void> | void;
}

/** A broken property (as opposed to an input correctly refused). */
export class FuzzFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FuzzFailure';
  }
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** Whether `e` is one of the typed errors, carrying a string code. */
export function isTypedError(e: unknown, ...classes: ErrorClass[]): boolean {
  return e instanceof Error && classes.some((c) => e instanceof c) && typeof (e as unknown as { code?: unknown }).code === 'string' && (e as unknown as { code: string }).code.length > 0;
}

/** Runs `f`; a throw that is not one of `classes` (with a code) is a crash. Returns whether `f` completed. */
async function only<R>(classes: ErrorClass[], f: () => R | Promise<R>): Promise<{ ok: true; value: R } | { ok: false; error: Error }> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    if (e instanceof FuzzFailure) throw e;
    if (isTypedError(e, ...classes)) return { ok: false, error: e as Error };
    const what = e instanceof Error ? `${e.name}: ${e.message}` : `non-Error ${typeof e}: ${String(e)}`;
    throw new FuzzFailure(`threw ${what.slice(0, 500)} (not ${classes.map((c) => c.name).join('/')} with a code)`, { cause: e });
  }
}

const same = (a: unknown, b: unknown, what: string): void => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  if (x !== y) throw new FuzzFailure(`${what}: round trip changed the value\n  in:  ${x?.slice(0, 300)}\n  out: ${y?.slice(0, 300)}`);
};

// ---------------------------------------------------------------------------------------------------------------
// Shared generators

/** Strings that stress parsers: unicode (incl. astral, lone surrogates), control characters, YAML/JSON punctuation. */
const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '\\', '\n', '-', '#', '&', '*', '!', '|', '>', "'", '%', '@', '`', ' ', '\t', '\r', '\u0000', '\u2028', '\uFEFF', '\uD800', '🤗', 'a', '1', 'e', '.'), maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '---', '...', 'null', 'true', '~', 'NaN', '.inf', '-0', '0x1F', '1e999', '<<', '&a', '*a', '__proto__', 'constructor', 'hf:acme/x', 'hf:acme/🤗evil', '../..', '%2F') },
);

const cardId = fc.oneof(
  fc.constantFrom('hf:acme/bert', 'mlflow:fraud', 'gh:acme/models/sentiment', 'mi:openmm/tiny'),
  fc.tuple(fc.constantFrom('hf', 'mlflow', 'gh', 'mi', 'local', 'x'), nastyString, nastyString).map(([s, a, b]) => `${s}:${a}/${b}`),
  nastyString,
);

/** Card-shaped objects: known fields with plausible or wrong values, plus arbitrary extras. */
const cardLike: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      cardVersion: fc.oneof(fc.constant('1.0'), fc.jsonValue({ maxDepth: 1 })),
      id: fc.oneof({ weight: 4, arbitrary: cardId }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }),
      name: fc.oneof(nastyString, fc.jsonValue({ maxDepth: 1 })),
      license: fc.oneof(fc.constantFrom('mit', 'apache-2.0', 'other'), nastyString),
      tasks: fc.oneof(fc.array(nastyString, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      tags: fc.array(nastyString, { maxLength: 4 }),
      architecture: fc.oneof(fc.record({ family: nastyString, parameters: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 2 })),
      lineage: fc.oneof(fc.record({ parents: fc.array(fc.record({ id: cardId, relation: fc.constantFrom('finetune', 'merge', 'adapter', 'quantized', 'x') }), { maxLength: 3 }) }), fc.jsonValue({ maxDepth: 3 })),
      evaluation: fc.jsonValue({ maxDepth: 4 }),
      governance: fc.jsonValue({ maxDepth: 3 }),
      extensions: fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  )
  .chain((c) => fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }).map((extra) => ({ ...extra, ...c })));

/** Values nested `depth` deep (objects or arrays): the depth limits must refuse them cleanly, never overflow the stack. */
const deepValue = fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return { depth, arrays, value: v };
});

/** JSON texts: valid JSON, card JSON, near-misses (truncated, duplicated keys), deep nesting, random text. */
const jsonText = fc.oneof(
  { weight: 3, arbitrary: cardLike.map((c) => JSON.stringify(c)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.tuple(cardLike.map((c) => JSON.stringify(c)), fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))) },
  { weight: 1, arbitrary: fc.tuple(nastyString, fc.jsonValue({ maxDepth: 1 }), fc.jsonValue({ maxDepth: 1 })).map(([k, a, b]) => `{${JSON.stringify(k)}:${JSON.stringify(a)},${JSON.stringify(k)}:${JSON.stringify(b)}}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":')).map(([n, open]) => open.repeat(n) + '1' + (open === '[' ? ']' : '}').repeat(n)) },
  { weight: 1, arbitrary: nastyString },
);

// ---------------------------------------------------------------------------------------------------------------
// @modellake/card

const cardValidate: FuzzTarget<{ value: unknown }> = {
  name: 'card-validate',
  description: 'validate() / assertValidCard() over card-shaped objects, arbitrary JSON and deep nesting: never throws (validate) or only CardError (assert); both agree; a valid card survives canonicalJson round trip',
  arbitrary: fc.oneof(
    { weight: 5, arbitrary: cardLike },
    // Mostly valid cards (so the accepted path and its round trip are exercised too).
    { weight: 3, arbitrary: fc.record({ cardVersion: fc.constant('1.0'), id: fc.constantFrom('hf:acme/bert', 'mlflow:fraud', 'gh:acme/models/sentiment'), name: fc.string({ minLength: 1, maxLength: 20 }), description: fc.string({ maxLength: 40 }), tags: fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 }), license: fc.constantFrom('mit', 'apache-2.0') }, { requiredKeys: ['cardVersion', 'id', 'name'] }) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 5 }) },
    { weight: 1, arbitrary: deepValue.map((d) => ({ cardVersion: '1.0', id: 'hf:acme/deep', name: 'deep', extensions: { x: d.value } })) },
    { weight: 1, arbitrary: deepValue.map((d) => d.value) },
  ).map((value) => ({ value })),
  async check({ value }) {
    let result: ReturnType<typeof validate>;
    try {
      result = validate(value);
    } catch (e) {
      throw new FuzzFailure(`validate() threw ${(e as Error)?.name}: ${(e as Error)?.message?.slice(0, 300)}`, { cause: e });
    }
    if (typeof result?.ok !== 'boolean' || !Array.isArray(result.issues)) throw new FuzzFailure('validate() returned no {ok, issues}');
    if (result.ok !== (result.issues.length === 0)) throw new FuzzFailure(`validate(): ok=${result.ok} with ${result.issues.length} issues (a refusal must say why)`);
    const asserted = await only([CardError], () => assertValidCard(value));
    if (asserted.ok !== result.ok) throw new FuzzFailure(`validate() says ok=${result.ok} but assertValidCard ${asserted.ok ? 'accepted' : `refused (${(asserted as { error: Error }).error.message.slice(0, 200)})`}`);
    if (asserted.ok) {
      const text = canonicalJson(asserted.value);
      const again = canonicalJson(parseCardJson(text));
      if (again !== text) throw new FuzzFailure('canonicalJson(parseCardJson(canonicalJson(card))) differs');
    }
  },
};

const cardJson: FuzzTarget<{ text: string }> = {
  name: 'card-json-parse',
  description: 'parseCardJson() over JSON texts, truncations, duplicate keys, deep nesting and random text: only CardError; what it accepts JSON.parse accepts, and re-parsing its serialisation gives the same value',
  arbitrary: jsonText.map((text) => ({ text })),
  async check({ text }) {
    const r = await only([CardError], () => parseCardJson(text));
    if (!r.ok) return;
    let plain: unknown;
    try {
      plain = JSON.parse(text);
    } catch {
      throw new FuzzFailure('parseCardJson accepted text that JSON.parse refuses');
    }
    same(r.value, plain, 'parseCardJson vs JSON.parse');
    same(parseCardJson(JSON.stringify(r.value)), r.value, 'parseCardJson(JSON.stringify(v))');
  },
};

/** YAML-safe data for front matter round trips: JSON values with finite numbers. */
const frontMatterData = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.jsonValue({ maxDepth: 3 }),
  { minKeys: 1, maxKeys: 5 },
);

const frontMatter: FuzzTarget<{ kind: 'roundtrip'; data: Record<string, unknown>; body: string } | { kind: 'text'; text: string }> = {
  name: 'front-matter',
  description: 'serializeFrontMatter -> parseFrontMatter gives back data and body; parseFrontMatter over random and YAML-ish text (aliases, duplicate keys, deep nesting, tabs) only throws CardError',
  arbitrary: fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('roundtrip' as const), data: frontMatterData, body: fc.oneof(fc.string({ maxLength: 60 }), nastyString) }) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.array(fc.oneof(nastyString, fc.constantFrom('a: &x [1,2]', 'b: *x', 'c: [*x, *x, *x]', 'k: 1', 'k: 2', '  - x', '\t- y', 'key: |', '  text', '? complex', ': v', '!!binary aGk=', '!!js/function x', '{a: {b: {c: [[[[[1]]]]]}}}')), { maxLength: 8 }), nastyString, fc.boolean())
        .map(([lines, body, uniqueKeys]) => ({ kind: 'text' as const, text: `---\n${lines.join('\n')}\n---\n${body}`, uniqueKeys })),
    },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean()).map(([n, flow]) => ({ kind: 'text' as const, text: flow ? `---\nx: ${'['.repeat(n)}1${']'.repeat(n)}\n---\n` : `---\n${Array.from({ length: Math.min(n, 400) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n---\n` })) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 10 })).map(([levels, fan]) => {
      // "billion laughs": each alias level multiplies the expansion.
      const lines = ['a0: &a0 [x]'];
      for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: fan }, () => `*a${i - 1}`).join(', ')}]`);
      return { kind: 'text' as const, text: `---\n${lines.join('\n')}\n---\nbody` };
    }) },
    { weight: 1, arbitrary: nastyString.map((text) => ({ kind: 'text' as const, text })) },
  ),
  async check(input) {
    if (input.kind === 'roundtrip') {
      const text = serializeFrontMatter({ data: input.data, body: input.body });
      const r = await only([CardError], () => parseFrontMatter(text));
      if (!r.ok) throw new FuzzFailure(`serialised front matter does not parse back: ${r.error.message.slice(0, 300)}\n${text.slice(0, 300)}`);
      same(r.value.data, input.data, 'front matter data');
      if (r.value.body !== input.body) throw new FuzzFailure(`front matter body changed: ${JSON.stringify(input.body)} -> ${JSON.stringify(r.value.body)}`);
      return;
    }
    await only([CardError], () => parseFrontMatter(input.text, { uniqueKeys: (input as { uniqueKeys?: boolean }).uniqueKeys ?? false }));
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Lake over HTTP (embedded, SQLite in a temp home): NDJSON import, MLflow webhook, search

let lake: OpenLake | undefined;
let home: string | undefined;
const SECRET = 'fuzz-secret';
async function lakeUp(): Promise<OpenLake> {
  if (lake) return lake;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-fuzz-'));
  lake = openLake({ home, config: { auth: { trustedActor: { name: 'fuzz', role: 'admin' } }, mlflow: { webhookSecret: SECRET } } });
  // A few cards so search has facets and hits.
  await lake.lake.putNdjson(
    [
      { cardVersion: '1.0', id: 'hf:acme/det', name: 'det', tasks: ['object-detection'], license: 'mit', architecture: { parameters: 25_000_000 }, training: { datasets: [{ name: 'COCO' }] }, evaluation: { results: [{ task: { type: 'object-detection' }, dataset: { name: 'COCO' }, metrics: [{ type: 'box AP', value: 41 }] }] } },
      { cardVersion: '1.0', id: 'hf:acme/pose', name: 'pose', tasks: ['keypoint-detection'], license: 'apache-2.0', languages: ['en'] },
    ].map((c) => JSON.stringify(c)).join('\n'),
    { name: 'fuzz', role: 'admin' },
  );
  return lake;
}
async function lakeDown(): Promise<void> {
  await lake?.close();
  if (home) fs.rmSync(home, { recursive: true, force: true });
  lake = undefined;
  home = undefined;
}

async function request(pathAndQuery: string, init: RequestInit): Promise<Response> {
  const l = await lakeUp();
  const res = await l.app.request(pathAndQuery, init);
  if (res.status >= 500) throw new FuzzFailure(`${init.method ?? 'GET'} ${pathAndQuery.slice(0, 200)} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

const ndjsonLine = fc.oneof(
  { weight: 4, arbitrary: cardLike.map((c) => JSON.stringify(c)) },
  { weight: 2, arbitrary: jsonText },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\r', '{}', '[]', 'null', '"x"', '1') },
);
const ndjsonBody = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.array(ndjsonLine, { maxLength: 8 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => new TextEncoder().encode(lines.join(eol))) },
  // Raw bytes: invalid UTF-8, NUL, BOMs.
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.tuple(cardLike.map((c) => JSON.stringify(c)), fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.nat()).map(([t, bad, at]) => {
    const b = new TextEncoder().encode(t);
    const i = at % (b.length + 1);
    return new Uint8Array([...b.subarray(0, i), ...bad.map((x) => x | 0x80), ...b.subarray(i)]);
  }) },
);

const ndjsonImport: FuzzTarget<{ body: Uint8Array; contentType: string }> = {
  name: 'ndjson-import',
  description: 'POST /v1/import with NDJSON bodies (cards, broken JSON, deep nesting, invalid UTF-8): never 5xx; a 200 accounts for every non-empty line exactly once (stored or reported)',
  arbitrary: fc.record({ body: ndjsonBody, contentType: fc.constantFrom('application/x-ndjson', 'application/json', 'text/plain', '') }),
  setup: async () => void (await lakeUp()),
  teardown: lakeDown,
  async check({ body, contentType }) {
    const res = await request('/v1/import', { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body: body as unknown as BodyInit });
    const text = await res.text();
    if (res.status !== 200) {
      if (res.status < 400) throw new FuzzFailure(`/v1/import answered ${res.status}`);
      return;
    }
    const out = JSON.parse(text) as { results?: { line: number }[]; errors?: { line: number }[] };
    let decoded: string;
    try {
      decoded = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return; // The lake may report invalid UTF-8 per line; counts are then its own business.
    }
    const lines = decoded.split('\n').map((l, i) => ({ n: i + 1, l: l.trim() })).filter((x) => x.l !== '').map((x) => x.n);
    const seen = [...(out.results ?? []), ...(out.errors ?? [])].map((r) => r.line).sort((a, b) => a - b);
    if (JSON.stringify(seen) !== JSON.stringify(lines)) throw new FuzzFailure(`/v1/import accounted for lines ${JSON.stringify(seen).slice(0, 200)}, body has non-empty lines ${JSON.stringify(lines).slice(0, 200)}`);
  },
};

const webhookEvent = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        entity: fc.constantFrom('model_version', 'model_version_tag', 'model_version_alias', 'registered_model', 'registered_model_tag', 'prompt', 'x'),
        action: fc.constantFrom('created', 'set', 'deleted', 'updated', 'x'),
        timestamp: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), nastyString),
        data: fc.oneof(fc.record({ name: fc.oneof(nastyString, fc.jsonValue({ maxDepth: 1 })), version: fc.oneof(fc.constantFrom('1', '2', '0', '-1', '1e9'), nastyString, fc.integer()), alias: nastyString, key: nastyString, value: nastyString }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 2 })),
      }, { requiredKeys: [] })
      .map((e) => JSON.stringify(e)),
  },
  { weight: 2, arbitrary: jsonText },
);
const webhook: FuzzTarget<{ body: string; sign: 'right' | 'wrong' | 'none' | 'garbage'; deliveryId: string | undefined; ts: string | undefined; contentType: string }> = {
  name: 'mlflow-webhook',
  description: 'POST /v1/hooks/mlflow with random bodies, delivery ids, timestamps and signatures (right, wrong secret, missing, garbage): never 5xx; nothing but a correctly signed, fresh delivery is accepted (2xx)',
  arbitrary: fc.record({
    body: webhookEvent,
    sign: fc.constantFrom('right', 'right', 'wrong', 'none', 'garbage'),
    deliveryId: fc.option(fc.oneof(fc.uuid(), nastyString), { nil: undefined }),
    ts: fc.option(fc.oneof(fc.constant('now'), fc.integer({ min: -1e10, max: 1e11 }).map(String), nastyString), { nil: undefined }),
    contentType: fc.constantFrom('application/json', 'text/plain', ''),
  }),
  setup: async () => void (await lakeUp()),
  teardown: lakeDown,
  async check({ body, sign, deliveryId, ts, contentType }) {
    const timestamp = ts === 'now' ? String(Math.floor(Date.now() / 1000)) : ts;
    const headers: Record<string, string> = {};
    if (contentType) headers['content-type'] = contentType;
    // Header values must be ByteStrings without CR/LF; an HTTP client could not send anything else.
    const headerSafe = (s: string) => /^[\x20-\x7e\t]*$/.test(s);
    if (deliveryId !== undefined && headerSafe(deliveryId)) headers['x-mlflow-delivery-id'] = deliveryId;
    if (timestamp !== undefined && headerSafe(timestamp)) headers['x-mlflow-timestamp'] = timestamp;
    const signable = headers['x-mlflow-delivery-id'] !== undefined && headers['x-mlflow-timestamp'] !== undefined;
    if (sign === 'right' && signable) headers['x-mlflow-signature'] = signMlflowPayload({ secret: SECRET, deliveryId: headers['x-mlflow-delivery-id']!, timestamp: headers['x-mlflow-timestamp']!, body });
    if (sign === 'wrong' && signable) headers['x-mlflow-signature'] = signMlflowPayload({ secret: 'not-the-secret', deliveryId: headers['x-mlflow-delivery-id']!, timestamp: headers['x-mlflow-timestamp']!, body });
    if (sign === 'garbage') headers['x-mlflow-signature'] = `v1,${Buffer.from(body.slice(0, 20)).toString('base64')}`;
    const res = await request('/v1/hooks/mlflow', { method: 'POST', headers, body });
    await res.text();
    const fresh = ts === 'now';
    const authentic = sign === 'right' && signable && fresh && (headers['x-mlflow-delivery-id'] ?? '') !== '';
    if (res.status < 300 && !authentic) throw new FuzzFailure(`accepted (${res.status}) a delivery that is not correctly signed and fresh (sign=${sign}, ts=${JSON.stringify(ts)}, id=${JSON.stringify(deliveryId)})`);
    if (!authentic && res.status !== 401 && res.status !== 400 && res.status !== 413 && res.status !== 415) throw new FuzzFailure(`an unauthenticated delivery got ${res.status}, expected 401 (or 400/413/415)`);
  },
};

const VOCAB: FacetVocabulary = { task: ['object-detection', 'keypoint-detection', 'image-classification'], dataset: ['COCO', 'ImageNet-1k'], license: ['mit', 'apache-2.0'], governance: ['approved'], language: ['en'], metric: ['box AP', 'top-1 accuracy'] };
const filterText = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('task', 'library', 'license', 'dataset', 'domain', 'language', 'governance', 'params', 'metric', 'source', 'parameters', 'metrics:box AP', 'metric:', 'x', 'TASK'), fc.constantFrom('=', '!=', '<', '<=', '>', '>=', '==', ''), fc.oneof(nastyString, fc.double().map(String), fc.constantFrom('5e8', '50M', '1.5B', '1e999', '-1', 'NaN', '0x10', '300k', ' ', ''))).map(([a, op, b]) => `${a}${op}${b}`) },
  { weight: 1, arbitrary: nastyString },
);
const queryText = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(nastyString, fc.constantFrom('detectors', 'trained on', 'COCO', 'with', 'box AP', 'above', 'below', 'under', 'over', 'at least', '40', '50M', '1e999', 'params', 'parameters', 'weights', 'license', 'mit', 'english', 'approved', 'not', 'without', '-', '"', '(', ')', '*', 'OR', 'AND', 'NEAR')), { maxLength: 12 }).map((w) => w.join(' ')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 400 }) },
  { weight: 1, arbitrary: fc.tuple(nastyString, fc.integer({ min: 1, max: 2000 })).map(([s, n]) => s.repeat(n).slice(0, 5000)) },
);

const searchQuery: FuzzTarget<{ q: string; filters: string[]; limit: string | undefined; direct: boolean }> = {
  name: 'search-query',
  description: 'parseFilter (only SearchQueryError) and parseNaturalQuery (never throws; filters well-formed) over random text; GET /v1/search with random q, filter and limit: never 5xx',
  arbitrary: fc.record({
    q: queryText,
    filters: fc.array(filterText, { maxLength: 3 }),
    limit: fc.option(fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), nastyString), { nil: undefined }),
    direct: fc.boolean(),
  }),
  setup: async () => void (await lakeUp()),
  teardown: lakeDown,
  async check({ q, filters, limit, direct }) {
    for (const f of filters) {
      const r = await only([SearchQueryError], () => parseFilter(f));
      if (r.ok && (r.value.kind === 'params' || r.value.kind === 'metric') && Number.isNaN(r.value.value)) throw new FuzzFailure(`parseFilter(${JSON.stringify(f)}) gave a NaN bound`);
    }
    let parsed: ReturnType<typeof parseNaturalQuery>;
    try {
      parsed = parseNaturalQuery(q, VOCAB);
    } catch (e) {
      throw new FuzzFailure(`parseNaturalQuery threw ${(e as Error)?.name}: ${(e as Error)?.message?.slice(0, 300)}`, { cause: e });
    }
    if (typeof parsed.text !== 'string' || !Array.isArray(parsed.filters)) throw new FuzzFailure('parseNaturalQuery returned no {text, filters}');
    for (const f of parsed.filters) if ((f.kind === 'params' || f.kind === 'metric') && Number.isNaN(f.value)) throw new FuzzFailure(`parseNaturalQuery(${JSON.stringify(q)}) gave a NaN bound`);
    if (direct) return;
    const qs = new URLSearchParams();
    qs.set('q', q);
    for (const f of filters) qs.append('filter', f);
    if (limit !== undefined) qs.set('limit', limit);
    const res = await request(`/v1/search?${qs}`, { method: 'GET' });
    await res.text();
  },
};

// ---------------------------------------------------------------------------------------------------------------
// @modellake/fingerprint: safetensors and GGUF readers over in-memory files

/** An in-memory ByteSource behaving like openFileSource (short reads throw `truncated`). */
export function memorySource(bytes: Uint8Array, name = 'fuzz.bin'): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    async read(offset, length, into) {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > bytes.byteLength) {
        throw new FingerprintError('truncated', `needs ${length} bytes at ${offset} but the file ends at ${bytes.byteLength}`, { file: name, offset });
      }
      const out = into ?? new Uint8Array(length);
      out.set(bytes.subarray(offset, offset + length));
      return out;
    },
    async close() {},
  };
}

/** Applies byte-level mutations (flip, set, truncate, extend) to a valid file. */
const mutate = (base: fc.Arbitrary<Uint8Array>) =>
  fc.tuple(base, fc.array(fc.tuple(fc.constantFrom('flip', 'set', 'truncate', 'extend', 'u64'), fc.nat(), fc.nat({ max: 255 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), { minLength: 1, maxLength: 4 })).map(([bytes, ops]) => {
    let b = new Uint8Array(bytes);
    for (const [op, at, v, big] of ops) {
      const i = b.length ? at % b.length : 0;
      if (op === 'flip' && b.length) b[i] = b[i]! ^ (1 << (v % 8));
      else if (op === 'set' && b.length) b[i] = v;
      else if (op === 'truncate') b = b.subarray(0, i);
      else if (op === 'extend') b = new Uint8Array([...b, ...new Uint8Array(v)]);
      else if (op === 'u64' && b.length >= 8) new DataView(b.buffer, b.byteOffset).setBigUint64(Math.min(i, b.length - 8), big, true);
    }
    return b;
  });

const DTYPES = ['F64', 'F32', 'F16', 'BF16', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL', 'F8_E4M3', 'F8_E5M2'];
const validSafetensors = fc
  .array(fc.record({ dtype: fc.constantFrom('F32', 'F16', 'BF16', 'I8', 'U8'), shape: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }) }), { minLength: 1, maxLength: 4 })
  .map((ts) => encodeSafetensors(ts.map((t, i) => ({ name: `layer.${i}.weight`, dtype: t.dtype, shape: t.shape, values: Array.from({ length: t.shape.reduce((a, b) => a * b, 1) }, (_, k) => Math.sin(k + i)) }))));
const hostileHeader = fc
  .tuple(
    fc.dictionary(
      nastyString,
      fc.oneof(
        fc.record({ dtype: fc.oneof(fc.constantFrom(...DTYPES), nastyString), shape: fc.oneof(fc.array(fc.oneof(fc.integer({ min: -2, max: 64 }), fc.constantFrom(2 ** 31, 2 ** 53, 1e300, 0.5)), { maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })), data_offsets: fc.oneof(fc.tuple(fc.integer({ min: -4, max: 4096 }), fc.integer({ min: -4, max: 4096 })), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      { maxKeys: 6 },
    ),
    fc.option(fc.jsonValue({ maxDepth: 2 })),
    fc.nat({ max: 4096 }),
    fc.option(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { nil: undefined }),
  )
  .map(([entries, meta, dataLen, lenOverride]) => {
    const header = new TextEncoder().encode(JSON.stringify(meta === null ? entries : { ...entries, __metadata__: meta }));
    const out = new Uint8Array(8 + header.length + dataLen);
    new DataView(out.buffer).setBigUint64(0, lenOverride ?? BigInt(header.length), true);
    out.set(header, 8);
    return out;
  });

/** A header listing very many zero-size tensors (a million once overflowed the stack): around the reader's limit of 200,000. */
const manyTensors = fc.constantFrom(10_000, 199_999, 200_001, 400_000).map((n) => {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`);
  const header = new TextEncoder().encode(`{${parts.join(',')}}`);
  const out = new Uint8Array(8 + header.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  return out;
});

const safetensors: FuzzTarget<{ bytes: Uint8Array }> = {
  name: 'safetensors',
  description: 'readSafetensorsHeader + fingerprintSafetensors over hostile headers (odd dtypes, shapes, offsets, lengths), mutated valid files and random bytes: only FingerprintError',
  arbitrary: fc.oneof({ weight: 60, arbitrary: hostileHeader }, { weight: 60, arbitrary: mutate(validSafetensors) }, { weight: 20, arbitrary: validSafetensors }, { weight: 20, arbitrary: fc.uint8Array({ maxLength: 64 }) }, { weight: 1, arbitrary: manyTensors }).map((bytes) => ({ bytes })),
  async check({ bytes }) {
    const header = await only([FingerprintError], () => readSafetensorsHeader(memorySource(bytes, 'fuzz.safetensors')));
    if (!header.ok) return;
    await only([FingerprintError], () => fingerprintSafetensors([{ source: memorySource(bytes, 'fuzz.safetensors'), path: 'fuzz.safetensors' }]));
  },
};

/** Little-endian GGUF writer. */
class GgufWriter {
  parts: number[] = [];
  u8(v: number) { this.parts.push(v & 255); return this; }
  u32(v: number) { for (let i = 0; i < 4; i++) this.parts.push((v >>> (8 * i)) & 255); return this; }
  u64(v: bigint | number) { let x = BigInt.asUintN(64, BigInt(v)); for (let i = 0; i < 8; i++) { this.parts.push(Number(x & 255n)); x >>= 8n; } return this; }
  f32(v: number) { const b = new Uint8Array(4); new DataView(b.buffer).setFloat32(0, v, true); this.parts.push(...b); return this; }
  f64(v: number) { const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, v, true); this.parts.push(...b); return this; }
  str(s: string) { const e = new TextEncoder().encode(s); this.u64(e.length); this.parts.push(...e); return this; }
  bytes() { return new Uint8Array(this.parts); }
}
type GgufKv = { key: string; type: number; value: unknown };
const ggufKv: fc.Arbitrary<GgufKv> = fc.oneof(
  fc.record({ key: fc.constantFrom('general.architecture', 'general.name', 'general.base_model.0.name', 'x'), type: fc.constant(8), value: nastyString }),
  fc.record({ key: fc.constant('general.alignment'), type: fc.constantFrom(4, 6, 10, 12), value: fc.oneof(fc.constantFrom(0, 1, 3, 32, 64, 0.3, NaN, -32, 2 ** 31, Infinity), fc.integer()) }),
  fc.record({ key: fc.constantFrom('general.base_model.count', 'llama.block_count'), type: fc.constantFrom(4, 5, 10, 11), value: fc.integer({ min: -5, max: 1e6 }) }),
  fc.record({ key: nastyString, type: fc.integer({ min: 0, max: 14 }), value: fc.oneof(fc.integer(), fc.double(), nastyString) }),
  fc.record({ key: nastyString, type: fc.constant(9), value: fc.tuple(fc.integer({ min: 0, max: 13 }), fc.oneof(fc.nat({ max: 20 }), fc.constantFrom(2 ** 40, 2 ** 62))) }),
);
function writeKv(w: GgufWriter, kv: GgufKv): void {
  w.str(kv.key).u32(kv.type);
  const v = kv.value;
  const num = typeof v === 'number' ? v : 0;
  switch (kv.type) {
    case 0: case 1: case 7: w.u8(num); break;
    case 2: case 3: w.u8(num).u8(num >> 8); break;
    case 4: case 5: w.u32(Number.isFinite(num) ? num : 0); break;
    case 6: w.f32(num); break;
    case 8: w.str(typeof v === 'string' ? v : String(v)); break;
    case 10: case 11: w.u64(Number.isFinite(num) ? BigInt(Math.trunc(num)) : 0n); break;
    case 12: w.f64(num); break;
    case 9: {
      const [inner, n] = Array.isArray(v) ? (v as [number, number]) : [4, 0];
      w.u32(inner).u64(n);
      for (let i = 0; i < Math.min(n, 20); i++) writeKvValue(w, inner);
      break;
    }
    default: w.u32(num);
  }
}
function writeKvValue(w: GgufWriter, type: number): void {
  const size = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8][type] ?? 4;
  if (type === 8) w.str('s');
  else for (let i = 0; i < size; i++) w.u8(i);
}
const ggufFile = fc
  .record({
    version: fc.constantFrom(1, 2, 3, 3, 3, 4, 0, 2 ** 31),
    kvs: fc.array(ggufKv, { maxLength: 5 }),
    tensors: fc.array(fc.record({ name: fc.oneof(fc.constantFrom('blk.0.attn.weight', 'output.weight'), nastyString), dims: fc.array(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom(2 ** 32, 2 ** 62)), { maxLength: 5 }), type: fc.oneof(fc.constantFrom(0, 1, 0, 1, 2, 8, 30), fc.integer({ min: 0, max: 100 })), offset: fc.oneof(fc.constant(-1), fc.nat({ max: 4096 }), fc.constant(2 ** 40)) }), { maxLength: 4 }),
    countOverride: fc.option(fc.tuple(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), { nil: undefined }),
    dataLen: fc.nat({ max: 2048 }),
  })
  .map(({ version, kvs, tensors, countOverride, dataLen }) => {
    const w = new GgufWriter();
    w.u8(0x47).u8(0x47).u8(0x55).u8(0x46).u32(version);
    w.u64(countOverride?.[0] ?? tensors.length).u64(countOverride?.[1] ?? kvs.length);
    for (const kv of kvs) writeKv(w, kv);
    let off = 0;
    for (const t of tensors) {
      w.str(t.name).u32(t.dims.length);
      for (const d of t.dims) w.u64(d);
      w.u32(t.type).u64(t.offset === -1 ? off : t.offset);
      off += 32 * Math.max(1, t.dims.reduce((a, b) => a * Math.min(b, 8), 1));
    }
    while (w.parts.length % 32) w.u8(0);
    for (let i = 0; i < dataLen; i++) w.u8((i * 31) & 255);
    return w.bytes();
  });

const gguf: FuzzTarget<{ bytes: Uint8Array }> = {
  name: 'gguf',
  description: 'readGgufHeader + fingerprintGguf over generated GGUF files (versions, metadata types and arrays, alignment values, tensor tables, hostile counts), their byte mutations and random bytes: only FingerprintError',
  arbitrary: fc.oneof({ weight: 4, arbitrary: ggufFile }, { weight: 3, arbitrary: mutate(ggufFile) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) }).map((bytes) => ({ bytes })),
  async check({ bytes }) {
    const header = await only([FingerprintError], () => readGgufHeader(memorySource(bytes, 'fuzz.gguf')));
    if (!header.ok) return;
    // An alignment that is not a positive power-of-two integer made every tensor hash as empty: it must be refused.
    const alignment = header.value.metadata['general.alignment'];
    if (alignment !== undefined) {
      const a = typeof alignment === 'bigint' ? Number(alignment) : alignment;
      if (typeof a !== 'number' || !Number.isInteger(a) || a <= 0 || (a & (a - 1)) !== 0) throw new FuzzFailure(`accepted general.alignment = ${String(alignment)}`);
    }
    await only([FingerprintError], () => fingerprintGguf({ source: memorySource(bytes, 'fuzz.gguf'), path: 'fuzz.gguf' }));
  },
};

/** Every target, in the order they are run and reported. */
export const FUZZ_TARGETS: FuzzTarget<any>[] = [cardValidate, cardJson, frontMatter, ndjsonImport, webhook, searchQuery, safetensors, gguf];

/** Short, printable form of an input (for reports and reproducers). */
export function showInput(input: unknown, max = 400): string {
  // Cut big byte arrays and strings before stringifying (an input can be tens of MB).
  const cut = (v: unknown, depth: number): unknown => {
    if (v instanceof Uint8Array) return v.byteLength > 256 ? { first256Bytes: v.subarray(0, 256), byteLength: v.byteLength } : v;
    if (typeof v === 'string') return v.length > 2000 ? `${v.slice(0, 2000)}… (${v.length} chars)` : v;
    if (depth > 20 || v === null || typeof v !== 'object') return depth > 20 ? '…(deeper)' : v;
    if (Array.isArray(v)) return v.length > 100 ? [...v.slice(0, 100).map((x) => cut(x, depth + 1)), `… (${v.length} items)`] : v.map((x) => cut(x, depth + 1));
    return Object.fromEntries(Object.entries(v).slice(0, 100).map(([k, x]) => [k, cut(x, depth + 1)]));
  };
  const s = fc.stringify(cut(input, 0));
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

