import { ActionError } from './errors.js';

/** What the step was given (`with:` in the workflow). */
export interface ActionInputs {
  lakeUrl: string;
  lakeToken?: string;
  /** Globs or paths, relative to the workspace. */
  paths: string[];
  /** Governance policy file (YAML or JSON), relative to the workspace. */
  policy?: string;
  failOn: 'error' | 'warning' | 'never';
  comment: boolean;
  githubToken?: string;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/**
 * Reads and checks the inputs through `get` (the toolkit's `getInput`). Throws an ActionError
 * naming the input and the values it accepts.
 */
export function readInputs(get: (name: string) => string): ActionInputs {
  const lakeUrl = get('lake-url').trim();
  if (!lakeUrl) throw new ActionError('input-invalid', 'Input `lake-url` is required: the URL of the lake, e.g. https://lake.example.com.');
  let url: URL;
  try {
    url = new URL(lakeUrl);
  } catch {
    throw new ActionError('input-invalid', `Input \`lake-url\` ${JSON.stringify(lakeUrl)} is not a URL: use e.g. https://lake.example.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ActionError('input-invalid', `Input \`lake-url\` must be an http(s) URL, got ${url.protocol}.`);
  const paths = get('paths')
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('#'));
  if (paths.length === 0) throw new ActionError('input-invalid', 'Input `paths` is required: one glob or path per line (card files, model folders, DVC repositories, model-index files).');
  const failOn = (get('fail-on').trim() || 'error') as ActionInputs['failOn'];
  if (!['error', 'warning', 'never'].includes(failOn)) throw new ActionError('input-invalid', `Input \`fail-on\` must be error, warning or never; got ${JSON.stringify(failOn)}.`);
  const rawComment = get('comment').trim().toLowerCase() || 'true';
  if (!TRUE.has(rawComment) && !FALSE.has(rawComment)) throw new ActionError('input-invalid', `Input \`comment\` must be true or false; got ${JSON.stringify(rawComment)}.`);
  const lakeToken = get('lake-token').trim();
  const githubToken = get('github-token').trim();
  const policy = get('policy').trim();
  return {
    lakeUrl: lakeUrl.replace(/\/+$/, ''),
    ...(lakeToken ? { lakeToken } : {}),
    paths,
    ...(policy ? { policy } : {}),
    failOn,
    comment: TRUE.has(rawComment),
    ...(githubToken ? { githubToken } : {}),
  };
}
