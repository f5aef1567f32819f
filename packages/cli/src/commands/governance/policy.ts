import { Flags } from '@oclif/core';
import { stringify } from 'yaml';
import type { Policy } from '@modellake/core';
import { BaseCommand } from '../../base-command.js';
import { readPolicyFile } from '../../governance.js';

/** `modellake governance policy`: show or replace the lake's active policy. */
export default class GovernancePolicy extends BaseCommand<typeof GovernancePolicy> {
  static summary = 'Show the active governance policy, validate a policy file, or make it the active one (admin).';
  static examples = [
    '<%= config.bin %> governance policy',
    '<%= config.bin %> governance policy --check examples/policy.yaml',
    '<%= config.bin %> governance policy --set examples/policy.yaml',
  ];
  static flags = {
    set: Flags.string({ summary: 'Validate this YAML policy file and make it the active policy.', exclusive: ['check'] }),
    check: Flags.string({ summary: 'Only validate this policy file (no lake needed).' }),
  };

  async run(): Promise<Policy> {
    if (this.flags.check) {
      const p = readPolicyFile(this.flags.check);
      this.log(`${this.flags.check}: valid policy${p.name ? ` "${p.name}"` : ''} with ${Object.keys(p.rules ?? {}).length} rule(s).`);
      return p;
    }
    const lake = this.lake();
    const policy = this.flags.set
      ? await lake.request<Policy>('PUT', '/v1/governance/policy', { body: { policy: readPolicyFile(this.flags.set) } })
      : await lake.request<Policy>('GET', '/v1/governance/policy');
    if (this.flags.set) this.log(`Active policy is now "${policy.name ?? this.flags.set}".`);
    else this.log(stringify(policy).trimEnd());
    return policy;
  }
}
