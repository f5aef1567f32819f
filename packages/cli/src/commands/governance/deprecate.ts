import { TransitionCommand } from '../../governance.js';

/** `modellake governance deprecate`. */
export default class GovernanceDeprecate extends TransitionCommand {
  static summary = 'Deprecate an approved version.';
  static examples = ['<%= config.bin %> governance deprecate hf:acme/sentiment -m "reason"'];
  protected readonly action = 'deprecate' as const;
}
