import type { ModelCard } from '@modellake/card';
import type { Fingerprint } from '@modellake/fingerprint';
import type { Lake } from '../lake.js';
import type { CardStoredEvent, Deriver } from '../types.js';
import { LineageIndex, type LineageOptions } from './engine.js';
import type { DeclaredParent, LineageGraph, LineageModel, LineageRelation } from './types.js';

const RELATIONS = new Set<string>(['finetune', 'adapter', 'quantized', 'merge', 'distillation', 'continued-pretraining', 'version']);

/** The lineage view of a card: its fingerprint and the parents its source declared. */
export function cardToLineageModel(card: ModelCard): LineageModel {
  const fp = card.fingerprint as Fingerprint | undefined;
  const kind: LineageModel['kind'] = !fp
    ? 'none'
    : fp.adapter
      ? 'adapter'
      : fp.files?.some((f) => f.format === 'gguf')
        ? 'gguf'
        : (fp.tensors?.length ?? 0) > 0
          ? 'full'
          : 'none';
  const declared: DeclaredParent[] = (card.lineage?.parents ?? []).map((p) => ({
    id: p.id,
    ...(p.relation && RELATIONS.has(p.relation) ? { relation: p.relation as LineageRelation } : {}),
    source: p.declaredBy ?? 'card',
  }));
  return { id: card.id, kind, ...(fp ? { fingerprint: fp } : {}), declared };
}

/**
 * Deriver keeping a {@link LineageIndex} of the lake: each stored card is compared with its nearest
 * same-architecture models only. The index is rebuilt from the cards (which carry the fingerprints) on first use,
 * and re-synchronised from model summaries before each query so writes by other replicas are seen.
 */
export class LineageDeriver implements Deriver {
  readonly name = 'lineage';
  readonly index: LineageIndex;
  private readonly hashes = new Map<string, string>();
  private hydrated: Promise<void> | undefined;

  constructor(
    private readonly lake: Lake,
    opts: LineageOptions = {},
  ) {
    this.index = new LineageIndex(opts);
  }

  async onCardStored(event: CardStoredEvent): Promise<void> {
    await this.ready();
    this.index.add(cardToLineageModel(event.card));
    this.hashes.set(event.card.id, event.result.hash);
  }

  async onCardsStored(events: CardStoredEvent[]): Promise<void> {
    for (const e of events) await this.onCardStored(e);
  }

  async onModelDeleted(id: string): Promise<void> {
    await this.ready();
    this.index.remove(id);
    this.hashes.delete(id);
  }

  /** Brings the index up to date with storage (first call loads every model). */
  async sync(): Promise<void> {
    await this.ready();
    await this.catchUp();
  }

  /** Lineage graph of the family of `id` (all families when omitted). */
  async graph(id?: string): Promise<LineageGraph> {
    await this.sync();
    return id ? this.index.graph([id]) : this.index.graph();
  }

  private ready(): Promise<void> {
    this.hydrated ??= this.catchUp();
    return this.hydrated;
  }

  private async catchUp(): Promise<void> {
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.lake.storage.listModels({ limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const m of page.items) {
        seen.add(m.id);
        if (this.hashes.get(m.id) === m.hash) continue;
        const stored = await this.lake.storage.getCard(m.id);
        if (!stored) continue;
        this.index.add(cardToLineageModel(stored.card));
        this.hashes.set(m.id, m.hash);
      }
      cursor = page.nextCursor;
    } while (cursor);
    for (const id of this.index.ids()) {
      if (!seen.has(id)) {
        this.index.remove(id);
        this.hashes.delete(id);
      }
    }
  }
}
