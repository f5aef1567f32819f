import { Flags } from '@oclif/core';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createToken, LakeError, PostgresStorage, prepareLakeHome, PRIVATE_FILE_MODE, startLakeServer, type StorageDriver } from '@modellake/core';
import { BaseCommand } from '../base-command.js';
import { loadDemoCards } from '../demo.js';
import { localActor } from '../token-store.js';

/**
 * Creates the first admin token and hands it over through `<home>/admin-token` (mode 600): the file is
 * written *before* the token is stored, so a home that cannot take the file leaves no token nobody has seen.
 */
async function bootstrapAdminToken(storage: StorageDriver, home: string, now: string): Promise<{ secret: string; file: string }> {
  const file = path.join(home, 'admin-token');
  let wrote = false;
  const handOver = (secret: string) => {
    prepareLakeHome(home);
    fs.writeFileSync(file, secret + '\n', { mode: PRIVATE_FILE_MODE });
    fs.chmodSync(file, PRIVATE_FILE_MODE);
    wrote = true;
  };
  const create = (name: string) => createToken(storage, name, 'admin', now, { actor: localActor(), handOver });
  try {
    const { secret } = await create('admin').catch((e: unknown) => {
      // A (revoked) token already holds the name `admin`.
      if (e instanceof LakeError && e.code === 'conflict') return create(`admin-${Date.now()}`);
      throw e;
    });
    return { secret, file };
  } catch (e) {
    if (wrote) fs.rmSync(file, { force: true });
    throw e;
  }
}

/** The built web UI shipped as `@modellake/web` (absent when it was not built). */
function webRoot(): string | undefined {
  try {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@modellake/web/package.json')), 'dist');
    return fs.existsSync(path.join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** `modellake serve`: run the lake's HTTP API (and the web UI at `/`) on the embedded store. */
export default class Serve extends BaseCommand<typeof Serve> {
  static summary = 'Start the lake HTTP API (embedded SQLite store in --home).';
  static description = 'On first start an admin token is created and written to <home>/admin-token (mode 600; with --database-url too, so --home must name a writable directory). Recover access to a PostgreSQL lake with `modellake token create --database-url`. Stop with Ctrl-C.';
  static examples = ['<%= config.bin %> serve --demo', '<%= config.bin %> serve --port 8470 --host 0.0.0.0 --anonymous-read'];
  static flags = {
    port: Flags.integer({ summary: 'Port to listen on.', default: 8470, env: 'MODELLAKE_PORT' }),
    host: Flags.string({ summary: 'Interface to bind.', default: '127.0.0.1', env: 'MODELLAKE_HOST' }),
    demo: Flags.boolean({ summary: 'Load the demo cards (schemas/examples/valid) and allow anonymous reads.' }),
    'anonymous-read': Flags.boolean({ summary: 'Allow GET calls without a token.', env: 'MODELLAKE_ANONYMOUS_READ' }),
    'database-url': Flags.string({ summary: 'Store in PostgreSQL (shared by several lake replicas) instead of the embedded SQLite file.', env: 'MODELLAKE_DATABASE_URL' }),
    'max-card-bytes': Flags.integer({ summary: 'Largest accepted card.', default: 1024 * 1024 }),
    'mlflow-webhook-secret': Flags.string({ summary: 'Accept MLflow registry webhooks signed with this secret at POST /v1/hooks/mlflow.', env: 'MODELLAKE_MLFLOW_WEBHOOK_SECRET', helpGroup: 'MLFLOW' }),
    'mlflow-tracking-uri': Flags.string({ summary: 'MLflow tracking server the webhook worker reads versions and runs from.', env: 'MODELLAKE_MLFLOW_TRACKING_URI', helpGroup: 'MLFLOW' }),
    'mlflow-token': Flags.string({ summary: 'Bearer token for the MLflow tracking server.', env: 'MODELLAKE_MLFLOW_TOKEN', helpGroup: 'MLFLOW' }),
  };

  async run(): Promise<{ url: string; home: string; adminTokenFile?: string; demoCards?: number }> {
    const f = this.flags;
    const home = this.home();
    const storage = f['database-url'] ? await PostgresStorage.connect({ connectionString: f['database-url'] }) : undefined;
    if (storage && !(await storage.listTokens()).some((t) => t.role === 'admin' && !t.revokedAt)) {
      // The first admin token goes to <home>/admin-token: refuse a home that cannot take it before anything is created.
      try {
        prepareLakeHome(home);
      } catch (e) {
        await storage.close();
        throw e;
      }
    }
    const server = await startLakeServer({
      home,
      ...(storage ? { storage } : {}),
      port: f.port,
      host: f.host,
      maxCardBytes: f['max-card-bytes'],
      config: {
        auth: { anonymousRead: f['anonymous-read'] || f.demo },
        ...(webRoot() ? { webRoot: webRoot() } : {}),
        mlflow: {
          ...(f['mlflow-webhook-secret'] ? { webhookSecret: f['mlflow-webhook-secret'] } : {}),
          ...(f['mlflow-tracking-uri'] ? { trackingUri: f['mlflow-tracking-uri'] } : {}),
          ...(f['mlflow-token'] ? { token: f['mlflow-token'] } : {}),
        },
      },
    });
    const out: { url: string; home: string; adminTokenFile?: string; demoCards?: number } = { url: server.url, home };
    const tokens = await server.lake.storage.listTokens();
    if (!tokens.some((t) => t.role === 'admin' && !t.revokedAt)) {
      let created: { secret: string; file: string };
      try {
        created = await bootstrapAdminToken(server.lake.storage, home, server.lake.now());
      } catch (e) {
        await server.close();
        throw e;
      }
      const { secret, file } = created;
      out.adminTokenFile = file;
      this.log(`Created an admin token: ${secret}\n  (saved to ${file}; use it with --token or MODELLAKE_TOKEN)`);
    }
    if (f.demo) {
      const cards = loadDemoCards();
      const r = await server.lake.putBatch(cards.map((value, i) => ({ line: i + 1, value })), { name: 'demo', role: 'admin' });
      out.demoCards = r.results.length;
      this.log(`Demo data: ${r.results.length} cards (${r.results.filter((x) => x.status !== 'unchanged').length} new or changed).`);
    }
    this.log(`modellake lake listening on ${server.url} (home ${home})`);
    if (webRoot()) this.log(`  web UI: ${server.url}/`);
    this.log(`  try: curl ${server.url}/v1/models   ·   API description: ${server.url}/openapi.json`);
    if (f['mlflow-webhook-secret']) {
      this.log(`  MLflow webhooks: POST ${server.url}/v1/hooks/mlflow${f['mlflow-tracking-uri'] ? ` (synced from ${f['mlflow-tracking-uri']})` : ''}`);
      if (!f['mlflow-tracking-uri']) this.warn('MLflow webhooks are accepted and queued, but nothing is synced until --mlflow-tracking-uri is set.');
    }
    if (this.jsonEnabled()) process.stdout.write(JSON.stringify(out) + '\n');
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await new Promise(() => {});
    return out;
  }
}
