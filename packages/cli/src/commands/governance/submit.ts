import { TransitionCommand } from '../../governance.js';

/** `modellake governance submit`. */
export default class GovernanceSubmit extends TransitionCommand {
  static summary = 'Submit a model version for governance review (draft or remediation -> review).';
  static aliases = ['review'];
  static examples = ['<%= config.bin %> governance submit hf:acme/sentiment -m "reason"'];
  protected readonly action = 'submit' as const;
}
