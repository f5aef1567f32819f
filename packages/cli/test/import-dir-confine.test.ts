import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ImportDir, { type ImportDirResult } from '../src/commands/import/dir.js';
import LineageScan, { type LineageScanOutput } from '../src/commands/lineage/scan.js';
import { randomWeights, writeModel } from '../../fingerprint/test/helpers.js';
import { runCommand as run } from './run-command.js';

describe.skipIf(process.platform === 'win32')('import dir / lineage scan stay inside DIR', () => {
  it('does not follow a README.md symlink out of the tree into the description, and skips a FIFO', async () => {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-confine-'));
    const tree = path.join(base, 'models');
    await fs.writeFile(path.join(base, 'secret.md'), '---\nbase_model: evil/parent\n---\nTOP SECRET\n');
    writeModel(path.join(tree, 'org/m'), randomWeights(61));
    await fs.symlink(path.join(base, 'secret.md'), path.join(tree, 'org/m/README.md'));
    execFileSync('mkfifo', [path.join(tree, 'org/m/b.safetensors')]);
    const { out, error } = await run(ImportDir, [tree, '--dry-run', '--json']);
    expect(error).toBeUndefined();
    const result = JSON.parse(out) as ImportDirResult;
    expect(result.ids).toEqual(['local:org/m']);
    expect(out).not.toContain('TOP SECRET');
    expect(out).not.toContain('evil/parent');
    expect(result.warnings.map((w) => [w.path, w.code])).toEqual([
      ['org/m/b.safetensors', 'not-a-file'],
      ['org/m/README.md', 'outside-root'],
    ]);

    const scan = JSON.parse((await run(LineageScan, [tree, '--json'])).out) as LineageScanOutput;
    expect(scan.models.map((m) => m.id)).toEqual(['org/m']);
    expect(scan.findings.map((f) => [f.model, f.code])).toEqual([
      ['org/m/b.safetensors', 'skipped-not-a-file'],
      ['org/m/README.md', 'skipped-outside-root'],
    ]);
  }, 20_000);
});
