import { describe, expect, it } from 'vitest';
import { render, renderTable } from '../bench/render-readme.js';
import type { BenchResult } from '../bench/results.js';

const result = (name: string, over: Partial<BenchResult> = {}): BenchResult => ({
  name,
  command: `pnpm bench:${name}`,
  measures: 'a | b',
  summary: `${name} 1,234 things/s`,
  target: '≥ 1,000 things/s',
  date: '2026-06-01T10:00:00.000Z',
  machine: { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', platform: 'linux x64', loadAtStart: 1.5 },
  rows: [],
  targets: [{ label: '>= 1,000 things/s', met: true }],
  figures: {},
  ...over,
});

describe('pnpm bench:report (bench/render-readme.ts)', () => {
  it('renders one row per result with date, load and machine, escaping pipes and naming missed targets', () => {
    const table = renderTable([result('mlflow'), result('governance', { targets: [{ label: 'p99 <= 20 ms', met: false }] })]);
    expect(table).toContain('| `pnpm bench:mlflow` | a \\| b | mlflow 1,234 things/s | ≥ 1,000 things/s | 2026-06-01, load 1.5 |');
    expect(table).toContain('governance 1,234 things/s (target not met: p99 <= 20 ms)');
    expect(table).toContain('Machine: Test CPU, 2 cores, Node v20.0.0.');
  });

  it('replaces the table and the named prose regions, and nothing else', () => {
    const readme = ['# x', 'before <!-- bench:mlflow:start -->', 'old figure', '<!-- bench:mlflow:end --> after', '<!-- bench:start -->', 'old table', '<!-- bench:end -->', '<!-- bench:dvc:start -->', '<!-- bench:dvc:end -->', 'tail'].join('\n');
    const out = render(readme, [result('mlflow')]);
    expect(out).not.toContain('old figure');
    expect(out).not.toContain('old table');
    expect(out).toContain('Last run (2026-06-01, Test CPU, 2 cores, Node v20.0.0, load 1.5): mlflow 1,234 things/s.');
    expect(out).toContain('No results yet: run `pnpm bench:dvc`');
    expect(out.startsWith('# x\nbefore <!-- bench:mlflow:start -->\n')).toBe(true);
    expect(out.endsWith('<!-- bench:dvc:end -->\ntail')).toBe(true);
    expect(render(out, [result('mlflow')])).toBe(out);
  });

  it('refuses a README without the table markers', () => {
    expect(() => render('# no markers', [])).toThrow(/bench:start/);
  });
});
