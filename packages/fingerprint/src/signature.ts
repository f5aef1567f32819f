import { createHash } from 'node:crypto';

/** Architecture signature: hash of tensor names and shapes, independent of dtype and order. */
export function architectureSignature(tensors: readonly { name: string; shape: readonly number[] }[]): string {
  const lines = tensors.map((t) => `${t.name}:${t.shape.join('x')}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 24);
}

const CONFIG_KEYS = [
  'model_type', 'architectures', 'hidden_size', 'n_embd', 'd_model', 'num_hidden_layers', 'n_layer', 'num_layers',
  'num_attention_heads', 'n_head', 'num_key_value_heads', 'intermediate_size', 'n_inner', 'vocab_size', 'max_position_embeddings',
  'n_positions', 'torch_dtype', 'dtype', 'tie_word_embeddings', 'hidden_act', 'activation_function', 'rope_theta',
];

/** The shape-defining subset of a Hugging Face config kept inside a fingerprint. */
export function configSummary(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CONFIG_KEYS) if (config[k] !== undefined && config[k] !== null) out[k] = config[k];
  return out;
}
