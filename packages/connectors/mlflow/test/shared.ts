import fs from 'node:fs';
import path from 'node:path';

/** `../shared/fixtures/mlflow` beside the repository (as CI lays it out), else /work/shared; tests skip when neither exists. */
export const SHARED_MLFLOW = [path.resolve(import.meta.dirname, '../../../../../shared/fixtures/mlflow'), '/work/shared/fixtures/mlflow'].find((d) => fs.existsSync(d)) ?? path.resolve(import.meta.dirname, '../../../../../shared/fixtures/mlflow');
