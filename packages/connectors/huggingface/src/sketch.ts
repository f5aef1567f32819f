import {
  assembleFingerprint,
  encodeSamples,
  toAdapterConfig,
  FLOAT_DTYPES,
  SAFETENSORS_DTYPES,
  samplePositions,
  valueHashOf,
  type TensorSketch,
} from '@modellake/fingerprint';
import type { WeightSketcher } from './fetch-model.js';

/** Options of {@link createRangeSketcher}. */
export interface RangeSketcherOptions {
  /** Samples closer than this many bytes are fetched in one range request. @default 16384 */
  mergeGap?: number;
  /** Longest single range request. @default 4 MiB */
  maxSpan?: number;
  /** Range requests in flight per file. @default 8 */
  concurrency?: number;
}

interface Need {
  at: number;
  dtype: string;
  tensor: number;
  sample: number;
}

/**
 * A weight sketcher over HTTP range reads: reads only the values at the positions
 * `@modellake/fingerprint` samples (fixed by tensor name and shape), grouped into a few range requests
 * per tensor, and builds the fingerprint with that package's pure functions. The samples and their
 * `valueHash` equal those of a full streaming pass; mean and std are estimated from the samples, and
 * content hashes, l2, min and max (which need every byte) are left out (`extra` says so).
 */
export function createRangeSketcher(opts: RangeSketcherOptions = {}): WeightSketcher {
  const mergeGap = opts.mergeGap ?? 16_384;
  const maxSpan = opts.maxSpan ?? 4 << 20;
  const concurrency = opts.concurrency ?? 8;
  return async ({ files, config, adapterConfig }) => {
    const tensors: TensorSketch[] = [];
    let bytesRead = 0;
    for (const file of files) {
      const sketches: TensorSketch[] = [];
      const samples: Float32Array[] = [];
      const needs: Need[] = [];
      file.header.tensors.forEach((t, i) => {
        sketches.push({ name: t.name, dtype: t.dtype, shape: t.shape, count: t.count });
        const es = SAFETENSORS_DTYPES[t.dtype] ?? 1;
        const positions = FLOAT_DTYPES.has(t.dtype) && t.count > 0 ? samplePositions(t.name, t.shape).positions : [];
        samples.push(new Float32Array(positions.length));
        positions.forEach((p, j) => needs.push({ at: t.start + p * es, dtype: t.dtype, tensor: i, sample: j }));
      });
      needs.sort((a, b) => a.at - b.at);
      const spans: Array<{ start: number; end: number; needs: Need[] }> = [];
      for (const n of needs) {
        const end = n.at + (SAFETENSORS_DTYPES[n.dtype] ?? 1);
        const last = spans[spans.length - 1];
        if (last && n.at - last.end <= mergeGap && end - last.start <= maxSpan) {
          last.end = Math.max(last.end, end);
          last.needs.push(n);
        } else spans.push({ start: n.at, end, needs: [n] });
      }
      let next = 0;
      const worker = async () => {
        while (next < spans.length) {
          const span = spans[next++]!;
          const bytes = await file.read(span.start, span.end - span.start);
          bytesRead += bytes.byteLength;
          const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          for (const n of span.needs) samples[n.tensor]![n.sample] = decode(view, n.at - span.start, n.dtype);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, spans.length) }, worker));
      sketches.forEach((s, i) => {
        const v = samples[i]!;
        if (!v.length) return;
        s.samples = encodeSamples(v);
        s.valueHash = valueHashOf(v);
        // Mean and std estimated from the samples (exact ones need every byte): comparisons use them to
        // normalise samples and to skip constant tensors. No l2/min/max, which would be read as exact.
        let sum = 0;
        let sq = 0;
        let n = 0;
        for (const x of v) {
          if (!Number.isFinite(x)) continue;
          sum += x;
          sq += x * x;
          n++;
        }
        if (n) {
          s.mean = sum / n;
          s.std = Math.sqrt(Math.max(0, sq / n - s.mean * s.mean));
        }
      });
      for (const s of sketches) tensors.push(s);
    }
    tensors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const fp = assembleFingerprint(tensors, files.map((f) => ({ path: f.path, format: 'safetensors', size: f.size })), config ?? undefined);
    fp.extra = { sketch: 'http-range-samples', bytesRead, moments: 'mean and std estimated from the samples; no content hash, l2, min or max (they need a full pass)' };
    if (adapterConfig) {
      const { fanInFanOut: _local, ...adapter } = toAdapterConfig(adapterConfig);
      fp.adapter = adapter;
    }
    return fp;
  };
}

function decode(view: DataView, at: number, dtype: string): number {
  switch (dtype) {
    case 'F32':
      return view.getFloat32(at, true);
    case 'F64':
      return view.getFloat64(at, true);
    case 'BF16': {
      const b = new DataView(new ArrayBuffer(4));
      b.setUint32(0, view.getUint16(at, true) << 16, true);
      return b.getFloat32(0, true);
    }
    case 'F16': {
      const h = view.getUint16(at, true);
      const s = h & 0x8000 ? -1 : 1;
      const e = (h >> 10) & 0x1f;
      const m = h & 0x3ff;
      if (e === 0) return s * m * 2 ** -24;
      if (e === 31) return m ? NaN : s * Infinity;
      return s * (1 + m / 1024) * 2 ** (e - 15);
    }
    default:
      return 0;
  }
}
