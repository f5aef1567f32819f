import { cardHash } from '@modellake/card';
import { LakeApiError, type LakeClient } from '@modellake/client';
import type { CardSink } from './sync.js';

/**
 * A sink that stores cards through the lake client (remote lake or the CLI's embedded one). Stored
 * hashes are read once per model (`GET /v1/models/{id}/versions`) and cached for `cacheMs` or until
 * the next sync starts; a model's versions are stored in one NDJSON batch.
 */
export function createClientSink(client: Pick<LakeClient, 'putCard' | 'putCards' | 'versions'>, options: { cacheMs?: number } = {}): CardSink {
  const ttl = options.cacheMs ?? 60_000;
  const cache = new Map<string, { at: number; hashes: Map<string, string> }>();
  const hashesOf = async (id: string): Promise<Map<string, string>> => {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < ttl) return hit.hashes;
    const hashes = new Map<string, string>();
    try {
      // Revisions come oldest first: the last one of each version is its stored card.
      for (const r of (await client.versions(id)).versions) hashes.set(r.version ?? '', r.hash);
    } catch (err) {
      if (!(err instanceof LakeApiError && (err.status === 404 || err.status === 410))) throw err;
    }
    cache.set(id, { at: Date.now(), hashes });
    return hashes;
  };
  const remember = (card: { id: string; version?: string }, hash: string): void => {
    cache.get(card.id)?.hashes.set(card.version ?? '', hash);
  };
  return {
    async putCard(card) {
      const r = await client.putCard(card);
      remember(card, r.hash);
      return r;
    },
    async putCards(cards) {
      const res = await client.putCards(cards);
      const failed = res.errors[0];
      if (failed) throw new Error(`The lake refused ${cards[failed.line - 1]?.id ?? 'a card'}@${cards[failed.line - 1]?.version ?? ''}: ${failed.message}`);
      cards.forEach((c) => remember(c, cardHash(c)));
      return res.results.sort((a, b) => a.line - b.line).map((r) => ({ status: r.status }));
    },
    async storedHash(id, version) {
      return (await hashesOf(id)).get(version ?? '');
    },
    reset() {
      cache.clear();
    },
  };
}
