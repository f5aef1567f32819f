import {
  CARD_VERSION,
  isLocalModelPath,
  parseFrontMatter,
  type Artifact,
  type Dataset,
  type EvaluationResult,
  type Fingerprint,
  type Metric,
  type ModelCard,
  type Parent,
  type Relation,
} from '@modellake/card';
import { architectureSignature, configSummary, FINGERPRINT_VERSION } from '@modellake/fingerprint';
import type { ApiCardData, ApiModelIndexResult, ApiModelInfo, ApiTreeEntry, HfConfigJson, PeftAdapterConfig } from './wire.js';

/** Parameter counts, dtypes and shapes read from the safetensors headers of a repo. */
export interface SafetensorsSummary {
  /** True when the weights are split into shards listed by a `*.safetensors.index.json`. */
  sharded: boolean;
  /** Index file the shards came from, when sharded. */
  indexFile?: string;
  files: Array<{ path: string; size?: number; tensorCount: number; parameters: number; dtypes: string[] }>;
  /** Total parameter count over every file. */
  parameters: number;
  parametersByDtype: Record<string, number>;
  /** Every tensor (name, dtype, shape), in file order. */
  tensors: Array<{ name: string; dtype: string; shape: number[] }>;
  /** Some listed safetensors files could not be read: counts cover the files read only (no header fingerprint, no parameter total). */
  partial?: true;
}

/** Everything the importer fetched about one Hub model: the input of {@link toModelCard}. */
export interface HfModelRecord {
  /** Model info as the API answered it (full or `expand=`-projected). */
  info: ApiModelInfo;
  /** Other repo ids this model was reached by (a 307 rename), mapped to `aliases`. */
  previousIds?: string[];
  /** README.md text, `null` when the repo has none. */
  readme?: string | null;
  /** `config.json`, when present. */
  config?: HfConfigJson | null;
  /** PEFT `adapter_config.json`, when present. */
  adapterConfig?: PeftAdapterConfig | null;
  /** Tree listing (with LFS sha256 and sizes). */
  files?: ApiTreeEntry[];
  safetensors?: SafetensorsSummary;
  /** Weight fingerprint computed by `@modellake/fingerprint`. */
  fingerprint?: Fingerprint;
}

/** A non-fatal problem found while mapping (e.g. broken card YAML). */
export interface MappingWarning {
  code: 'card-yaml-invalid' | 'json-invalid' | 'model-index-invalid' | 'base-model-invalid' | 'description-truncated' | 'file-unreadable';
  message: string;
}

/** Context of {@link toModelCard}: everything that is not in the record (time, versions, where the hub is). */
export interface ToModelCardContext {
  /** ISO time of the import (`source.importedAt`). */
  importedAt: string;
  /** Hub base URL used in `source.uri` and artifact URIs. @default 'https://huggingface.co' */
  hubUrl?: string;
  /** `source.connectorVersion`. */
  connectorVersion?: string;
  /** Receives non-fatal mapping problems. */
  warn?: (w: MappingWarning) => void;
}

/** Connector name written into `source.connector`. */
export const CONNECTOR_NAME = '@modellake/connector-huggingface';

const MAX_DESCRIPTION = 200_000;
/** Front-matter keys the card has fields for; the others are kept under `extensions.hf.cardData`. */
const MAPPED_CARD_KEYS = new Set(['license', 'license_name', 'license_link', 'language', 'tags', 'datasets', 'library_name', 'pipeline_tag', 'base_model', 'base_model_relation', 'model-index', 'widget']);
const HF_RELATIONS: Record<string, Relation> = { adapter: 'adapter', merge: 'merge', quantized: 'quantized', finetune: 'finetune' };
const STRUCTURED_TAG = /^(dataset|arxiv|base_model|license|region|doi|diffusers|endpoints_compatible):/;
const REPO_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

/** The lake id of a Hub repo id: `hf:<repo id>`. Base models not in the lake yet use the same form, so they resolve when imported. */
export function hfModelId(repoId: string): string {
  return `hf:${repoId}`;
}

