import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

/** The CLI package root (where oclif finds its config). */
export const CLI_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs an oclif command in-process, capturing what it prints (oclif prints --json through console.log). */
export async function runCommand(cmd: { run(argv: string[], root: string): Promise<unknown> }, argv: string[]): Promise<{ out: string; error?: Error & { oclif?: { exit?: number } } }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out += `${args.join(' ')}\n`;
  });
  try {
    await cmd.run(argv, CLI_ROOT);
    return { out };
  } catch (error) {
    return { out, error: error as Error & { oclif?: { exit?: number } } };
  } finally {
    spy.mockRestore();
    log.mockRestore();
  }
}
