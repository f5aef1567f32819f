import type { Fingerprint, ModelCard } from '@modellake/card';
import { encodeSafetensors } from '@modellake/fingerprint';

/** Base64 of float32 little-endian values, as fingerprint `samples`. */
export function samples(values: number[]): string {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

function l2(values: number[]): number {
  return Math.sqrt(values.reduce((s, v) => s + v * v, 0));
}

type Tensor = NonNullable<Fingerprint['tensors']>[number];

/** A tensor sketch whose samples are the given values (hash derived from them). */
export function tensor(name: string, shape: number[], values: number[], dtype = 'F32'): Tensor {
  return { name, dtype, shape, hash: `h-${values.join(',')}`, count: values.length, l2: l2(values), samples: samples(values) };
}

/** Parent model: 2 layers, evaluated on two datasets, under review. */
export function baseCard(): ModelCard {
  return {
    cardVersion: '1.0',
    id: 'gh:acme/models/sentiment',
    version: 'v1',
    name: 'sentiment',
    license: 'apache-2.0',
    tags: ['nlp', 'sentiment'],
    architecture: {
      family: 'bert',
      type: 'BertForSequenceClassification',
      layers: 2,
      hiddenSize: 4,
      config: { model_type: 'bert', num_hidden_layers: 2, hidden_size: 4, id2label: { '0': 'neg', '1': 'pos' } },
    },
    training: {
      datasets: [
        { name: 'imdb', id: 'hf:stanfordnlp/imdb', role: 'finetuning', version: '1.0' },
        { name: 'sst2', role: 'evaluation' },
      ],
    },
    evaluation: {
      results: [
        {
          task: { type: 'text-classification' },
          dataset: { type: 'imdb', name: 'IMDB', split: 'test' },
          metrics: [
            { type: 'accuracy', value: 0.9 },
            { type: 'f1', value: 0.88 },
          ],
        },
        {
          task: { type: 'text-classification' },
          dataset: { type: 'sst2', name: 'SST-2' },
          metrics: [{ type: 'accuracy', value: '85.0' }],
        },
      ],
    },
    governance: {
      owner: 'ml-team',
      status: 'review',
      riskLevel: 'limited',
      compliance: ['gdpr'],
      biasChecks: [{ name: 'gender', status: 'pending' }],
    },
    fingerprint: {
      version: 1,
      algorithm: 'mlfp-1',
      architecture: { signature: 'sig-aaaaaaaa', modelType: 'bert', tensorCount: 5 },
      tensors: [
        tensor('bert.embeddings.word_embeddings.weight', [8, 4], [1, 2, 3, 4]),
        tensor('bert.encoder.layer.0.attention.self.query.weight', [4, 4], [1, 1, 1, 1]),
        tensor('bert.encoder.layer.1.attention.self.query.weight', [4, 4], [2, 2, 2, 2]),
        tensor('bert.encoder.layer.1.output.dense.bias', [4], [0.5, 0.5, 0.5, 0.5]),
        tensor('classifier.weight', [2, 4], [1, 0, 1, 0]),
      ],
    },
  };
}

/** Fine-tuned child: layer 1 moved, classifier reshaped to 3 labels, a pooler added, a dataset added, accuracy up. */
export function childCard(): ModelCard {
  const a = baseCard();
  const t = a.fingerprint!.tensors!;
  return {
    ...a,
    version: 'v2',
    tags: ['nlp', 'sentiment', 'finetuned'],
    architecture: {
      ...a.architecture,
      config: { model_type: 'bert', num_hidden_layers: 2, hidden_size: 4, id2label: { '0': 'neg', '1': 'pos', '2': 'neutral' } },
    },
    training: {
      datasets: [
        { name: 'imdb', id: 'hf:stanfordnlp/imdb', role: 'finetuning', version: '1.1' },
        { name: 'sst2', role: 'evaluation' },
        { name: 'tweets', id: 'hf:cardiffnlp/tweet_eval', role: 'finetuning' },
      ],
    },
    evaluation: {
      results: [
        {
          task: { type: 'text-classification' },
          dataset: { type: 'imdb', name: 'IMDB', split: 'test' },
          metrics: [{ type: 'accuracy', value: 0.93 }],
        },
        {
          task: { type: 'text-classification' },
          dataset: { type: 'sst2', name: 'SST-2' },
          metrics: [{ type: 'accuracy', value: '85.0' }],
        },
        {
          task: { type: 'text-classification' },
          dataset: { type: 'tweet_eval', name: 'TweetEval' },
          metrics: [{ type: 'accuracy', value: 0.71 }],
        },
      ],
    },
    governance: {
      owner: 'ml-team',
      status: 'approved',
      riskLevel: 'limited',
      compliance: ['gdpr', 'soc2'],
      biasChecks: [{ name: 'gender', status: 'passed', value: 0.02 }],
    },
    fingerprint: {
      version: 1,
      algorithm: 'mlfp-1',
      architecture: { signature: 'sig-bbbbbbbb', modelType: 'bert', tensorCount: 6 },
      tensors: [
        t[0]!,
        t[1]!,
        tensor('bert.encoder.layer.1.attention.self.query.weight', [4, 4], [2, 2, 2, 3]),
        tensor('bert.encoder.layer.1.output.dense.bias', [4], [0.5, 0.5, 0.5, 0.6]),
        tensor('classifier.weight', [3, 4], [1, 0, 1, 0]),
        tensor('bert.pooler.dense.weight', [4, 4], [1, 1, 1, 1]),
      ],
    },
  };
}

/** Bytes of a safetensors file holding the given F32 tensors. */
export function safetensorsBytes(tensors: Record<string, { shape: number[]; values: number[] }>): Buffer {
  return Buffer.from(encodeSafetensors(Object.entries(tensors).map(([name, t]) => ({ name, dtype: 'F32', shape: t.shape, values: t.values }))));
}

/** Deterministic pseudo-random values in [-1, 1). */
export function pseudoRandom(n: number, seed: number): number[] {
  let x = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 31 - 1;
  });
}
