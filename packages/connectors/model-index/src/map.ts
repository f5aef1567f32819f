import { CARD_VERSION, formatModelId } from '@modellake/card';
import type { Artifact, Dataset, EvaluationResult, Metric, ModelCard, Parent, Reference, Relation } from '@modellake/card';
import type { ModelIndexProblem } from './errors.js';
import type { LoadedCollection, LoadedHfEntry, LoadedModel, LoadResult, ModelIndexDocument } from './loader.js';
import { parseCount, parsePlainNumber } from './numbers.js';
import { LIBRARY_BY_NAMESPACE, slugify, toTaskTag } from './tasks.js';
import type { WireCode, WireCollection, WireHfResult, WireMetadata, WireModel, WirePaper, WireResult } from './wire.js';

/** What the mapper needs from outside: nothing is read from the clock or the disk. */
export interface MapContext {
  /** Connector version written into `source.connectorVersion`. */
  connectorVersion?: string;
  /** Written into `source.importedAt` when given; left out by default so re-imports hash the same. */
  importedAt?: string;
  /** Checkpoint aliases (`open-mmlab://name` -> URL), from {@link LoadResult.checkpointAliases}. */
  checkpointAliases?: Readonly<Record<string, string>>;
}

/** A card with the place it came from. */
export interface MappedCard {
  card: ModelCard;
  file: string;
  line: number;
}

/** Output of {@link toModelCards}: cards for every well-formed model, problems for the rest. */
export interface ToModelCardsResult {
  cards: MappedCard[];
  problems: ModelIndexProblem[];
}

/** Extension namespace used on every card. */
export const EXTENSION = 'model-index';
const CONNECTOR = '@modellake/connector-model-index';

const MODEL_KEYS = new Set([
  'Name', 'In Collection', 'Metadata', 'Results', 'Weights', 'Config', 'Converted From', 'Downstream', 'Pretrain',
  'Alias', 'Paper', 'Code', 'README', 'Training Log', 'Training log', 'Framework',
]);
const COLLECTION_KEYS = new Set(['Name', 'Metadata', 'Paper', 'README', 'Code', 'Task', 'Year', 'License', 'Frameworks']);
const MAPPED_METADATA = new Set([
  'Training Data', 'Training Techniques', 'Training Resources', 'Architecture', 'Parameters', 'FLOPs', 'Epochs', 'Pretrained', 'Tasks', 'Layers', 'File Size',
]);
/** Metadata keys that are training hyperparameters, with the name they get in `training.hyperparameters`. */
const HYPERPARAMETERS: Record<string, string> = {
  'Batch Size': 'batch_size',
  'Minibatch Size': 'minibatch_size',
  LR: 'learning_rate',
  Momentum: 'momentum',
  'Weight Decay': 'weight_decay',
  'RMSProp Decay': 'rmsprop_decay',
  'Label Smoothing': 'label_smoothing',
  'BatchNorm Momentum': 'batchnorm_momentum',
  Dropout: 'dropout',
  'LR Gamma': 'lr_gamma',
  'LR Step Size': 'lr_step_size',
  'Warmup Steps': 'warmup_steps',
  'Training Steps': 'training_steps',
  Iterations: 'iterations',
  'Stochastic Depth Survival': 'stochastic_depth_survival',
  'Image Size': 'image_size',
  'Crop Pct': 'crop_pct',
  Interpolation: 'interpolation',
  Resolution: 'resolution',
};

interface Entry {
  id: string;
  name: string;
  doc: ModelIndexDocument;
  model: LoadedModel;
  collection?: LoadedCollection;
  parents: Parent[];
}

/**
 * Maps loaded model-index documents to cards. Pure: no I/O, no clock. Lineage between models
 * (`Converted From`, `Pretrain`, config checkpoints matched against other models' `Weights`,
 * `Downstream` names) is resolved across all documents given, so map a whole corpus in one call.
 */
