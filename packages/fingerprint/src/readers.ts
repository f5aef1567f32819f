import { basename } from 'node:path';
import { FingerprintError } from './errors.js';
import { openFileSource } from './source.js';

export { isLocalModelPath } from '@modellake/card';

async function readJson(path: string, maxBytes = 64 << 20): Promise<unknown> {
  // Through openFileSource: a FIFO named config.json must fail, not block; the size is checked before reading.
  const src = await openFileSource(path);
  let buf: Buffer;
  try {
    if (src.size > maxBytes) throw new FingerprintError('bad-json', `file is ${src.size} bytes, more than ${maxBytes}`, { file: path });
    buf = Buffer.from(await src.read(0, src.size));
  } finally {
    await src.close();
  }
  const text = buf.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    throw new FingerprintError('bad-json', `invalid JSON (${(e as Error).message})`, { file: path, ...(m ? { offset: Number(m[1]) } : {}), cause: e });
  }
}

/** A Hugging Face `config.json`. */
export type HfConfig = Record<string, unknown> & { model_type?: string; architectures?: string[]; _name_or_path?: string };

/** Reads and checks a Hugging Face `config.json` (must be a JSON object). */
export async function readHfConfig(path: string): Promise<HfConfig> {
  const v = await readJson(path);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new FingerprintError('bad-json', 'config is not a JSON object', { file: path });
  return v as HfConfig;
}

/** The parts of a PEFT `adapter_config.json` lineage needs. */
export interface AdapterConfig {
  type: string;
  baseModel?: string;
  rank?: number;
  alpha?: number;
  targetModules?: string[];
  fanInFanOut?: boolean;
}

/** Reads a PEFT `adapter_config.json`. */
export async function readAdapterConfig(path: string): Promise<AdapterConfig> {
  const v = await readJson(path);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new FingerprintError('bad-json', 'adapter config is not a JSON object', { file: path });
  return toAdapterConfig(v as Record<string, unknown>);
}

/** Maps a parsed PEFT `adapter_config.json` object to its summary (pure; used for local and hub files). */
export function toAdapterConfig(c: Record<string, unknown>): AdapterConfig {
  const out: AdapterConfig = { type: typeof c.peft_type === 'string' ? c.peft_type : 'UNKNOWN' };
  if (typeof c.base_model_name_or_path === 'string' && c.base_model_name_or_path) out.baseModel = c.base_model_name_or_path;
  if (typeof c.r === 'number') out.rank = c.r;
  if (typeof c.lora_alpha === 'number') out.alpha = c.lora_alpha;
  if (Array.isArray(c.target_modules)) out.targetModules = c.target_modules.filter((x): x is string => typeof x === 'string');
  else if (typeof c.target_modules === 'string') out.targetModules = [c.target_modules];
  if (typeof c.fan_in_fan_out === 'boolean') out.fanInFanOut = c.fan_in_fan_out;
  return out;
}

/** A validated sharded-checkpoint index (`*.safetensors.index.json`). */
export interface ShardIndex {
  metadata: Record<string, unknown>;
  /** Tensor name to shard file name. */
  weightMap: Record<string, string>;
  /** Distinct shard file names in first-seen order. */
  shards: string[];
}

/** Reads a sharded-checkpoint index; shard names must be plain file names in the same folder. */
export async function readShardIndex(path: string): Promise<ShardIndex> {
  const v = await readJson(path);
  const wm = (v as { weight_map?: unknown } | null)?.weight_map;
  if (!wm || typeof wm !== 'object' || Array.isArray(wm)) throw new FingerprintError('bad-index', 'missing "weight_map" object', { file: path });
  const weightMap: Record<string, string> = {};
  const shards: string[] = [];
  for (const [k, f] of Object.entries(wm)) {
    if (typeof f !== 'string' || !f || basename(f) !== f || f === '.' || f === '..') {
      throw new FingerprintError('bad-index', `weight_map["${k}"] must be a file name in the same folder, got ${JSON.stringify(f)}`, { file: path });
    }
    weightMap[k] = f;
    if (!shards.includes(f)) shards.push(f);
  }
  const md = (v as { metadata?: unknown }).metadata;
  return { metadata: md && typeof md === 'object' ? (md as Record<string, unknown>) : {}, weightMap, shards };
}
