import { downloadFile, listFiles, modelInfo } from '@huggingface/hub';
import type { Fingerprint } from '@modellake/card';
import { HfImportError, toHfError } from './errors.js';
import { FIRST_READ_BYTES, readSafetensorsHeader, type RangeReader, type SafetensorsHeader } from './safetensors.js';
import type { HfModelRecord, MappingWarning, SafetensorsSummary } from './to-model-card.js';
import type { ApiModelInfo, ApiTreeEntry, HfConfigJson, PeftAdapterConfig, SafetensorsIndexJson } from './wire.js';

/** Default Hub URL (`HF_ENDPOINT` overrides it in the CLI). */
export const DEFAULT_HUB_URL = 'https://huggingface.co';

/** Connection parameters shared by every network function of this package. */
export interface HubParams {
  /** Hub base URL (a mirror or a self-hosted hub). @default 'https://huggingface.co' */
  hubUrl?: string;
  /** Access token (`HF_TOKEN`). */
  token?: string;
  /** Fetch used for every request (wrap it with `createHubFetch` for retries). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** Computes a weight fingerprint from safetensors headers plus ranged reads of tensor data. */
export type WeightSketcher = (input: {
  files: Array<{ path: string; size: number; header: SafetensorsHeader; read: RangeReader }>;
  config?: HfConfigJson | null;
  adapterConfig?: PeftAdapterConfig | null;
}) => Promise<Fingerprint>;

/** Options of {@link fetchModelRecord}. */
export interface FetchModelOptions extends HubParams {
  /** Repo id as asked (may be an old name that the Hub redirects). */
  repoId: string;
  /** Commit to read; when given, model info and the file tree are fetched in parallel. */
  revision?: string;
  /** When set, computes the weight fingerprint with ranged reads. */
  sketch?: WeightSketcher;
  /** Largest number of safetensors files whose headers are read. @default 256 */
  maxSafetensorsFiles?: number;
}

/** What {@link fetchModelRecord} returns: the record for the mapper plus non-fatal warnings. */
export interface FetchedModel {
  record: HfModelRecord;
  warnings: MappingWarning[];
}

/** Fields requested from `/api/models/{id}` (as `expand=`) on top of the library's defaults. */
export const INFO_FIELDS = [
  'author',
  'cardData',
  'config',
  'createdAt',
  'library_name',
  'model-index',
  'safetensors',
  'sha',
  'tags',
  'transformersInfo',
  'disabled',
] as const;

/**
 * Fetches everything the card needs about one model: info, file tree (LFS sha256 and sizes), README,
 * `config.json`, `adapter_config.json` and safetensors headers (range reads only). Throws an
 * HfImportError: `hf-repo-not-found` / `hf-gated` / `hf-private` for repos to skip (decided by the
 * model info and file tree alone), others for failures. A listed file that cannot be read (a mirror
 * without an LFS object, a 404 on `config.json` or the shard index) is a `file-unreadable` warning
 * naming the file and status: the card is built from what was read.
 */
export async function fetchModelRecord(opts: FetchModelOptions): Promise<FetchedModel> {
  const hubUrl = (opts.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, '');
  const common = { hubUrl, ...(opts.fetch ? { fetch: opts.fetch } : {}), ...(libToken(opts.token) ? { accessToken: libToken(opts.token)! } : {}) };
  const warnings: MappingWarning[] = [];
  const tree = (name: string, revision: string) => collect(listFiles({ ...common, repo: { type: 'model', name }, recursive: true, revision }));

  let info: ApiModelInfo;
  let files: ApiTreeEntry[];
  // Once the commit is known, the files nearly every repo has are requested in the same round trip as the tree (and,
  // for a listed model whose sha the listing gave, as the info too); a 404 just means the repo has no such file.
  const prefetched = new Map<string, Promise<Settled<Uint8Array | null>>>();
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const auth: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  const speculate = (name: string, revision: string) => {
    const get = (path: string, rangeBytes?: number) =>
      prefetched.set(
        path,
        settle(
          fetchFn(resolveUrl(hubUrl, name, revision, path), {
            headers: { ...auth, ...(rangeBytes ? { range: `bytes=0-${rangeBytes - 1}` } : {}) },
            ...(opts.signal ? { signal: opts.signal } : {}),
          }).then(async (res) => {
            if (res.status === 404) return null;
            if (!res.ok) throw Object.assign(new Error(`Api error with status ${res.status}. URL: ${res.url}`), { statusCode: res.status, url: res.url });
            return new Uint8Array(await res.arrayBuffer());
          }),
        ),
      );
    get('README.md');
    get('config.json');
    get('model.safetensors', FIRST_READ_BYTES);
  };
  try {
    if (opts.revision) {
      speculate(opts.repoId, opts.revision);
      const [entry, list] = await Promise.all([
        modelInfo({ ...common, name: opts.repoId, revision: opts.revision, additionalFields: [...INFO_FIELDS] }),
        tree(opts.repoId, opts.revision),
      ]);
      info = toApiModelInfo(entry);
      files = list;
    } else {
      info = toApiModelInfo(await modelInfo({ ...common, name: opts.repoId, additionalFields: [...INFO_FIELDS] }));
      if (info.sha) speculate(info.id, info.sha);
      files = await tree(info.id, info.sha ?? 'main');
    }
  } catch (err) {
    throw toHfError(err, opts.repoId);
  }
  opts.signal?.throwIfAborted();
  const repo = info.id;
  const revision = info.sha ?? opts.revision ?? 'main';
  const byPath = new Map(files.filter((f) => f.type === 'file').map((f) => [f.path, f]));
  const fileUrl = (path: string) => resolveUrl(hubUrl, repo, revision, path);
  const blobOf = async (path: string) => {
    const f = byPath.get(path)!;
    const size = f.lfs?.size ?? f.size;
    const blob = await downloadFile({ ...common, repo: { type: 'model', name: repo }, path, revision, downloadInfo: { size, etag: f.lfs?.oid ?? f.oid ?? '', url: fileUrl(path) } });
    // `downloadFile` answers null for a 404.
    if (!blob) throw new HfImportError('hf-http', `${repo}/${path}: listed in the tree but not downloadable (404).`, { file: path, status: 404 });
    return blob;
  };
  const fileError = (err: unknown, path: string) => {
    if (err instanceof HfImportError) return err;
    const status = (err as { statusCode?: number }).statusCode;
    const gated = info.gated && (status === 401 || status === 403);
    if (gated) return toHfError(err, repo, 'GatedRepo');
    if (status === 401) return new HfImportError('hf-private', `${repo} is private and the token cannot read ${path} (401).`, { status, file: path, cause: err });
    const e = toHfError(err, `${repo}/${path}`);
    return new HfImportError(e.code, e.message, { ...(e.status !== undefined ? { status: e.status } : {}), ...(e.url ? { url: e.url } : {}), file: path, cause: err });
  };
  /** Errors that end the import of the repo: a gated repo, an abort. Any other file error is a warning. */
  // A file that answered an HTTP error is unreadable; a dropped connection (no status) is a failure to retry later.
  const fatal = (e: HfImportError) => e.code === 'hf-gated' || e.code === 'hf-aborted' || e.status === undefined;
  const unreadable = (e: HfImportError, path: string, what: string) =>
    warnings.push({ code: 'file-unreadable', message: `${repo}/${path}: ${e.status !== undefined ? `HTTP ${e.status}` : e.message}; ${what}` });
  const text = async (path: string): Promise<string | null> => {
    if (!byPath.has(path)) return null;
    try {
      const pre = await prefetched.get(path);
      if (pre && !pre.ok) throw fileError(pre.error, path);
      if (pre?.ok && pre.value) return new TextDecoder().decode(pre.value);
      try {
        return await (await blobOf(path)).text();
      } catch (err) {
        throw fileError(err, path);
      }
    } catch (err) {
      const e = fileError(err, path);
      if (fatal(e)) throw e;
      unreadable(e, path, 'listed in the tree but not readable; the card is built without it.');
      return null;
    }
  };
  const json = async <T>(path: string): Promise<T | null> => {
    const t = await text(path);
    if (t === null) return null;
    try {
      return JSON.parse(t) as T;
    } catch (err) {
      warnings.push({ code: 'json-invalid', message: `${repo}/${path} is not valid JSON (${(err as Error).message}); ignored.` });
      return null;
    }
  };
  const reader = (path: string): RangeReader => async (offset, length) => {
    const pre = offset === 0 ? await prefetched.get(path) : undefined;
    if (pre && !pre.ok) throw fileError(pre.error, path);
    if (pre?.ok && pre.value && pre.value.byteLength >= length) return pre.value.subarray(0, length);
    try {
      const blob = await blobOf(path);
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    } catch (err) {
      throw fileError(err, path);
    }
  };

  const [readme, config, adapterConfig, weights] = await Promise.all([
    text('README.md'),
    json<HfConfigJson>('config.json'),
    json<PeftAdapterConfig>('adapter_config.json'),
    safetensorsFiles(repo, byPath, json, opts.maxSafetensorsFiles ?? 256),
  ]);
  opts.signal?.throwIfAborted();

  const read = await Promise.all(
    weights.files.map(async (f) => {
      try {
        return { path: f.path, size: f.size, read: reader(f.path), header: await readSafetensorsHeader({ file: `${repo}/${f.path}`, size: f.size, read: reader(f.path) }) };
      } catch (err) {
        // A shard the mirror does not serve is left out; a header that is invalid still fails the repo.
        if (!(err instanceof HfImportError) || fatal(err) || err.code === 'hf-safetensors-invalid') throw err;
        unreadable(err, f.path, 'its tensors are left out of the safetensors summary.');
        return undefined;
      }
    }),
  );
  const headers = read.filter((h) => h !== undefined);
  const record: HfModelRecord = { info, files, readme, config, adapterConfig };
  if (opts.repoId !== repo) record.previousIds = [opts.repoId];
  if (headers.length) record.safetensors = summarise(headers, weights.indexFile);
  if (record.safetensors && headers.length < weights.files.length) record.safetensors.partial = true;
  if (opts.sketch && headers.length && headers.length < weights.files.length) {
    warnings.push({ code: 'file-unreadable', message: `${repo}: ${weights.files.length - headers.length} of ${weights.files.length} safetensors files could not be read; no weight fingerprint (a partial one would misrepresent the weights).` });
  } else if (opts.sketch && headers.length) record.fingerprint = await opts.sketch({ files: headers, config, adapterConfig });
  return { record, warnings };
}

async function safetensorsFiles(
  repo: string,
  byPath: Map<string, ApiTreeEntry>,
  json: <T>(path: string) => Promise<T | null>,
  max: number,
): Promise<{ indexFile?: string; files: Array<{ path: string; size: number }> }> {
  const paths = [...byPath.keys()];
  const indexFile = paths.find((p) => p === 'model.safetensors.index.json') ?? paths.find((p) => !p.includes('/') && p.endsWith('.safetensors.index.json'));
  let names: string[];
  if (indexFile) {
    const index = await json<SafetensorsIndexJson>(indexFile);
    // Unreadable (already a warning): the shards are still the top-level .safetensors files the tree lists.
    if (index === null) return { files: paths.filter((p) => !p.includes('/') && p.endsWith('.safetensors')).slice(0, max).map((path) => ({ path, size: byPath.get(path)!.lfs?.size ?? byPath.get(path)!.size })) };
    const map = index?.weight_map;
    if (!map || typeof map !== 'object') throw new HfImportError('hf-safetensors-invalid', `${repo}/${indexFile}: no weight_map.`, { file: indexFile });
    names = [...new Set(Object.values(map))];
    for (const n of names) {
      if (typeof n !== 'string' || n.startsWith('/') || n.split('/').includes('..') || !byPath.has(n)) {
        throw new HfImportError('hf-safetensors-invalid', `${repo}/${indexFile}: weight_map names shard ${JSON.stringify(n)}, which is not a file of the repo.`, { file: indexFile });
      }
    }
  } else {
    names = paths.filter((p) => !p.includes('/') && p.endsWith('.safetensors'));
  }
  const files = names.slice(0, max).map((path) => {
    const f = byPath.get(path)!;
    return { path, size: f.lfs?.size ?? f.size };
  });
  return indexFile ? { indexFile, files } : { files };
}

function summarise(headers: Array<{ path: string; size: number; header: SafetensorsHeader }>, indexFile: string | undefined): SafetensorsSummary {
  const byDtype: Record<string, number> = {};
  const tensors: SafetensorsSummary['tensors'] = [];
  const files = headers.map(({ path, size, header }) => {
    let parameters = 0;
    const dtypes = new Set<string>();
    for (const t of header.tensors) {
      const n = t.shape.reduce((a, b) => a * b, 1);
      parameters += n;
      byDtype[t.dtype] = (byDtype[t.dtype] ?? 0) + n;
      dtypes.add(t.dtype);
      tensors.push({ name: t.name, dtype: t.dtype, shape: t.shape });
    }
    return { path, size, tensorCount: header.tensors.length, parameters, dtypes: [...dtypes] };
  });
  const summary: SafetensorsSummary = {
    sharded: indexFile !== undefined,
    files,
    parameters: files.reduce((a, f) => a + f.parameters, 0),
    parametersByDtype: byDtype,
    tensors,
  };
  if (indexFile) summary.indexFile = indexFile;
  return summary;
}

/** Rebuilds the wire shape from what `@huggingface/hub`'s `modelInfo`/`listModels` return (it renames a few keys). */
export function toApiModelInfo(entry: object): ApiModelInfo {
  const { id, name, task, updatedAt, filePaths, ...rest } = entry as {
    id: string;
    name: string;
    task?: string;
    updatedAt?: Date;
    filePaths?: string[];
    [k: string]: unknown;
  };
  const info: ApiModelInfo = { ...(rest as Partial<ApiModelInfo>), _id: id, id: name };
  for (const k of Object.keys(info)) if (info[k] === undefined) delete info[k];
  if (task !== undefined) info.pipeline_tag = task;
  if (updatedAt instanceof Date && !Number.isNaN(updatedAt.getTime())) info.lastModified = updatedAt.toISOString();
  if (filePaths) info.siblings = filePaths.map((rfilename) => ({ rfilename }));
  return info;
}

/** `@huggingface/hub` accepts only `hf_` tokens; others (mirrors) go through the fetch wrapper's header instead. */
export function libToken(token: string | undefined): string | undefined {
  return token?.startsWith('hf_') ? token : undefined;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function resolveUrl(hubUrl: string, repo: string, revision: string, path: string): string {
  return `${hubUrl}/${repo}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
