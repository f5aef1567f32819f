/**
 * Bench results as JSON: every bench records the rows and targets it prints (through `row()` / `target()` of
 * util.ts) and, at the end, writes them with a one-line summary to `bench/results/<name>.json`, with the date and
 * the machine. `pnpm bench:report` (bench/render-readme.ts) renders the README's benchmark table from those files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** 1-minute load average when the bench started (the machine may be shared). */
  loadAtStart: number;
}

export interface BenchResult {
  name: string;
  /** How to run it, e.g. `pnpm bench:governance`. */
  command: string;
  /** What it measures, against which baseline. */
  measures: string;
  /** The headline figures, composed from the figures below (the README's "last figures" cell). */
  summary: string;
  /** The target, or '—'. */
  target: string;
  date: string;
  machine: Machine;
  /** Every row the bench printed: label, value, note. */
  rows: Array<{ name: string; value: string; note: string }>;
  /** Every target the bench checked. */
  targets: Array<{ label: string; met: boolean }>;
  /** Raw numbers, for whoever wants to compare runs. */
  figures: Record<string, number | string | boolean>;
}

const startLoad = os.loadavg()[0]!;
const printed: BenchResult['rows'] = [];
const targets: BenchResult['targets'] = [];

/** Called by util.ts for every printed row / target. */
export function recordRow(name: string, value: string, note: string): void {
  printed.push({ name: name.trim(), value: value.trim(), note: note.trim() });
}
export function recordTarget(label: string, met: boolean): void {
  targets.push({ label, met });
}

export function machine(): Machine {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, node: process.version, platform: `${os.platform()} ${os.arch()}`, loadAtStart: Math.round(startLoad * 10) / 10 };
}

/** A printed row by the start of its label (for summaries composed from what the bench printed). */
export function printedRow(labelStart: string): { name: string; value: string; note: string } | undefined {
  return printed.find((r) => r.name.startsWith(labelStart));
}

/** Writes bench/results/<name>.json (or $BENCH_RESULTS_DIR/<name>.json) and says where. */
export function writeResults(r: Pick<BenchResult, 'name' | 'command' | 'measures' | 'summary' | 'target'> & { figures?: BenchResult['figures'] }): string {
  const dir = process.env.BENCH_RESULTS_DIR ?? RESULTS_DIR;
  fs.mkdirSync(dir, { recursive: true });
  const out: BenchResult = { ...r, date: new Date().toISOString(), machine: machine(), rows: printed, targets, figures: r.figures ?? {} };
  const file = path.join(dir, `${r.name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);
  return file;
}
