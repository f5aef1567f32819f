/** A git tag as read from the repository (annotated tags carry a date and message). */
export interface GitTag {
  name: string;
  /** Commit the tag points at (peeled). */
  commit: string;
  /** Tagger date (ISO 8601), or the commit date for lightweight tags. */
  date?: string;
  message?: string;
}

/** One GTO action parsed from a tag name. */
export interface GtoTag {
  /** Artifact full name: `name`, or `dir/of/dvc.yaml:name` for a nested project. */
  artifact: string;
  action: 'register' | 'deregister' | 'assign' | 'unassign' | 'deprecate' | 'create';
  version?: string;
  stage?: string;
  counter?: number;
}

const NAME = '[a-z0-9](?:[a-z0-9-/]*[a-z0-9])?';
const SEMVER =
  '(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-(?:(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?';
// In tags GTO writes the `dir:name` separator as `=` (':' is not allowed in git refs).
const TAG_RE = new RegExp(
  `^(?<artifact>(?:[a-z0-9-_./]+=)?${NAME})(?:(?:#(?<stage>${NAME})|@(?<version>v${SEMVER}))(?<cancel>!?)|@(?<special>deprecated|created))(?:#(?<counter>[0-9]+))?$`,
);

/** Parses a GTO tag name (`name@v1.2.3`, `name@v1.2.3!`, `name#prod#3`, `name#prod!#4`, `name@deprecated#5`); undefined when it is not one. */
export function parseGtoTag(tag: string): GtoTag | undefined {
  const m = TAG_RE.exec(tag);
  if (!m?.groups) return undefined;
  const g = m.groups;
  const artifact = g.artifact!.replace('=', ':');
  const cancel = g.cancel === '!';
  const out: GtoTag = g.special
    ? { artifact, action: g.special === 'deprecated' ? 'deprecate' : 'create' }
    : g.stage
      ? { artifact, action: cancel ? 'unassign' : 'assign', stage: g.stage }
      : { artifact, action: cancel ? 'deregister' : 'register', version: g.version! };
  if (g.counter !== undefined) out.counter = Number(g.counter);
  return out;
}

/** A registered version of an artifact. */
export interface GtoVersion {
  version: string;
  commit: string;
  date?: string;
  tag: string;
}

/** What GTO tags say about one artifact. */
export interface GtoArtifactState {
  artifact: string;
  /** Registered (not deregistered) versions, oldest first. */
  versions: GtoVersion[];
  /** Current stage assignments: stage -> version (a commit sha when the commit has no registered version). */
  stages: Record<string, string>;
  deprecated: boolean;
  /** Tags of this artifact that were applied, in order. */
  tags: string[];
}

/** Replays the GTO tags of each artifact in order (counter, then date) and returns its registry state. */
export function gtoRegistry(tags: readonly GitTag[]): Map<string, GtoArtifactState> {
  const parsed = tags
    .map((t, index) => ({ t, g: parseGtoTag(t.name), index }))
    .filter((x): x is { t: GitTag; g: GtoTag; index: number } => x.g !== undefined);
  // GTO numbers every tag of an artifact with a counter; tags without one (older GTO) sort by date.
  parsed.sort((a, b) => {
    if (a.g.counter !== undefined && b.g.counter !== undefined && a.g.counter !== b.g.counter) return a.g.counter - b.g.counter;
    const da = a.t.date ?? '';
    const db = b.t.date ?? '';
    if (da !== db) return da < db ? -1 : 1;
    return a.index - b.index;
  });
  const states = new Map<string, GtoArtifactState>();
  // Registrations first, so an assignment tag on a commit resolves to that commit's version
  // whatever order the tags were created in.
  for (const { t, g } of parsed) {
    if (g.action !== 'register' && g.action !== 'deregister') continue;
    const s = stateOf(states, g.artifact);
    s.tags.push(t.name);
    if (g.action === 'register') {
      const v: GtoVersion = { version: g.version!, commit: t.commit, tag: t.name };
      if (t.date !== undefined) v.date = t.date;
      s.versions = s.versions.filter((x) => x.version !== v.version).concat(v);
    } else s.versions = s.versions.filter((x) => x.version !== g.version);
  }
  for (const { t, g } of parsed) {
    if (g.action === 'register' || g.action === 'deregister') continue;
    const s = stateOf(states, g.artifact);
    s.tags.push(t.name);
    if (g.action === 'deprecate') s.deprecated = true;
    else if (g.action === 'assign') {
      const v = s.versions.find((x) => x.commit === t.commit);
      s.stages[g.stage!] = v?.version ?? t.commit;
    } else if (g.action === 'unassign') delete s.stages[g.stage!];
  }
  return states;
}

function stateOf(states: Map<string, GtoArtifactState>, artifact: string): GtoArtifactState {
  let s = states.get(artifact);
  if (!s) {
    s = { artifact, versions: [], stages: {}, deprecated: false, tags: [] };
    states.set(artifact, s);
  }
  return s;
}

/** Parses `git for-each-ref` output lines `name<TAB>commit<TAB>date<TAB>subject` (as in the recorded gto-tags listing). */
export function parseTagListing(text: string): GitTag[] {
  const tags: GitTag[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cols = line.split('\t');
    // Listings may carry the object type as a second column (`tag`/`commit`).
    const [name, a, b, c, d] = cols;
    const typed = a === 'tag' || a === 'commit';
    const commit = typed ? b : a;
    const date = typed ? c : b;
    const message = typed ? d : c;
    if (!name || !commit) continue;
    const tag: GitTag = { name, commit };
    if (date) tag.date = date;
    if (message) tag.message = message;
    tags.push(tag);
  }
  return tags;
}