/**
 * Maps what the Hub says about one model to a model card. Pure: no I/O, no clock. Broken YAML in the
 * README falls back to the API's `cardData` and is reported through `ctx.warn`.
 */
export function toModelCard(input: HfModelRecord, ctx: ToModelCardContext): ModelCard {
  const warn = ctx.warn ?? (() => {});
  const hubUrl = (ctx.hubUrl ?? 'https://huggingface.co').replace(/\/+$/, '');
  const info = input.info;
  const repoId = info.id;

  let front: ApiCardData | undefined;
  let body: string | undefined;
  if (typeof input.readme === 'string') {
    try {
      const doc = parseFrontMatter(input.readme);
      front = doc.data as ApiCardData;
      body = doc.body;
    } catch (err) {
      warn({ code: 'card-yaml-invalid', message: `README.md of ${repoId}: ${(err as Error).message}; using the API metadata instead.` });
      body = input.readme.replace(/^\uFEFF?---[\s\S]*?\n---[ \t]*\r?\n/, '');
    }
  }
  const cardData: ApiCardData = { ...(info.cardData ?? {}), ...(front ?? {}) };
  const tags = info.tags ?? [];

  const card: ModelCard = { cardVersion: CARD_VERSION, id: hfModelId(repoId), name: repoId };
  card.version = info.sha;
  const aliases = uniq((input.previousIds ?? []).filter((p) => p !== repoId).map(hfModelId));
  if (aliases.length) card.aliases = aliases;

  const description = body?.trim();
  if (description) {
    if (description.length > MAX_DESCRIPTION) {
      warn({ code: 'description-truncated', message: `README.md of ${repoId} is longer than ${MAX_DESCRIPTION} characters; the description was truncated.` });
    }
    card.description = description.slice(0, MAX_DESCRIPTION);
  }
  const author = info.author ?? (repoId.includes('/') ? repoId.split('/')[0] : undefined);
  if (author) card.organisation = author;
  if (info.createdAt) card.created = info.createdAt;
  if (info.lastModified) card.updated = info.lastModified;

  const license = firstString(cardData.license) ?? tags.find((t) => t.startsWith('license:'))?.slice('license:'.length);
  if (license) card.license = license === 'other' && typeof cardData.license_name === 'string' ? cardData.license_name : license;
  if (typeof cardData.license_link === 'string' && /^https?:\/\//.test(cardData.license_link)) card.licenseUrl = cardData.license_link;

  const plainTags = uniq([...tags.filter((t) => !STRUCTURED_TAG.test(t)), ...toStrings(cardData.tags)]);
  if (plainTags.length) card.tags = plainTags;
  const task = info.pipeline_tag ?? (typeof cardData.pipeline_tag === 'string' ? cardData.pipeline_tag : undefined);
  if (task) card.tasks = [task];
  const languages = uniq(toStrings(cardData.language));
  if (languages.length) card.languages = languages;
  const arxiv = tags.find((t) => t.startsWith('arxiv:'))?.slice('arxiv:'.length);
  if (arxiv) card.paper = { arxiv, url: `https://arxiv.org/abs/${arxiv}` };

  const architecture = mapArchitecture(input, cardData);
  if (Object.keys(architecture).length) card.architecture = architecture;

  const datasets = uniq([...toStrings(cardData.datasets), ...tags.filter((t) => t.startsWith('dataset:')).map((t) => t.slice('dataset:'.length))]);
  if (datasets.length) card.training = { datasets: datasets.map((d): Dataset => ({ name: d, id: `hf:${d}` })) };

  const { results, dropped } = mapModelIndex(cardData['model-index'] ?? info['model-index'], repoId, warn);
  if (results.length) card.evaluation = { results };

  const parents = mapParents(input, cardData, warn);
  if (parents.length) card.lineage = { parents };

  const examples = mapExamples(Array.isArray(cardData.widget) ? cardData.widget : info.widgetData);
  if (examples.length) card.usage = { examples };

  const artifacts = mapArtifacts(input, hubUrl);
  if (artifacts.length) card.artifacts = artifacts;
  const fingerprint = input.fingerprint ?? (input.safetensors && !input.safetensors.partial ? headerFingerprint(input.safetensors, input.config) : undefined);
  if (fingerprint) card.fingerprint = fingerprint;

  card.source = {
    system: 'huggingface',
    uri: `${hubUrl}/${repoId}`,
    connector: CONNECTOR_NAME,
    importedAt: ctx.importedAt,
    repository: repoId,
  };
  if (info.sha) card.source.revision = info.sha;
  if (ctx.connectorVersion) card.source.connectorVersion = ctx.connectorVersion;

  const hf: Record<string, unknown> = {};
  if (info._id !== undefined) hf._id = info._id;
  if (info.private !== undefined) hf.private = info.private;
  if (info.gated !== undefined) hf.gated = info.gated;
  if (info.disabled !== undefined) hf.disabled = info.disabled;
  if (info.downloads !== undefined) hf.downloads = info.downloads;
  if (info.likes !== undefined) hf.likes = info.likes;
  if (info.library_name !== undefined) hf.libraryName = info.library_name;
  if (info.pipeline_tag !== undefined) hf.pipelineTag = info.pipeline_tag;
  if (tags.length) hf.tags = tags;
  if (info.transformersInfo) hf.transformersInfo = info.transformersInfo;
  if (info.safetensors) hf.safetensors = info.safetensors;
  if (info.usedStorage !== undefined) hf.usedStorage = info.usedStorage;
  if (typeof cardData.base_model_relation === 'string') hf.baseModelRelation = cardData.base_model_relation;
  if (input.adapterConfig) hf.adapterConfig = input.adapterConfig;
  if (input.safetensors) {
    hf.safetensorsFiles = input.safetensors.files;
    // [name, dtype, shape] per tensor, in file order.
    if (input.safetensors.tensors.length <= MAX_LISTED_TENSORS) hf.tensors = input.safetensors.tensors.map((t) => [t.name, t.dtype, t.shape]);
    if (input.safetensors.indexFile) hf.safetensorsIndex = input.safetensors.indexFile;
  }
  if (dropped) hf.modelIndex = cardData['model-index'] ?? info['model-index'];
  const rest = Object.fromEntries(Object.entries(cardData).filter(([k, v]) => !MAPPED_CARD_KEYS.has(k) && v !== undefined && v !== null));
  if (Object.keys(rest).length) hf.cardData = rest;
  card.extensions = { hf };
  return card;
}

/** Tensor lists longer than this are left out of `extensions.hf.tensors` (the card must stay small). */
const MAX_LISTED_TENSORS = 5000;

/**
 * The fingerprint the safetensors headers alone give: the architecture signature, counts and files.
 * Per-tensor entries are left out on purpose: without sampled values they would read as "identical
 * weights" to a weight comparison; the shapes go to `extensions.hf.tensors` instead.
 */
function headerFingerprint(st: SafetensorsSummary, config: HfConfigJson | null | undefined): Fingerprint {
  const fp: Fingerprint = {
    version: FINGERPRINT_VERSION,
    architecture: {
      signature: architectureSignature(st.tensors),
      tensorCount: st.tensors.length,
      parameters: st.parameters,
      dtypes: Object.keys(st.parametersByDtype).sort(),
    },
    files: st.files.map((f) => ({ path: f.path, format: 'safetensors', ...(f.size !== undefined ? { size: f.size } : {}) })),
    extra: { sketch: 'none', source: 'safetensors headers' },
  };
  if (typeof config?.model_type === 'string') fp.architecture.modelType = config.model_type;
  if (config) fp.architecture.config = configSummary(config);
  return fp;
}

function mapArchitecture(input: HfModelRecord, cardData: ApiCardData): NonNullable<ModelCard['architecture']> {
  const info = input.info;
  const cfg: HfConfigJson = input.config ?? stripTokenizer(info.config) ?? {};
  const a: NonNullable<ModelCard['architecture']> = {};
  if (typeof cfg.model_type === 'string') a.family = cfg.model_type;
  const cls = cfg.architectures?.[0] ?? info.transformersInfo?.auto_model;
  if (typeof cls === 'string') a.type = cls;
  const library = info.library_name ?? (typeof cardData.library_name === 'string' ? cardData.library_name : undefined);
  if (library) a.library = library;
  const st = input.safetensors;
  const total = (st && !st.partial ? st.parameters : undefined) ?? info.safetensors?.total;
  if (typeof total === 'number' && Number.isSafeInteger(total) && total >= 0) a.parameters = total;
  setInt(a, 'layers', cfg.num_hidden_layers ?? cfg.n_layer ?? cfg.num_layers);
  setInt(a, 'hiddenSize', cfg.hidden_size ?? cfg.n_embd ?? cfg.d_model);
  setInt(a, 'attentionHeads', cfg.num_attention_heads ?? cfg.n_head);
  setInt(a, 'vocabSize', cfg.vocab_size);
  setInt(a, 'contextLength', cfg.max_position_embeddings ?? cfg.n_positions);
  const dtypes = uniq(Object.keys(st?.parametersByDtype ?? info.safetensors?.parameters ?? {}));
  if (dtypes.length) a.dtypes = dtypes;
  const formats = uniq(fileNames(input).map(formatOf).filter((f): f is string => f !== undefined));
  if (formats.length) a.formats = formats;
  const q = cfg.quantization_config;
  if (q && typeof q.quant_method === 'string') {
    const bits = typeof q.bits === 'number' ? q.bits : q.load_in_4bit ? 4 : q.load_in_8bit ? 8 : undefined;
    a.quantization = bits ? `${q.quant_method}-${bits}bit` : q.quant_method;
  }
  if (input.config) a.config = input.config;
  return a;
}

function mapModelIndex(raw: unknown, repoId: string, warn: (w: MappingWarning) => void): { results: EvaluationResult[]; dropped: boolean } {
  const results: EvaluationResult[] = [];
  let dropped = false;
  if (raw === undefined || raw === null) return { results, dropped };
  if (!Array.isArray(raw)) {
    warn({ code: 'model-index-invalid', message: `model-index of ${repoId} is not a list; it was kept under extensions.hf.modelIndex.` });
    return { results, dropped: true };
  }
  raw.forEach((entry: unknown, i) => {
    const list = (entry as { results?: unknown } | null)?.results;
    if (!Array.isArray(list)) return;
    list.forEach((r: ApiModelIndexResult, j) => {
      const where = `model-index[${i}].results[${j}]`;
      const taskType = str(r?.task?.type);
      const datasetName = str(r?.dataset?.name) ?? str(r?.dataset?.type);
      if (!taskType || !r?.dataset || !datasetName) {
        warn({ code: 'model-index-invalid', message: `${where} of ${repoId} has no ${!taskType ? 'task.type' : 'dataset'}; skipped.` });
        dropped = true;
        return;
      }
      const metrics: Metric[] = [];
      for (const m of Array.isArray(r.metrics) ? r.metrics : []) {
        const type = str(m?.type);
        const value = m?.value;
        if (!type || !(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) {
          warn({ code: 'model-index-invalid', message: `${where} of ${repoId} has a metric without type or value; skipped.` });
          dropped = true;
          continue;
        }
        const metric: Metric = { type, value };
        if (str(m.name)) metric.name = str(m.name)!;
        if (str(m.config)) metric.config = str(m.config)!;
        if (typeof m.verified === 'boolean') metric.verified = m.verified;
        metrics.push(metric);
      }
      if (!metrics.length) {
        dropped = true;
        return;
      }
      const res: EvaluationResult = { task: { type: taskType }, dataset: { name: datasetName }, metrics: metrics as EvaluationResult['metrics'] };
      if (str(r.task?.name)) res.task.name = str(r.task?.name)!;
      const d = r.dataset;
      if (str(d.type)) res.dataset!.type = str(d.type)!;
      if (str(d.config)) res.dataset!.config = str(d.config)!;
      if (str(d.split)) res.dataset!.split = str(d.split)!;
      if (str(d.revision)) res.dataset!.revision = str(d.revision)!;
      if (d.args && typeof d.args === 'object' && !Array.isArray(d.args)) res.dataset!.args = d.args as Record<string, unknown>;
      else if (typeof d.args === 'string') res.dataset!.args = { value: d.args };
      if (r.source && (str(r.source.name) || str(r.source.url))) {
        res.source = {};
        if (str(r.source.name)) res.source.name = str(r.source.name)!;
        if (str(r.source.url)) res.source.url = str(r.source.url)!;
      }
      results.push(res);
    });
  });
  return { results, dropped };
}

function mapParents(input: HfModelRecord, cardData: ApiCardData, warn: (w: MappingWarning) => void): Parent[] {
  const byId = new Map<string, Parent>();
  const add = (rawId: string, relation: Relation | undefined, declaredBy: string) => {
    const id = normaliseRepoId(rawId);
    if (!id) {
      warn({ code: 'base-model-invalid', message: `${declaredBy} of ${input.info.id} names ${JSON.stringify(rawId)}, which is not a Hub repo id; ignored.` });
      return;
    }
    const key = hfModelId(id);
    const prev = byId.get(key);
    if (prev) {
      if (!prev.relation && relation) prev.relation = relation;
      return;
    }
    const p: Parent = { id: key, declaredBy };
    if (relation) p.relation = relation;
    byId.set(key, p);
  };
  let declared = toStrings(cardData.base_model);
  const relRaw = typeof cardData.base_model_relation === 'string' ? cardData.base_model_relation : undefined;
  const tagged = (input.info.tags ?? [])
    .map((t) => /^base_model:(?:(adapter|merge|quantized|finetune):)?(.+)$/.exec(t))
    .filter((m): m is RegExpExecArray => m !== null);
  const taggedIds = uniq(tagged.map((m) => m[2]!));
  // The Hub writes `base_model:*` tags with the current repo name: when the card names a single base
  // under another (older) name, the tag's name is the one that resolves in the lake.
  let note: string | undefined;
  if (declared.length === 1 && taggedIds.length === 1 && normaliseRepoId(declared[0]!) !== taggedIds[0]) {
    note = `card names ${declared[0]}`;
    declared = [taggedIds[0]!];
  }
  const rel = relRaw ? HF_RELATIONS[relRaw] : undefined;
  for (const b of declared) add(b, rel, 'hf:base_model');
  for (const m of tagged) add(m[2]!, m[1] ? HF_RELATIONS[m[1]] : undefined, 'hf:tags');
  const peftBase = input.adapterConfig?.base_model_name_or_path;
  // A training machine's path (`/home/me/llama`, `./out`, `C:\\models\\x`) names no model anyone can resolve.
  if (typeof peftBase === 'string' && peftBase && isLocalModelPath(peftBase)) {
    warn({ code: 'base-model-invalid', message: `adapter_config.json of ${input.info.id}: base_model_name_or_path ${JSON.stringify(peftBase)} is a filesystem path, not a model id; no parent recorded from it.` });
  } else if (typeof peftBase === 'string' && peftBase) add(peftBase, 'adapter', 'peft:adapter_config');
  const parents = [...byId.values()];
  if (note && parents[0]) parents[0].note = note;
  // Same inference as the Hub when neither the card nor the tags say: several bases are a merge, a PEFT repo is an adapter.
  const isPeft = input.info.library_name === 'peft' || cardData.library_name === 'peft' || input.adapterConfig != null;
  for (const p of parents) {
    if (p.relation || p.declaredBy !== 'hf:base_model') continue;
    if (declared.length > 1) p.relation = 'merge';
    else if (isPeft) p.relation = 'adapter';
  }
  return parents;
}

/** Hub widget examples (`widget:` in the card, `widgetData` in the API) as usage examples. */
function mapExamples(widget: unknown): NonNullable<NonNullable<ModelCard['usage']>['examples']> {
  if (!Array.isArray(widget)) return [];
  return widget
    .filter((w): w is Record<string, unknown> => !!w && typeof w === 'object' && !Array.isArray(w))
    .map((w) => {
      const { example_title: title, output, ...input } = w;
      const ex: NonNullable<NonNullable<ModelCard['usage']>['examples']>[number] = {};
      if (typeof title === 'string') ex.title = title;
      if (Object.keys(input).length) ex.input = Object.keys(input).length === 1 && typeof input.text === 'string' ? input.text : input;
      if (output !== undefined) ex.output = output;
      return ex;
    })
    .filter((ex) => ex.input !== undefined);
}

function mapArtifacts(input: HfModelRecord, hubUrl: string): Artifact[] {
  const rev = input.info.sha ?? 'main';
  const uri = (path: string) => `${hubUrl}/${input.info.id}/resolve/${rev}/${path.split('/').map(encodeURIComponent).join('/')}`;
  if (input.files) {
    return input.files
      .filter((f) => f.type === 'file')
      .map((f) => {
        const a: Artifact = { path: f.path, size: f.lfs?.size ?? f.size, uri: uri(f.path) };
        const fmt = formatOf(f.path);
        if (fmt) a.format = fmt;
        if (f.lfs) {
          a.lfs = true;
          if (/^[0-9a-f]{64}$/.test(f.lfs.oid)) a.sha256 = f.lfs.oid;
        }
        return a;
      });
  }
  return (input.info.siblings ?? []).map((s) => {
    const a: Artifact = { path: s.rfilename, uri: uri(s.rfilename) };
    const fmt = formatOf(s.rfilename);
    if (fmt) a.format = fmt;
    if (s.lfs?.sha256 && /^[0-9a-f]{64}$/.test(s.lfs.sha256)) {
      a.sha256 = s.lfs.sha256;
      a.lfs = true;
    }
    if (typeof s.size === 'number') a.size = s.size;
    return a;
  });
}

const FORMATS: Array<[RegExp, string]> = [
  [/\.safetensors$/, 'safetensors'],
  [/\.gguf$/, 'gguf'],
  [/\.onnx$/, 'onnx'],
  [/(^|\/)pytorch_model.*\.bin$|\.pt$|\.pth$/, 'pytorch'],
  [/\.h5$/, 'keras'],
  [/\.msgpack$/, 'flax'],
  [/\.mlmodel$|\.mlpackage\//, 'coreml'],
  [/\.ot$/, 'rust'],
  [/\.tflite$/, 'tflite'],
  [/\.pkl$|\.pickle$|\.joblib$/, 'pickle'],
];

function formatOf(path: string): string | undefined {
  return FORMATS.find(([re]) => re.test(path))?.[1];
}

function fileNames(input: HfModelRecord): string[] {
  if (input.files) return input.files.filter((f) => f.type === 'file').map((f) => f.path);
  return (input.info.siblings ?? []).map((s) => s.rfilename);
}

function normaliseRepoId(raw: string): string | undefined {
  const id = raw.trim().replace(/^https?:\/\/huggingface\.co\//, '').replace(/\/+$/, '');
  return REPO_ID.test(id) && !id.includes('..') ? id : undefined;
}

function stripTokenizer(config: ApiModelInfo['config']): HfConfigJson | undefined {
  if (!config || typeof config !== 'object') return undefined;
  const { tokenizer_config: _t, ...rest } = config;
  return rest as HfConfigJson;
}

function setInt<K extends 'layers' | 'hiddenSize' | 'attentionHeads' | 'vocabSize' | 'contextLength'>(
  a: NonNullable<ModelCard['architecture']>,
  key: K,
  v: unknown,
): void {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) a[key] = v;
}

function toStrings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  return [];
}

function firstString(v: unknown): string | undefined {
  return toStrings(v)[0];
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
