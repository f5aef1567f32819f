import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findModelFolders, readModelFolder, scanModelTree } from '../src/lineage/index.js';
import { randomWeights, writeAdapter, writeModel } from '../../fingerprint/test/helpers.js';

// As root, chmod 000 does not stop reads: the permission assertions only hold for other users.
const isRoot = process.getuid?.() === 0;
const locked: string[] = [];
afterAll(() => {
  for (const p of locked) chmodSync(p, 0o755);
});

/** A tree with good models beside a FIFO, a socket-free link to `/`, a README linking out, and unreadable entries. */
function hostileTree(): { base: string; root: string } {
  const base = mkdtempSync(join(tmpdir(), 'ml-hostile-'));
  const root = join(base, 'tree');
  writeModel(join(root, 'good/a'), randomWeights(1));
  writeModel(join(root, 'mixed'), randomWeights(2));
  execFileSync('mkfifo', [join(root, 'mixed/b.safetensors')]);
  mkdirSync(join(root, 'fifo-only'));
  execFileSync('mkfifo', [join(root, 'fifo-only/b.safetensors')]);
  symlinkSync('/', join(root, 'slash'));
  writeFileSync(join(base, 'secret.md'), '---\nbase_model: evil/parent\n---\nTOP SECRET\n');
  writeModel(join(root, 'escape'), randomWeights(3));
  symlinkSync(join(base, 'secret.md'), join(root, 'escape/README.md'));
  writeModel(join(root, 'locked-file'), randomWeights(4));
  chmodSync(join(root, 'locked-file/model.safetensors'), 0o000);
  locked.push(join(root, 'locked-file/model.safetensors'));
  mkdirSync(join(root, 'locked-dir'));
  writeModel(join(root, 'locked-dir/inner'), randomWeights(5));
  chmodSync(join(root, 'locked-dir'), 0o000);
  locked.push(join(root, 'locked-dir'));
  return { base, root };
}

describe.skipIf(process.platform === 'win32')('lineage scan over a hostile tree', () => {
  it('skips FIFOs, does not follow a link to /, reports unreadable entries per file, and still reports the good models', async () => {
    const { root } = hostileTree();
    const r = await scanModelTree(root);
    const ids = r.models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['good/a', 'mixed', 'escape']));
    expect(ids.some((id) => id.startsWith('slash'))).toBe(false);
    const byPath = Object.fromEntries(r.warnings.map((w) => [w.path, w]));
    expect(byPath['mixed/b.safetensors']).toMatchObject({ code: 'not-a-file', message: expect.stringMatching(/FIFO/) });
    expect(byPath['fifo-only/b.safetensors']).toMatchObject({ code: 'not-a-file' });
    expect(byPath['slash']).toMatchObject({ code: 'outside-root', message: expect.stringMatching(/not followed/) });
    expect(byPath['escape/README.md']).toMatchObject({ code: 'outside-root' });
    // The FIFO is left out of the fingerprint: the mixed folder is fingerprinted from model.safetensors alone.
    const mixed = r.models.find((m) => m.id === 'mixed')!;
    expect(mixed.kind).toBe('full');
    if (!isRoot) {
      expect(r.errors).toEqual([{ model: 'locked-file', message: expect.stringMatching(/EACCES.*locked-file\/model\.safetensors/) }]);
      expect(byPath['locked-dir']).toMatchObject({ code: 'unreadable', message: expect.stringMatching(/EACCES/) });
    }
  }, 20_000);

  it('does not read a README.md that links out of the root into the description or declared parents', async () => {
    const { root } = hostileTree();
    const folder = await readModelFolder(join(root, 'escape'), 'escape', { root });
    expect(folder.readmeBody).toBeUndefined();
    expect(folder.declared).toEqual([]);
    expect(folder.treeWarnings).toEqual([expect.objectContaining({ path: 'escape/README.md', code: 'outside-root' })]);
  });

  it('follows symlinks that stay inside the root (Hugging Face cache layout)', async () => {
    const { root } = hostileTree();
    mkdirSync(join(root, 'snap'));
    symlinkSync(join(root, 'good/a/model.safetensors'), join(root, 'snap/model.safetensors'));
    const warnings: string[] = [];
    const found = await findModelFolders(root, { onWarning: (w) => warnings.push(w.path) });
    expect(found.map((f) => f.id)).toContain('snap');
    expect(warnings).toContain('slash');
  });
});

describe('PEFT base_model_name_or_path that is a filesystem path', () => {
  const weights = randomWeights(7);
  const targets = ['layers.0.attn.q.weight'];
  it.each(['/home/me/llama', './outputs/base', '../base', '~/models/base', 'C:\\models\\base', 'outputs/run-3/checkpoint-500'])('%s becomes a warning, not a parent', async (path) => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-peft-'));
    writeAdapter(join(dir, 'adapter'), path, weights, targets);
    const f = await readModelFolder(join(dir, 'adapter'), 'adapter', { root: dir });
    expect(f.declared).toEqual([]);
    expect(f.treeWarnings).toEqual([expect.objectContaining({ path: 'adapter/adapter_config.json', code: 'local-base-path', message: expect.stringContaining('is a filesystem path') })]);
  });

  it('an existing local folder is a path; a Hub id stays a parent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-peft-'));
    writeAdapter(join(dir, 'adapter'), 'base-ckpt', weights, targets);
    mkdirSync(join(dir, 'adapter/base-ckpt'));
    expect((await readModelFolder(join(dir, 'adapter'), 'adapter')).declared).toEqual([]);
    writeAdapter(join(dir, 'hub'), 'acme/tiny-base', weights, targets);
    expect((await readModelFolder(join(dir, 'hub'), 'hub')).declared).toEqual([{ id: 'acme/tiny-base', relation: 'adapter', source: 'peft' }]);
  });
});
