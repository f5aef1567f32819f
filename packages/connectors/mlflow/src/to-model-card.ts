import { CARD_VERSION, formatModelId } from '@modellake/card';
import type { Dataset, EvaluationResult, Metric, ModelCard, Parent, Scalar } from '@modellake/card';
import { MlflowError } from './errors.js';
import { parseModelSource } from './uris.js';
import type { WireDatasetInput, WireLoggedModel, WireMetric, WireModelVersion, WireParam, WireRegisteredModel, WireRun, WireTag } from './wire.js';

/** Name and version of this connector as written into `source`. */
export const CONNECTOR_NAME = '@modellake/connector-mlflow';
/** @default version written into `source.connectorVersion` */
export const CONNECTOR_VERSION = '0.1.0';

/** Everything the mapper needs about one registered model version. */
export interface MlflowVersionRecord {
  registeredModel: WireRegisteredModel;
  /** Absent for a registered model that has no version yet. */
  version?: WireModelVersion;
  /** The run that produced the version (`run_id`), when the tracking server has it. */
  run?: WireRun;
  /** MLflow 3 logged model the version was registered from (`model_id`). */
  loggedModel?: WireLoggedModel;
  /** Versions registered from the run's parent run (`mlflow.parentRunId`), resolved by the shell. */
  parentRunVersions?: WireModelVersion[];
}

/** Context of a mapping: time and server come in, the mapper reads no clock. */
export interface MlflowCardContext {
  /** ISO time of the import. */
  importedAt: string;
  /** Public tracking server URL, for links to the model and run pages. */
  trackingUri?: string;
  /** @default CONNECTOR_VERSION */
  connectorVersion?: string;
}

const STAGE_STATUS: Record<string, 'approved' | 'review' | 'deprecated'> = {
  production: 'approved',
  staging: 'review',
  archived: 'deprecated',
};

/** Flavors that describe a loader, not the library the model was made with. */
const LOADER_FLAVORS = new Set(['python_function', 'pyfunc']);

const FLAVOR_FORMAT: Record<string, string> = { onnx: 'onnx', sklearn: 'pickle', xgboost: 'xgboost', lightgbm: 'lightgbm', pytorch: 'pytorch', keras: 'keras', tensorflow: 'tensorflow' };

/** Turns a list of MLflow `{key, value}` tags into a map (later keys win). */
export function tagMap(tags: WireTag[] | Record<string, string> | undefined): Record<string, string> {
  if (!tags) return {};
  if (!Array.isArray(tags)) return { ...tags };
  const out: Record<string, string> = {};
  for (const t of tags) if (t.key !== undefined) out[t.key] = t.value ?? '';
  return out;
}

function iso(ms: number | string | undefined): string | undefined {
  const n = typeof ms === 'string' ? Number(ms) : ms;
  if (n === undefined || !Number.isFinite(n) || n <= 0) return undefined;
  return new Date(n).toISOString();
}

function scalar(value: string): Scalar {
  if (/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value) && value.length < 20) return Number(value);
  if (value === 'True' || value === 'true') return true;
  if (value === 'False' || value === 'false') return false;
  return value;
}

function metricValue(v: WireMetric['value']): number | string {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return String(v);
}

/** One entry of the run's `mlflow.log-model.history` tag (a JSON string in REST answers). */
interface LoggedModelHistoryEntry {
  artifact_path?: string;
  run_id?: string;
  flavors?: Record<string, Record<string, unknown>>;
  model_uuid?: string;
  mlflow_version?: string;
  utc_time_created?: string;
  signature?: unknown;
}

function logModelHistory(raw: unknown): LoggedModelHistoryEntry[] {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  return Array.isArray(value) ? (value.filter((e) => e && typeof e === 'object') as LoggedModelHistoryEntry[]) : [];
}

function datasetUri(source: string | undefined): string | undefined {
  if (!source) return undefined;
  try {
    const parsed = JSON.parse(source) as unknown;
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      for (const k of ['url', 'uri', 'path', 'table_name', 'dataset_name', 'source']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
    }
    return undefined;
  } catch {
    return source;
  }
}

