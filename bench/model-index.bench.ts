// model-index import of the whole corpus (../shared/corpus/model-index, 3,043 models) into an embedded lake,
// against a baseline measured in the same run: reading and YAML-parsing the same files, nothing else.
// Run: pnpm bench:model-index   (target: whole import < 10 s). Figures go to bench/results/model-index.json, from which
// `pnpm bench:report` renders the README's figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createLakeClient } from '@modellake/client';
import { openLake } from '@modellake/core';
import { importModelIndex, readModelIndexCards } from '../packages/connectors/model-index/src/index.js';
import { writeResults } from './results.js';
import { fmt, row, target, time } from './util.js';

const CORPUS = path.resolve(process.env.MODEL_INDEX_CORPUS ?? path.join(import.meta.dirname, '../../shared/corpus/model-index'));
if (!fs.existsSync(CORPUS)) {
  console.log(`model-index benchmark skipped: corpus not found at ${CORPUS} (set MODEL_INDEX_CORPUS)`);
  process.exit(0);
}

// `yaml` is the connector's dependency, not the root's: load the very same copy the importer uses.
const { parseDocument } = createRequire(path.join(import.meta.dirname, '../packages/connectors/model-index/package.json'))('yaml') as typeof import('yaml');

console.log(`modellake model-index import benchmark: ${CORPUS}, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);

// Baseline: the files an import reads, parsed with the same YAML library and nothing more.
const files: string[] = [];
const walk = (d: string): void => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory() && !e.name.startsWith('_')) walk(p);
    else if (/\.(ya?ml|mdx)$/.test(e.name)) files.push(p);
  }
};
walk(CORPUS);
const baselineMs = await time(() => {
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const yamlText = f.endsWith('.mdx') ? (/<!--\s*(Type: model-index[\s\S]*?)-->/.exec(text)?.[1] ?? '') : text;
    const doc = parseDocument(yamlText, { uniqueKeys: false });
    if (doc.errors.length === 0) doc.toJS({ maxAliasCount: -1 });
  }
});

const dryMs = await time(() => readModelIndexCards({ path: CORPUS }));

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-mi-'));
const opened = openLake({ home, config: { auth: { trustedActor: { name: 'bench', role: 'admin' } } } });
const client = createLakeClient({ baseUrl: 'http://embedded.lake', fetch: async (input, init) => opened.app.fetch(new Request(input, init)) });
try {
  const first = await importModelIndex({ path: CORPUS, client });
  const again = await importModelIndex({ path: CORPUS, client });
  row('files parsed (baseline: read + YAML parse)', `${fmt(baselineMs)} ms`, `${files.length} files`);
  row('load + map + validate (no lake, 1st call)', `${fmt(dryMs)} ms`, `${fmt(dryMs / baselineMs, 1)}x baseline`);
  row('import into embedded lake (first run)', `${fmt(first.timings.totalMs)} ms`, `${fmt(first.timings.totalMs / baselineMs, 1)}x baseline`);
  row('  load / map+validate / push', `${fmt(first.timings.loadMs)} / ${fmt(first.timings.mapMs)} / ${fmt(first.timings.pushMs)} ms`);
  row('re-import (all unchanged)', `${fmt(again.timings.totalMs)} ms`, `${again.unchanged} unchanged`);
  row('models declared / imported / reported', `${first.modelsDeclared} / ${first.created + first.updated} / ${first.failed}`);
  target('corpus import < 10 s', first.timings.totalMs < 10_000);
  target('every model accounted for', first.created + first.updated + first.unchanged + first.failed === first.modelsDeclared);
  const t = first.timings;
  const s = (ms: number) => fmt(ms / 1000, 1);
  writeResults({
    name: 'model-index',
    command: 'pnpm bench:model-index',
    measures: 'model-index corpus import into an embedded lake (load, map + validate, store) vs reading and YAML-parsing the same files',
    summary: `${s(t.totalMs)} s for ${fmt(first.modelsDeclared)} models (${fmt(t.totalMs / baselineMs, 1)}x the ${s(baselineMs)} s read + parse baseline): load ${s(t.loadMs)} s, map + validate ${s(t.mapMs)} s, store ${s(t.pushMs)} s; ${fmt(first.created + first.updated)} imported, ${fmt(first.failed)} reported; re-import ${s(again.timings.totalMs)} s`,
    target: '< 10 s',
    figures: { files: files.length, baselineMs, dryMs, totalMs: t.totalMs, loadMs: t.loadMs, mapMs: t.mapMs, pushMs: t.pushMs, reimportMs: again.timings.totalMs, declared: first.modelsDeclared, imported: first.created + first.updated, reported: first.failed },
  });
} finally {
  await opened.close();
  fs.rmSync(home, { recursive: true, force: true });
}
