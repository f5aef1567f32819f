/**
 * Stand-in for `modellake import dvc <dir> --home <home>` in the hook tests, so they run without a
 * build of the CLI: same library call, same embedded lake. Run with tsx and `--conditions=source`.
 */
import { createLakeClient } from '@modellake/client';
import { openLake } from '../../../core/src/index.js';
import { importDvcRepo } from '../src/index.js';

const [verb, topic, dir, flag, home] = process.argv.slice(2);
if (verb !== 'import' || topic !== 'dvc' || !dir || flag !== '--home' || !home) {
  console.error(`usage: hook-cli import dvc <dir> --home <home> (got ${process.argv.slice(2).join(' ')})`);
  process.exit(2);
}
if (process.env.HOOK_CLI_FAIL) {
  console.error('lake unreachable (simulated)');
  process.exit(5);
}
const open = openLake({ home, config: { auth: { trustedActor: { name: 'local:hook-test', role: 'admin' } } } });
try {
  const client = createLakeClient({ baseUrl: 'http://embedded.lake', fetch: async (input, init) => open.app.fetch(new Request(input, init)) });
  const summary = await importDvcRepo({ dir, client });
  console.log(JSON.stringify({ cards: summary.cards.map((c) => [c.id, c.version, c.status]) }));
} finally {
  await open.close();
}
