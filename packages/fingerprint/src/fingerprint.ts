import { readdir, stat } from 'node:fs/promises';
import { ConfineError, fileKind, resolveInside } from '@modellake/card/confine';
import { join } from 'node:path';
import { FingerprintError } from './errors.js';
import { ggufBaseModels, readGgufHeader, type GgufValue } from './gguf.js';
import { readAdapterConfig, readHfConfig, readShardIndex, type AdapterConfig, type HfConfig } from './readers.js';
import { MAX_TENSORS, readSafetensorsHeader, type SafetensorsHeader } from './safetensors.js';
import { architectureSignature, configSummary } from './signature.js';
import { sketchTensors, type SketchOptions } from './sketch.js';
import { openFileSource, openHttpSource, type ByteSource, type HttpSourceOptions } from './source.js';
import { FINGERPRINT_ALGORITHM, FINGERPRINT_VERSION, type Fingerprint, type TensorSketch } from './types.js';

/** One input file of a fingerprint: an open source and the path recorded in `files`. */
export interface FingerprintInput {
  source: ByteSource;
  path: string;
}

/** Builds a fingerprint from tensor sketches: version, algorithm, architecture signature and summary, files, config summary. */
export function assembleFingerprint(tensors: TensorSketch[], files: Fingerprint['files'], config?: Record<string, unknown>, modelType?: string): Fingerprint {
  const dtypes = [...new Set(tensors.map((t) => t.dtype))].sort();
  const fp: Fingerprint = {
    version: FINGERPRINT_VERSION,
    algorithm: FINGERPRINT_ALGORITHM,
    architecture: {
      signature: architectureSignature(tensors),
      tensorCount: tensors.length,
      parameters: tensors.reduce((a, t) => a + (t.count ?? 0), 0),
      dtypes,
    },
    files,
    tensors,
  };
  const mt = modelType ?? (typeof config?.model_type === 'string' ? config.model_type : undefined);
  if (mt) fp.architecture.modelType = mt;
  if (config) fp.architecture.config = configSummary(config);
  return fp;
}

/** Fingerprints one or more safetensors files (the shards of one checkpoint) in one streaming pass each. */
export async function fingerprintSafetensors(inputs: readonly FingerprintInput[], opts: SketchOptions & { config?: Record<string, unknown> } = {}): Promise<Fingerprint> {
  const tensors: TensorSketch[] = [];
  const files: NonNullable<Fingerprint['files']> = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const header: SafetensorsHeader = await readSafetensorsHeader(input.source);
    for (const t of header.tensors) {
      if (seen.has(t.name)) throw new FingerprintError('bad-header', `tensor "${t.name}" appears in more than one shard`, { file: input.source.name });
      seen.add(t.name);
    }
    if (seen.size > MAX_TENSORS) {
      throw new FingerprintError('bad-header', `the shards list more than ${MAX_TENSORS} tensors together (the limit of this reader)`, { file: input.source.name, offset: 8 });
    }
    // A loop, not push(...spread): a spread of a huge array overflows the stack.
    for (const s of await sketchTensors(input.source, header.tensors, opts)) tensors.push(s);
    files.push({ path: input.path, format: 'safetensors', size: input.source.size });
  }
  tensors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return assembleFingerprint(tensors, files, opts.config);
}

/** Fingerprints a GGUF file; quantized tensors get a content hash only. Declared base models land in `extra.gguf`. */
export async function fingerprintGguf(input: FingerprintInput, opts: SketchOptions = {}): Promise<Fingerprint> {
  const header = await readGgufHeader(input.source);
  const tensors = await sketchTensors(input.source, header.tensors, opts);
  const arch = header.metadata['general.architecture'];
  const fp = assembleFingerprint(tensors, [{ path: input.path, format: 'gguf', size: input.source.size }], undefined, typeof arch === 'string' ? arch : undefined);
  const pick: Record<string, GgufValue> = {};
  for (const [k, v] of Object.entries(header.metadata)) {
    if (k.startsWith('general.') && typeof v !== 'object') pick[k] = typeof v === 'bigint' ? Number(v) : v;
  }
  fp.extra = { gguf: { version: header.version, metadata: pick, baseModels: ggufBaseModels(header.metadata) } };
  return fp;
}

/** Fingerprints a remote safetensors or GGUF file with HTTP range requests (64 MiB each by default). */
export async function fingerprintUrl(opts: HttpSourceOptions & SketchOptions & { path?: string; config?: Record<string, unknown> }): Promise<Fingerprint> {
  const source = await openHttpSource(opts);
  const path = opts.path ?? new URL(opts.url).pathname.split('/').pop() ?? 'model';
  const sketch: SketchOptions = { chunkSize: opts.chunkSize ?? 64 << 20, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };
  try {
    if (path.endsWith('.gguf')) return await fingerprintGguf({ source, path }, sketch);
    return await fingerprintSafetensors([{ source, path }], { ...sketch, ...(opts.config ? { config: opts.config } : {}) });
  } finally {
    await source.close();
  }
}

/** A file of a model folder that was left out, and why (a FIFO, a link out of the root, unreadable). */
export interface FolderWarning {
  /** File name inside the folder. */
  file: string;
  code: 'not-a-file' | 'outside-root' | 'unreadable';
  message: string;
}

/** What a model folder holds. */
export interface ModelFolderFingerprint {
  kind: 'full' | 'adapter' | 'gguf';
  fingerprint: Fingerprint;
  config?: HfConfig;
  adapterConfig?: AdapterConfig;
  /** Files left out of the fingerprint (absent when none). */
  warnings?: FolderWarning[];
}

