/** Normal form of a model reference for matching declared parents: no source prefix, no hub URL, lower case. */
export function normalizeRef(ref: string): string {
  let r = ref.trim().toLowerCase();
  r = r.replace(/^https?:\/\/(www\.)?huggingface\.co\//, '');
  r = r.replace(/^[a-z]{2,8}:(?!\/\/)/, '');
  r = r.replace(/^\.\//, '').replace(/\/+$/, '');
  return r;
}

/** Builds a resolver from declared references to known model ids (exact, then unique path-suffix match). */
export function createResolver(ids: Iterable<string>): (ref: string) => string | undefined {
  const exact = new Map<string, string>();
  const all: [string, string][] = [];
  for (const id of ids) {
    exact.set(id, id);
    const n = normalizeRef(id);
    if (!exact.has(n)) exact.set(n, id);
    all.push([n, id]);
  }
  return (ref: string) => {
    if (!ref) return undefined;
    const hit = exact.get(ref) ?? exact.get(normalizeRef(ref));
    if (hit) return hit;
    const n = normalizeRef(ref);
    if (!n) return undefined;
    const matches = all.filter(([k]) => k.endsWith(`/${n}`) || n.endsWith(`/${k}`));
    return matches.length === 1 ? matches[0]![1] : undefined;
  };
}