export function toModelCards(docs: readonly ModelIndexDocument[], ctx: MapContext = {}): ToModelCardsResult {
  const problems: ModelIndexProblem[] = [];
  const cards: MappedCard[] = [];
  const firstSeen = new Map<string, { file: string; line: number }>();
  const warn = (file: string, line: number, model: string | undefined, code: ModelIndexProblem['code'], message: string): void => {
    problems.push({ code, severity: 'warning', file, line, ...(model !== undefined ? { model } : {}), message });
  };

  // Collections resolve within their file first, then anywhere in the namespace (mmpose shares them across files).
  const byNamespace = new Map<string, Map<string, LoadedCollection>>();
  for (const doc of docs) {
    const ns = byNamespace.get(doc.namespace) ?? new Map<string, LoadedCollection>();
    byNamespace.set(doc.namespace, ns);
    const inFile = new Set<string>();
    for (const c of doc.collections) {
      if (inFile.has(c.wire.Name)) {
        warn(doc.file, c.line, undefined, 'collection-duplicate', `Collection ${JSON.stringify(c.wire.Name)} is defined twice in this file; models use the first.`);
      }
      inFile.add(c.wire.Name);
      if (!ns.has(c.wire.Name)) ns.set(c.wire.Name, c);
    }
  }

  const entries: Entry[] = [];
  for (const doc of docs) {
    const local = new Map<string, LoadedCollection>();
    for (const c of doc.collections) if (!local.has(c.wire.Name)) local.set(c.wire.Name, c);
    for (const lm of doc.models) {
      const m = lm.wire as unknown;
      if (!isObject(m)) {
        problems.push({ code: 'model-invalid', severity: 'error', file: doc.file, line: lm.line, model: `(entry at line ${lm.line})`, message: 'Model entry is not a mapping; not imported.' });
        continue;
      }
      const rawName = m.Name;
      const name = typeof rawName === 'string' ? rawName.trim() : typeof rawName === 'number' ? String(rawName) : '';
      if (name === '') {
        problems.push({ code: 'model-invalid', severity: 'error', file: doc.file, line: lm.line, model: `(entry at line ${lm.line})`, message: 'Model entry has no `Name`; not imported.' });
        continue;
      }
      const structural = checkStructure(lm.wire);
      if (structural) {
        problems.push({ code: 'model-invalid', severity: 'error', file: doc.file, line: lm.line, model: name, message: `${structural}; not imported.` });
        continue;
      }
      let id: string;
      try {
        id = formatModelId('mi', `${doc.namespace}/${name}`);
      } catch {
        problems.push({ code: 'model-invalid', severity: 'error', file: doc.file, line: lm.line, model: name, message: `Name ${JSON.stringify(name.slice(0, 80))} cannot form a model id; not imported.` });
        continue;
      }
      const prev = firstSeen.get(id);
      if (prev) {
        problems.push({
          code: 'model-duplicate',
          severity: 'error',
          file: doc.file,
          line: lm.line,
          model: name,
          message: `Duplicate model name ${JSON.stringify(name)} in namespace ${doc.namespace} (first defined at ${prev.file}:${prev.line}); this entry is not imported.`,
        });
        continue;
      }
      firstSeen.set(id, { file: doc.file, line: lm.line });
      const collName = lm.wire['In Collection'];
      let collection: LoadedCollection | undefined;
      if (typeof collName === 'string') {
        collection = local.get(collName) ?? byNamespace.get(doc.namespace)?.get(collName);
        if (!collection) warn(doc.file, lm.line, name, 'collection-unknown', `\`In Collection: ${collName}\` names no collection in namespace ${doc.namespace}; imported without collection data.`);
      }
      entries.push({ id, name, doc, model: lm, ...(collection ? { collection } : {}), parents: [] });
    }
  }

  resolveLineage(entries, ctx.checkpointAliases ?? {});

  for (const e of entries) {
    const lines = e.model.fieldLines ?? {};
    const card = modelCard(e, ctx, (code, message, at) => warn(e.doc.file, (at && lines[at]) || e.model.line, e.name, code, message));
    cards.push({ card, file: e.doc.file, line: e.model.line });
  }

  for (const doc of docs) {
    for (const h of doc.hfEntries) {
      let id: string;
      try {
        id = formatModelId('mi', `${doc.namespace}/${h.wire.name.trim()}`);
      } catch {
        problems.push({ code: 'model-invalid', severity: 'error', file: doc.file, line: h.line, model: h.wire.name, message: 'Name cannot form a model id; not imported.' });
        continue;
      }
      const prev = firstSeen.get(id);
      if (prev) {
        problems.push({ code: 'model-duplicate', severity: 'error', file: doc.file, line: h.line, model: h.wire.name, message: `Duplicate model name ${JSON.stringify(h.wire.name)} (first defined at ${prev.file}:${prev.line}); this entry is not imported.` });
        continue;
      }
      firstSeen.set(id, { file: doc.file, line: h.line });
      cards.push({ card: hfCard(id, doc, h, ctx, (code, message) => warn(doc.file, h.line, h.wire.name, code, message)), file: doc.file, line: h.line });
    }
  }
  return { cards, problems };
}

