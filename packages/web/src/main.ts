import { api, ApiError, getToken, modelPath, setToken } from './api.js';
import { fmtNumber, h, mount } from './dom.js';
import { drawLineage, type GraphEdge, type GraphNode } from './graph.js';

// Loose shapes of the lake's answers: the UI shows what is there and ignores the rest.
type Card = Record<string, any>;
interface SearchHit { id: string; name: string; score: number; explanation?: Record<string, unknown>; [k: string]: unknown }
interface SearchResponse { query: string; total: number; hits: SearchHit[]; facets?: Record<string, unknown>; warnings?: string[]; parsed?: { text?: string; filters?: unknown[] } }

const app = document.getElementById('app')!;
const q = document.getElementById('q') as HTMLInputElement;

function route(): { view: string; params: URLSearchParams; rest: string } {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?') as [string, string | undefined];
  const params = new URLSearchParams(query ?? '');
  if (path.startsWith('/m/')) return { view: 'model', params, rest: decodeURIComponent(path.slice(3)) };
  if (path.startsWith('/compare')) return { view: 'compare', params, rest: '' };
  if (path.startsWith('/search')) return { view: 'search', params, rest: '' };
  return { view: 'home', params, rest: '' };
}

const link = (id: string, label?: string) => h('a', { href: `#/m/${encodeURIComponent(id)}`, class: 'model-link' }, label ?? id);

function showError(e: unknown): void {
  const err = e as ApiError;
  mount(app, h('div', { class: 'error', role: 'alert' }, h('strong', {}, `${err.status ?? ''} ${err.code ?? 'error'}`), ' ', err.message,
    err.status === 401 ? h('p', {}, 'This lake needs an API token: click 🔑 and paste one (modellake token create).') : null));
}

async function home(): Promise<void> {
  const page = await api<{ items: { id: string; name: string; latestRevision: number; updatedAt: string }[] }>('/v1/models', { limit: '50' });
  const health = await api<{ models: number; storage: string }>('/healthz');
  mount(app,
    h('section', { class: 'intro' }, h('h1', {}, 'Which model fits this task?'),
      h('p', {}, `${health.models} models in this lake (${health.storage}). Search in plain language, then follow a model's lineage, compare versions and check its governance.`),
      h('p', { class: 'examples' }, 'Try: ', ...['summarise legal contracts in plain language', 'detectors trained on COCO with box AP above 40 under 50M params', 'sentiment of support tickets'].map((x) => h('a', { href: `#/search?q=${encodeURIComponent(x)}` }, x)))),
    h('h2', {}, 'Recently stored'),
    h('ul', { class: 'model-list' }, page.items.map((m) => h('li', {}, link(m.id, m.name), h('span', { class: 'muted' }, ` ${m.id} · r${m.latestRevision}`)))));
}

function facetEntries(value: unknown): { value: string; count: number }[] {
  if (Array.isArray(value)) return value.map((v: any) => ({ value: String(v.value ?? v.key ?? v.name), count: Number(v.count ?? 0) }));
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => ({ value: k, count: Number(typeof v === 'object' ? (v as any).count : v) }));
  return [];
}

