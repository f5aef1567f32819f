// Child process of concurrency.test.ts: writes cards into a shared SQLite lake as fast as it can.
import { Lake, SqliteStorage } from '@modellake/core';

const [file, worker, count] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4])];
// A generous busy timeout: under a loaded CI machine a writer may wait long for the lock, which is what is tested.
const lake = new Lake({ storage: new SqliteStorage({ file, busyTimeoutMs: 60_000 }) });
for (let i = 0; i < count; i++) {
  // Every worker writes the shared ids too, with its own content, so revisions interleave.
  const shared = i % 4 === 0;
  const id = shared ? `hf:shared/m${i % 20}` : `hf:w${worker}/m${i}`;
  await lake.putCard({ cardVersion: '1.0', id, name: `m${i}`, description: `by ${worker} #${i}` }, { name: `w${worker}`, role: 'writer' });
  if (i % 50 === 0) await lake.putBatch([{ line: 1, value: { cardVersion: '1.0', id: `hf:w${worker}/batch${i}`, name: 'b' } }], { name: `w${worker}`, role: 'writer' });
}
await lake.storage.close();
