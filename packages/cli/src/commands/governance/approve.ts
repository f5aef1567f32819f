import { TransitionCommand } from '../../governance.js';

/** `modellake governance approve`. */
export default class GovernanceApprove extends TransitionCommand {
  static summary = 'Approve a model version under review (roles from the policy).';
  static aliases = ['approve'];
  static examples = ['<%= config.bin %> governance approve hf:acme/sentiment -m "reason"'];
  protected readonly action = 'approve' as const;
}
