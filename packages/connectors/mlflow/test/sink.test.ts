import { cardHash, type ModelCard } from '@modellake/card';
import { LakeApiError } from '@modellake/client';
import { describe, expect, it } from 'vitest';
import { createClientSink } from '../src/index.js';

const card = (v: string): ModelCard => ({ cardVersion: '1.0', id: 'mlflow:m', name: 'm', version: v });

describe('createClientSink', () => {
  it('reads stored hashes once per model, remembers what it stored, and forgets on reset', async () => {
    let versionCalls = 0;
    const sink = createClientSink({
      versions: async () => {
        versionCalls++;
        return { id: 'mlflow:m', versions: [{ revision: 1, version: '1', hash: 'sha256:old', createdAt: '', actor: '' }] };
      },
      putCard: async (c) => ({ status: 'updated', id: c.id, revision: 2, hash: cardHash(c) }),
      putCards: async () => ({ created: 0, updated: 2, unchanged: 0, failed: 0, results: [], errors: [] }),
    });
    expect(await sink.storedHash!('mlflow:m', '1')).toBe('sha256:old');
    expect(await sink.storedHash!('mlflow:m', '2')).toBeUndefined();
    await sink.putCard(card('2'));
    expect(await sink.storedHash!('mlflow:m', '2')).toBe(cardHash(card('2')));
    expect(versionCalls).toBe(1);
    sink.reset!();
    await sink.storedHash!('mlflow:m', '1');
    expect(versionCalls).toBe(2);
  });

  it('treats an unknown model as having nothing stored, and names a card the lake refused', async () => {
    const sink = createClientSink({
      versions: async () => {
        throw new LakeApiError('No model with id mlflow:m.', { status: 404, code: 'model-not-found', url: 'x' });
      },
      putCard: async () => {
        throw new Error('unused');
      },
      putCards: async () => ({ created: 0, updated: 0, unchanged: 0, failed: 1, results: [], errors: [{ line: 2, code: 'card-invalid', message: '/version: must be string' }] }),
    });
    expect(await sink.storedHash!('mlflow:m', '1')).toBeUndefined();
    await expect(sink.putCards!([card('1'), card('2')])).rejects.toThrow('The lake refused mlflow:m@2: /version: must be string');
  });
});
