import { fingerprintSchema, MODEL_ID_PATTERN, modelCardSchema } from '@modellake/card';

/** An OpenAPI 3.1 operation object (subset used by the lake). */
export interface OpenApiOperation {
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: 'query' | 'path' | 'header'; required?: boolean; description?: string; schema: Record<string, unknown> }[];
  requestBody?: Record<string, unknown>;
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
  /** Least role the operation needs (`public` = no token: health, signed webhooks). Checked by the role-matrix test. */
  role?: 'public' | 'reader' | 'writer' | 'admin';
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Record<string, unknown>) => ({ content: { 'application/json': { schema } } });
const problem = { description: 'Problem details', content: { 'application/problem+json': { schema: ref('Problem') } } };
const idParam = {
  name: 'id',
  in: 'path' as const,
  required: true,
  description: 'Model id `<source>:<native id>` or an alias, sent as ONE percent-encoded segment (encodeURIComponent: `hf%3Aacme%2Fbert`); its `/` may also be sent as is. Sub-resources follow a `-` segment: `/v1/models/{id}/-/history`. Native id segments may not be `.`, `..`, `-` or empty.',
  schema: { type: 'string', pattern: MODEL_ID_PATTERN },
};
const intQueryParam = (name: string, minimum: number, maximum?: number, description?: string) => ({
  name, in: 'query' as const, ...(description ? { description } : {}), schema: { type: 'integer', minimum, ...(maximum !== undefined ? { maximum } : {}) },
});

const BUILTIN: { method: string; path: string; op: OpenApiOperation }[] = [
  { method: 'get', path: '/healthz', op: { role: 'public', summary: 'Liveness and store size', tags: ['meta'], security: [], responses: { 200: { description: 'OK' } } } },
  { method: 'get', path: '/v1/models', op: { role: 'reader', summary: 'List models (latest revisions), paginated by cursor', tags: ['models'], parameters: [{ name: 'prefix', in: 'query', schema: { type: 'string' } }, intQueryParam('limit', 1, 1000, 'Page size (default 100); out of range or not an integer is a 400.'), { name: 'cursor', in: 'query', schema: { type: 'string' } }], responses: { 200: json({ type: 'object', properties: { items: { type: 'array', items: ref('ModelSummary') }, nextCursor: { type: 'string' } } }) } } },
  { method: 'get', path: '/v1/models/{id}', op: { role: 'reader', summary: 'Get a card (latest, or ?revision= / ?version=)', tags: ['models'], parameters: [idParam, intQueryParam('revision', 1), { name: 'version', in: 'query', schema: { type: 'string' } }], responses: { 200: json({ type: 'object', properties: { card: ref('ModelCard'), meta: ref('RevisionMeta') } }), 404: problem, 410: problem } } },
  { method: 'put', path: '/v1/models/{id}', op: { role: 'writer', summary: 'Store a card; identical content is a no-op, a change makes a new revision', tags: ['models'], parameters: [idParam], requestBody: { required: true, ...json(ref('ModelCard')) }, responses: { 200: json(ref('PutResult')), 201: json(ref('PutResult')), 413: problem, 422: problem } } },
  { method: 'delete', path: '/v1/models/{id}', op: { role: 'admin', summary: 'Tombstone a model (history kept)', tags: ['models'], parameters: [idParam], responses: { 204: { description: 'Deleted' }, 404: problem } } },
  { method: 'get', path: '/v1/models/{id}/-/versions', op: { role: 'reader', summary: 'All revisions of a model', tags: ['models'], parameters: [idParam], responses: { 200: { description: 'Revisions' } } } },
  { method: 'get', path: '/v1/models/{id}/-/history', op: { role: 'reader', summary: 'Audit entries about a model', tags: ['models'], parameters: [idParam], responses: { 200: { description: 'Audit entries' } } } },
  { method: 'post', path: '/v1/import', op: { role: 'writer', summary: 'Batch import: NDJSON, one card per line; bad lines reported by line number, valid lines stored', tags: ['models'], requestBody: { required: true, content: { 'application/x-ndjson': { schema: { type: 'string' } } } }, responses: { 200: { description: 'Counts, results and per-line errors' } } } },
  { method: 'put', path: '/v1/aliases/{alias}', op: { role: 'writer', summary: 'Point an alias at a model (writers: only unused names, not onto approved models; admins may re-point)', tags: ['models'], parameters: [{ name: 'alias', in: 'path', required: true, description: 'The alias, one percent-encoded segment; same grammar as model ids.', schema: { type: 'string', pattern: MODEL_ID_PATTERN } }], responses: { 200: { description: 'OK' }, 403: problem, 409: problem } } },
  { method: 'get', path: '/v1/whoami', op: { role: 'reader', summary: 'The caller and its role', tags: ['auth'] } },
  { method: 'post', path: '/v1/tokens', op: { role: 'admin', summary: 'Create an API token (admin); the secret is returned once', tags: ['auth'] } },
  { method: 'get', path: '/v1/tokens', op: { role: 'admin', summary: 'List API tokens (admin)', tags: ['auth'] } },
  { method: 'delete', path: '/v1/tokens/{id}', op: { role: 'admin', summary: 'Revoke an API token (admin)', tags: ['auth'] } },
  { method: 'get', path: '/v1/audit', op: { role: 'admin', summary: 'Audit log entries (admin)', tags: ['audit'], parameters: [intQueryParam('after', 0, undefined, 'Entries after this sequence number.'), intQueryParam('limit', 1, 100000, 'Default 1000.'), { name: 'subject', in: 'query', schema: { type: 'string' } }] } },
  { method: 'get', path: '/v1/state/{key}', op: { role: 'reader', summary: 'Read a connector checkpoint', tags: ['state'] } },
  { method: 'put', path: '/v1/state/{key}', op: { role: 'writer', summary: 'Write a connector checkpoint (writer)', tags: ['state'] } },
];

