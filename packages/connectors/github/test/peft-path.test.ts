import { describe, expect, it } from 'vitest';
import { modelFolderToCard } from '../src/index.js';

const ctx = { owner: 'acme', repo: 'models', sha: '0123456789abcdef0123456789abcdef01234567' };

describe('modelFolderToCard: PEFT base that is a filesystem path', () => {
  it.each(['/home/me/llama', './out/base', '../base', '~/base', 'C:\\models\\base'])('%s gives no parent', (base) => {
    const card = modelFolderToCard({ kind: 'model-folder', path: 'models/lora', adapterConfig: { peft_type: 'LORA', base_model_name_or_path: base }, files: [] }, ctx);
    expect(card.lineage?.parents ?? []).toEqual([]);
  });

  it('a Hub id stays a parent', () => {
    const card = modelFolderToCard({ kind: 'model-folder', path: 'models/lora', adapterConfig: { peft_type: 'LORA', base_model_name_or_path: 'meta-llama/Llama-3.2-1B' }, files: [] }, ctx);
    expect(card.lineage?.parents?.map((p) => p.relation)).toEqual(['adapter']);
  });
});
