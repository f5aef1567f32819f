import { shared } from '../../../../test/support/shared.js';

/** `../shared/fixtures/mlflow` beside the repository (as CI lays it out), or under `$MODELLAKE_SHARED`; tests skip when it is absent. */
export const SHARED_MLFLOW = shared('fixtures', 'mlflow').path;
