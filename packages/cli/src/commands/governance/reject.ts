import { TransitionCommand } from '../../governance.js';

/** `modellake governance reject`. */
export default class GovernanceReject extends TransitionCommand {
  static summary = 'Reject a model version under review.';
  static aliases = ['reject'];
  static examples = ['<%= config.bin %> governance reject hf:acme/sentiment -m "reason"'];
  protected readonly action = 'reject' as const;
}