function toDataset(input: WireDatasetInput): Dataset | undefined {
  const ds = input.dataset;
  if (!ds?.name) return undefined;
  const context = tagMap(input.tags)['mlflow.data.context'];
  const out: Dataset = { name: ds.name };
  const ctx = context?.toLowerCase();
  if (ctx === 'evaluation' || ctx === 'eval' || ctx === 'test' || ctx === 'testing') out.role = 'evaluation';
  else if (ctx === 'validation' || ctx === 'val') out.role = 'validation';
  const uri = datasetUri(ds.source);
  if (uri) out.uri = uri;
  if (ds.digest) out.digest = ds.digest;
  if (context) out.split = context;
  return out;
}

function evaluationFrom(metrics: WireMetric[], task: string | undefined, source: { name: string; url?: string }): EvaluationResult[] {
  const groups = new Map<string, Metric[]>();
  for (const m of metrics) {
    if (!m.key || m.value === undefined || m.value === null) continue;
    const k = m.dataset_name ?? '';
    const list = groups.get(k) ?? [];
    list.push({ type: m.key, name: m.key, value: metricValue(m.value) });
    groups.set(k, list);
  }
  const results: EvaluationResult[] = [];
  for (const [dataset, list] of groups) {
    const [first, ...rest] = list;
    if (!first) continue;
    results.push({
      task: { type: task ?? 'unspecified' },
      ...(dataset ? { dataset: { name: dataset } } : {}),
      metrics: [first, ...rest],
      source,
    });
  }
  return results;
}

function paramsMap(...lists: (WireParam[] | undefined)[]): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const list of lists) for (const p of list ?? []) if (p.key) out[p.key] = scalar(p.value ?? '');
  return out;
}

function uniq(list: string[]): string[] {
  return [...new Set(list.filter((s) => s.length > 0))];
}

function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)) delete o[k];
  }
  return o;
}

/**
 * Maps one MLflow registered model version (with its run and, on MLflow 3, its logged model) to a
 * model card: id `mlflow:<name>`, version = the MLflow version number. Pure: no I/O, no clock.
 */
