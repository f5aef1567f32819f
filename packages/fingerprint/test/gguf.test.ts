import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintGguf, ggufBaseModels, openFileSource, readGgufHeader } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mlfp-gguf-'));

class W {
  parts: Uint8Array[] = [];
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.parts.push(b);
    return this;
  }
  u64(v: bigint | number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    this.parts.push(b);
    return this;
  }
  str(s: string): this {
    const e = new TextEncoder().encode(s);
    this.u64(e.byteLength);
    this.parts.push(e);
    return this;
  }
  bytes(b: Uint8Array): this {
    this.parts.push(b);
    return this;
  }
  get length(): number {
    return this.parts.reduce((a, p) => a + p.byteLength, 0);
  }
  build(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}

/** A GGUF v3 file: string metadata, then F32 tensors. */
function gguf(meta: Record<string, string>, tensors: { name: string; shape: number[]; values: Float32Array; type?: number; offset?: number }[]): Uint8Array {
  const w = new W().bytes(new TextEncoder().encode('GGUF')).u32(3).u64(tensors.length).u64(Object.keys(meta).length + 1);
  for (const [k, v] of Object.entries(meta)) w.str(k).u32(8).str(v);
  w.str('general.base_model.count').u32(4).u32(Object.keys(meta).filter((k) => k.endsWith('.name') && k.includes('base_model')).length);
  let off = 0;
  for (const t of tensors) {
    w.str(t.name).u32(t.shape.length);
    for (const d of t.shape) w.u64(d);
    w.u32(t.type ?? 0).u64(t.offset ?? off);
    off += Math.ceil((t.values.byteLength) / 32) * 32;
  }
  const pad = (32 - (w.length % 32)) % 32;
  w.bytes(new Uint8Array(pad));
  for (const t of tensors) {
    w.bytes(new Uint8Array(t.values.buffer));
    w.bytes(new Uint8Array((32 - (t.values.byteLength % 32)) % 32));
  }
  return w.build();
}

async function load(bytes: Uint8Array, name: string): Promise<ReturnType<typeof readGgufHeader>> {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  const src = await openFileSource(p);
  try {
    return await readGgufHeader(src);
  } finally {
    await src.close();
  }
}