async function search(params: URLSearchParams): Promise<void> {
  const query = params.get('q') ?? '';
  const filters = params.getAll('filter');
  q.value = query;
  const res = await api<SearchResponse>('/v1/search', { q: query, filter: filters, limit: '25' });
  const toggle = (f: string) => {
    const next = new URLSearchParams(params);
    const all = next.getAll('filter');
    next.delete('filter');
    for (const x of all.includes(f) ? all.filter((y) => y !== f) : [...all, f]) next.append('filter', x);
    location.hash = `#/search?${next}`;
  };
  const facets = Object.entries(res.facets ?? {}).map(([name, value]) => {
    const entries = facetEntries(value).filter((e) => e.count > 0).slice(0, 8);
    if (!entries.length) return null;
    return h('div', { class: 'facet' }, h('h3', {}, name), entries.map((e) => {
      const f = `${name}=${e.value}`;
      return h('label', {}, h('input', { type: 'checkbox', checked: filters.includes(f), onchange: () => toggle(f) }), ` ${e.value} `, h('span', { class: 'muted' }, String(e.count)));
    }));
  });
  mount(app,
    h('div', { class: 'search-layout' },
      h('aside', { class: 'facets' }, h('h2', {}, 'Narrow'), facets),
      h('section', {},
        h('p', { class: 'muted' }, `${res.total} models`, res.parsed?.filters?.length ? ` · understood filters: ${JSON.stringify(res.parsed.filters)}` : ''),
        (res.warnings ?? []).map((w) => h('p', { class: 'warning' }, w)),
        h('ol', { class: 'hits' }, res.hits.map((hit) => h('li', { class: 'hit' },
          h('div', {}, link(hit.id, hit.name), h('span', { class: 'score' }, hit.score.toFixed(3))),
          h('div', { class: 'muted' }, hit.id),
          hit.explanation ? h('details', {}, h('summary', {}, 'why'), h('pre', {}, JSON.stringify(hit.explanation, null, 1))) : null))))));
}

function kv(label: string, value: unknown) {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  return h('tr', {}, h('th', {}, label), h('td', {}, Array.isArray(value) ? value.join(', ') : String(value)));
}

async function model(id: string): Promise<void> {
  const { card, meta } = await api<{ card: Card; meta: Record<string, any> }>(modelPath(id));
  const [versions, lineage, findings, related] = await Promise.all([
    api<{ versions: { revision: number; version?: string; createdAt: string; hash: string }[] }>(modelPath(card.id, 'versions')),
    api<{ nodes?: any[]; edges?: any[]; findings?: any[]; root?: string; provenance?: any[] }>(modelPath(card.id, 'lineage'), { direction: 'both', depth: '4' }).catch(() => null),
    api<{ findings?: any[] }>(modelPath(card.id, 'findings')).catch(() => null),
    api<{ related?: any[]; hits?: any[] }>(modelPath(card.id, 'related')).catch(() => null),
  ]);
  const graphBox = h('div', { id: 'lineage-graph', class: 'graph' });
  const a = card.architecture ?? {};
  const metrics = (card.evaluation?.results ?? []).flatMap((r: any) => r.metrics.map((m: any) => h('tr', {}, h('td', {}, r.task?.type), h('td', {}, r.dataset?.name ?? ''), h('td', {}, m.name ?? m.type), h('td', { class: 'num' }, String(m.value)))));
  const allFindings = [...(findings?.findings ?? []), ...(lineage?.findings ?? [])];
  const relatedHits = related?.related ?? related?.hits ?? [];
  mount(app,
    h('article', { class: 'model' },
      h('h1', {}, card.name), h('p', { class: 'muted' }, card.id, meta.aliases?.length ? ` · also ${meta.aliases.join(', ')}` : ''),
      card.description ? h('p', { class: 'description' }, card.description.slice(0, 1200)) : null,
      h('div', { class: 'columns' },
        h('table', { class: 'facts' }, h('tbody', {},
          kv('version', card.version), kv('revision', `${meta.revision} (${meta.createdAt} by ${meta.actor})`), kv('license', card.license), kv('tasks', card.tasks), kv('domains', card.domains), kv('languages', card.languages),
          kv('library', a.library), kv('architecture', [a.family, a.type].filter(Boolean).join(' / ')), kv('parameters', fmtNumber(a.parameters)),
          kv('datasets', (card.training?.datasets ?? []).map((d: any) => `${d.name}${d.role ? ` (${d.role})` : ''}`)),
          kv('status', card.governance?.status), kv('owner', card.governance?.owner), kv('source', card.source?.uri ?? card.source?.system))),
        h('div', {},
          h('h2', {}, 'Versions'),
          h('ul', { class: 'versions' }, versions.versions.slice().reverse().map((v) => h('li', {}, `r${v.revision} ${v.version ?? ''} `, h('span', { class: 'muted' }, v.createdAt),
            v.revision !== meta.revision || versions.versions.length > 1 ? h('a', { href: `#/compare?a=${encodeURIComponent(`${card.id}@r${Math.max(1, v.revision - 1)}`)}&b=${encodeURIComponent(card.id)}&ra=${Math.max(1, v.revision - 1)}&rb=${v.revision}` }, ' diff with previous') : null))))),
      metrics.length ? h('section', {}, h('h2', {}, 'Evaluation'), h('table', { class: 'metrics' }, h('thead', {}, h('tr', {}, h('th', {}, 'task'), h('th', {}, 'dataset'), h('th', {}, 'metric'), h('th', {}, 'value'))), h('tbody', {}, metrics))) : null,
      h('section', {}, h('h2', {}, 'Lineage'), lineage?.root ? h('p', { class: 'muted' }, 'family root: ', link(lineage.root)) : null, graphBox,
        h('p', { class: 'muted legend' }, 'solid = detected from the weights, dashed = declared; click a model to open it')),
      allFindings.length ? h('section', {}, h('h2', {}, 'Findings'), h('ul', { class: 'findings' }, allFindings.map((f: any) => h('li', { class: `sev-${f.severity ?? 'warning'}` }, h('code', {}, f.code), ' ', f.message)))) : null,
      relatedHits.length ? h('section', {}, h('h2', {}, 'Related models'), h('ul', {}, relatedHits.slice(0, 10).map((r: any) => h('li', {}, link(r.id, r.name ?? r.id), ' ', h('span', { class: 'muted' }, r.score !== undefined ? Number(r.score).toFixed(3) : '')))), h('p', {}, h('a', { href: `#/compare?a=${encodeURIComponent(card.id)}&b=${encodeURIComponent(relatedHits[0].id)}` }, `compare with ${relatedHits[0].id}`))) : null));
  const nodes: GraphNode[] = (lineage?.nodes ?? []).map((n: any) => ({ id: String(n.id ?? n), label: String(n.name ?? n.id ?? n), focus: (n.id ?? n) === card.id, missing: n.inLake === false || n.missing === true }));
  if (!nodes.some((n) => n.id === card.id)) nodes.push({ id: card.id, label: card.name, focus: true });
  const known = new Set(nodes.map((n) => n.id));
  const edges: GraphEdge[] = (lineage?.edges ?? []).map((e: any) => ({ parent: e.parent, child: e.child, relation: e.relation, confidence: e.confidence, basis: e.basis }));
  for (const e of edges) for (const end of [e.parent, e.child]) if (!known.has(end)) { known.add(end); nodes.push({ id: end, label: end, missing: true }); }
  drawLineage(graphBox, nodes, edges, (nid) => { if (nid !== card.id) location.hash = `#/m/${encodeURIComponent(nid)}`; });
}