/** Options of {@link fingerprintModelFolder}. */
export interface ModelFolderOptions extends SketchOptions {
  /** Symlinked files must resolve inside this folder (the scanned tree); others are skipped. @default no confinement beyond `dir`'s own files */
  root?: string;
}

async function withSources<T>(dir: string, names: string[], fn: (inputs: FingerprintInput[]) => Promise<T>): Promise<T> {
  const inputs: FingerprintInput[] = [];
  try {
    for (const n of names) inputs.push({ source: await openFileSource(join(dir, n)), path: n });
    return await fn(inputs);
  } finally {
    for (const i of inputs) await i.source.close();
  }
}

const FOLDER_FILE = /(\.safetensors|\.safetensors\.index\.json|\.gguf|^config\.json|^adapter_config\.json)$/;

/** The regular files of a model folder that matter, after following (confined) symlinks; the rest become warnings. */
async function usableFiles(dir: string, root: string | undefined, warnings: FolderWarning[]): Promise<Set<string>> {
  const names = new Set<string>();
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!FOLDER_FILE.test(e.name)) continue;
    if (e.isFile()) {
      names.add(e.name);
      continue;
    }
    if (!e.isSymbolicLink()) {
      if (!e.isDirectory()) warnings.push({ file: e.name, code: 'not-a-file', message: `${e.name} is a ${fileKind(e)}, not a regular file; skipped.` });
      continue;
    }
    try {
      const real = root === undefined ? join(dir, e.name) : await resolveInside(root, e.name, { from: dir });
      const st = await stat(real);
      if (st.isFile()) names.add(e.name);
      else if (!st.isDirectory()) warnings.push({ file: e.name, code: 'not-a-file', message: `${e.name} links to a ${fileKind(st)}, not a regular file; skipped.` });
    } catch (err) {
      const code = err instanceof ConfineError && err.code === 'outside-root' ? 'outside-root' : 'unreadable';
      warnings.push({ file: e.name, code, message: err instanceof ConfineError ? err.message : `${e.name}: ${(err as Error).message}; skipped.` });
    }
  }
  return names;
}

/** Reads config.json when it can; a broken or unreadable one is a warning, not a lost model. */
async function optionalConfig(dir: string, names: Set<string>, warnings: FolderWarning[]): Promise<HfConfig | undefined> {
  if (!names.has('config.json')) return undefined;
  try {
    return await readHfConfig(join(dir, 'config.json'));
  } catch (err) {
    warnings.push({ file: 'config.json', code: 'unreadable', message: `${(err as Error).message}; the model is fingerprinted without its config.` });
    return undefined;
  }
}

/** Fingerprints a model folder: safetensors (single or sharded), a PEFT adapter, or a GGUF file, plus `config.json`. */
export async function fingerprintModelFolder(dir: string, opts: ModelFolderOptions = {}): Promise<ModelFolderFingerprint> {
  const { root, ...sketch } = opts;
  const warnings: FolderWarning[] = [];
  const result = await fingerprintFiles(dir, await usableFiles(dir, root, warnings), sketch, warnings);
  return warnings.length ? { ...result, warnings } : result;
}

async function fingerprintFiles(dir: string, names: Set<string>, opts: SketchOptions, warnings: FolderWarning[]): Promise<ModelFolderFingerprint> {
  const config = await optionalConfig(dir, names, warnings);
  if (names.has('adapter_config.json')) {
    const adapterConfig = await readAdapterConfig(join(dir, 'adapter_config.json'));
    const weights = ['adapter_model.safetensors'].filter((n) => names.has(n));
    const fp = weights.length
      ? await withSources(dir, weights, (inputs) => fingerprintSafetensors(inputs, opts))
      : assembleFingerprint([], []);
    const { fanInFanOut: _ignored, ...adapter } = adapterConfig;
    fp.adapter = adapter;
    return { kind: 'adapter', fingerprint: fp, adapterConfig, ...(config ? { config } : {}) };
  }
  const index = [...names].find((n) => n.endsWith('.safetensors.index.json'));
  if (index) {
    const idx = await readShardIndex(join(dir, index));
    for (const s of idx.shards) {
      if (!names.has(s)) {
        const skipped = warnings.find((w) => w.file === s);
        throw new FingerprintError('bad-index', `shard "${s}" listed in the index is ${skipped ? `not usable (${skipped.message})` : 'missing'}`, { file: join(dir, index) });
      }
    }
    const fp = await withSources(dir, idx.shards, (inputs) => fingerprintSafetensors(inputs, { ...opts, ...(config ? { config } : {}) }));
    return { kind: 'full', fingerprint: fp, ...(config ? { config } : {}) };
  }
  const st = [...names].filter((n) => n.endsWith('.safetensors')).sort();
  if (st.length) {
    const fp = await withSources(dir, st, (inputs) => fingerprintSafetensors(inputs, { ...opts, ...(config ? { config } : {}) }));
    return { kind: 'full', fingerprint: fp, ...(config ? { config } : {}) };
  }
  const gg = [...names].filter((n) => n.endsWith('.gguf')).sort();
  if (gg.length) {
    const fp = await withSources(dir, [gg[0]!], (inputs) => fingerprintGguf(inputs[0]!, opts));
    return { kind: 'gguf', fingerprint: fp, ...(config ? { config } : {}) };
  }
  throw new FingerprintError('not-a-model', 'no safetensors, adapter or GGUF weights found', { file: dir });
}
