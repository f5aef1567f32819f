import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { shared } from '../../../test/support/shared.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const actionYml = path.join(here, '..', 'action.yml');
const SCHEMA = shared('fixtures', 'github-action', 'schema', 'schemastore__github-action.json').path;
const action = parse(fs.readFileSync(actionYml, 'utf8')) as {
  runs: { using: string; main: string };
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
};

describe.skipIf(!fs.existsSync(SCHEMA))('action.yml against the SchemaStore github-action schema', () => {
  it('validates', () => {
    const ajv = new Ajv.default({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
    const ok = validate(action);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a broken copy (the schema is really applied)', () => {
    const ajv = new Ajv.default({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
    expect(validate({ ...action, runs: { using: 'node99', main: 'dist/index.js' } })).toBe(false);
  });
});

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(fs.existsSync(path.join(here, '..', action.runs.main))).toBe(true);
  });

  it('declares exactly the inputs and outputs the code uses', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(['comment', 'fail-on', 'github-token', 'lake-token', 'lake-url', 'paths', 'policy']);
    expect(Object.keys(action.outputs).sort()).toEqual(['changed', 'findings', 'models', 'report']);
    expect(action.inputs['fail-on']!.default).toBe('error');
    const src = fs.readdirSync(path.join(here, '..', 'src')).map((f) => fs.readFileSync(path.join(here, '..', 'src', f), 'utf8')).join('\n');
    for (const name of Object.keys(action.inputs)) expect(src).toContain(`'${name}'`);
    for (const name of Object.keys(action.outputs)) expect(src).toMatch(new RegExp(String.raw`setOutput\(\s*'${name}'`));
  });
});
