import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfineError, readTextInside, readTextInsideSync, resolveInside, resolveInsideSync } from '../src/confine.js';

function tree(): { base: string; root: string } {
  const base = mkdtempSync(join(tmpdir(), 'ml-confine-'));
  const root = join(base, 'repo');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside/creds.yaml'), 'secret: 1\n');
  writeFileSync(join(root, 'params.yaml'), 'lr: 0.1\n');
  symlinkSync(join(base, 'outside/creds.yaml'), join(root, 'link.yaml'));
  symlinkSync(join(root, 'params.yaml'), join(root, 'sub/inside-link.yaml'));
  symlinkSync('/', join(root, 'slash'));
  return { base, root };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(ConfineError);
    return (e as ConfineError).code;
  }
}

describe('root confinement', () => {
  it('reads files inside the root, relative to a folder, and through symlinks that stay inside', async () => {
    const { root } = tree();
    expect(await readTextInside(root, 'params.yaml')).toBe('lr: 0.1\n');
    expect(await readTextInside(root, '../params.yaml', { from: join(root, 'sub') })).toBe('lr: 0.1\n');
    expect(await readTextInside(root, 'sub/inside-link.yaml')).toBe('lr: 0.1\n');
    expect(readTextInsideSync(root, 'sub/inside-link.yaml')).toBe('lr: 0.1\n');
  });

  it('refuses `..`, absolute paths and symlinks that leave the root', async () => {
    const { base, root } = tree();
    expect(await code(readTextInside(root, '../outside/creds.yaml'))).toBe('outside-root');
    expect(await code(readTextInside(root, join(base, 'outside/creds.yaml')))).toBe('outside-root');
    expect(await code(readTextInside(root, '/etc/passwd'))).toBe('outside-root');
    expect(await code(readTextInside(root, 'link.yaml'))).toBe('outside-root');
    expect(await code(resolveInside(root, 'slash/etc'))).toBe('outside-root');
    expect(() => resolveInsideSync(root, 'link.yaml')).toThrow(/symbolic link.*outside the import root/);
    expect(() => readTextInsideSync(root, '../../../../etc/passwd', { from: join(root, 'sub') })).toThrow(ConfineError);
  });

  it('accepts a root reached through a symlink, given by either name', async () => {
    const { base, root } = tree();
    symlinkSync(root, join(base, 'via-link'));
    expect(await readTextInside(join(base, 'via-link'), 'params.yaml')).toBe('lr: 0.1\n');
    expect(await readTextInside(join(base, 'via-link'), join(root, 'params.yaml'))).toBe('lr: 0.1\n');
    expect(await code(readTextInside(join(base, 'via-link'), '../outside/creds.yaml'))).toBe('outside-root');
  });

  it('names missing files, directories and oversized files', async () => {
    const { root } = tree();
    expect(await code(readTextInside(root, 'nope.yaml'))).toBe('not-found');
    expect(await code(readTextInside(root, 'sub'))).toBe('not-a-file');
    expect(await code(readTextInside(root, 'params.yaml', { maxBytes: 3 }))).toBe('too-large');
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO at once instead of blocking on it', async () => {
    const { root } = tree();
    execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
    const started = Date.now();
    expect(await code(readTextInside(root, 'pipe.yaml'))).toBe('not-a-file');
    expect(() => readTextInsideSync(root, 'pipe.yaml')).toThrow(/FIFO/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
