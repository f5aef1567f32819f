import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { openLake } from '@modellake/core';
import type { ModelCard } from '@modellake/card';
import Audit from '../src/commands/audit.js';
import Cite from '../src/commands/cite.js';
import AuditLogVerify from '../src/commands/audit-log/verify.js';
import AuditLogExport from '../src/commands/audit-log/export.js';
import GovernanceSubmit from '../src/commands/governance/submit.js';
import GovernanceApprove from '../src/commands/governance/approve.js';
import GovernanceStatus from '../src/commands/governance/status.js';
import GovernancePolicy from '../src/commands/governance/policy.js';
import { CLI_ROOT, runCommand as run } from './run-command.js';

const root = CLI_ROOT;
const repo = path.resolve(root, '../..');
const actor = { name: 'test', role: 'admin' as const };

const base: ModelCard = {
  cardVersion: '1.0', id: 'hf:meta-llama/Llama-3.1-8B', name: 'Llama 3.1 8B', license: 'llama3.1', organisation: 'Meta', created: '2024-07-23T00:00:00Z', version: 'abc',
};
const child: ModelCard = {
  cardVersion: '1.0', id: 'hf:acme/bot', name: 'ACME bot', license: 'apache-2.0', version: 'v1', authors: [{ name: 'Ada Lovelace' }], created: '2025-01-01T00:00:00Z',
  architecture: { parameters: 7_000_000_000 },
  fingerprint: { version: 1, architecture: { signature: 'sig-acme-bot', parameters: 8_030_261_248 } },
  training: { datasets: [{ name: 'tickets', id: 'hf:acme/tickets' }] },
  lineage: { parents: [{ id: base.id, relation: 'finetune' }] },
};
const ok: ModelCard = { cardVersion: '1.0', id: 'hf:acme/ok', name: 'ok', license: 'mit' };


describe('modellake governance commands', () => {
  let home: string;
  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlk-cli-gov-'));
    const opened = openLake({ home });
    for (const c of [base, child, ok]) await opened.lake.putCard(c, actor);
    await opened.close();
  });
  afterAll(async () => fs.rm(home, { recursive: true, force: true }));
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('audit <id> --policy prints findings with codes and evidence', async () => {
    const { out, error } = await run(Audit, ['hf:acme/bot', '--policy', path.join(repo, 'examples/policy.yaml'), '--home', home]);
    expect(error).toBeUndefined();
    expect(out).toContain('hf:acme/bot r1 (v1): FAILED');
    expect(out).toMatch(/x error +reality\.parameters-mismatch .*\[\/architecture\/parameters\]/);
    expect(out).toMatch(/license\.obligation-conflict .*ancestor hf:meta-llama\/Llama-3\.1-8B/);
    expect(out).toContain('1 model(s) audited under "acme production policy"');
  });

  it('audit --all --json and --fail-on', async () => {
    const { out } = await run(Audit, ['--all', '--home', home, '--json']);
    const res = JSON.parse(out);
    expect(res.summary.models).toBe(3);
    expect(res.reports.find((r: { id: string }) => r.id === 'hf:acme/ok').passed).toBe(true);
    const failed = await run(Audit, ['--all', '--prefix', 'hf:acme/', '--fail-on', 'error', '--home', home]);
    expect(failed.error?.message).toContain('Audit failed');
    expect(failed.error?.oclif?.exit).toBe(1);
    expect((await run(Audit, ['hf:acme/ok', '--fail-on', 'error', '--home', home])).error).toBeUndefined();
  });

  it('a bad policy file is rejected with the file, path and line (exit 2)', async () => {
    const bad = path.join(home, 'bad-policy.yaml');
    await fs.writeFile(bad, 'version: 1\nrules:\n  licenses:\n    allowed: mit\n  biasCheck: []\n');
    const { error } = await run(Audit, ['--all', '--policy', bad, '--home', home]);
    expect(error?.oclif?.exit).toBe(2);
    expect(error?.message).toContain(`${bad}: invalid policy`);
    expect(error?.message).toContain('/rules/licenses/allowed (line 4): `/rules/licenses/allowed` must be of type array');
    expect(error?.message).toContain('/rules/biasCheck (line 5): unknown rule `biasCheck`');
    const check = await run(GovernancePolicy, ['--check', path.join(repo, 'examples/policy.yaml')]);
    expect(check.out).toContain('valid policy "acme production policy" with 9 rule(s)');
  });

  it('cite prints BibTeX and writes a CITATION.cff', async () => {
    const bib = await run(Cite, ['hf:acme/bot', '--home', home]);
    expect(bib.out.match(/^@misc\{/gm)).toHaveLength(3);
    expect(bib.out).toContain('author = {Lovelace, Ada}');
    const file = path.join(home, 'CITATION.cff');
    await run(Cite, ['hf:acme/bot', '--format', 'cff', '--output', file, '--home', home]);
    const cff = parseYaml(await fs.readFile(file, 'utf8'));
    expect(cff).toMatchObject({ 'cff-version': '1.2.0', title: 'ACME bot', version: 'v1' });
    expect(cff.references.map((r: { title: string }) => r.title)).toEqual(['Llama 3.1 8B', 'tickets']);
  });

  it('submit (alias review), approve and status', async () => {
    expect((await run(GovernanceSubmit, ['hf:acme/ok', '-m', 'ready', '--home', home])).out).toContain('hf:acme/ok r1: review');
    expect(GovernanceSubmit.aliases).toEqual(['review']);
    expect(GovernanceApprove.aliases).toEqual(['approve']);
    const approved = await run(GovernanceApprove, ['hf:acme/ok', '-m', 'ship it', '--home', home]);
    expect(approved.out).toMatch(/approve +review -> approved {2}by local:\S+ \(admin\): ship it/);
    const status = await run(GovernanceStatus, ['hf:acme/ok', '--home', home, '--json']);
    expect(JSON.parse(status.out)).toMatchObject({ status: 'approved', history: [{ action: 'submit' }, { action: 'approve' }] });
    const blocked = await run(GovernanceSubmit, ['hf:acme/ok', '--home', home]);
    expect(blocked.error?.message).toContain('invalid-transition');
  });

  it('audit-log export then verify --file; an edited line fails verification', async () => {
    const file = path.join(home, 'audit.jsonl');
    const exp = await run(AuditLogExport, ['--output', file, '--home', home, '--json']);
    const { count, head } = JSON.parse(exp.out);
    expect(count).toBeGreaterThan(4);
    expect((await run(AuditLogVerify, ['--home', home])).out).toContain(`Audit log OK: ${count} entries`);
    expect((await run(AuditLogVerify, ['--file', file, '--head', head])).out).toContain('Audit log OK');
    const lines = (await fs.readFile(file, 'utf8')).trim().split('\n');
    lines[2] = lines[2]!.replace('"actor":"test"', '"actor":"mallory"');
    await fs.writeFile(file, lines.join('\n') + '\n');
    const bad = await run(AuditLogVerify, ['--file', file]);
    expect(bad.out).toContain('seq 3: edited');
    expect(bad.error?.message).toContain('first bad entry is seq 3');
    expect(bad.error?.oclif?.exit).toBe(1);
  });
});
