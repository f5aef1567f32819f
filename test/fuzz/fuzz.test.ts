// Property-based tests over the parsers and routes that take outside input (targets in ./targets.ts, shared with
// `pnpm bench:fuzz`, which runs >= 10,000 inputs per target). Here: a small fixed-seed run per target, so a failure
// reproduces; FUZZ_RUNS / FUZZ_SEED override.
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { FUZZ_TARGETS } from './targets.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_601);
/** Per-input limit: a hang fails the property instead of stalling the suite. */
const PER_INPUT_MS = 10_000;

describe('fuzz targets (fast-check, fixed seed)', () => {
  afterAll(async () => {
    for (const t of FUZZ_TARGETS) await t.teardown?.();
  });
  for (const target of FUZZ_TARGETS) {
    it(`${target.name}: ${target.description}`, async () => {
      await target.setup?.();
      await fc.assert(
        fc.asyncProperty(target.arbitrary, async (input) => {
          await target.check(input);
        }),
        { numRuns: RUNS, seed: SEED, timeout: PER_INPUT_MS, endOnFailure: true },
      );
    }, 120_000);
  }
});
