import type { LakeClient } from '@modellake/client';
import type { CardSink } from './sync.js';

/** A sink that stores cards through the lake client (remote lake or the CLI's embedded one). */
export function createClientSink(client: Pick<LakeClient, 'putCard' | 'findCard'>): CardSink {
  return {
    putCard: (card) => client.putCard(card),
    async storedHash(id, version) {
      const found = await client.findCard(id, version !== undefined ? { version } : {});
      return found?.meta.hash;
    },
  };
}
