import type { ModelCard } from '@modellake/card';
import type { Ancestor } from '../src/index.js';

/** A Llama 3.1 base model card. */
export function llamaBase(): ModelCard {
  return {
    cardVersion: '1.0',
    id: 'hf:meta-llama/Llama-3.1-8B',
    name: 'Llama 3.1 8B',
    version: 'abc123',
    license: 'llama3.1',
    organisation: 'Meta',
    created: '2024-07-23T00:00:00Z',
    authors: [{ name: 'Llama Team' }],
    architecture: { family: 'llama', type: 'LlamaForCausalLM', parameters: 8_030_261_248, dtypes: ['bfloat16'] },
    training: { datasets: [{ name: 'public web data', role: 'pretraining' }] },
    fingerprint: { version: 1, architecture: { signature: 'sig-llama-8b', modelType: 'llama', tensorCount: 291, parameters: 8_030_261_248, dtypes: ['BF16'] } },
  };
}

/** A fine-tune of {@link llamaBase} that relicenses as Apache-2.0 and misstates its size and dtype. */
export function dishonestChild(): ModelCard {
  return {
    cardVersion: '1.0',
    id: 'hf:acme/llama-support-bot',
    name: 'ACME support bot',
    version: 'def456',
    license: 'apache-2.0',
    description: 'Customer-support assistant.',
    authors: [{ name: 'Ada Lovelace' }, { name: 'Grace Hopper' }],
    created: '2025-03-01T00:00:00Z',
    tasks: ['text-generation'],
    architecture: { family: 'mistral', type: 'LlamaForCausalLM', parameters: 7_000_000_000, dtypes: ['float16'] },
    training: { datasets: [{ name: 'acme tickets', id: 'hf:acme/tickets', role: 'finetuning', version: 'v3' }] },
    evaluation: { results: [{ task: { type: 'text-generation' }, dataset: { name: 'acme-eval' }, metrics: [{ type: 'accuracy', value: 0.91 }] }] },
    lineage: { parents: [{ id: 'hf:meta-llama/Llama-3.1-8B', relation: 'finetune', declaredBy: 'hf:base_model' }] },
    governance: { owner: 'ml-team', riskLevel: 'limited', commercialUse: true },
    fingerprint: {
      version: 1,
      architecture: { signature: 'sig-llama-8b', modelType: 'llama', tensorCount: 291, parameters: 8_030_261_248, dtypes: ['BF16'], config: { architectures: ['LlamaForCausalLM'] } },
    },
  };
}

/** Ancestor list of {@link dishonestChild} as the lake would give it. */
export function childAncestors(): Ancestor[] {
  return [{ id: 'hf:meta-llama/Llama-3.1-8B', depth: 1, relation: 'finetune', path: ['hf:acme/llama-support-bot', 'hf:meta-llama/Llama-3.1-8B'], origin: 'declared', card: llamaBase() }];
}
