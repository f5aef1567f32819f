import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelIndex } from '../src/index.js';

/** A temp folder with `repo/` (the import root) and a secret beside it. */
function setup(files: Record<string, string>): { base: string; repo: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-confine-'));
  const repo = path.join(base, 'repo');
  fs.writeFileSync(path.join(base, 'outside.yml'), 'Models:\n  - Name: stolen\n    Metadata: {Training Data: SECRET}\n');
  fs.writeFileSync(path.join(base, 'README.md'), 'SECRET README above the root\n');
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, p)), { recursive: true });
    fs.writeFileSync(path.join(repo, p), text);
  }
  return { base, repo };
}

const META = 'Models:\n  - Name: ok-model\n    Metadata: {Epochs: 1}\n';

describe('model-index import stays inside the import root', () => {
  it('does not follow Import: entries with ../, absolute paths (/etc/passwd) or symlinks out; the rest is imported', () => {
    const { base, repo } = setup({ 'model-index.yml': 'Import:\n  - configs/a/metafile.yml\n  - ../outside.yml\n  - /etc/passwd\n  - configs/link.yml\n', 'configs/a/metafile.yml': META });
    fs.symlinkSync(path.join(base, 'outside.yml'), path.join(repo, 'configs/link.yml'));
    const res = loadModelIndex({ path: repo });
    expect(res.documents.flatMap((d) => d.models.map((m) => m.wire.Name))).toEqual(['ok-model']);
    expect(JSON.stringify(res.documents)).not.toMatch(/SECRET|root:x:0/);
    const refused = res.problems.filter((p) => p.code === 'path-outside-root');
    expect(refused.map((p) => [p.file, p.line, p.severity])).toEqual([
      ['model-index.yml', 3, 'warning'],
      ['model-index.yml', 4, 'warning'],
      ['model-index.yml', 5, 'warning'],
    ]);
    expect(refused[1]!.message).toContain('/etc/passwd');
    expect(res.filesRead).toBe(2);
  });

  it('does not search README: above the import root, and reports a README link out of it', () => {
    const { base, repo } = setup({ 'metafile.yml': 'Collections:\n  - Name: A\n    README: README.md\n  - Name: B\n    README: docs/b.md\n' + META });
    fs.mkdirSync(path.join(repo, 'docs'));
    fs.symlinkSync(path.join(base, 'README.md'), path.join(repo, 'docs/b.md'));
    const res = loadModelIndex({ path: path.join(repo, 'metafile.yml') });
    expect(res.documents[0]!.collections.map((c) => c.readme)).toEqual([undefined, undefined]);
    expect(JSON.stringify(res.documents)).not.toContain('SECRET');
    expect(res.problems.filter((p) => p.code === 'path-outside-root').map((p) => [p.file, p.line])).toEqual([
      ['metafile.yml', 3],
      ['metafile.yml', 5],
    ]);
  });

  it('still finds repository-relative README and Config paths that stay inside the root', () => {
    const { repo } = setup({ 'configs/det/metafile.yml': 'Collections:\n  - Name: A\n    README: configs/det/README.md\nModels:\n  - Name: m\n    In Collection: A\n    Config: configs/det/m.py\n', 'configs/det/README.md': '# Det\n', 'configs/det/m.py': "_base_ = ['../_base_/x.py']\n", 'configs/_base_/x.py': "load_from = 'https://example.com/x.pth'\n" });
    const det = loadModelIndex({ path: path.join(repo, 'configs/det/metafile.yml') });
    expect(det.documents[0]!.collections[0]!.readme?.text).toBe('# Det\n');
    // The `_base_` file is above the metafile's folder, outside the root of this import: not read.
    expect(det.documents[0]!.models[0]!.checkpointRefs).toEqual([]);
    const whole = loadModelIndex({ path: path.join(repo, 'configs') });
    expect(whole.documents[0]!.models[0]!.checkpointRefs?.map((r) => r.ref)).toEqual(['https://example.com/x.pth']);
  });

  it.skipIf(process.platform === 'win32')('skips a FIFO named like a metafile or page without blocking', () => {
    const { repo } = setup({ 'a/metafile.yml': META });
    fs.mkdirSync(path.join(repo, 'b'));
    execFileSync('mkfifo', [path.join(repo, 'b/metafile.yml')]);
    execFileSync('mkfifo', [path.join(repo, 'b/page.md')]);
    const res = loadModelIndex({ path: repo });
    expect(res.documents.flatMap((d) => d.models.map((m) => m.wire.Name))).toEqual(['ok-model']);
    expect(res.problems.filter((p) => p.code === 'file-unreadable').map((p) => p.file).sort()).toEqual(['b/metafile.yml', 'b/page.md']);
  });
});
