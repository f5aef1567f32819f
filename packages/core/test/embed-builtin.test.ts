import { describe, expect, it } from 'vitest';
import { conceptsOf, createBuiltinEmbedder, dot, embedderConfigFromEnv, createEmbedder } from '../src/index.js';

describe('built-in embedder', () => {
  it('maps plain-language words to ML concepts (tasks from the lexicon and @huggingface/tasks)', () => {
    const c = conceptsOf('find me models that can summarise legal contracts in plain language');
    expect([...c.keys()]).toEqual(expect.arrayContaining(['task:summarization', 'domain:legal']));
    expect([...conceptsOf('a detector for rotated boxes in aerial photos').keys()]).toEqual(
      expect.arrayContaining(['task:object-detection', 'task:oriented-object-detection', 'domain:remote-sensing']),
    );
    expect([...conceptsOf('where are the joints of people in the picture: pose').keys()]).toContain('task:keypoint-detection');
    // Official Hub task names come from @huggingface/tasks.
    expect([...conceptsOf('Zero-Shot Object Detection').keys()]).toContain('task:zero-shot-object-detection');
  });

  it('puts paraphrases closer than unrelated texts', async () => {
    const e = createBuiltinEmbedder();
    const [q, near, far] = await e.embed(['summarise legal contracts in plain language', 'abstractive digests of commercial agreements and leases for readers without a law degree', 'real-time detector of cars in traffic camera footage']);
    expect(dot(q!, near!)).toBeGreaterThan(dot(q!, far!) + 0.2);
  });

  it('learns from observed cards which concepts a new word goes with (queries only)', async () => {
    const e = createBuiltinEmbedder();
    const docs = Array.from({ length: 30 }, (_, i) => (i < 10 ? `zorblax variant ${i}: object detection on COCO` : `other model ${i} for image classification`));
    const [before] = await e.embed(['zorblax'], { kind: 'query' });
    e.observe(docs);
    const [after] = await e.embed(['zorblax'], { kind: 'query' });
    const [det] = await e.embed(['object detection'], { kind: 'document' });
    expect(dot(after!, det!)).toBeGreaterThan(dot(before!, det!) + 0.2);
    expect([...e.explain('zorblax').keys()]).toContain('task:object-detection');
    // Document vectors never depend on what was observed, so stored vectors stay valid.
    const [docAfter] = await e.embed(['zorblax'], { kind: 'document' });
    const fresh = createBuiltinEmbedder();
    expect(Array.from(docAfter!)).toEqual(Array.from((await fresh.embed(['zorblax']))[0]!));
    e.forget(docs);
    expect([...e.explain('zorblax').keys()]).not.toContain('task:object-detection');
  });

  it('reads the provider from MODELLAKE_EMBEDDER* and rejects unknown providers', () => {
    expect(embedderConfigFromEnv({})).toBeUndefined();
    expect(embedderConfigFromEnv({ MODELLAKE_EMBEDDER: 'openai', MODELLAKE_EMBEDDER_URL: 'http://127.0.0.1:11434', MODELLAKE_EMBEDDER_MODEL: 'nomic-embed-text' })).toEqual({
      provider: 'openai',
      baseUrl: 'http://127.0.0.1:11434',
      model: 'nomic-embed-text',
    });
    expect(() => embedderConfigFromEnv({ MODELLAKE_EMBEDDER: 'word2vec' })).toThrow(/MODELLAKE_EMBEDDER="word2vec" is not a provider/);
    expect(createEmbedder().id).toBe('builtin');
  });
});
