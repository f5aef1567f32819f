// `pnpm bench:report`: renders the README's benchmark figures from bench/results/*.json (written by the benches), so
// they never go stale: the table between `<!-- bench:start -->` and `<!-- bench:end -->`, and any one-line region
// `<!-- bench:<name>:start -->...<!-- bench:<name>:end -->` elsewhere in the README with that bench's summary.
// `--check` only says whether the README is up to date (exit 1 if not).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult, Machine } from './results.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const README = path.resolve(process.env.BENCH_README ?? path.join(here, '../README.md'));
const RESULTS = path.resolve(process.env.BENCH_RESULTS_DIR ?? path.join(here, 'results'));
/** Table order; any other result file follows in name order. */
const ORDER = ['core', 'search', 'fingerprint', 'hf', 'dvc', 'mlflow', 'governance', 'model-index', 'fuzz'];

export function loadResults(dir = RESULTS): BenchResult[] {
  if (!fs.existsSync(dir)) return [];
  const all = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as BenchResult);
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return all.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const day = (iso: string) => iso.slice(0, 10);
const machineText = (m: Machine) => `${m.cpu}, ${m.cores} cores, Node ${m.node}`;

export function renderTable(results: BenchResult[]): string {
  const lines = [
    '| command | measures | last figures | target | run |',
    '| --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const missed = r.targets.filter((t) => !t.met).map((t) => t.label);
      const figures = missed.length ? `${r.summary} (target not met: ${missed.join('; ')})` : r.summary;
      return `| \`${r.command}\` | ${cell(r.measures)} | ${cell(figures)} | ${cell(r.target)} | ${day(r.date)}, load ${r.machine.loadAtStart} |`;
    }),
  ];
  const machines = [...new Set(results.map((r) => machineText(r.machine)))];
  lines.push('', `Machine: ${machines.join('; ') || 'none yet'}. Rendered by \`pnpm bench:report\` from \`bench/results/*.json\`; every figure above is printed by the bench named in its row. "load" is the 1-minute load average when the bench started.`);
  return lines.join('\n');
}

export function renderProse(r: BenchResult): string {
  return `Last run (${day(r.date)}, ${machineText(r.machine)}, load ${r.machine.loadAtStart}): ${r.summary}.`;
}

/** Replaces the text between two marker comments; throws if the markers are missing or out of order. */
function replaceRegion(text: string, start: string, end: string, body: string, optional = false): string {
  const i = text.indexOf(start);
  const j = text.indexOf(end, i + start.length);
  if (i < 0 || j < 0) {
    if (optional) return text;
    throw new Error(`README has no ${start} ... ${end} region`);
  }
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

export function render(readme: string, results: BenchResult[]): string {
  let out = replaceRegion(readme, '<!-- bench:start -->', '<!-- bench:end -->', renderTable(results));
  const byName = new Map(results.map((r) => [r.name, r]));
  for (const m of readme.matchAll(/<!-- bench:([a-z0-9-]+):start -->/g)) {
    const r = byName.get(m[1]!);
    const body = r ? renderProse(r) : `No results yet: run \`pnpm bench:${m[1]}\`, then \`pnpm bench:report\`.`;
    out = replaceRegion(out, `<!-- bench:${m[1]}:start -->`, `<!-- bench:${m[1]}:end -->`, body);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const before = fs.readFileSync(README, 'utf8');
  const after = render(before, loadResults());
  if (process.argv.includes('--check')) {
    if (before !== after) {
      console.error('README benchmark figures are out of date: run `pnpm bench:report`');
      process.exit(1);
    }
    console.log('README benchmark figures are up to date');
  } else if (before !== after) {
    fs.writeFileSync(README, after);
    console.log(`README benchmark figures rendered from ${loadResults().length} result files`);
  } else {
    console.log('README benchmark figures already up to date');
  }
}
