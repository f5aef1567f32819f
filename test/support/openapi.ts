import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './shared.js';

// Ajv is the card package's dependency: load that very copy (the card schema is JSON Schema 2020-12).
const require = createRequire(path.join(REPO_ROOT, 'packages/card/package.json'));
interface AjvLike {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
}
const { Ajv2020 } = require('ajv/dist/2020.js') as { Ajv2020: new (opts: Record<string, unknown>) => AjvLike };
const addFormats = require('ajv-formats') as { default: (ajv: unknown) => void };

export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOp>>;
  components: { schemas: Record<string, unknown> };
}
export interface OpenApiOp {
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
  'x-modellake-role'?: string;
}

/** The operation at `path` + `method`; throws naming what is missing. */
export function operation(doc: OpenApiDoc, p: string, method: string): OpenApiOp {
  const op = doc.paths[p]?.[method];
  if (!op) throw new Error(`OpenAPI document has no ${method.toUpperCase()} ${p}; paths: ${Object.keys(doc.paths).join(', ')}`);
  return op;
}

/** `{name, in, required}` of each parameter, sorted by name: what a client generator would see. */
export function parameterSummary(op: OpenApiOp): { name: string; in: string; required: boolean; type: unknown }[] {
  return (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required === true, type: p.schema?.type })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A validator for the documented schema of one response (status + media type), with the document's components
 * resolvable, so a real response body can be checked against what the API says it returns.
 */
export function responseValidator(doc: OpenApiDoc, op: OpenApiOp, status: number, media = 'application/json'): (body: unknown) => string[] {
  const schema = op.responses?.[String(status)]?.content?.[media]?.schema;
  if (!schema) throw new Error(`no ${media} schema documented for status ${status}`);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile({ ...schema, components: doc.components });
  return (body) => (validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));
}
