/** Small model records written for these tests, in the shapes of ../shared/fixtures/huggingface. */
import type { ApiModelInfo } from '../src/wire.js';
import { makeSafetensors, type FakeHub } from './fake-hub.js';

/** A full (non-expanded) model info record like `GET /api/models/{id}`. */
export function infoRecord(id: string, extra: Partial<ApiModelInfo> = {}): ApiModelInfo {
  const [author] = id.split('/');
  return {
    _id: Buffer.from(id).toString('hex').slice(0, 24).padEnd(24, '0'),
    id,
    modelId: id,
    author,
    private: false,
    gated: false,
    disabled: false,
    pipeline_tag: 'fill-mask',
    library_name: 'transformers',
    tags: ['transformers', 'safetensors', 'bert', 'fill-mask', 'en', 'dataset:tiny_corpus', 'license:apache-2.0', 'region:us'],
    downloads: 42,
    likes: 3,
    lastModified: '2025-01-02T03:04:05.000Z',
    createdAt: '2024-06-01T00:00:00.000Z',
    config: { architectures: ['BertForMaskedLM'], model_type: 'bert', tokenizer_config: {} },
    cardData: { language: 'en', license: 'apache-2.0', datasets: ['tiny_corpus'] },
    transformersInfo: { auto_model: 'AutoModelForMaskedLM', pipeline_tag: 'fill-mask', processor: 'AutoTokenizer' },
    'model-index': null,
    ...extra,
  };
}

const CONFIG = JSON.stringify({ architectures: ['BertForMaskedLM'], model_type: 'bert', hidden_size: 8, num_hidden_layers: 2, num_attention_heads: 2, vocab_size: 16, max_position_embeddings: 32 });

const README = `---
language: en
license: apache-2.0
datasets:
- tiny_corpus
model-index:
- name: tiny-bert
  results:
  - task:
      type: fill-mask
    dataset:
      type: tiny_corpus
      name: Tiny Corpus
      split: test
    metrics:
    - type: accuracy
      value: 0.5
---

# tiny-bert

A tiny test model.
`;

/** Tensors of the tiny bert used across tests. */
export const TINY_TENSORS = [
  { name: 'embeddings.word_embeddings.weight', shape: [16, 8], seed: 1 },
  { name: 'encoder.layer.0.attention.self.query.weight', shape: [8, 8], seed: 2 },
  { name: 'encoder.layer.1.attention.self.query.weight', shape: [8, 8], seed: 3 },
];

/** Adds the standard set of repos: plain, sharded, adapter, gated, private, renamed, broken YAML, lying header. */
export function seedHub(hub: FakeHub): void {
  hub.addRepo({
    info: infoRecord('acme/tiny-bert'),
    files: { '.gitattributes': '*.safetensors filter=lfs\n', 'README.md': README, 'config.json': CONFIG, 'model.safetensors': makeSafetensors(TINY_TENSORS) },
  });
  const shard1 = makeSafetensors(TINY_TENSORS.slice(0, 2));
  const shard2 = makeSafetensors(TINY_TENSORS.slice(2));
  hub.addRepo({
    info: infoRecord('acme/tiny-bert-sharded', { tags: ['transformers', 'safetensors', 'bert', 'base_model:acme/tiny-bert', 'base_model:finetune:acme/tiny-bert'], cardData: { base_model: 'acme/tiny-bert' } }),
    files: {
      'README.md': '---\nbase_model: acme/tiny-bert\n---\nSharded.\n',
      'config.json': CONFIG,
      'model.safetensors.index.json': JSON.stringify({
        metadata: { total_size: shard1.length + shard2.length },
        weight_map: {
          [TINY_TENSORS[0]!.name]: 'model-00001-of-00002.safetensors',
          [TINY_TENSORS[1]!.name]: 'model-00001-of-00002.safetensors',
          [TINY_TENSORS[2]!.name]: 'model-00002-of-00002.safetensors',
        },
      }),
      'model-00001-of-00002.safetensors': shard1,
      'model-00002-of-00002.safetensors': shard2,
    },
  });
  hub.addRepo({
    info: infoRecord('acme/tiny-lora', { library_name: 'peft', pipeline_tag: 'text-generation', tags: ['peft', 'safetensors', 'base_model:adapter:upstream/not-imported-yet'], config: undefined }),
    files: {
      'README.md': '---\nlibrary_name: peft\nbase_model: upstream/not-imported-yet\n---\nAn adapter.\n',
      'adapter_config.json': JSON.stringify({ base_model_name_or_path: 'upstream/not-imported-yet', peft_type: 'LORA', r: 4, lora_alpha: 8, target_modules: ['q_proj', 'v_proj'] }),
      'adapter_model.safetensors': makeSafetensors([{ name: 'base_model.model.q_proj.lora_A.weight', shape: [4, 8] }]),
    },
  });
  hub.addRepo({ info: infoRecord('acme/gated-model'), files: { 'README.md': README, 'config.json': CONFIG }, gated: true });
  hub.addRepo({ info: infoRecord('acme/private-model'), files: { 'README.md': README }, private: true });
  hub.addRepo({ info: infoRecord('acme/broken-yaml'), files: { 'README.md': '---\nlicense: mit\ntags: [unclosed\n  - nope: : :\n---\n# Broken\n', 'config.json': CONFIG } });
  const lying = makeSafetensors(TINY_TENSORS);
  // Claim the first tensor is 4x larger than the bytes it has: data_offsets run past the end of the file.
  const bad = Buffer.from(lying);
  const len = Number(bad.readBigUInt64LE(0));
  const header = JSON.parse(bad.subarray(8, 8 + len).toString('utf8')) as Record<string, { data_offsets: number[]; shape: number[] }>;
  header[TINY_TENSORS[2]!.name]!.shape = [8, 64];
  header[TINY_TENSORS[2]!.name]!.data_offsets[1] = header[TINY_TENSORS[2]!.name]!.data_offsets[0]! + 8 * 64 * 4;
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.from(' '.repeat((8 - (json.length % 8)) % 8))]);
  const lenBuf = Buffer.alloc(8);
  lenBuf.writeBigUInt64LE(BigInt(json.length));
  hub.addRepo({ info: infoRecord('acme/lying-header'), files: { 'README.md': README, 'model.safetensors': Buffer.concat([lenBuf, json, bad.subarray(8 + len)]) } });
  hub.renames.set('old-acme/tiny-bert', 'acme/tiny-bert');
}
