import type { ModelCard } from '@modellake/card';
import { fnv1a, words } from '../embeddings/text.js';
import { normalize } from '../embeddings/types.js';

/** Length of architecture vectors. */
export const ARCH_DIMENSION = 128;

/** Model id of the architecture embedding, recorded beside every architecture vector. */
export const ARCH_MODEL = 'arch-features-v1';

function collectionOf(card: ModelCard): string | undefined {
  for (const ext of Object.values(card.extensions ?? {})) {
    const e = ext as Record<string, unknown>;
    for (const k of ['collection', 'inCollection', 'In Collection']) if (typeof e[k] === 'string') return e[k] as string;
  }
  return undefined;
}

/** Weighted architecture features of a card: family, class, library, components, size, layout, fingerprint signature. Pure. */
export function archFeatures(card: ModelCard): Map<string, number> {
  const f = new Map<string, number>();
  const add = (k: string, w: number): void => {
    f.set(k, Math.max(f.get(k) ?? 0, w));
  };
  const a = card.architecture;
  const fp = card.fingerprint?.architecture;
  if (a?.family) add(`family:${a.family.toLowerCase()}`, 2);
  if (a?.type) add(`type:${a.type.toLowerCase()}`, 1.5);
  if (a?.library) add(`lib:${a.library.toLowerCase()}`, 0.7);
  for (const c of a?.components ?? []) add(`comp:${c.toLowerCase()}`, 1);
  const coll = collectionOf(card);
  if (coll) add(`coll:${coll.toLowerCase()}`, 1.5);
  const params = a?.parameters ?? fp?.parameters;
  if (typeof params === 'number' && params > 0) {
    // Half-octave buckets, neighbours share weight so sizes compare smoothly.
    const b = Math.round(Math.log2(params) * 2);
    add(`size:${b}`, 1);
    add(`size:${b - 1}`, 0.5);
    add(`size:${b + 1}`, 0.5);
  }
  for (const [k, v] of [['layers', a?.layers], ['hidden', a?.hiddenSize], ['heads', a?.attentionHeads], ['vocab', a?.vocabSize], ['ctx', a?.contextLength]] as const) {
    if (typeof v === 'number') add(`${k}:${v}`, 0.8);
  }
  if (a?.quantization) add(`quant:${a.quantization.toLowerCase()}`, 0.5);
  if (fp?.signature) add(`sig:${fp.signature}`, 3);
  if (fp?.modelType) add(`mtype:${fp.modelType.toLowerCase()}`, 1.5);
  if (typeof fp?.tensorCount === 'number') add(`tensors:${Math.round(Math.log2(fp.tensorCount + 1) * 4)}`, 0.7);
  // The name's leading word usually names the family in model zoos (resnet50_8xb32, yolox_s_8x8...).
  const lead = words(card.name)[0];
  if (lead && lead.length > 2) add(`lead:${lead}`, 0.8);
  return f;
}

/** Architecture vector of a card (feature-hashed, unit length); undefined when the card says nothing about its architecture. */
export function archVector(card: ModelCard): Float32Array | undefined {
  const feats = archFeatures(card);
  if (feats.size === 0) return undefined;
  const v = new Float32Array(ARCH_DIMENSION);
  for (const [k, w] of feats) {
    const h = fnv1a(k);
    v[h % ARCH_DIMENSION]! += (h & 0x80000000 ? -1 : 1) * w;
    const h2 = fnv1a(k, 0x2545f491);
    v[h2 % ARCH_DIMENSION]! += (h2 & 0x80000000 ? -1 : 1) * w;
  }
  return normalize(v);
}

/** Content hashes of a card's fingerprinted tensors (for weight-level similarity). */
export function tensorHashes(card: ModelCard): string[] {
  return (card.fingerprint?.tensors ?? []).map((t) => t.valueHash ?? t.hash).filter((h): h is string => !!h);
}