export function toModelCard(record: MlflowVersionRecord, ctx: MlflowCardContext): ModelCard {
  const rm = record.registeredModel;
  if (!rm?.name) throw new MlflowError('mlflow-bad-input', 'MLflow registered model has no `name`; cannot build a card id.');
  const mv = record.version;
  if (mv && mv.name !== undefined && mv.name !== rm.name) {
    throw new MlflowError('mlflow-bad-input', `MLflow model version belongs to ${JSON.stringify(mv.name)}, not to registered model ${JSON.stringify(rm.name)}.`);
  }
  if (mv && !mv.version) throw new MlflowError('mlflow-bad-input', `MLflow model version of ${JSON.stringify(rm.name)} has no \`version\`.`);
  const name = rm.name;
  const id = formatModelId('mlflow', name);
  const base = ctx.trackingUri?.replace(/\/+$/, '');
  const run = record.run;
  const runTags = tagMap(run?.data?.tags);
  const rmTags = tagMap(rm.tags);
  const mvTags = tagMap(mv?.tags);
  const lm = record.loggedModel;
  const source = mv?.source ? parseModelSource(mv.source) : undefined;
  const runId = run?.info?.run_id ?? run?.info?.run_uuid ?? mv?.run_id ?? (source?.kind === 'run' ? source.runId : undefined) ?? lm?.info?.source_run_id;

  // Aliases of this version: from the version itself, else from the registered model's alias table.
  const versionAliases = mv
    ? uniq([...(mv.aliases ?? []), ...(rm.aliases ?? []).filter((a) => a.version === mv.version && a.alias).map((a) => a.alias!)]).sort()
    : [];
  const stage = mv?.current_stage && mv.current_stage !== 'None' ? mv.current_stage : undefined;

  // Flavors: from the run's log-model history entry for this artifact (or the only one).
  const history = logModelHistory(runTags['mlflow.log-model.history']);
  const artifactPath = source?.kind === 'run' ? source.artifactPath : source?.kind === 'artifact' ? source.artifactPath : undefined;
  const entry = history.find((h) => artifactPath && h.artifact_path === artifactPath) ?? (history.length === 1 ? history[0] : undefined);
  const flavors = entry?.flavors ?? {};
  const flavorNames = Object.keys(flavors);
  const library = flavorNames.find((f) => !LOADER_FLAVORS.has(f));
  const transformers = flavors.transformers as Record<string, unknown> | undefined;
  const task = typeof transformers?.task === 'string' ? transformers.task : undefined;

  const card: ModelCard = { cardVersion: CARD_VERSION, id, name };
  if (mv) card.version = mv.version!;
  if (versionAliases.length) card.aliases = versionAliases.map((a) => `${id}@${a}`);
  const description = mv?.description || rm.description;
  if (description) card.description = description;

  const author = runTags['mlflow.user'] || run?.info?.user_id || mv?.user_id;
  if (author) card.authors = [{ name: author }];
  const created = iso(mv?.creation_timestamp ?? rm.creation_timestamp);
  const updated = iso(mv?.last_updated_timestamp ?? rm.last_updated_timestamp);
  if (created) card.created = created;
  if (updated) card.updated = updated;

  const tags = uniq([
    ...Object.entries(rmTags).filter(([k]) => !k.startsWith('mlflow.')).map(([k, v]) => (v ? `${k}:${v}` : k)),
    ...Object.entries(mvTags).filter(([k]) => !k.startsWith('mlflow.')).map(([k, v]) => (v ? `${k}:${v}` : k)),
    ...(stage ? [`stage:${stage}`] : []),
    ...versionAliases.map((a) => `alias:${a}`),
    ...(library ? [library] : []),
  ]);
  if (tags.length) card.tags = tags;
  if (task) card.tasks = [task];

  const arch = compact({
    library,
    type: typeof transformers?.pipeline_model_type === 'string' ? transformers.pipeline_model_type : undefined,
    formats: uniq(flavorNames.map((f) => FLAVOR_FORMAT[f] ?? '').filter(Boolean)),
  });
  if (Object.keys(arch).length) card.architecture = arch;

  const hyperparameters = paramsMap(run?.data?.params, lm?.data?.params);
  const datasets = (run?.inputs?.dataset_inputs ?? []).map(toDataset).filter((d): d is Dataset => d !== undefined);
  const training = compact({ hyperparameters, datasets });
  if (Object.keys(training).length) card.training = training;

  const runUrl = base && runId && run?.info?.experiment_id ? `${base}/#/experiments/${run.info.experiment_id}/runs/${runId}` : undefined;
  const metrics = lm?.data?.metrics?.length ? lm.data.metrics : (run?.data?.metrics ?? []);
  const results = evaluationFrom(metrics, task, { name: lm?.data?.metrics?.length ? `mlflow logged model ${lm.info?.model_id ?? ''}`.trim() : `mlflow run ${runId ?? ''}`.trim(), ...(runUrl ? { url: runUrl } : {}) });
  if (results.length) card.evaluation = { results };

  const parents: Parent[] = [];
  if (source?.kind === 'registered-version') {
    parents.push({ id: formatModelId('mlflow', source.name), version: source.version, relation: source.name === name ? 'version' : 'other', declaredBy: 'mlflow:source' });
  } else if (source?.kind === 'registered-alias' || source?.kind === 'registered-stage') {
    parents.push({ id: formatModelId('mlflow', source.name), relation: source.name === name ? 'version' : 'other', declaredBy: 'mlflow:source', note: source.kind === 'registered-alias' ? `alias ${source.alias}` : `stage ${source.stage}` });
  }
  const parentRunId = runTags['mlflow.parentRunId'];
  for (const pv of record.parentRunVersions ?? []) {
    if (!pv.name || !pv.version || (pv.name === name && pv.version === mv?.version)) continue;
    parents.push({ id: formatModelId('mlflow', pv.name), version: pv.version, relation: 'other', declaredBy: 'mlflow:parentRunId', note: `registered from parent run ${parentRunId ?? pv.run_id ?? ''}`.trim() });
  }
  if (typeof transformers?.source_model_name === 'string' && transformers.source_model_name) {
    parents.push({ id: formatModelId('hf', transformers.source_model_name), relation: 'other', declaredBy: 'mlflow:transformers.source_model_name' });
  }
  const seen = new Set<string>();
  const uniqueParents = parents.filter((p) => {
    const k = `${p.id}@${p.version ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (uniqueParents.length) card.lineage = { parents: uniqueParents };

  if (stage) {
    const status = STAGE_STATUS[stage.toLowerCase()];
    if (status) card.governance = { status };
  }

  if (mv?.source) {
    // A `models:/<id>` source of MLflow 3 points at the logged model, whose artifacts live at its artifact_uri.
    const uri = source?.kind === 'logged-model' && lm?.info?.artifact_uri ? lm.info.artifact_uri : mv.source;
    card.artifacts = [{ path: artifactPath ?? (source?.kind === 'logged-model' ? source.modelId : mv.source), uri, ...(arch.formats?.[0] ? { format: arch.formats[0] } : {}) }];
  }

  card.source = compact({
    system: 'mlflow' as const,
    uri: base ? `${base}/#/models/${encodeURIComponent(name)}${mv ? `/versions/${mv.version}` : ''}` : `models:/${name}${mv ? `/${mv.version}` : ''}`,
    revision: mv?.version,
    connector: CONNECTOR_NAME,
    connectorVersion: ctx.connectorVersion ?? CONNECTOR_VERSION,
    importedAt: ctx.importedAt,
    runUrl,
    commit: runTags['mlflow.source.git.commit'],
    repository: runTags['mlflow.source.git.repoURL'] ?? runTags['mlflow.gitRepoURL'],
  });

  const runTagsKept = Object.fromEntries(Object.entries(runTags).filter(([k]) => k !== 'mlflow.log-model.history'));
  card.extensions = {
    mlflow: compact({
      registeredModel: compact({
        name,
        description: rm.description,
        tags: rmTags,
        // The model's timestamps and its alias table change whenever any version changes: kept out so other versions' cards stay unchanged.
        creationTimestamp: rm.creation_timestamp,
      }),
      version: mv
        ? compact({
            version: mv.version,
            stage: mv.current_stage,
            status: mv.status,
            statusMessage: mv.status_message,
            description: mv.description,
            source: mv.source,
            runId: mv.run_id,
            runLink: mv.run_link,
            modelId: mv.model_id ?? (source?.kind === 'logged-model' ? source.modelId : undefined),
            userId: mv.user_id,
            tags: mvTags,
            aliases: versionAliases,
            creationTimestamp: mv.creation_timestamp,
            lastUpdatedTimestamp: mv.last_updated_timestamp,
          })
        : undefined,
      run: run
        ? compact({
            runId,
            runName: run.info?.run_name,
            experimentId: run.info?.experiment_id,
            status: run.info?.status,
            startTime: run.info?.start_time,
            endTime: run.info?.end_time,
            artifactUri: run.info?.artifact_uri,
            parentRunId,
            tags: runTagsKept,
            modelInputs: (run.inputs?.model_inputs ?? []).map((m) => m.model_id).filter((m): m is string => !!m),
          })
        : undefined,
      datasets: (run?.inputs?.dataset_inputs ?? []).map((d) =>
        compact({ name: d.dataset?.name, digest: d.dataset?.digest, sourceType: d.dataset?.source_type, source: d.dataset?.source, context: tagMap(d.tags)['mlflow.data.context'] }),
      ),
      flavors: entry?.flavors,
      loggedModel: lm?.info
        ? compact({ modelId: lm.info.model_id, name: lm.info.name, modelType: lm.info.model_type, status: lm.info.status, artifactUri: lm.info.artifact_uri, sourceRunId: lm.info.source_run_id, tags: tagMap(lm.info.tags) })
        : undefined,
    }),
  };
  return card;
}