async function compare(params: URLSearchParams): Promise<void> {
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  const diff = await api<Record<string, any>>('/v1/diff', { a, b });
  const sections = Object.entries(diff).filter(([, v]) => v && typeof v === 'object');
  mount(app, h('article', {}, h('h1', {}, 'Compare'), h('p', {}, link(a.replace(/@.*$/, ''), a), ' → ', link(b.replace(/@.*$/, ''), b)),
    sections.map(([name, value]) => h('section', { class: 'diff-section' }, h('h2', {}, name), h('pre', {}, JSON.stringify(value, null, 2))))));
}

async function render(): Promise<void> {
  const r = route();
  app.setAttribute('aria-busy', 'true');
  try {
    if (r.view === 'model') await model(r.rest);
    else if (r.view === 'search') await search(r.params);
    else if (r.view === 'compare') await compare(r.params);
    else await home();
  } catch (e) {
    showError(e);
  } finally {
    app.removeAttribute('aria-busy');
  }
}

document.getElementById('search-form')!.addEventListener('submit', (ev) => {
  ev.preventDefault();
  location.hash = `#/search?q=${encodeURIComponent(q.value)}`;
});
document.getElementById('token-button')!.addEventListener('click', () => {
  const t = prompt('API token for this lake (empty to clear):', getToken() ?? '');
  if (t !== null) {
    setToken(t.trim() || null);
    void render();
  }
});
window.addEventListener('hashchange', () => void render());
void render();