/** Builds the OpenAPI 3.1 document from the built-in and registered operations and the card JSON Schema. */
export function buildOpenApi(extra: { method: string; path: string; op: OpenApiOperation }[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, op } of [...BUILTIN, ...extra]) {
    paths[path] ??= {};
    const { role, ...rest } = op;
    paths[path]![method.toLowerCase()] = { responses: { default: problem }, ...rest, ...(role ? { 'x-modellake-role': role } : {}), ...(role === 'public' ? { security: [] } : {}) };
  }
  const { $schema: _s, $id: _i, ...card } = modelCardSchema as Record<string, unknown>;
  const { $schema: _s2, $id: _i2, ...fp } = fingerprintSchema as Record<string, unknown>;
  // OpenAPI 3.1 speaks JSON Schema 2020-12: the card schema is embedded as is, with refs re-rooted.
  const cardJson = JSON.stringify(card).replaceAll('"#/$defs/', '"#/components/schemas/ModelCard/$defs/').replaceAll('"fingerprint.schema.json"', '"#/components/schemas/Fingerprint"');
  return {
    openapi: '3.1.0',
    info: { title: 'modellake', version: '1.0.0', description: 'The model lake API. Errors are RFC 9457 problem details with a stable `code`.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API token from `modellake token create`' } },
      schemas: {
        ModelCard: JSON.parse(cardJson),
        Fingerprint: fp,
        Problem: { type: 'object', required: ['type', 'title', 'status', 'code', 'detail'], properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, detail: { type: 'string' }, instance: { type: 'string' } } },
        PutResult: { type: 'object', required: ['status', 'id', 'revision', 'hash'], properties: { status: { enum: ['created', 'updated', 'unchanged'] }, id: { type: 'string' }, revision: { type: 'integer' }, version: { type: 'string' }, hash: { type: 'string' } } },
        RevisionMeta: { type: 'object', properties: { id: { type: 'string' }, revision: { type: 'integer' }, version: { type: 'string' }, hash: { type: 'string' }, createdAt: { type: 'string' }, actor: { type: 'string' }, aliases: { type: 'array', items: { type: 'string' } } } },
        ModelSummary: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, latestRevision: { type: 'integer' }, version: { type: 'string' }, hash: { type: 'string' }, updatedAt: { type: 'string' }, deleted: { type: 'boolean' } } },
      },
    },
  };
}
