import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Command } from '@oclif/core';
import ImportDir from '../src/commands/import/dir.js';
import Lineage from '../src/commands/lineage/index.js';
import LineageScan from '../src/commands/lineage/scan.js';
import { finetune, randomWeights, writeAdapter, writeModel } from '../../fingerprint/test/helpers.js';
import { runCommand as run } from './run-command.js';



describe('modellake lineage scan / import dir / lineage', () => {
  let tree: string;
  let home: string;
  beforeAll(async () => {
    tree = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-lineage-'));
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-home-'));
    const base = randomWeights(21);
    const ft = finetune(base, 22);
    writeModel(path.join(tree, 'acme/tiny-1f2e3d'), base);
    writeModel(path.join(tree, 'acme/tiny-ft'), ft, { readme: { base_model: 'nobody/else' } });
    writeModel(path.join(tree, 'other/root'), randomWeights(40));
    writeModel(path.join(tree, 'other/wrong'), finetune(randomWeights(41), 42), { readme: { base_model: 'acme/tiny-1f2e3d' } });
    writeAdapter(path.join(tree, 'acme/tiny-lora'), 'acme/tiny-ft', ft, ['layers.1.attn.v.weight']);
    await fs.mkdir(path.join(tree, 'broken'));
    await fs.writeFile(path.join(tree, 'broken/model.safetensors'), new Uint8Array([1, 2, 3]));
  });
  afterAll(async () => {
    await fs.rm(tree, { recursive: true, force: true });
    await fs.rm(home, { recursive: true, force: true });
  });

  it('scan --json prints models, edges and findings with folder-relative ids', async () => {
    const { out, error } = await run(LineageScan, [tree, '--json']);
    expect(error).toBeUndefined();
    const doc = JSON.parse(out) as { models: { id: string }[]; edges: { parent: string; child: string; relation: string; confidence: number; evidence: object }[]; findings: { model: string; code: string; message: string }[] };
    expect(Object.keys(doc)).toEqual(['models', 'edges', 'findings']);
    expect(doc.models.map((m) => m.id)).toEqual(['acme/tiny-1f2e3d', 'acme/tiny-ft', 'acme/tiny-lora', 'other/root', 'other/wrong']);
    expect(doc.edges.map((e) => [e.parent, e.child, e.relation])).toEqual([
      ['acme/tiny-1f2e3d', 'acme/tiny-ft', 'finetune'],
      ['acme/tiny-ft', 'acme/tiny-lora', 'adapter'],
    ]);
    for (const e of doc.edges) expect(Object.keys(e)).toEqual(['parent', 'child', 'relation', 'confidence', 'evidence']);
    expect(doc.findings.map((f) => [f.model, f.code])).toEqual([
      ['other/wrong', 'declared-parent-mismatch'],
      ['broken', 'unreadable-model'],
    ]);
    expect(doc.findings[1]!.message).toMatch(/model\.safetensors.*offset 0/);
  });

  it('imports the folders into a lake and prints a lineage tree', async () => {
    const imported = await run(ImportDir, [tree, '--home', home]);
    expect(imported.out).toContain('6 model folders: 5 imported (5 new, 0 updated), 0 unchanged, 1 failed');
    const { out, error } = await run(Lineage, ['local:acme/tiny-lora', '--home', home]);
    expect(error).toBeUndefined();
    expect(out).toContain('local:acme/tiny-1f2e3d\n  └─ local:acme/tiny-ft [finetune');
    expect(out).toContain('└─ local:acme/tiny-lora [adapter 0.90 declared] *');
    expect(out).toContain('provenance: local:acme/tiny-lora ← local:acme/tiny-ft ← local:acme/tiny-1f2e3d');
    const json = await run(Lineage, ['local:acme/tiny-1f2e3d', '--home', home, '--direction', 'down', '--depth', '1', '--json']);
    expect((JSON.parse(json.out) as { nodes: { id: string }[] }).nodes.map((n) => n.id)).toEqual(['local:acme/tiny-1f2e3d', 'local:acme/tiny-ft']);
  });
});
