import type { Hono } from 'hono';
import type { LakeConfig, RouteContext } from './app.js';
import type { Lake } from './lake.js';
import { diffRoutes } from './routes/diff.js';
import { installMlflowHooks } from './hooks/mlflow.js';
import { governanceFeature } from './routes/governance.js';
import { searchFeature } from './routes/search.js';
import { lineageFeature } from './routes/lineage.js';

/**
 * The lake's feature modules (search, lineage, diff, governance, webhooks). Each entry registers its
 * derivers on the lake and returns its routes. Feature engineers add one line here.
 */
export const FEATURES: { name: string; install(lake: Lake, config: LakeConfig): ((ctx: RouteContext) => Hono | void) | void }[] = [
  { name: 'diff', install: () => diffRoutes },
  { name: 'mlflow-hooks', install: installMlflowHooks },
  governanceFeature,
  searchFeature,
  lineageFeature,
];

/** Installs every feature on a lake and returns the route modules for `createLakeApp`. */
export function installFeatures(lake: Lake, config: LakeConfig): ((ctx: RouteContext) => Hono | void)[] {
  const routes: ((ctx: RouteContext) => Hono | void)[] = [];
  for (const f of FEATURES) {
    const r = f.install(lake, config);
    if (r) routes.push(r);
  }
  return routes;
}
