import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { DvcError } from './errors.js';
import { runGit } from './git.js';

/** Git hooks the DVC import runs from. */
export const HOOK_NAMES = ['post-commit', 'pre-push'] as const;
/** A hook this connector installs. */
export type HookName = (typeof HOOK_NAMES)[number];

/** Marker line that identifies a hook written by modellake. */
export const HOOK_MARKER = '# modellake-dvc-hook';
/** Suffix of a pre-existing hook kept aside and chained. */
export const CHAINED_SUFFIX = '.modellake-orig';

/** Options of {@link installHooks}. */
export interface InstallHooksOptions {
  /** A directory inside the git work tree. */
  dir: string;
  /** Command that runs the modellake CLI, starting with an absolute path (e.g. `[process.execPath, '/…/cli/bin/run.js']`). */
  command: readonly string[];
  /** Extra arguments for `modellake import dvc` (e.g. `['--home', '/srv/lake']`). */
  args?: readonly string[];
  /** @default ['post-commit', 'pre-push'] */
  hooks?: readonly HookName[];
}

/** What happened to one hook. */
export interface HookChange {
  hook: HookName;
  path: string;
  action: 'installed' | 'chained' | 'updated' | 'unchanged' | 'removed' | 'restored' | 'not-installed';
  /** The pre-existing hook now run after ours. */
  chained?: string;
}

/** Result of installing or uninstalling hooks. */
export interface HooksResult {
  hooksDir: string;
  changes: HookChange[];
}

/** Quotes a string for POSIX sh. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The hook script. It costs a few `git` calls when nothing DVC-related changed: it hashes the
 * index entries of dvc.yaml/dvc.lock/`.dvc`/params/artifacts files plus the tag list, and starts
 * the import only when that stamp differs from the last successful import's. The import runs in
 * the background (set MODELLAKE_HOOK_SYNC=1 to wait for it) and never fails the git command;
 * a failure is logged in `<git dir>/modellake/hook.log`. A hook that was there before is run last,
 * with the original arguments and stdin, and its exit status is the hook's.
 */
export function hookScript(hook: HookName, command: readonly string[], args: readonly string[] = []): string {
  const cmd = [...command, 'import', 'dvc'].map(shellQuote).join(' ');
  const extra = args.map(shellQuote).join(' ');
  return `#!/bin/sh
${HOOK_MARKER} (${hook}): imports this repository's DVC models into the modellake lake.
# Installed by \`modellake dvc install\`; \`modellake dvc uninstall\` restores the previous hook.
modellake_hook() {
  [ -n "$MODELLAKE_HOOK_DISABLE" ] && return 0
  root=$(git rev-parse --show-toplevel 2>/dev/null) || return 0
  state=$(git rev-parse --git-path modellake 2>/dev/null) || return 0
  case "$state" in /*) ;; *) state="$PWD/$state" ;; esac
  mkdir -p "$state" 2>/dev/null || return 0
  stamp=$( { git ls-files -s -- ':(glob)**/dvc.yaml' ':(glob)**/dvc.lock' ':(glob)**/*.dvc' ':(glob)**/params.*' ':(glob)artifacts.yaml'; git for-each-ref --format='%(refname) %(objectname)' refs/tags; echo ${shellQuote(extra)}; } 2>/dev/null | git hash-object --stdin 2>/dev/null )
  [ -n "$stamp" ] && [ "$(cat "$state/stamp" 2>/dev/null)" = "$stamp" ] && return 0
  if [ -n "$MODELLAKE_HOOK_SYNC" ]; then
    modellake_import </dev/null
  else
    ( modellake_import ) </dev/null >/dev/null 2>&1 &
  fi
  return 0
}
modellake_import() {
  echo "--- $(date -u +%Y-%m-%dT%H:%M:%SZ) ${hook}" >>"$state/hook.log"
  if ${cmd} "$root" ${extra} >>"$state/hook.log" 2>&1; then
    echo "$stamp" >"$state/stamp"
  else
    echo "modellake: warning: DVC import failed (is the lake reachable?); see $state/hook.log. Git is unaffected." | tee -a "$state/hook.log" >&2
  fi
}
modellake_hook
chained="$(dirname "$0")/${hook}${CHAINED_SUFFIX}"
if [ -x "$chained" ]; then exec "$chained" "$@"; fi
exit 0
`;
}

async function hooksDir(dir: string): Promise<string> {
  const out = (await runGit(dir, ['rev-parse', '--git-path', 'hooks'])).trim();
  return isAbsolute(out) ? out : resolve(dir, out);
}

async function readMaybe(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Installs the post-commit and pre-push hooks; an existing hook is kept and chained. Idempotent. */
export async function installHooks(opts: InstallHooksOptions): Promise<HooksResult> {
  if (opts.command.length === 0 || !isAbsolute(opts.command[0]!)) {
    throw new DvcError('dvc-hook-failed', `The hook command must start with an absolute path (hooks run with a minimal PATH); got ${JSON.stringify(opts.command)}.`);
  }
  const dirOfHooks = await hooksDir(opts.dir);
  await mkdir(dirOfHooks, { recursive: true });
  const changes: HookChange[] = [];
  for (const hook of opts.hooks ?? HOOK_NAMES) {
    const path = join(dirOfHooks, hook);
    const chainedPath = path + CHAINED_SUFFIX;
    const script = hookScript(hook, opts.command, opts.args);
    const current = await readMaybe(path);
    const hasChained = (await readMaybe(chainedPath)) !== undefined;
    let action: HookChange['action'];
    if (current === undefined) action = 'installed';
    else if (current.includes(HOOK_MARKER)) action = current === script ? 'unchanged' : 'updated';
    else {
      if (hasChained) {
        throw new DvcError('dvc-hook-failed', `${path} is not a modellake hook and ${chainedPath} already exists: move one of them away, then run install again.`, { file: path });
      }
      await rename(path, chainedPath);
      action = 'chained';
    }
    if (action !== 'unchanged') {
      await writeFile(path, script, { mode: 0o755 });
      await chmod(path, 0o755);
    }
    const change: HookChange = { hook, path, action };
    if (action === 'chained' || hasChained) change.chained = chainedPath;
    changes.push(change);
  }
  return { hooksDir: dirOfHooks, changes };
}

/** Removes modellake's hooks and puts back the hooks they chained; hooks that are not ours are left alone. */
export async function uninstallHooks(opts: { dir: string; hooks?: readonly HookName[] }): Promise<HooksResult> {
  const dirOfHooks = await hooksDir(opts.dir);
  const changes: HookChange[] = [];
  for (const hook of opts.hooks ?? HOOK_NAMES) {
    const path = join(dirOfHooks, hook);
    const chainedPath = path + CHAINED_SUFFIX;
    const current = await readMaybe(path);
    if (current === undefined || !current.includes(HOOK_MARKER)) {
      changes.push({ hook, path, action: 'not-installed' });
      continue;
    }
    await rm(path);
    if ((await readMaybe(chainedPath)) !== undefined) {
      await rename(chainedPath, path);
      changes.push({ hook, path, action: 'restored' });
    } else changes.push({ hook, path, action: 'removed' });
  }
  const state = (await runGit(opts.dir, ['rev-parse', '--git-path', 'modellake/stamp'])).trim();
  await rm(isAbsolute(state) ? state : resolve(opts.dir, state), { force: true });
  return { hooksDir: dirOfHooks, changes };
}
