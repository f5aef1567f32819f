import { CardError, isLocalModelPath, parseFrontMatter, validate, CARD_VERSION, formatModelId } from '@modellake/card';
import type { Artifact, Dataset, Fingerprint, ModelCard, Parent } from '@modellake/card';
import { parseDocument } from 'yaml';
import type { GitHubContext } from './context.js';
import { GitHubConnectorError } from './errors.js';
import { commitVersion, stampSource, type StampOptions } from './source.js';

/** A card file found in the repository (`.json`, `.yaml`/`.yml`, or `.md` with modellake front matter). */
export interface CardFileEntry {
  kind: 'card-file';
  path: string;
  text: string;
}

/** A model folder: Hugging Face style config and weights, read by the I/O shell. */
export interface ModelFolderEntry {
  kind: 'model-folder';
  /** Repository-relative folder path (`.` for the root). */
  path: string;
  /** Parsed `config.json`. */
  config?: Record<string, unknown>;
  /** Parsed `adapter_config.json` (PEFT). */
  adapterConfig?: Record<string, unknown>;
  /** Text of the folder's `README.md` (Hugging Face card front matter is read). */
  readme?: string;
  /** Fingerprint of the weight files, computed by the shell. */
  fingerprint?: Fingerprint;
  files: { path: string; size?: number; sha256?: string }[];
}

/** Cards another connector (DVC, model-index) already built from a file or repository. */
export interface MappedEntry {
  kind: 'mapped';
  path: string;
  cards: ModelCard[];
}

/** Everything the shell found under the `paths` input. */
export type RepoEntry = CardFileEntry | ModelFolderEntry | MappedEntry;

/** A card ready to push, with the path it came from. */
export interface BuiltCard {
  path: string;
  card: ModelCard;
}

/** Context of {@link toModelCards}: the run, plus the clock and version values the mapper may not read itself. */
export interface ToModelCardsContext {
  github: GitHubContext;
  importedAt?: string;
  connectorVersion?: string;
}

