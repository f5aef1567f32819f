// `pnpm bench:mlflow`: (1) MLflow webhook deliveries acknowledged per second over HTTP on loopback and their ack
// latency (target >= 500/s, p99 <= 20 ms), once with the sync worker idle and once while it syncs every event from a
// fake MLflow server, then how fast the queued events are fully synced; (2) registry full-sync models/s.
// The lake and the fake MLflow server run in their own processes, as in a deployment. Baselines measured in the same
// run: the same lake answering GET /healthz (HTTP floor for the acks) and, for the full sync, the very REST reads a
// sync makes (list models, list each model's versions, then each version's run) at the sync's own concurrency, with
// no mapping and no storage. Only 2xx replies count as acknowledgements (or healthz answers); anything else is
// reported as a failure and fails the targets. Figures go to bench/results/mlflow.json.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

// Workspace packages resolve to their TypeScript sources, so the bench needs no build.
if (!process.execArgv.includes('--conditions=source')) {
  const r = spawnSync(process.execPath, [...process.execArgv, '--conditions=source', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const MODELS = Number(process.env.BENCH_MLFLOW_MODELS ?? 300);
const VERSIONS = 2;
const DELIVERIES = Number(process.env.BENCH_MLFLOW_DELIVERIES ?? 3000);
const CONCURRENCY = 8;
/** Models fetched in parallel by the full sync, and by its bare-reads baseline. */
const SYNC_CONCURRENCY = 4;
const SECRET = 'bench-secret';
const role = process.env.MLFLOW_BENCH_ROLE;

const mlflow = await import('../packages/connectors/mlflow/src/index.js');
const fakeMod = await import('../packages/connectors/mlflow/test/fake-mlflow-server.js');
type FakeRegistry = import('../packages/connectors/mlflow/test/fake-mlflow-server.js').FakeRegistry;

/** A synthetic registry in MLflow's REST shapes, cloned from the test fixture's runs. */
function makeRegistry(models: number): FakeRegistry {
  const template = fakeMod.loadRegistryFixture().runs.find((r) => r.info?.run_name === 'fraud-v2')!;
  const reg: FakeRegistry = { registered_models: [], model_versions: [], runs: [] };
  for (let m = 0; m < models; m++) {
    const name = `bench-model-${String(m).padStart(4, '0')}`;
    reg.registered_models.push({ name, description: `Synthetic model ${m}`, creation_timestamp: 1_767_600_000_000 + m, last_updated_timestamp: 1_767_600_000_000 + m, tags: [{ key: 'team', value: `team-${m % 7}` }], aliases: [{ alias: 'champion', version: '1' }] });
    for (let v = 1; v <= VERSIONS; v++) {
      const runId = `${m.toString(16).padStart(16, '0')}${v.toString(16).padStart(16, '0')}`;
      const run = structuredClone(template);
      run.info = { ...run.info, run_id: runId, run_uuid: runId, run_name: `${name}-v${v}` };
      run.data!.tags = (run.data!.tags ?? []).filter((t) => t.key !== 'mlflow.parentRunId');
      run.data!.params = [...(run.data!.params ?? []), { key: 'seed', value: String(m * 10 + v) }];
      reg.runs.push(run);
      reg.model_versions.push({ name, version: String(v), creation_timestamp: 1_767_600_000_000 + m, last_updated_timestamp: 1_767_600_000_000 + m, current_stage: v === 1 ? 'Production' : 'None', source: `runs:/${runId}/model`, run_id: runId, status: 'READY', tags: [{ key: 'v', value: String(v) }] });
    }
  }
  return reg;
}

// Children exit cleanly on kill (so a CPU profile, if asked for, is written).
if (role) process.once('SIGTERM', () => process.exit(0));
if (role === 'mlflow') {
  const fake = await fakeMod.startFakeMlflow({ registry: makeRegistry(MODELS), pageSize: 100 });
  console.log(JSON.stringify({ url: fake.url }));
} else if (role === 'lake') {
  const { startLakeServer } = await import('@modellake/core');
  const trackingUri = process.env.BENCH_TRACKING_URI;
  const server = await startLakeServer({ home: process.env.BENCH_HOME!, port: 0, config: { mlflow: { webhookSecret: SECRET, ...(trackingUri ? { trackingUri } : {}) }, auth: { trustedActor: { name: 'bench', role: 'admin' } } } });
  console.log(JSON.stringify({ url: server.url }));
} else {
  await main();
}

/** Starts this file in a child process with a role and returns the URL it prints. */
async function child(name: string, env: Record<string, string>): Promise<{ url: string; proc: ChildProcess }> {
  // BENCH_MLFLOW_CPU_PROF=<dir> writes a CPU profile of each child process there.
  const prof = process.env.BENCH_MLFLOW_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_MLFLOW_CPU_PROF}`] : [];
  const proc = spawn(process.execPath, [...process.execArgv, ...prof, process.argv[1]!], { env: { ...process.env, MLFLOW_BENCH_ROLE: name, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: proc.stdout! });
  for await (const line of rl) {
    if (line.startsWith('{')) return { url: (JSON.parse(line) as { url: string }).url, proc };
  }
  throw new Error(`${name} process exited before printing its URL`);
}

async function main(): Promise<void> {
  const { Pool } = createRequire(path.join(import.meta.dirname, '../packages/connectors/mlflow/package.json'))('undici') as typeof import('undici');
  const { createLakeClient } = await import('@modellake/client');
  const { fmt, percentile, row, target } = await import('./util.js');
  const { writeResults } = await import('./results.js');
  const procs: ChildProcess[] = [];
  const homes: string[] = [];
  const newHome = () => {
    const h = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-mlflow-'));
    homes.push(h);
    return h;
  };
  try {
    console.log(`modellake MLflow benchmark: ${fmt(MODELS)} registered models x ${VERSIONS} versions, ${fmt(DELIVERIES)} webhook deliveries, ${CONCURRENCY} concurrent senders, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
    const fake = await child('mlflow', {});
    procs.push(fake.proc);

    const bodies = Array.from({ length: DELIVERIES }, (_, i) => {
      const m = i % MODELS;
      const v = 1 + (Math.floor(i / MODELS) % VERSIONS);
      const name = `bench-model-${String(m).padStart(4, '0')}`;
      const round = Math.floor(i / (MODELS * VERSIONS));
      const [entity, action, data] = round === 0
        ? ['model_version', 'created', { name, version: String(v), source: 'runs:/x/model', run_id: 'x', tags: {}, description: null }]
        : round % 2 === 1 ? ['model_version_tag', 'set', { name, version: String(v), key: 'reviewed', value: String(round) }] : ['model_version_alias', 'created', { name, alias: 'champion', version: String(v) }];
      return JSON.stringify({ entity, action, timestamp: new Date().toISOString(), data });
    });

    const hammer = async (pool: InstanceType<typeof Pool>, n: number, send: (i: number) => Promise<number>) => {
      const lat: number[] = [];
      const statuses: Record<number, number> = {};
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) {
          const i = next++;
          const t = performance.now();
          const status = await send(i);
          lat.push(performance.now() - t);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }));
      const ms = performance.now() - t0;
      lat.sort((a, b) => a - b);
      // Only 2xx replies count: a 401 or 500 answered fast is not an acknowledgement.
      const ok = Object.entries(statuses).reduce((sum, [code, k]) => sum + (Number(code) >= 200 && Number(code) < 300 ? k : 0), 0);
      return { perSec: (ok / ms) * 1000, ms, lat, statuses, ok, failed: n - ok };
    };
    const deliver = (pool: InstanceType<typeof Pool>) => async (i: number) => {
      const deliveryId = randomUUID();
      const timestamp = String(Math.floor(Date.now() / 1000));
      const body = bodies[i]!;
      const r = await pool.request({
        path: '/v1/hooks/mlflow', method: 'POST', body,
        headers: { 'content-type': 'application/json', 'x-mlflow-delivery-id': deliveryId, 'x-mlflow-timestamp': timestamp, 'x-mlflow-signature': mlflow.signMlflowPayload({ secret: SECRET, deliveryId, timestamp, body }) },
      });
      await r.body.text();
      return r.statusCode;
    };
    const show = (label: string, r: { perSec: number; lat: number[]; statuses: Record<number, number>; ok: number; failed: number }, unit: string) =>
      row(label, `${fmt(r.perSec)} ${unit}`, `p50 ${percentile(r.lat, 50).toFixed(2)} ms, p99 ${percentile(r.lat, 99).toFixed(2)} ms, ${fmt(r.ok)} 2xx${r.failed ? `, ${fmt(r.failed)} NOT 2xx` : ''}, ${JSON.stringify(r.statuses)}`);

    console.log('\n(1) webhook receiver, HTTP on 127.0.0.1');
    // (a) Worker idle (no tracking URI): the receiver alone.
    const idleLake = await child('lake', { BENCH_HOME: newHome() });
    procs.push(idleLake.proc);
    const pool1 = new Pool(idleLake.url, { connections: CONCURRENCY });
    const health = await hammer(pool1, 2000, async () => {
      const r = await pool1.request({ path: '/healthz', method: 'GET' });
      await r.body.text();
      return r.statusCode;
    });
    const acksIdle = await hammer(pool1, DELIVERIES, deliver(pool1));
    await pool1.close();
    idleLake.proc.kill();

    // (b) Worker running: every event is fetched from the fake MLflow server and stored while acks continue.
    const lake = await child('lake', { BENCH_HOME: newHome(), BENCH_TRACKING_URI: fake.url });
    procs.push(lake.proc);
    const pool2 = new Pool(lake.url, { connections: CONCURRENCY });
    const t0 = performance.now();
    const acksBusy = await hammer(pool2, DELIVERIES, deliver(pool2));
    const counts = async () => {
      const r = await pool2.request({ path: '/v1/hooks/mlflow/deliveries?limit=1', method: 'GET' });
      return ((await r.body.json()) as { counts: Record<string, number> }).counts;
    };
    let c = await counts();
    while (c.pending! > 0) {
      await new Promise((r) => setTimeout(r, 50));
      c = await counts();
    }
    const syncedMs = performance.now() - t0;
    const models = await pool2.request({ path: '/healthz', method: 'GET' }).then((r) => r.body.json() as Promise<{ models: number }>);
    await pool2.close();

    show('GET /healthz (baseline)', health, 'req/s');
    show('deliveries acknowledged, worker idle', acksIdle, '/s');
    row('  ratio acks / healthz', `${(acksIdle.perSec / health.perSec).toFixed(2)}x`);
    show('deliveries acknowledged while syncing', acksBusy, '/s');
    row('deliveries fully synced (first ack -> all stored)', `${fmt((DELIVERIES / syncedMs) * 1000)} /s`, `${(syncedMs / 1000).toFixed(2)} s; ${JSON.stringify(c)}; ${models.models} models in the lake`);
    const worst = Math.min(acksIdle.perSec, acksBusy.perSec);
    const worstP99 = Math.max(percentile(acksIdle.lat, 99), percentile(acksBusy.lat, 99));
    const syncedAll = (c.failed ?? 0) === 0 && (c.done ?? 0) + (c.ignored ?? 0) === DELIVERIES;
    target('every delivery answered 2xx', acksIdle.failed + acksBusy.failed + health.failed === 0);
    target('>= 500 webhook deliveries/s acknowledged', worst >= 500);
    target('p99 ack <= 20 ms', worstP99 <= 20);
    target('every acknowledged delivery synced', syncedAll);

    console.log('\n(2) registry full sync into a lake over HTTP');
    const params = { baseUrl: fake.url };
    // Baseline: the reads syncRegistry makes, in its order and at its concurrency: the model list and each model's
    // version list one after the other, then SYNC_CONCURRENCY workers each taking a model and reading its versions' runs.
    const tb = performance.now();
    const perModel: string[][] = [];
    for await (const rm of mlflow.listRegisteredModels(params)) {
      const runs: string[] = [];
      for await (const mv of mlflow.listModelVersions({ ...params, filter: `name='${rm.name}'` })) runs.push(mv.run_id!);
      perModel.push(runs);
    }
    let nextModel = 0;
    let runsRead = 0;
    await Promise.all(Array.from({ length: SYNC_CONCURRENCY }, async () => {
      while (nextModel < perModel.length) {
        for (const runId of perModel[nextModel++]!) {
          await mlflow.getRun({ ...params, runId });
          runsRead++;
        }
      }
    }));
    const baseMs = performance.now() - tb;
    const lake2 = await child('lake', { BENCH_HOME: newHome() });
    procs.push(lake2.proc);
    const client = createLakeClient({ baseUrl: lake2.url });
    const ts = performance.now();
    const summary = await mlflow.syncRegistry({ mlflow: params, sink: mlflow.createClientSink(client), concurrency: SYNC_CONCURRENCY });
    const syncMs = performance.now() - ts;
    const ts2 = performance.now();
    const again = await mlflow.syncRegistry({ mlflow: params, sink: mlflow.createClientSink(client), concurrency: SYNC_CONCURRENCY });
    const againMs = performance.now() - ts2;
    const baseRate = (MODELS / baseMs) * 1000;
    const syncRate = (MODELS / syncMs) * 1000;
    const againRate = (MODELS / againMs) * 1000;
    row(`bare REST reads (baseline, ${SYNC_CONCURRENCY} at a time)`, `${fmt(baseRate)} models/s`, `${fmt(runsRead)} runs, ${(baseMs / 1000).toFixed(2)} s`);
    row(`full sync (fetch + map + store, ${SYNC_CONCURRENCY} at a time)`, `${fmt(syncRate)} models/s`, `${fmt(summary.versions)} versions: ${summary.created} new, ${summary.failed.length} failed, ${(syncMs / 1000).toFixed(2)} s`);
    row('  ratio sync / bare reads', `${(syncRate / baseRate).toFixed(2)}x`);
    row('re-sync, nothing changed', `${fmt(againRate)} models/s`, `${again.unchanged} unchanged, ${(againMs / 1000).toFixed(2)} s`);
    target('full sync stored every version', summary.failed.length === 0 && summary.versions === MODELS * VERSIONS);
    const syncedRate = (DELIVERIES / syncedMs) * 1000;
    writeResults({
      name: 'mlflow',
      command: 'pnpm bench:mlflow',
      measures: `webhook deliveries/s acknowledged (2xx only; ${CONCURRENCY} senders, worker idle and syncing) vs GET /healthz; deliveries fully synced/s; registry full sync vs the same REST reads at the same concurrency (${SYNC_CONCURRENCY})`,
      summary: `${fmt(acksIdle.perSec)} acks/s idle (${(acksIdle.perSec / health.perSec).toFixed(2)}x healthz, p99 ${percentile(acksIdle.lat, 99).toFixed(2)} ms), ${fmt(acksBusy.perSec)} acks/s while syncing (p99 ${percentile(acksBusy.lat, 99).toFixed(2)} ms); ${fmt(DELIVERIES)} deliveries fully synced in ${(syncedMs / 1000).toFixed(2)} s (${fmt(syncedRate)} /s); full sync ${fmt(syncRate)} models/s (${(syncRate / baseRate).toFixed(2)}x bare reads at ${fmt(baseRate)} models/s), unchanged re-sync ${fmt(againRate)} models/s`,
      target: '≥ 500 acks/s, p99 ≤ 20 ms',
      figures: { models: MODELS, versions: VERSIONS, deliveries: DELIVERIES, senders: CONCURRENCY, syncConcurrency: SYNC_CONCURRENCY, healthzPerSec: health.perSec, acksIdlePerSec: acksIdle.perSec, acksIdleP99: percentile(acksIdle.lat, 99), acksBusyPerSec: acksBusy.perSec, acksBusyP99: percentile(acksBusy.lat, 99), non2xx: acksIdle.failed + acksBusy.failed, syncedMs, syncedPerSec: syncedRate, bareReadsModelsPerSec: baseRate, syncModelsPerSec: syncRate, resyncModelsPerSec: againRate },
    });
  } finally {
    for (const p of procs) p.kill();
    for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
  }
}
