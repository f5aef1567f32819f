import type { ModelCard, Source } from '@modellake/card';
import type { GitHubContext } from './context.js';

/** Options of {@link stampSource}. */
export interface StampOptions {
  /** Repository-relative path of the file or folder the card came from. */
  path?: string;
  /** When the card was built (ISO 8601); comes from the caller, not the clock. */
  importedAt?: string;
  /** Version of the Action or connector that built the card. */
  connectorVersion?: string;
}

/** Connector name written into `source.connector` for cards that had none. */
export const CONNECTOR_NAME = 'modellake-action';

/**
 * Returns a copy of the card whose `source` records where and by whom it was registered: repository,
 * commit, ref, workflow run URL, actor and path. A card that already names its system (a DVC card,
 * say) keeps it; a card without one becomes `system: github`.
 */
export function stampSource(card: ModelCard, ctx: GitHubContext, opts: StampOptions = {}): ModelCard {
  const prev: Partial<Source> = card.source ?? {};
  const repository = `${ctx.owner}/${ctx.repo}`;
  const uri = opts.path !== undefined ? `${ctx.serverUrl}/${repository}/tree/${ctx.sha}/${opts.path === '.' ? '' : opts.path}`.replace(/\/$/, '') : undefined;
  const source: Source = {
    ...prev,
    system: prev.system ?? 'github',
    ...(prev.uri === undefined && uri !== undefined ? { uri } : {}),
    ...(prev.revision === undefined ? { revision: ctx.sha } : {}),
    connector: prev.connector ?? CONNECTOR_NAME,
    ...(opts.connectorVersion !== undefined ? { connectorVersion: opts.connectorVersion } : {}),
    ...(opts.importedAt !== undefined ? { importedAt: opts.importedAt } : {}),
    repository,
    commit: ctx.sha,
    ...(ctx.ref ? { ref: ctx.ref } : {}),
    ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
    actor: ctx.actor,
    ...(opts.path !== undefined ? { path: opts.path } : {}),
  };
  return { ...card, source };
}

/** Version given to cards that carry none: the first 12 hex digits of the commit. */
export function commitVersion(ctx: Pick<GitHubContext, 'sha'>): string {
  return ctx.sha.slice(0, 12);
}