/** Returns why an entry cannot be imported at all, or undefined when its shape is usable. */
function checkStructure(m: WireModel): string | undefined {
  if (m.Metadata !== undefined && m.Metadata !== null && !isObject(m.Metadata)) return '`Metadata` must be a mapping';
  const r = m.Results;
  if (r !== undefined && r !== null && !Array.isArray(r) && !isObject(r)) return '`Results` must be a list of {Task, Dataset, Metrics}';
  const w = m.Weights;
  if (w !== undefined && w !== null && typeof w !== 'string' && !(Array.isArray(w) && w.every((x) => typeof x === 'string'))) return '`Weights` must be a URL or a list of URLs';
  if (m.Config !== undefined && m.Config !== null && typeof m.Config !== 'string') return '`Config` must be a path string';
  return undefined;
}

/** Normalises a checkpoint URL so that trivial spelling differences still match (scheme, host case, query, timm's old home). */
export function normaliseWeightsUrl(url: string): string {
  let u = url.trim().replace(/^http:\/\//i, 'https://');
  u = u.replace(/^(https:\/\/)([^/]+)/i, (_m, s: string, host: string) => s + host.toLowerCase());
  u = u.replace(/[?#].*$/, '');
  return u.replace('https://github.com/rwightman/pytorch-image-models/', 'https://github.com/huggingface/pytorch-image-models/');
}

function resolveLineage(entries: Entry[], aliases: Readonly<Record<string, string>>): void {
  const byWeights = new Map<string, Entry[]>();
  const byName = new Map<string, Entry>();
  for (const e of entries) {
    byName.set(`${e.doc.namespace}\u0000${e.name}`, e);
    const w = e.model.wire.Weights;
    if (typeof w === 'string' && w.trim() !== '') {
      const k = normaliseWeightsUrl(w);
      const list = byWeights.get(k) ?? [];
      list.push(e);
      byWeights.set(k, list);
    }
  }
  const add = (child: Entry, parent: Entry, relation: Relation, declaredBy: string, note?: string): void => {
    if (parent.id === child.id || child.parents.some((p) => p.id === parent.id)) return;
    child.parents.push({ id: parent.id, relation, declaredBy, ...(note ? { note } : {}) });
  };
  for (const e of entries) {
    const m = e.model.wire;
    const conv = m['Converted From'];
    if (isObject(conv) && typeof conv.Weights === 'string') {
      for (const p of byWeights.get(normaliseWeightsUrl(conv.Weights)) ?? []) add(e, p, 'conversion', 'model-index:Converted From', conv.Weights);
    }
    if (typeof m.Pretrain === 'string') {
      for (const p of byWeights.get(normaliseWeightsUrl(m.Pretrain)) ?? []) add(e, p, 'finetune', 'model-index:Pretrain', m.Pretrain);
    }
    for (const ref of e.model.checkpointRefs ?? []) {
      const relation: Relation = ref.key === 'load_from' ? 'finetune' : /teacher/i.test(ref.key) ? 'distillation' : 'pretrain';
      const url = aliases[ref.ref] ?? ref.ref;
      const note = url === ref.ref ? ref.ref : `${ref.ref} -> ${url}`;
      for (const p of byWeights.get(normaliseWeightsUrl(url)) ?? []) add(e, p, relation, `model-index:Config ${ref.key || 'checkpoint'}`, note);
    }
    for (const childName of asStringList(m.Downstream)) {
      const child = byName.get(`${e.doc.namespace}\u0000${childName.trim()}`);
      if (child) add(child, e, 'finetune', 'model-index:Downstream');
    }
  }
}

/** Reports a warning on the current model; `at` is the dotted field path used to find its line. */
type Warn = (code: ModelIndexProblem['code'], message: string, at?: string) => void;

function modelCard(e: Entry, ctx: MapContext, warn: Warn): ModelCard {
  const m = e.model.wire;
  const c: WireCollection | undefined = e.collection?.wire;
  const md: WireMetadata = isObject(m.Metadata) ? m.Metadata : {};
  const cmd: WireMetadata = isObject(c?.Metadata) ? c.Metadata : {};
  const original: Record<string, unknown> = {};
  const ns = e.doc.namespace;

  const num = (field: string, key: string, v: unknown, parse: typeof parseCount): number | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    const p = parse(v);
    if (!p) {
      original[field] = v;
      warn('number-unparseable', `\`Metadata.${key}\` = ${JSON.stringify(v)} is not a number; kept in extensions.`, `Metadata.${key}`);
      return undefined;
    }
    if (p.fromString) {
      original[field] = v;
      warn('number-as-string', `\`Metadata.${key}\` = ${JSON.stringify(v)} written as a string; read as ${p.value}.`, `Metadata.${key}`);
    }
    return p.value;
  };

  const parameters = num('architecture.parameters', 'Parameters', md.Parameters ?? md['params'], parseCount);
  const flops = num('architecture.flops', 'FLOPs', md.FLOPs, parseCount);
  const epochs = num('training.epochs', 'Epochs', md.Epochs ?? cmd.Epochs, parsePlainNumber);
  const layers = num('architecture.layers', 'Layers', md.Layers, parsePlainNumber);

  const hyper: Record<string, string | number | boolean | null> = {};
  for (const [key, target] of Object.entries(HYPERPARAMETERS)) {
    const v = md[key] ?? (key === 'Batch Size' ? m['Batch Size'] : undefined);
    if (v === undefined) continue;
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) hyper[target] = v;
    else if (typeof v === 'string') {
      const p = parsePlainNumber(v);
      if (p && target !== 'interpolation') {
        hyper[target] = p.value;
        original[`training.hyperparameters.${target}`] = v;
        warn('number-as-string', `\`Metadata.${key}\` = ${JSON.stringify(v)} written as a string; read as ${p.value}.`, `Metadata.${key}`);
      } else hyper[target] = v;
    } else original[`training.hyperparameters.${target}`] = v;
  }

  const results = toResults(m.Results, warn, original);
  const tasks = unique([...results.map((r) => r.task.name ?? r.task.type), ...asStringList(md.Tasks), ...asStringList(c?.Task)].map(toTaskTag));

  const trainingData = unique([...asStringList(md['Training Data']), ...(md['Training Data'] === undefined ? asStringList(cmd['Training Data']) : [])]);
  const pretrainedData = asStringList(md.Pretrained).filter((d) => d.toLowerCase() !== 'none');
  const hasPretraining = pretrainedData.length > 0 || e.parents.length > 0 || typeof m.Pretrain === 'string';
  const datasets: Dataset[] = [
    ...pretrainedData.map((name): Dataset => ({ name, role: 'pretraining' })),
    ...trainingData.map((name): Dataset => ({ name, role: hasPretraining ? 'finetuning' : 'pretraining' })),
  ];
  for (const r of results) {
    if (r.dataset && !datasets.some((d) => d.name === r.dataset!.name && d.role === 'evaluation')) datasets.push({ name: r.dataset.name, role: 'evaluation' });
  }

  const components = unique([...asStringList(cmd.Architecture), ...asStringList(md.Architecture)]);
  const techniques = unique([...asStringList(cmd['Training Techniques']), ...asStringList(md['Training Techniques'])]);
  const compute = firstString(md['Training Resources'], cmd['Training Resources']);
  const paper = toReference(m.Paper ?? c?.Paper, c?.Year);

  const artifacts: Artifact[] = [];
  for (const w of asStringList(m.Weights)) artifacts.push(weightsArtifact(w));
  // timm pages give the checkpoint's size in bytes.
  const fileSize = md['File Size'];
  if (fileSize !== undefined) {
    if (artifacts.length === 1 && typeof fileSize === 'number' && Number.isInteger(fileSize) && fileSize >= 0) artifacts[0]!.size = fileSize;
    else original['artifacts.0.size'] = fileSize;
  }
  if (typeof m.Config === 'string' && m.Config.trim() !== '') artifacts.push({ path: m.Config.trim(), format: m.Config.trim().endsWith('.py') ? 'python' : 'config' });

  const aliases = unique(asStringList(m.Alias))
    .map((a) => safeId(`${ns}/${a}`))
    .filter((a): a is string => a !== undefined && a !== `mi:${ns}/${e.name}`);

  if (layers !== undefined && !Number.isInteger(layers)) original['architecture.layers'] = md.Layers;
  const unknownModel = pick(m as Record<string, unknown>, (k) => !MODEL_KEYS.has(k));
  const unmappedMetadata = pick(md, (k) => !MAPPED_METADATA.has(k) && !(k in HYPERPARAMETERS));
  const unmappedCollectionMetadata = pick(cmd, (k) => !MAPPED_METADATA.has(k));
  const collectionExtra = c ? pick(c as Record<string, unknown>, (k) => !COLLECTION_KEYS.has(k)) : undefined;
  // timm documents its models in pages with the YAML in a comment; a page of that kind is a timm model.
  const library = LIBRARY_BY_NAMESPACE[ns] ?? (e.doc.kind === 'timm-page' ? 'timm' : undefined);

  // The collection README describes the method; a result page beside the metafile is the fallback.
  const description = e.collection?.readme ?? e.doc.page;
  const ext = compact({
    namespace: ns,
    file: e.doc.file,
    line: e.model.line,
    kind: e.doc.kind,
    collection: c?.Name,
    config: m.Config,
    weights: m.Weights,
    trainingLog: m['Training Log'] ?? m['Training log'],
    framework: m.Framework,
    code: toCode(m.Code),
    collectionCode: toCode(c?.Code),
    readme: typeof m.README === 'string' ? m.README : undefined,
    collectionReadme: c?.README,
    page: e.doc.page?.path,
    collectionFrameworks: c?.Frameworks,
    convertedFrom: m['Converted From'],
    downstream: m.Downstream,
    pretrain: m.Pretrain,
    alias: m.Alias,
    metadata: nonEmpty(unmappedMetadata),
    collectionMetadata: nonEmpty(unmappedCollectionMetadata),
    collectionExtra: nonEmpty(collectionExtra),
    unknown: nonEmpty(unknownModel),
    fileExtra: e.doc.extra,
    original: nonEmpty(original),
    configScanned: e.model.configScanned,
    checkpointRefs: e.model.checkpointRefs?.length
      ? e.model.checkpointRefs.map((r) => ({ ref: r.ref, key: r.key, depth: r.depth, line: r.line }))
      : undefined,
  });

  const card: ModelCard = {
    cardVersion: CARD_VERSION,
    id: e.id,
    name: e.name,
    ...(aliases.length ? { aliases } : {}),
    ...(description ? { description: description.text.slice(0, 200_000) } : {}),
    ...(typeof c?.License === 'string' && c.License.trim() ? { license: c.License.trim() } : {}),
    tags: unique([ns, ...(c?.Name ? [c.Name] : [])]),
    ...(tasks.length ? { tasks } : {}),
    ...(paper ? { paper } : {}),
    architecture: compact({
      family: c?.Name ? slugify(c.Name) || undefined : undefined,
      library,
      parameters: parameters !== undefined ? Math.round(parameters) : undefined,
      flops,
      layers: layers !== undefined && Number.isInteger(layers) ? layers : undefined,
      components: components.length ? components : undefined,
      formats: artifacts.some((a) => a.format === 'pytorch') ? ['pytorch'] : undefined,
    }),
    training: compact({
      datasets: datasets.length ? datasets : undefined,
      techniques: techniques.length ? techniques : undefined,
      compute,
      epochs,
      hyperparameters: Object.keys(hyper).length ? hyper : undefined,
    }),
    ...(results.length ? { evaluation: { results } } : {}),
    ...(e.parents.length ? { lineage: { parents: e.parents } } : {}),
    ...(artifacts.length ? { artifacts } : {}),
    source: compact({
      system: 'model-index' as const,
      path: e.doc.file,
      uri: toCode(m.Code)?.url ?? toCode(c?.Code)?.url,
      connector: CONNECTOR,
      connectorVersion: ctx.connectorVersion,
      importedAt: ctx.importedAt,
    }),
    extensions: { [EXTENSION]: ext },
  };
  return dropEmpty(card);
}

function toResults(raw: WireModel['Results'], warn: Warn, original: Record<string, unknown>): EvaluationResult[] {
  if (raw === undefined || raw === null) return [];
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const at = (i: number, rest = ''): string => (Array.isArray(raw) ? `Results.${i}${rest}` : `Results${rest}`);
  const out: EvaluationResult[] = [];
  const dropped: unknown[] = [];
  list.forEach((r, i) => {
    if (!isObject(r)) {
      dropped.push(r);
      warn('result-invalid', `\`Results[${i}]\` is not a mapping; kept in extensions.`, at(i));
      return;
    }
    const res = r as WireResult;
    const task = typeof res.Task === 'string' ? res.Task.trim() : '';
    const dataset = typeof res.Dataset === 'string' ? res.Dataset.trim() : typeof res.Dataset === 'number' ? String(res.Dataset) : '';
    const metrics: Metric[] = [];
    const metricsRaw: unknown = res.Metrics;
    if (isObject(metricsRaw)) {
      for (const [k, v] of Object.entries(metricsRaw)) {
        const type = slugify(k) || k;
        if (typeof v === 'number' && Number.isFinite(v)) metrics.push({ type, name: k, value: v });
        else if (typeof v === 'string' && v.trim() !== '') {
          const p = parsePlainNumber(v);
          if (p) {
            metrics.push({ type, name: k, value: p.value });
            original[`evaluation.results.${task || i}.${dataset}.${k}`] = v;
            warn('number-as-string', `Metric \`${k}\` = ${JSON.stringify(v)} on ${dataset || '?'} written as a string; read as ${p.value}.`, at(i, `.Metrics.${k}`));
          } else metrics.push({ type, name: k, value: v });
        } else if (isObject(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'number' && Number.isFinite(x))) {
          // mmagic nests pairs (`PSNR/<br/>SSIM: {PSNR: 29.55, SSIM: 0.934}`): one metric each, the outer key as config.
          for (const [sub, x] of Object.entries(v)) metrics.push({ type: slugify(sub) || sub, name: sub, value: x as number, config: k });
        } else {
          original[`evaluation.results.${task || i}.${dataset}.${k}`] = v;
          warn('result-invalid', `Metric \`${k}\` on ${dataset || '?'} has no value (${JSON.stringify(v)}); kept in extensions.`, at(i, `.Metrics.${k}`));
        }
      }
    }
    if (!task || metrics.length === 0) {
      dropped.push(r);
      warn('result-invalid', `\`Results[${i}]\` has ${!task ? 'no `Task`' : 'no usable `Metrics`'}; kept in extensions.`, at(i));
      return;
    }
    const extra = pick(res as Record<string, unknown>, (k) => !['Task', 'Dataset', 'Metrics'].includes(k));
    if (Object.keys(extra).length) original[`evaluation.results.${i}`] = extra;
    out.push({
      task: { type: slugify(task) || task, name: task },
      ...(dataset ? { dataset: { name: dataset, type: slugify(dataset) || dataset } } : {}),
      metrics: metrics as [Metric, ...Metric[]],
    });
  });
  if (dropped.length) original['evaluation.results.dropped'] = dropped;
  return out;
}

function hfCard(id: string, doc: ModelIndexDocument, h: LoadedHfEntry, ctx: MapContext, warn: Warn): ModelCard {
  const d = h.cardData;
  const original: Record<string, unknown> = {};
  const results: EvaluationResult[] = [];
  for (const [i, r] of (Array.isArray(h.wire.results) ? h.wire.results : []).entries()) {
    const res = r as WireHfResult;
    const type = typeof res.task?.type === 'string' ? res.task.type : '';
    const metrics: Metric[] = [];
    for (const m of Array.isArray(res.metrics) ? res.metrics : []) {
      if (!isObject(m) || typeof m.type !== 'string' || m.value === undefined || m.value === null || typeof m.value === 'object' || typeof m.value === 'boolean') {
        warn('result-invalid', `\`model-index.results[${i}].metrics\` entry without type or value; kept in extensions.`);
        (original['results.dropped'] as unknown[] | undefined)?.push(m) ?? (original['results.dropped'] = [m]);
        continue;
      }
      let value: number | string = m.value;
      if (typeof value === 'string') {
        const p = parsePlainNumber(value);
        if (p) {
          original[`results.${i}.${m.type}`] = value;
          warn('number-as-string', `Metric \`${m.type}\` = ${JSON.stringify(value)} written as a string; read as ${p.value}.`);
          value = p.value;
        }
      }
      metrics.push(compact({ type: m.type, name: m.name, value, config: m.config, verified: typeof m.verified === 'boolean' ? m.verified : undefined }) as Metric);
    }
    if (!type || metrics.length === 0) {
      warn('result-invalid', `\`model-index.results[${i}]\` has no task type or no metrics; kept in extensions.`);
      (original['results.dropped'] as unknown[] | undefined)?.push(r) ?? (original['results.dropped'] = [r]);
      continue;
    }
    const ds = res.dataset;
    results.push(
      compact({
        task: compact({ type, name: res.task?.name }),
        dataset: ds && typeof ds.name === 'string' ? compact({ name: ds.name, type: ds.type, config: ds.config, split: ds.split, revision: ds.revision, args: isObject(ds.args) ? ds.args : undefined }) : undefined,
        metrics,
        source: isObject(res.source) ? compact({ name: res.source.name, url: res.source.url }) : undefined,
      }) as EvaluationResult,
    );
  }
  const baseModels = asStringList(d.base_model);
  const parents: Parent[] = baseModels.map((b) => safeId(b, 'hf')).filter((x): x is string => !!x).map((pid) => ({ id: pid, relation: 'finetune' as const, declaredBy: 'hf:base_model' }));
  const datasets: Dataset[] = [
    ...asStringList(d.datasets).map((name): Dataset => ({ name, role: baseModels.length ? 'finetuning' : 'pretraining' })),
  ];
  for (const r of results) if (r.dataset && !datasets.some((x) => x.name === r.dataset!.name && x.role === 'evaluation')) datasets.push({ name: r.dataset.name, role: 'evaluation' });
  const tasks = unique([...(typeof d.pipeline_tag === 'string' ? [d.pipeline_tag] : []), ...results.map((r) => r.task.type)]);
  const known = new Set(['license', 'tags', 'base_model', 'datasets', 'pipeline_tag', 'library_name', 'language']);
  const card: ModelCard = {
    cardVersion: CARD_VERSION,
    id,
    name: h.wire.name.trim(),
    ...(h.body.trim() ? { description: h.body.trim().slice(0, 200_000) } : {}),
    ...(typeof d.license === 'string' && d.license ? { license: d.license } : {}),
    tags: unique([doc.namespace, ...asStringList(d.tags)]),
    ...(tasks.length ? { tasks } : {}),
    ...(asStringList(d.language).length ? { languages: unique(asStringList(d.language)) } : {}),
    architecture: compact({ library: typeof d.library_name === 'string' ? d.library_name : undefined }),
    training: compact({ datasets: datasets.length ? datasets : undefined }),
    ...(results.length ? { evaluation: { results } } : {}),
    ...(parents.length ? { lineage: { parents } } : {}),
    source: compact({ system: 'model-index' as const, path: doc.file, connector: CONNECTOR, connectorVersion: ctx.connectorVersion, importedAt: ctx.importedAt }),
    extensions: {
      [EXTENSION]: compact({
        namespace: doc.namespace,
        file: doc.file,
        line: h.line,
        kind: doc.kind,
        entry: nonEmpty(pick(h.wire as Record<string, unknown>, (k) => k !== 'name' && k !== 'results')),
        cardData: nonEmpty(pick(d, (k) => !known.has(k))),
        original: nonEmpty(original),
      }),
    },
  };
  return dropEmpty(card);
}

function weightsArtifact(url: string): Artifact {
  const file = url.replace(/[?#].*$/, '').split('/').pop() || url;
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase();
  const format = ext && ['pth', 'pt', 'ckpt', 'bin', 'tar'].includes(ext) ? 'pytorch' : ext === 'safetensors' ? 'safetensors' : ext === 'onnx' ? 'onnx' : undefined;
  return { path: file, uri: url, ...(format ? { format } : {}) };
}

function toReference(p: WirePaper | string | undefined, year: unknown): Reference | undefined {
  const ref: Reference = {};
  if (typeof p === 'string' && p.trim()) ref.url = p.trim();
  else if (isObject(p)) {
    if (typeof p.Title === 'string' && p.Title.trim()) ref.title = p.Title.trim();
    if (typeof p.URL === 'string' && p.URL.trim()) ref.url = p.URL.trim();
  }
  const arxiv = ref.url ? /arxiv\.org\/(?:abs|pdf)\/([0-9]{4}\.[0-9]{4,5})/.exec(ref.url)?.[1] : undefined;
  if (arxiv) ref.arxiv = arxiv;
  const y = parsePlainNumber(year);
  if (y && Number.isInteger(y.value) && y.value >= 1900 && y.value <= 2200) ref.year = y.value;
  return Object.keys(ref).length ? ref : undefined;
}

function toCode(code: WireCode | string | undefined): { url?: string; version?: string } | undefined {
  if (typeof code === 'string') return code.trim() ? { url: code.trim() } : undefined;
  if (!isObject(code)) return undefined;
  const out = compact({ url: typeof code.URL === 'string' && code.URL ? code.URL : undefined, version: typeof code.Version === 'string' ? code.Version : code.Version !== undefined ? String(code.Version) : undefined });
  return Object.keys(out).length ? out : undefined;
}

function safeId(native: string, source = 'mi'): string | undefined {
  try {
    return formatModelId(source, native);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asStringList(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (typeof v === 'number') return [String(v)];
  if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'string' && x.trim() ? [x.trim()] : typeof x === 'number' ? [String(x)] : []));
  return [];
}

function firstString(...vs: unknown[]): string | undefined {
  for (const v of vs) {
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function pick(o: Record<string, unknown>, keep: (k: string) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (keep(k) && v !== undefined) out[k] = v;
  return out;
}

function nonEmpty<T extends Record<string, unknown>>(o: T | undefined): T | undefined {
  return o && Object.keys(o).length ? o : undefined;
}

/** Drops keys whose value is undefined (JSON Schema `additionalProperties` sees them otherwise). */
function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Removes empty `architecture`/`training` blocks so cards carry only what the source said. */
function dropEmpty(card: ModelCard): ModelCard {
  if (card.architecture && Object.keys(card.architecture).length === 0) delete card.architecture;
  if (card.training && Object.keys(card.training).length === 0) delete card.training;
  return card;
}