function lineOfOffset(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function parseStructured(path: string, text: string): unknown {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      const msg = (e as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const where = pos ? (({ line, column }) => ` at line ${line}, column ${column}`)(lineOfOffset(text, Number(pos[1]))) : '';
      throw new GitHubConnectorError('card-file-unparsable', `${path}: invalid JSON${where}: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, {
        file: path,
        cause: e,
      });
    }
  }
  if (lower.endsWith('.md')) {
    try {
      return parseFrontMatter(text).data;
    } catch (e) {
      throw new GitHubConnectorError('card-file-unparsable', `${path}: ${(e as Error).message}`, { file: path, cause: e });
    }
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    throw new GitHubConnectorError(
      'card-file-unparsable',
      `${path}: invalid YAML${line ? ` at line ${line}` : ''}: ${err.message.split('\n')[0]}`,
      { file: path, cause: err },
    );
  }
  return doc.toJS() as unknown;
}

/**
 * Parses and validates a card file (one card, or a list of cards). Throws a GitHubConnectorError
 * naming the file, the line (syntax) or the field (schema) and what is wrong.
 */
export function parseCardFile(path: string, text: string): ModelCard[] {
  const data = parseStructured(path, text);
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) throw new GitHubConnectorError('card-file-invalid', `${path}: the file holds an empty list, expected a model card.`, { file: path });
  return items.map((item, i) => {
    const r = validate(item);
    if (!r.ok) {
      const first = r.issues[0]!;
      const at = Array.isArray(data) ? `[${i}]` : '';
      const more = r.issues.length > 1 ? ` (and ${r.issues.length - 1} more)` : '';
      const field = first.path ? ` at ${at}${first.path}` : at ? ` at ${at}` : '';
      throw new GitHubConnectorError('card-file-invalid', `${path}: invalid model card${field}: ${first.message}${more}`, {
        file: path,
        cause: new CardError('card-invalid', first.message, r.issues),
      });
    }
    return r.card;
  });
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function int(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function strList(v: unknown): string[] | undefined {
  if (typeof v === 'string' && v.trim()) return [v];
  if (Array.isArray(v)) {
    const l = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    return l.length ? l : undefined;
  }
  return undefined;
}

function pick<T>(...vals: (T | undefined)[]): T | undefined {
  return vals.find((v) => v !== undefined);
}

/** Hub repo id (`org/name`) to a model id; local paths and anything else stay as given under `local:`. */
function parentId(ref: string): string {
  if (/^[\w.-]+\/[\w.-]+$/.test(ref)) return `hf:${ref}`;
  if (/^[a-z][a-z0-9-]{0,31}:\S+$/.test(ref)) return ref;
  return formatModelId('local', ref);
}

const FORMATS: Record<string, string> = {
  safetensors: 'safetensors',
  gguf: 'gguf',
  onnx: 'onnx',
  bin: 'pytorch',
  pt: 'pytorch',
  pth: 'pytorch',
  ckpt: 'pytorch',
  pkl: 'pickle',
  h5: 'keras',
  keras: 'keras',
};

function formatOf(path: string): string | undefined {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  return FORMATS[ext];
}

/** Id of a card built from a repository folder: `gh:<owner>/<repo>/<path>` (`gh:<owner>/<repo>` for the root). */
export function folderModelId(ctx: Pick<GitHubContext, 'owner' | 'repo'>, path: string): string {
  const clean = path.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return formatModelId('gh', clean ? `${ctx.owner}/${ctx.repo}/${clean}` : `${ctx.owner}/${ctx.repo}`);
}

/** Maps a model folder (config, adapter config, README front matter, weight fingerprint, files) to a card. */
export function modelFolderToCard(entry: ModelFolderEntry, ctx: Pick<GitHubContext, 'owner' | 'repo' | 'sha'>): ModelCard {
  const cfg = entry.config ?? {};
  const adapter = entry.adapterConfig;
  let meta: Record<string, unknown> = {};
  if (entry.readme !== undefined) {
    try {
      meta = parseFrontMatter(entry.readme).data;
    } catch (e) {
      throw new GitHubConnectorError('model-folder-invalid', `${entry.path}/README.md: ${(e as Error).message}`, {
        file: `${entry.path}/README.md`,
        cause: e,
      });
    }
  }
  const clean = entry.path.replace(/^\.\/?/, '').replace(/\/+$/, '');
  const name = clean ? clean.split('/').pop()! : ctx.repo;
  const fp = entry.fingerprint;
  const formats = [...new Set(entry.files.map((f) => formatOf(f.path)).filter((f): f is string => !!f))];
  const dtypes = fp?.architecture.dtypes ?? strList(cfg.torch_dtype);
  const architectures = strList(cfg.architectures);
  const architecture: NonNullable<ModelCard['architecture']> = {
    ...(str(cfg.model_type) ?? fp?.architecture.modelType ? { family: (str(cfg.model_type) ?? fp?.architecture.modelType)! } : {}),
    ...(architectures?.[0] ? { type: architectures[0] } : {}),
    library: adapter ? 'peft' : str(meta.library_name) ?? 'transformers',
    ...(fp?.architecture.parameters !== undefined ? { parameters: fp.architecture.parameters } : {}),
  };
  const layers = int(pick(cfg.num_hidden_layers, cfg.n_layer, cfg.num_layers));
  const hidden = int(pick(cfg.hidden_size, cfg.n_embd, cfg.d_model));
  const heads = int(pick(cfg.num_attention_heads, cfg.n_head));
  const vocab = int(cfg.vocab_size);
  const ctxLen = int(pick(cfg.max_position_embeddings, cfg.n_positions, cfg.max_seq_len));
  if (layers !== undefined) architecture.layers = layers;
  if (hidden !== undefined) architecture.hiddenSize = hidden;
  if (heads !== undefined) architecture.attentionHeads = heads;
  if (vocab !== undefined) architecture.vocabSize = vocab;
  if (ctxLen !== undefined) architecture.contextLength = ctxLen;
  if (dtypes) architecture.dtypes = dtypes;
  if (formats.length) architecture.formats = formats;
  if (entry.config) architecture.config = entry.config;

  const parents: Parent[] = [];
  const adapterBase = str(adapter?.base_model_name_or_path);
  // A filesystem path (`/home/me/llama`, `./out`) names no model: no parent from it.
  if (adapterBase && !isLocalModelPath(adapterBase)) parents.push({ id: parentId(adapterBase), relation: 'adapter', declaredBy: 'peft:adapter_config' });
  for (const b of strList(meta.base_model) ?? []) {
    const id = parentId(b);
    if (!parents.some((p) => p.id === id)) parents.push({ id, relation: adapter ? 'adapter' : 'finetune', declaredBy: 'hf:base_model' });
  }
  const datasets: Dataset[] = (strList(meta.datasets) ?? []).map((d) => ({ name: d, id: parentId(d).replace(/^local:/, 'hf:'), role: 'finetuning' }));
  const artifacts: Artifact[] = entry.files.map((f) => {
    const format = formatOf(f.path);
    return { path: f.path, ...(f.size !== undefined ? { size: f.size } : {}), ...(f.sha256 ? { sha256: f.sha256 } : {}), ...(format ? { format } : {}) };
  });
  const license = str(meta.license);
  const tags = strList(meta.tags);
  const languages = strList(meta.language);
  const task = str(meta.pipeline_tag);
  return {
    cardVersion: CARD_VERSION,
    id: folderModelId(ctx, entry.path),
    version: commitVersion(ctx),
    name,
    ...(license ? { license } : {}),
    ...(tags ? { tags } : {}),
    ...(task ? { tasks: [task] } : {}),
    ...(languages ? { languages } : {}),
    architecture,
    ...(datasets.length ? { training: { datasets } } : {}),
    ...(parents.length ? { lineage: { parents } } : {}),
    ...(artifacts.length ? { artifacts } : {}),
    ...(fp ? { fingerprint: fp } : {}),
  };
}

/** Outcome of {@link toModelCards}: the cards, and one error per file that could not be mapped. */
export interface ToModelCardsResult {
  cards: BuiltCard[];
  errors: GitHubConnectorError[];
}

/**
 * Pure mapping of what the shell found in the repository to stamped cards: card files are parsed
 * and validated, model folders mapped, other connectors' cards passed through; every card gets the
 * commit as version when it has none, and its `source` stamped with the run. Bad files become errors
 * naming the file; the other files still map.
 */
export function toModelCards(entries: RepoEntry[], ctx: ToModelCardsContext): ToModelCardsResult {
  const cards: BuiltCard[] = [];
  const errors: GitHubConnectorError[] = [];
  const stamp: StampOptions = {
    ...(ctx.importedAt !== undefined ? { importedAt: ctx.importedAt } : {}),
    ...(ctx.connectorVersion !== undefined ? { connectorVersion: ctx.connectorVersion } : {}),
  };
  const seen = new Map<string, string>();
  for (const entry of entries) {
    let built: ModelCard[];
    try {
      if (entry.kind === 'card-file') built = parseCardFile(entry.path, entry.text);
      else if (entry.kind === 'model-folder') built = [modelFolderToCard(entry, ctx.github)];
      else built = entry.cards;
    } catch (e) {
      errors.push(
        e instanceof GitHubConnectorError
          ? e
          : new GitHubConnectorError('model-folder-invalid', `${entry.path}: ${(e as Error).message}`, { file: entry.path, cause: e }),
      );
      continue;
    }
    for (const card of built) {
      const other = seen.get(card.id);
      if (other !== undefined) {
        errors.push(new GitHubConnectorError('card-file-invalid', `${entry.path}: model ${card.id} is already defined in ${other}.`, { file: entry.path }));
        continue;
      }
      seen.set(card.id, entry.path);
      const versioned = card.version !== undefined ? card : { ...card, version: commitVersion(ctx.github) };
      cards.push({ path: entry.path, card: stampSource(versioned, ctx.github, { ...stamp, path: entry.path }) });
    }
  }
  return { cards, errors };
}
