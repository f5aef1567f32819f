import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSafetensors, FingerprintError, fingerprintSafetensors, MAX_TENSORS, openFileSource, readSafetensorsHeader } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mlfp-st-'));
let n = 0;

/** Writes a file whose header is the given JSON (or raw length) followed by `dataBytes` zero bytes. */
function rawFile(header: unknown, dataBytes: number, claimedLength?: bigint): string {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const buf = new Uint8Array(8 + json.byteLength + dataBytes);
  new DataView(buf.buffer).setBigUint64(0, claimedLength ?? BigInt(json.byteLength), true);
  buf.set(json, 8);
  const p = join(dir, `f${++n}.safetensors`);
  writeFileSync(p, buf);
  return p;
}

async function headerError(path: string): Promise<FingerprintError> {
  const src = await openFileSource(path);
  try {
    await readSafetensorsHeader(src);
  } catch (e) {
    return e as FingerprintError;
  } finally {
    await src.close();
  }
  throw new Error('expected an error');
}

describe('safetensors header', () => {
  it('parses a valid file with absolute offsets sorted by position', async () => {
    const p = join(dir, 'ok.safetensors');
    writeFileSync(p, encodeSafetensors([
      { name: 'b', dtype: 'F32', shape: [2, 3], values: [1, 2, 3, 4, 5, 6] },
      { name: 'a', dtype: 'F16', shape: [4], values: [1, 2, 3, 4] },
    ], { format: 'pt' }));
    const src = await openFileSource(p);
    const h = await readSafetensorsHeader(src);
    await src.close();
    expect(h.metadata).toEqual({ format: 'pt' });
    expect(h.tensors.map((t) => [t.name, t.dtype, t.count, t.end - t.start])).toEqual([['b', 'F32', 6, 24], ['a', 'F16', 4, 8]]);
    expect(h.tensors[0]!.start).toBe(h.dataStart);
  });

  it('rejects a file shorter than the length prefix', async () => {
    const p = join(dir, 'tiny.safetensors');
    writeFileSync(p, new Uint8Array(5));
    const e = await headerError(p);
    expect(e.code).toBe('truncated');
    expect(e.message).toContain('tiny.safetensors');
    expect(e.offset).toBe(0);
  });

  it('rejects a header length past the end of the file', async () => {
    const e = await headerError(rawFile('{}', 0, 5000n));
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(/header length 5000 runs past the end of the file/);
    expect(e.offset).toBe(8);
  });

  it('rejects a 10 GB header claim before allocating anything', async () => {
    const e = await headerError(rawFile('{}', 0, 10_000_000_000n));
    expect(e.code).toBe('header-too-large');
    expect(e.message).toContain('10000000000');
    expect(e.offset).toBe(0);
  });

  it('rejects a header that is not JSON', async () => {
    const e = await headerError(rawFile('{"a": [1,', 0));
    expect(e.code).toBe('bad-header');
    expect(e.offset).toBe(8);
  });

  it('rejects an unknown dtype naming the tensor', async () => {
    const e = await headerError(rawFile({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16));
    expect(e.code).toBe('bad-dtype');
    expect(e.message).toContain('tensor "w"');
    expect(e.message).toContain('F128');
  });

  it('rejects absurd shapes without computing their size in memory', async () => {
    const e = await headerError(rawFile({ w: { dtype: 'F32', shape: [1e9, 1e9, 1e9], data_offsets: [0, 4] } }, 4));
    expect(e.code).toBe('bad-shape');
    expect(e.message).toMatch(/needs more bytes than the file holds/);
    const neg = await headerError(rawFile({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4));
    expect(neg.code).toBe('bad-shape');
  });

  it('rejects offsets out of bounds with the byte offset', async () => {
    const header = { w: { dtype: 'F32', shape: [4], data_offsets: [8, 24] } };
    const p = rawFile(header, 16);
    const e = await headerError(p);
    expect(e.code).toBe('bad-offsets');
    expect(e.message).toMatch(/past the end of the data section/);
    expect(e.offset).toBe(8 + JSON.stringify(header).length + 8);
  });

  it('rejects overlapping tensors', async () => {
    const e = await headerError(rawFile({
      a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
      b: { dtype: 'F32', shape: [4], data_offsets: [8, 24] },
    }, 24));
    expect(e.code).toBe('bad-offsets');
    expect(e.message).toMatch(/tensor "b" overlaps tensor "a"/);
  });

  it('rejects offsets whose span disagrees with dtype and shape', async () => {
    const e = await headerError(rawFile({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 12] } }, 16));
    expect(e.code).toBe('bad-offsets');
    expect(e.message).toMatch(/span 12 bytes but F32\[4\] needs 16/);
  });

  /** A header of `n` zero-size tensors (legal one by one: the hostile part is the count). */
  function emptyTensors(n: number): string {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(`"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`);
    return rawFile(`{${parts.join(',')}}`, 0);
  }

  it('refuses a header listing more tensors than the limit, naming the file and offset', async () => {
    const p = emptyTensors(MAX_TENSORS + 1);
    const e = await headerError(p);
    expect(e).toMatchObject({ code: 'bad-header', file: p, offset: 8 });
    expect(e.message).toMatch(/header lists more than 200000 tensors/);
  });

  it('fingerprints a header just under the limit without overflowing the stack', async () => {
    const p = emptyTensors(150_000);
    const src = await openFileSource(p);
    try {
      const fp = await fingerprintSafetensors([{ source: src, path: 'many.safetensors' }]);
      expect(fp.architecture.tensorCount).toBe(150_000);
    } finally {
      await src.close();
    }
  });

  it('fingerprinting a truncated file names the file', async () => {
    const good = encodeSafetensors([{ name: 'w', dtype: 'F32', shape: [64], values: new Float32Array(64) }]);
    const p = join(dir, 'cut.safetensors');
    writeFileSync(p, good.subarray(0, good.byteLength - 10));
    const src = await openFileSource(p);
    await expect(fingerprintSafetensors([{ source: src, path: 'cut.safetensors' }])).rejects.toThrow(/cut\.safetensors.*tensor "w".*more bytes than the file holds/);
    await src.close();
  });
});
