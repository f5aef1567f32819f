import { basename } from 'node:path';
import type { ModelCard } from '@modellake/card';
import { createResolver } from './resolve.js';
import type { ModelFolder } from './folder.js';

/** Context of {@link toLocalModelCard}: no clock or file system inside the mapper. */
export interface LocalCardContext {
  /** Prefix of every id after `local:` (e.g. `team/`). @default '' */
  idPrefix?: string;
  /** ISO time of the import. */
  importedAt: string;
  /** Absolute path of the imported root (recorded as the source uri). */
  root: string;
  /** Ids (relative paths) of every folder in the same import, so declared parents among them become `local:` ids. */
  siblings: readonly string[];
  connectorVersion?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/** Maps a read model folder to a card with its fingerprint and declared parents (pure). */
export function toLocalModelCard(folder: Omit<ModelFolder, 'dir'>, ctx: LocalCardContext): ModelCard {
  const prefix = ctx.idPrefix ?? '';
  const resolve = createResolver(ctx.siblings);
  const cfg = folder.config ?? {};
  const fp = folder.fingerprint;
  const data = folder.cardData ?? {};
  const tags = Array.isArray(data.tags) ? [...new Set(data.tags.filter((t): t is string => typeof t === 'string' && t.length > 0))] : [];
  const architectureType = Array.isArray(cfg.architectures) && typeof cfg.architectures[0] === 'string' ? cfg.architectures[0] : undefined;
  const architecture: NonNullable<ModelCard['architecture']> = {
    ...(fp.architecture.modelType ? { family: fp.architecture.modelType } : {}),
    ...(architectureType ? { type: architectureType } : {}),
    library: folder.kind === 'adapter' ? 'peft' : folder.kind === 'gguf' ? 'gguf' : 'transformers',
    ...(fp.architecture.parameters !== undefined ? { parameters: fp.architecture.parameters } : {}),
    ...(num(cfg.num_hidden_layers ?? cfg.n_layer) !== undefined ? { layers: num(cfg.num_hidden_layers ?? cfg.n_layer)! } : {}),
    ...(num(cfg.hidden_size ?? cfg.n_embd) !== undefined ? { hiddenSize: num(cfg.hidden_size ?? cfg.n_embd)! } : {}),
    ...(num(cfg.num_attention_heads ?? cfg.n_head) !== undefined ? { attentionHeads: num(cfg.num_attention_heads ?? cfg.n_head)! } : {}),
    ...(num(cfg.vocab_size) !== undefined ? { vocabSize: num(cfg.vocab_size)! } : {}),
    ...(num(cfg.max_position_embeddings ?? cfg.n_positions) !== undefined ? { contextLength: num(cfg.max_position_embeddings ?? cfg.n_positions)! } : {}),
    ...(fp.architecture.dtypes?.length ? { dtypes: fp.architecture.dtypes } : {}),
    formats: [...new Set((fp.files ?? []).map((f) => f.format ?? 'unknown'))],
    ...(folder.config ? { config: folder.config } : {}),
  };
  const parents = folder.declared.map((d) => {
    const local = resolve(d.id);
    const id = local ? `local:${prefix}${local}` : /^[a-z][a-z0-9-]*:/.test(d.id) ? d.id : `hf:${d.id}`;
    return {
      id,
      ...(d.relation ? { relation: d.relation } : {}),
      declaredBy: d.source === 'peft' ? 'peft:adapter_config' : d.source === 'gguf' ? 'gguf:general.base_model' : d.source === 'tag' ? 'hf:base_model-tag' : 'hf:base_model',
    };
  });
  const description = folder.readmeBody?.trim();
  return {
    cardVersion: '1.0',
    id: `local:${prefix}${folder.id}`,
    name: typeof data.model_name === 'string' && data.model_name ? data.model_name : basename(folder.id),
    ...(description ? { description: description.slice(0, 200_000) } : {}),
    ...(typeof data.license === 'string' && data.license ? { license: data.license } : {}),
    ...(tags.length ? { tags } : {}),
    architecture,
    ...(parents.length ? { lineage: { parents } } : {}),
    artifacts: (fp.files ?? []).map((f) => ({ path: f.path, ...(f.size !== undefined ? { size: f.size } : {}), ...(f.format ? { format: f.format } : {}) })),
    fingerprint: fp as NonNullable<ModelCard['fingerprint']>,
    source: {
      system: 'local',
      uri: `file://${ctx.root}/${folder.id}`,
      path: folder.id,
      connector: 'modellake import dir',
      ...(ctx.connectorVersion ? { connectorVersion: ctx.connectorVersion } : {}),
      importedAt: ctx.importedAt,
    },
  };
}
