// `pnpm bench:fuzz`: at least FUZZ_RUNS (default 10,000) generated inputs per fuzz target (test/fuzz/targets.ts, the
// same targets the test suite runs with a small seed count). Each target runs in a child process watched by this one:
// an input that takes longer than FUZZ_HANG_MS (default 10 s) is a hang (the child is killed and restarted after it),
// a child that dies is a crash. Prints per target: runs, crashes (must be 0), hangs (must be 0), the slowest input
// and its time; writes bench/results/fuzz.json. Reproduce an input with its seed and index (printed), e.g.
// FUZZ_SEED=<seed> FUZZ_ONLY=<target> FUZZ_FROM=<index> FUZZ_RUNS=<index+1> pnpm bench:fuzz.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { FUZZ_TARGETS, showInput, type FuzzTarget } from '../test/fuzz/targets.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const FROM = Number(process.env.FUZZ_FROM ?? 0);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const HANG_MS = Number(process.env.FUZZ_HANG_MS ?? 10_000);
const SETUP_MS = 120_000;
const ONLY = process.env.FUZZ_ONLY?.split(',');
/** Inputs are generated in chunks of CHUNK from seed + chunk number, so input i is reproducible alone. */
const CHUNK = 250;

function inputAt<T>(target: FuzzTarget<T>, i: number, cache: { chunk: number; values: T[] }): T {
  const chunk = Math.floor(i / CHUNK);
  if (cache.chunk !== chunk) {
    cache.values = fc.sample(target.arbitrary, { seed: SEED + chunk, numRuns: CHUNK });
    cache.chunk = chunk;
  }
  return cache.values[i % CHUNK]!;
}

type Msg = { i: number; ms: number; crash?: string; input?: string } | { done: true } | { ready: true };