describe('GGUF', () => {
  const values = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i));
  const good = gguf(
    { 'general.architecture': 'llama', 'general.base_model.0.name': 'Tiny Base', 'general.base_model.0.organization': 'acme', 'general.base_model.0.repo_url': 'https://huggingface.co/acme/tiny-base' },
    [{ name: 'token_embd.weight', shape: [16, 4], values }],
  );

  it('reads metadata, declared base models and tensors', async () => {
    const h = await load(good, 'ok.gguf');
    expect(h.metadata['general.architecture']).toBe('llama');
    expect(ggufBaseModels(h.metadata)).toEqual([{ name: 'Tiny Base', organization: 'acme', repoUrl: 'https://huggingface.co/acme/tiny-base' }]);
    expect(h.tensors).toMatchObject([{ name: 'token_embd.weight', dtype: 'F32', count: 64, shape: [16, 4] }]);
  });

  it('fingerprints float tensors and keeps base models in extra.gguf', async () => {
    const p = join(dir, 'fp.gguf');
    writeFileSync(p, good);
    const src = await openFileSource(p);
    const fp = await fingerprintGguf({ source: src, path: 'fp.gguf' });
    await src.close();
    expect(fp.architecture.modelType).toBe('llama');
    const t = fp.tensors![0]!;
    expect(t.count).toBe(64);
    expect(t.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 64, 6);
    expect((fp.extra!.gguf as { baseModels: unknown[] }).baseModels).toHaveLength(1);
  });

  it('rejects a bad magic at offset 0', async () => {
    const bad = Uint8Array.from(good);
    bad[0] = 0x58;
    await expect(load(bad, 'magic.gguf')).rejects.toMatchObject({ code: 'bad-gguf', offset: 0 });
  });

  it('rejects a string length larger than the limit', async () => {
    const w = new W().bytes(new TextEncoder().encode('GGUF')).u32(3).u64(0).u64(1).u64(1n << 40n);
    await expect(load(w.build(), 'str.gguf')).rejects.toMatchObject({ code: 'bad-gguf', offset: 24 });
  });

  it('rejects tensor counts the file cannot hold', async () => {
    const w = new W().bytes(new TextEncoder().encode('GGUF')).u32(3).u64(1n << 40n).u64(0);
    await expect(load(w.build(), 'count.gguf')).rejects.toThrow(/count\.gguf at offset 8: claims 1099511627776 tensors/);
  });

  it('rejects a tensor past the end of the file and unknown ggml types', async () => {
    const far = gguf({}, [{ name: 't', shape: [16], values: new Float32Array(16), offset: 4096 }]);
    await expect(load(far, 'far.gguf')).rejects.toMatchObject({ code: 'bad-offsets' });
    const unk = gguf({}, [{ name: 't', shape: [16], values: new Float32Array(16), type: 99 }]);
    await expect(load(unk, 'unk.gguf')).rejects.toThrow(/unknown ggml type 99/);
  });

  /** One F32 tensor after a `general.alignment` entry of the given GGUF type, padded to `align`. */
  function aligned(type: number, put: (w: W) => void, align = 32): Uint8Array {
    const w = new W().bytes(new TextEncoder().encode('GGUF')).u32(3).u64(1).u64(1);
    w.str('general.alignment').u32(type);
    put(w);
    w.str('t').u32(1).u64(16).u32(0).u64(0);
    w.bytes(new Uint8Array((align - (w.length % align)) % align));
    return w.bytes(new Uint8Array(Float32Array.from({ length: 16 }, (_, i) => i + 1).buffer)).build();
  }
  const f32 = (v: number) => (w: W) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    w.bytes(b);
  };

  it('honours a power-of-two general.alignment (u32 or u64)', async () => {
    const h = await load(aligned(4, (w) => w.u32(64), 64), 'align64.gguf');
    expect(h.dataStart % 64).toBe(0);
    expect(h.tensors[0]).toMatchObject({ start: h.dataStart, end: h.dataStart + 64 });
    expect((await load(aligned(10, (w) => w.u64(16), 16), 'align16.gguf')).dataStart % 16).toBe(0);
  });

  it('refuses a general.alignment that is not a positive power-of-two integer, naming the field and offset', async () => {
    // The value sits after magic, version, two counts, the key string and its type: 4+4+8+8+(8+17)+4 = 53.
    const cases: [string, Uint8Array][] = [
      ['NaN', aligned(6, f32(Number.NaN))],
      ['0.3', aligned(6, f32(0.3))],
      ['0', aligned(4, (w) => w.u32(0))],
      ['48', aligned(4, (w) => w.u32(48))],
      ['"32"', aligned(8, (w) => w.str('32'))],
    ];
    for (const [shown, bytes] of cases) {
      const err = await load(bytes, 'align-bad.gguf').then(() => undefined, (e: unknown) => e);
      expect(err, shown).toMatchObject({ code: 'bad-gguf', offset: 53 });
      expect(String(err)).toMatch(/align-bad\.gguf at offset 53: general\.alignment is .* positive power-of-two integer/);
      expect(String(err)).toContain(shown === '0.3' ? '0.30000001' : shown);
    }
  });

  it('refuses more tensors than the reader limit before reading them', async () => {
    // 1,000,000 tensors would need 24 MB of tensor table; the count alone is refused first.
    const w = new W().bytes(new TextEncoder().encode('GGUF')).u32(3).u64(1_000_000).u64(0).bytes(new Uint8Array(24_000_000));
    await expect(load(w.build(), 'many.gguf')).rejects.toThrow(/many\.gguf at offset 8: claims 1000000 tensors, more than the limit of 200000/);
  });

  it('rejects a truncated header', async () => {
    await expect(load(good.subarray(0, 120), 'cut.gguf')).rejects.toMatchObject({ code: 'truncated' });
  });
});
