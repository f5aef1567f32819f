import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseTagListing, type GitTag } from '../src/gto.js';
import { shared } from '../../../../test/support/shared.js';

/** The recorded DVC projects (read at test time, never copied into the repository); `$MODELLAKE_SHARED` moves them. */
export const FIXTURES = shared('fixtures', 'dvc').path;
export const HAVE_FIXTURES = existsSync(FIXTURES);
/** Suffix of the titles of suites that need the recordings: names the missing path when they are absent. */
export const FIXTURES_NOTE = HAVE_FIXTURES ? `(${FIXTURES})` : `(skipped: ${FIXTURES} is absent)`;

/** Reads one recorded file. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Layouts of the recorded projects: repository path -> recorded file (flattened `__` names). */
export const LAYOUTS: Record<string, Record<string, string>> = {
  // iterative/example-get-started @ 06ea489
  'example-get-started': {
    'dvc.yaml': 'example-get-started/dvc.yaml',
    'dvc.lock': 'example-get-started/dvc.lock',
    'params.yaml': 'example-get-started/params.yaml',
    'data/data.xml.dvc': 'example-get-started/data__data.xml.dvc',
    '.dvc/config': 'example-get-started/dvc-config.ini',
  },
  // iterative/example-get-started-experiments @ afdf89b, after `dvc pull` of the results
  'example-get-started-experiments': {
    'dvc.yaml': 'example-get-started-experiments/dvc.yaml',
    'dvc.lock': 'example-get-started-experiments/dvc.lock',
    'params.yaml': 'example-get-started-experiments/params.yaml',
    'data/pool_data.dvc': 'example-get-started-experiments/data__pool_data.dvc',
    'results/train/metrics.json': 'example-get-started-experiments/results__train__metrics.json',
    'results/train/params.yaml': 'example-get-started-experiments/results__train__params.yaml',
    'results/evaluate/metrics.json': 'example-get-started-experiments/results__evaluate__metrics.json',
    'results/train/plots/metrics/dice_multi.tsv': 'example-get-started-experiments/results__train__plots__metrics__dice_multi.tsv',
  },
  // the same repository @ fa9e4f4: a DVCLive notebook commit, model tracked by a .dvc file
  'example-get-started-experiments-notebook': {
    'dvc.yaml': 'example-get-started-experiments/dvc.yaml.notebook-dvclive-commit-fa9e4f4.yaml',
    'params.yaml': 'example-get-started-experiments/params.yaml',
    'models/model.pkl.dvc': 'example-get-started-experiments/models__model.pkl.dvc',
    'data/pool_data.dvc': 'example-get-started-experiments/data__pool_data.dvc',
    'results/train/metrics.json': 'example-get-started-experiments/results__train__metrics.json',
    'results/train/params.yaml': 'example-get-started-experiments/results__train__params.yaml',
    'results/evaluate/metrics.json': 'example-get-started-experiments/results__evaluate__metrics.json',
  },
  // the same repository @ 166be1c: GTO's legacy artifacts.yaml beside the .dvc-tracked model
  'example-get-started-experiments-legacy': {
    'artifacts.yaml': 'example-get-started-experiments/artifacts.yaml.gto-legacy-166be1c.yaml',
    'models/model.pkl.dvc': 'example-get-started-experiments/models__model.pkl.dvc',
  },
};

/** HEAD commits the recorded layouts were taken at. */
export const HEADS: Record<string, string> = {
  'example-get-started': '06ea48980a34ef57041c9b905cafcb40d9c3ddbc',
  'example-get-started-experiments': 'afdf89b183b5cc9cbeee273b1f33faca10ffd5d0',
};

/** Reassembles a recorded project into a fresh temp directory (named after the repository) and returns its path. */
export function assemble(layout: string, into?: string): string {
  const dir = into ?? join(mkdtempSync(join(tmpdir(), 'dvc-fixture-')), layout);
  for (const [path, name] of Object.entries(LAYOUTS[layout]!)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), fixture(name));
  }
  return dir;
}

/** The recorded GTO tags of one repository. */
export function recordedTags(repo: string): GitTag[] {
  const text = fixture('gto-tags.tsv');
  const sections = text.split(/^# repo: /m).slice(1);
  const section = sections.find((s) => s.startsWith(`iterative/${repo}\n`)) ?? '';
  return parseTagListing(section.slice(section.indexOf('\n') + 1));
}

/** Names of the recorded files, for a completeness check. */
export function recordedFiles(): string[] {
  return readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(FIXTURES.length + 1));
}
