/**
 * Shapes exactly as the Hugging Face Hub sends them (`GET /api/models/...`, `/api/models/.../tree/...`,
 * README front matter, `config.json`, `adapter_config.json`, `*.safetensors.index.json`). Only the
 * mapper turns these into a model card.
 */

/** `GET /api/models/{id}` body. With `expand=` the Hub returns only `_id`, `id` and the expanded keys. */
export interface ApiModelInfo {
  _id?: string;
  id: string;
  modelId?: string;
  author?: string;
  sha?: string;
  lastModified?: string;
  createdAt?: string;
  private?: boolean;
  gated?: false | 'auto' | 'manual';
  disabled?: boolean;
  downloads?: number;
  likes?: number;
  library_name?: string;
  pipeline_tag?: string;
  tags?: string[];
  cardData?: ApiCardData;
  config?: ApiModelConfigSummary;
  transformersInfo?: { auto_model?: string; pipeline_tag?: string; processor?: string; custom_class?: string };
  'model-index'?: unknown;
  siblings?: Array<{ rfilename: string; size?: number; blobId?: string; lfs?: { sha256?: string; size?: number; pointerSize?: number } }>;
  safetensors?: { parameters?: Record<string, number>; total?: number };
  spaces?: string[];
  usedStorage?: number;
  inference?: string;
  widgetData?: unknown;
  mask_token?: string;
  [key: string]: unknown;
}

/** The `config` summary inside model info (not the full `config.json`). */
export interface ApiModelConfigSummary {
  architectures?: string[];
  model_type?: string;
  tokenizer_config?: Record<string, unknown>;
  quantization_config?: Record<string, unknown>;
  [key: string]: unknown;
}

/** YAML front matter of a model card README (the Hub also returns it as `cardData`). */
export interface ApiCardData {
  license?: string | string[];
  license_name?: string;
  license_link?: string;
  language?: string | string[];
  tags?: string[] | string;
  datasets?: string[] | string;
  metrics?: string[] | string;
  library_name?: string;
  pipeline_tag?: string;
  base_model?: string | string[];
  base_model_relation?: string;
  model_name?: string;
  'model-index'?: unknown;
  [key: string]: unknown;
}

/** One `model-index` entry of a card. */
export interface ApiModelIndexEntry {
  name?: string;
  results?: ApiModelIndexResult[];
}

/** One result of a `model-index` entry. */
export interface ApiModelIndexResult {
  task?: { type?: unknown; name?: unknown };
  dataset?: { type?: unknown; name?: unknown; config?: unknown; split?: unknown; revision?: unknown; args?: unknown };
  metrics?: Array<{ type?: unknown; name?: unknown; value?: unknown; config?: unknown; verified?: unknown; args?: unknown }>;
  source?: { name?: unknown; url?: unknown };
}

/** One entry of `GET /api/models/{id}/tree/{revision}?recursive=true`. */
export interface ApiTreeEntry {
  type: 'file' | 'directory' | 'unknown';
  oid?: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  xetHash?: string;
}

/** `config.json` of a transformers model (only the fields the mapper reads are typed). */
export interface HfConfigJson {
  architectures?: string[];
  model_type?: string;
  num_hidden_layers?: number;
  n_layer?: number;
  num_layers?: number;
  hidden_size?: number;
  n_embd?: number;
  d_model?: number;
  num_attention_heads?: number;
  n_head?: number;
  vocab_size?: number;
  max_position_embeddings?: number;
  n_positions?: number;
  torch_dtype?: string;
  quantization_config?: { quant_method?: string; bits?: number; load_in_4bit?: boolean; load_in_8bit?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

/** PEFT `adapter_config.json`. */
export interface PeftAdapterConfig {
  base_model_name_or_path?: string;
  peft_type?: string;
  task_type?: string;
  r?: number;
  lora_alpha?: number;
  target_modules?: string[] | string;
  [key: string]: unknown;
}

/** `model.safetensors.index.json`. */
export interface SafetensorsIndexJson {
  metadata?: { total_size?: number | string; total_parameters?: number | string; [key: string]: unknown };
  weight_map?: Record<string, string>;
}

/** One tensor entry of a safetensors header. */
export interface SafetensorsTensorInfo {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}