if (process.argv[2] === '--child') {
  // Child: runs inputs [from, to) of one target, reporting each.
  const target = FUZZ_TARGETS.find((t) => t.name === process.argv[3])!;
  const from = Number(process.argv[4]);
  const to = Number(process.argv[5]);
  const cache = { chunk: -1, values: [] as unknown[] };
  let slowest = 0;
  await target.setup?.();
  process.send!({ ready: true } satisfies Msg);
  for (let i = from; i < to; i++) {
    const input = inputAt(target, i, cache);
    process.send!({ i: -1 - i, ms: 0 } satisfies Msg); // "started i", for the watchdog
    const t = performance.now();
    let crash: string | undefined;
    try {
      await target.check(input);
    } catch (e) {
      crash = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    const ms = performance.now() - t;
    // The input is shown only when the parent needs it (a crash, a new slowest input): regenerating it there is slow.
    const show = crash !== undefined || ms > slowest;
    slowest = Math.max(slowest, ms);
    process.send!({ i, ms, ...(crash ? { crash } : {}), ...(show ? { input: showInput(input, crash ? 400 : 200) } : {}) } satisfies Msg);
  }
  await target.teardown?.();
  process.send!({ done: true } satisfies Msg, () => process.exit(0));
} else {
  await main();
}

interface Report {
  target: string;
  runs: number;
  crashes: { index: number; error: string; input: string }[];
  hangs: { index: number; input: string }[];
  slowestMs: number;
  slowestIndex: number;
  slowestInput: string;
  seconds: number;
}

/** Runs inputs [from, to) of a target in a child; resolves with what was seen, restarting after a hang or a death. */
async function runTarget(target: FuzzTarget): Promise<Report> {
  const report: Report = { target: target.name, runs: 0, crashes: [], hangs: [], slowestMs: 0, slowestIndex: -1, slowestInput: '', seconds: 0 };
  const cache = { chunk: -1, values: [] as unknown[] };
  const t0 = performance.now();
  let next = FROM;
  while (next < RUNS) {
    next = await new Promise<number>((resolve) => {
      const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', target.name, String(next), String(RUNS)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      // The code under test logs (e.g. ignored webhook events): keep the tail, shown only if the child dies.
      let stderrTail = '';
      child.stderr!.on('data', (d: Buffer) => {
        stderrTail = (stderrTail + d.toString()).slice(-2000);
      });
      let current = next; // the input running (or about to)
      let lastSeen = performance.now();
      let ready = false;
      let finished = false;
      const finish = (resumeAt: number) => {
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        child.kill('SIGKILL');
        resolve(resumeAt);
      };
      const watchdog = setInterval(() => {
        // Start-up (loading the code under tsx, opening a lake) gets SETUP_MS; each input HANG_MS.
        if (performance.now() - lastSeen > (ready ? HANG_MS : SETUP_MS)) {
          if (ready) {
            report.hangs.push({ index: current, input: showInput(inputAt(target, current, cache)) });
            report.runs++;
            finish(current + 1);
          } else {
            report.crashes.push({ index: current, error: `start-up took more than ${SETUP_MS} ms`, input: '' });
            finish(RUNS);
          }
        }
      }, 100);
      child.on('message', (m: Msg) => {
        if (finished) return; // a killed child's last messages
        lastSeen = performance.now();
        if ('ready' in m) ready = true;
        else if ('done' in m) finish(RUNS);
        else if (m.i < 0) current = -1 - m.i;
        else {
          report.runs++;
          if (m.ms > report.slowestMs) {
            report.slowestMs = m.ms;
            report.slowestIndex = m.i;
            report.slowestInput = m.input ?? '';
          }
          if (m.crash) report.crashes.push({ index: m.i, error: m.crash.slice(0, 600), input: m.input ?? '' });
          current = m.i + 1;
        }
        lastSeen = performance.now();
      });
      child.on('exit', (code, signal) => {
        if (finished) return;
        // The child died on an input (out of memory, a native crash, process.exit from the code under test).
        report.runs++;
        report.crashes.push({ index: current, error: `child process died (${signal ?? `exit ${code}`}): ${stderrTail.slice(-600)}`, input: showInput(inputAt(target, current, cache)) });
        finish(current + 1);
      });
    });
  }
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}

async function main(): Promise<void> {
  const { fmt, row, target: targetLine } = await import('./util.js');
  const { writeResults } = await import('./results.js');
  const targets = FUZZ_TARGETS.filter((t) => !ONLY || ONLY.includes(t.name));
  console.log(`modellake fuzz benchmark: ${targets.length} targets x ${fmt(RUNS - FROM)} inputs, seed ${SEED}, hang after ${fmt(HANG_MS)} ms per input, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  const reports: Report[] = [];
  for (const t of targets) {
    const r = await runTarget(t);
    reports.push(r);
    row(t.name, `${fmt(r.runs)} runs`, `${r.crashes.length} crashes, ${r.hangs.length} hangs, slowest ${fmt(r.slowestMs, 1)} ms (input ${r.slowestIndex}), ${fmt(r.runs / r.seconds)} inputs/s`);
    for (const c of r.crashes.slice(0, 5)) console.log(`    CRASH at input ${c.index}: ${c.error.split('\n')[0]}\n      input: ${c.input}`);
    if (r.crashes.length > 5) console.log(`    ... ${r.crashes.length - 5} more crashes`);
    for (const h of r.hangs.slice(0, 5)) console.log(`    HANG at input ${h.index}: ${h.input}`);
  }
  const crashes = reports.reduce((s, r) => s + r.crashes.length, 0);
  const hangs = reports.reduce((s, r) => s + r.hangs.length, 0);
  const slowest = reports.reduce((a, r) => (r.slowestMs > a.slowestMs ? r : a), reports[0]!);
  targetLine('0 crashes', crashes === 0);
  targetLine('0 hangs', hangs === 0);
  targetLine(`>= 10,000 inputs per target`, reports.every((r) => r.runs >= 10_000));
  console.log(`  reproduce: FUZZ_SEED=${SEED} FUZZ_ONLY=<target> FUZZ_FROM=<index> FUZZ_RUNS=<index + 1> pnpm bench:fuzz`);
  writeResults({
    name: 'fuzz',
    command: 'pnpm bench:fuzz',
    measures: `property-based fuzzing (fast-check) of ${reports.map((r) => r.target).join(', ')}: crashes (untyped errors, 5xx, broken round trips), hangs (> ${fmt(HANG_MS / 1000)} s per input), slowest input`,
    summary: `${fmt(Math.min(...reports.map((r) => r.runs)))}+ inputs per target (${reports.length} targets): ${crashes} crashes, ${hangs} hangs; slowest input ${fmt(slowest.slowestMs, 1)} ms (${slowest.target})`,
    target: '0 crashes, 0 hangs',
    figures: {
      seed: SEED,
      runsPerTarget: RUNS - FROM,
      hangMs: HANG_MS,
      ...Object.fromEntries(reports.flatMap((r) => [[`${r.target} runs`, r.runs], [`${r.target} crashes`, r.crashes.length], [`${r.target} hangs`, r.hangs.length], [`${r.target} slowestMs`, Math.round(r.slowestMs * 10) / 10], [`${r.target} seconds`, Math.round(r.seconds * 10) / 10]])),
      failures: JSON.stringify(reports.flatMap((r) => [...r.crashes.slice(0, 3).map((c) => ({ target: r.target, kind: 'crash', ...c })), ...r.hangs.slice(0, 3).map((h) => ({ target: r.target, kind: 'hang', ...h }))])),
    },
  });
}
