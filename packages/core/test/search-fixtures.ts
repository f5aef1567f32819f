import type { ModelCard } from '@modellake/card';

const card = (c: Omit<ModelCard, 'cardVersion'>): ModelCard => ({ cardVersion: '1.0', ...c });

/**
 * Small hand-written lake for search tests. `hf:lexcorp/clause-brief` says what it does without
 * any word of "summarise legal contracts in plain language" (the seed query).
 */
export function searchCards(): ModelCard[] {
  return [
    card({
      id: 'hf:lexcorp/clause-brief',
      name: 'clause-brief-t5',
      description: 'Produces short abstractive digests of commercial agreements, NDAs and leases so that readers without a law degree understand their obligations.',
      license: 'apache-2.0',
      architecture: { family: 't5', type: 'T5ForConditionalGeneration', library: 'transformers', parameters: 2.2e8, layers: 12, hiddenSize: 768 },
      governance: { status: 'approved' },
    }),
    card({
      id: 'hf:acme/legal-summarizer',
      name: 'legal-summarizer',
      description: 'Summarization of court rulings and statutes.',
      tasks: ['summarization'],
      domains: ['legal'],
      languages: ['en'],
      license: 'mit',
      architecture: { family: 'bart', type: 'BartForConditionalGeneration', library: 'transformers', parameters: 4.06e8, layers: 12, hiddenSize: 1024 },
      governance: { status: 'review' },
    }),
    card({
      id: 'hf:acme/news-digest',
      name: 'news-digest',
      description: 'Headline generation and summarization for news articles.',
      tasks: ['summarization'],
      domains: ['news'],
      languages: ['en'],
      license: 'mit',
      architecture: { family: 'bart', type: 'BartForConditionalGeneration', library: 'transformers', parameters: 1.4e8, layers: 6, hiddenSize: 768 },
    }),
    card({
      id: 'hf:acme/contract-ner',
      name: 'contract-ner',
      description: 'Tags parties, dates and amounts in contracts (named entity recognition).',
      tasks: ['token-classification'],
      domains: ['legal'],
      license: 'apache-2.0',
      architecture: { family: 'bert', type: 'BertForTokenClassification', library: 'transformers', parameters: 1.1e8, layers: 12, hiddenSize: 768 },
    }),
    card({
      id: 'hf:acme/de-en-translator',
      name: 'de-en-translator',
      description: 'Translates German into English.',
      tasks: ['translation'],
      languages: ['de', 'en'],
      license: 'apache-2.0',
      architecture: { family: 'marian', library: 'transformers', parameters: 7.4e7 },
    }),
    card({
      id: 'mi:mmdet/yolox-s',
      name: 'yolox_s_8x8_300e_coco',
      tasks: ['object-detection'],
      license: 'apache-2.0',
      architecture: { family: 'yolox', library: 'mmdet', parameters: 8.97e6, components: ['CSPDarkNet', 'PAFPN'] },
      training: { datasets: [{ name: 'COCO', role: 'finetuning' }] },
      evaluation: { results: [{ task: { type: 'object-detection', name: 'Object Detection' }, dataset: { name: 'COCO' }, metrics: [{ type: 'box-ap', name: 'box AP', value: 40.5 }] }] },
      extensions: { 'model-index': { collection: 'YOLOX' } },
    }),
    card({
      id: 'mi:mmdet/yolox-l',
      name: 'yolox_l_8x8_300e_coco',
      tasks: ['object-detection'],
      license: 'apache-2.0',
      architecture: { family: 'yolox', library: 'mmdet', parameters: 5.4e7, components: ['CSPDarkNet', 'PAFPN'] },
      training: { datasets: [{ name: 'COCO', role: 'finetuning' }] },
      evaluation: { results: [{ task: { type: 'object-detection', name: 'Object Detection' }, dataset: { name: 'COCO' }, metrics: [{ type: 'box-ap', name: 'box AP', value: 49.4 }] }] },
      extensions: { 'model-index': { collection: 'YOLOX' } },
    }),
    card({
      id: 'mi:mmdet/faster-rcnn-voc',
      name: 'faster-rcnn_r50_fpn_1x_voc0712',
      tasks: ['object-detection'],
      license: 'apache-2.0',
      architecture: { family: 'faster-rcnn', library: 'mmdet', parameters: 4.1e7, components: ['ResNet', 'FPN', 'RPN'] },
      training: { datasets: [{ name: 'Pascal VOC', role: 'finetuning' }] },
      evaluation: { results: [{ task: { type: 'object-detection', name: 'Object Detection' }, dataset: { name: 'Pascal VOC' }, metrics: [{ type: 'box-ap', name: 'box AP', value: 80.4 }] }] },
    }),
    card({
      id: 'mi:mmpose/rtmpose-s',
      name: 'rtmpose-s_8xb256-420e_coco-256x192',
      tasks: ['keypoint-detection'],
      license: 'apache-2.0',
      architecture: { family: 'rtmpose', library: 'mmpose', parameters: 5.47e6, components: ['CSPNeXt'] },
      evaluation: { results: [{ task: { type: 'body-2d-keypoint', name: 'Body 2D Keypoint' }, dataset: { name: 'COCO' }, metrics: [{ type: 'ap', name: 'AP', value: 71.6 }] }] },
    }),
  ];
}
