import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { authenticate, requireRole, type AuthConfig } from './auth.js';
import { ID_SEGMENT_RULE } from '@modellake/card';
import { LakeError, toProblem } from './errors.js';
import { hasDotSegment } from './model-url.js';
import type { Lake } from './lake.js';
import { buildOpenApi, type OpenApiOperation } from './openapi.js';
import { adminRoutes } from './routes/admin.js';
import { modelRoutes } from './routes/models.js';
import type { Role } from './types.js';

/** Settings of a lake app beyond its storage. */
export interface LakeConfig {
  auth?: AuthConfig;
  /** Largest request body accepted (NDJSON batches). @default 64 MiB */
  maxBodyBytes?: number;
  /** Directory of the built web UI (`packages/web/dist`), served at `/` when set. */
  webRoot?: string;
  /** MLflow webhook receiver settings. */
  mlflow?: { webhookSecret?: string; trackingUri?: string; token?: string };
  /** Free-form settings of feature modules. */
  [feature: string]: unknown;
}

/** Handler of a model sub-resource (`/v1/models/{id}/-/<name>`); `id` is decoded, may contain `/` and obeys the id grammar (or is stored). */
export type ModelResourceHandler = (c: Context, id: string) => Response | Promise<Response>;

/** What route modules receive: the lake, the config and registration helpers. */
export interface RouteContext {
  lake: Lake;
  config: LakeConfig;
  /** Registers `METHOD /v1/models/{id}/-/<name>` (also reachable as the legacy `/v1/models/{id}/<name>` when unambiguous). */
  modelResource(method: 'GET' | 'POST' | 'PUT' | 'DELETE', name: string, role: Role, handler: ModelResourceHandler, doc?: OpenApiOperation): void;
  /** Adds an operation to `/openapi.json`. */
  document(method: string, path: string, op: OpenApiOperation): void;
}

/** Dependencies of {@link createLakeApp}. */
export interface LakeAppDeps {
  lake: Lake;
  config?: LakeConfig;
  /** Extra route modules mounted under `/v1` (features register here). */
  routes?: ((ctx: RouteContext) => Hono | void)[];
}

/** A model sub-resource registered by a route module. */
export interface ModelResource {
  method: string;
  name: string;
  role: Role;
  handler: ModelResourceHandler;
}

/**
 * Builds the lake's HTTP API as a Hono app (a fetch handler): `/healthz`, `/openapi.json` and `/v1/...`.
 * No port is opened here (see `node.ts`), so tests call `app.request()` directly.
 */
export function createLakeApp(deps: LakeAppDeps): Hono {
  const { lake } = deps;
  const config: LakeConfig = deps.config ?? {};
  const app = new Hono();
  const resources: ModelResource[] = [];
  const operations: { method: string; path: string; op: OpenApiOperation }[] = [];
  const ctx: RouteContext = {
    lake,
    config,
    modelResource(method, name, role, handler, doc) {
      resources.push({ method, name, role, handler });
      operations.push({ method, path: `/v1/models/{id}/-/${name}`, op: { summary: `${method} ${name}`, ...doc, role } });
    },
    document(method, path, op) {
      operations.push({ method, path, op });
    },
  };

  app.onError((err, c) => {
    const problem = toProblem(err, new URL(c.req.url).pathname);
    if (problem.status >= 500) console.error('modellake: unhandled error', err);
    // A refused upload may still be streaming in: close the connection rather than drain it.
    const close: Record<string, string> = problem.status === 413 ? { connection: 'close' } : {};
    return c.json(problem, problem.status as 500, { 'content-type': 'application/problem+json', ...close });
  });
  app.notFound((c) => c.json(toProblem(new LakeError('not-found', 404, `No route ${c.req.method} ${new URL(c.req.url).pathname}.`)), 404, { 'content-type': 'application/problem+json' }));

  // A raw request target with `.`/`..` segments (literal or %2e) is refused before URL normalisation
  // can make it address something other than what was named (`/v1/models/a/../../tokens/x`).
  app.use('*', async (c, next) => {
    const raw = (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url;
    const target = raw?.split('?')[0];
    if (target && hasDotSegment(target)) {
      throw new LakeError('path-dot-segment', 400, `The request path ${JSON.stringify(target.length > 200 ? `${target.slice(0, 200)}…` : target)} has a \`.\` or \`..\` segment, which URL normalisation would collapse; ${ID_SEGMENT_RULE}. Send a model id as one percent-encoded path segment (encodeURIComponent).`);
    }
    await next();
  });

  app.get('/healthz', async (c) => c.json({ status: 'ok', storage: lake.storage.name, models: await lake.storage.countModels(), time: lake.now() }));
  app.get('/openapi.json', (c) => c.json(buildOpenApi(operations)));

  const v1 = new Hono();
  v1.use('*', authenticate(lake.storage, config.auth ?? {}));
  for (const mount of deps.routes ?? []) {
    const r = mount(ctx);
    if (r) v1.route('/', r);
  }
  v1.route('/', adminRoutes(ctx));
  // Models last: its catch-all dispatches the sub-resources registered above.
  v1.route('/', modelRoutes(ctx, resources));
  app.route('/v1', v1);
  // The browser UI: static files, after the API so it never shadows a route.
  if (config.webRoot) app.use('*', serveStatic({ root: config.webRoot }));
  return app;
}

export { requireRole };
