import { modelIdProblem } from '@modellake/card';
import { roleAtLeast } from './auth.js';
import { LakeError } from './errors.js';
import type { Lake } from './lake.js';
import { assertModelRef } from './model-url.js';
import type { Actor } from './types.js';

/**
 * Says why a model is protected from getting new names from non-admins (e.g. "approved"), or undefined.
 * Feature modules register one with {@link addAliasGuard}; governance protects approved models.
 */
export type AliasGuard = (id: string) => Promise<string | undefined>;

const guards = new WeakMap<Lake, AliasGuard[]>();

/** Registers a guard consulted before a non-admin aliases an unused name onto a model. */
export function addAliasGuard(lake: Lake, guard: AliasGuard): void {
  guards.set(lake, [...(guards.get(lake) ?? []), guard]);
}

/** Result of {@link setAliasChecked}. */
export interface AliasResult {
  alias: string;
  id: string;
  /** The alias already pointed at this model (nothing was written). */
  unchanged?: boolean;
}

/**
 * Points `alias` at the model `targetRef` (an id or alias), enforcing the alias rules:
 * - the alias obeys the id grammar (no `.`/`..`/`-`/empty segments, no control, bidi or zero-width characters);
 * - an alias never takes the name of a stored model (live or deleted), whatever the role (409 `alias-is-model-id`);
 * - an alias owned by another model is re-pointed only by an admin (409 `alias-owned` for writers);
 * - a new name for a protected (approved) model is given only by an admin (403 `alias-protected-model` for writers).
 * Re-setting an alias to the model it already names is a no-op.
 */
export async function setAliasChecked(lake: Lake, alias: string, targetRef: string, actor: Actor): Promise<AliasResult> {
  const problem = modelIdProblem(alias, 'Alias');
  if (problem) throw new LakeError('alias-invalid', 400, problem, { details: { alias } });
  await assertModelRef(lake, targetRef);
  const target = await lake.getCard(targetRef);
  const current = await lake.storage.resolveId(alias);
  if (current === alias) {
    throw new LakeError('alias-is-model-id', 409, `${JSON.stringify(alias)} is the id of a stored model; an alias never shadows a model id.`, { details: { alias } });
  }
  if (current === target.id) return { alias, id: target.id, unchanged: true };
  const admin = roleAtLeast(actor.role, 'admin');
  if (current !== undefined && !admin) {
    throw new LakeError('alias-owned', 409, `Alias ${JSON.stringify(alias)} already names model ${current}; only an admin may re-point it to ${target.id}.`, { details: { alias, owner: current } });
  }
  if (current === undefined && !admin) {
    for (const guard of guards.get(lake) ?? []) {
      const why = await guard(target.id);
      if (why) {
        throw new LakeError('alias-protected-model', 403, `Model ${target.id} is ${why}; only an admin may give it a new alias (the alias would lend its status to a new name).`, { details: { alias, id: target.id } });
      }
    }
  }
  await lake.storage.setAlias(alias, target.id, actor.name, lake.now());
  return { alias, id: target.id };
}
