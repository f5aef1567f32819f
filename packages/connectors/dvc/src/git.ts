import { execFile } from 'node:child_process';
import { DvcError } from './errors.js';
import type { GitTag } from './gto.js';
import type { DvcGitInfo } from './project.js';

/** Runs git in `cwd` and resolves with its stdout; rejects with a DvcError naming the command. */
export function runGit(cwd: string, args: readonly string[], opts: { input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', ['-C', cwd, ...args], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new DvcError('dvc-git-failed', `git ${args.join(' ')} failed in ${cwd}: ${stderr.trim() || err.message}`, { cause: err }));
      else resolve(stdout);
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Top-level directory of the git work tree holding `dir`, or undefined when `dir` is not in one. */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  try {
    return (await runGit(dir, ['rev-parse', '--show-toplevel'])).trim() || undefined;
  } catch {
    return undefined;
  }
}

const TAG_FORMAT = '%(refname:strip=2)%09%(*objectname)%09%(objectname)%09%(creatordate:iso-strict)%09%(contents:subject)';

/** HEAD commit, branch, origin URL and all tags (peeled to commits) of the repository at `top`. */
export async function readGitInfo(top: string): Promise<DvcGitInfo> {
  const quiet = (args: string[]) => runGit(top, args).then((s) => s.trim(), () => '');
  const [commit, branch, remoteUrl, tagText] = await Promise.all([
    quiet(['rev-parse', '--verify', '-q', 'HEAD']),
    quiet(['symbolic-ref', '--short', '-q', 'HEAD']),
    quiet(['config', '--get', 'remote.origin.url']),
    quiet(['for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags']),
  ]);
  const tags: GitTag[] = [];
  for (const line of tagText.split('\n')) {
    if (!line) continue;
    const [name, peeled, object, date, subject] = line.split('\t');
    if (!name) continue;
    const tag: GitTag = { name, commit: peeled || object || '' };
    if (date) tag.date = date;
    if (subject) tag.message = subject;
    tags.push(tag);
  }
  const info: DvcGitInfo = { tags };
  if (commit) info.commit = commit;
  if (branch) info.branch = branch;
  if (remoteUrl) info.remoteUrl = remoteUrl;
  return info;
}
