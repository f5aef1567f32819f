import { TransitionCommand } from '../../governance.js';

/** `modellake governance remediate`. */
export default class GovernanceRemediate extends TransitionCommand {
  static summary = 'Start remediation of a rejected version (rejected -> remediation).';
  static examples = ['<%= config.bin %> governance remediate hf:acme/sentiment -m "reason"'];
  protected readonly action = 'remediate' as const;
}
