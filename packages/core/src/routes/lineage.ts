import type { Hono } from 'hono';
import type { LakeConfig, RouteContext } from '../app.js';
import { LakeError } from '../errors.js';
import { intQuery } from '../query.js';
import type { Lake } from '../lake.js';
import { LineageDeriver } from '../lineage/deriver.js';
import type { LineageOptions } from '../lineage/engine.js';
import { lineageView, type LineageDirection } from '../lineage/view.js';

/** Registers `GET /v1/models/{id}/lineage` (route files validate and delegate). */
export function lineageRoutes(ctx: RouteContext, deriver: LineageDeriver): Hono | void {
  ctx.modelResource(
    'GET',
    'lineage',
    'reader',
    async (c, rawId) => {
      const direction = (c.req.query('direction') ?? 'both') as LineageDirection;
      if (!['up', 'down', 'both'].includes(direction)) {
        throw new LakeError('bad-request', 400, 'Query parameter `direction` must be up, down or both.');
      }
      const depth = intQuery(c, 'depth', { min: 1, max: 100 }) ?? 10;
      const stored = await ctx.lake.getCard(rawId);
      const id = stored.id;
      const graph = await deriver.graph(id);
      return c.json(lineageView(graph, id, direction, depth));
    },
    {
      summary: 'Lineage of a model: declared and detected parents/children with relation, confidence and evidence; provenance to the family root',
      tags: ['lineage'],
      parameters: [
        { name: 'direction', in: 'query', required: false, description: '`up` (ancestors), `down` (descendants) or `both`.', schema: { type: 'string', enum: ['up', 'down', 'both'], default: 'both' } },
        { name: 'depth', in: 'query', required: false, description: 'Edges to follow from the model.', schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 } },
      ],
      responses: { 200: { description: 'LineageView: nodes, edges (parent, child, relation, confidence, basis, evidence), findings, root, provenance' } },
    },
  );
}

/** The lineage feature: a deriver indexing fingerprints and declared parents, and its route. */
export const lineageFeature = {
  name: 'lineage',
  install(lake: Lake, config: LakeConfig) {
    const deriver = new LineageDeriver(lake, (config.lineage as LineageOptions | undefined) ?? {});
    lake.addDeriver(deriver);
    return (ctx: RouteContext) => lineageRoutes(ctx, deriver);
  },
};
