/**
 * One set of fault files, two sizes: `npm test` runs them small (a few seconds a file), and
 * `npm run test:faults` sets `FAULTS_SIZE=full` (test/faults/vitest.config.ts) for the full run.
 * `FAULTS_SEED` replays a run of the fuzzer: every failure message names the seed it used.
 *
 * @example
 * const callers = sized({ small: 20, full: 200 });
 */

/** True when the suite runs at full size (`FAULTS_SIZE=full`). */
export const FULL = process.env.FAULTS_SIZE === "full";

/** The seed of the run's PRNGs: `FAULTS_SEED`, else a fixed one (runs are reproducible by default). */
export const SEED = process.env.FAULTS_SEED ? Number(process.env.FAULTS_SEED) >>> 0 : 0x5eed_0b0e;

/** The value for this run's size. */
export function sized<T>(sizes: { small: T; full: T }): T {
  return FULL ? sizes.full : sizes.small;
}

/**
 * A fault test's ceiling: generous, because `npm test` runs these beside every other file on a
 * small machine. Each file sets it with `vi.setConfig` (the root config's 30 s is for unit tests).
 */
export const FAULT_TIMEOUTS = { testTimeout: 240_000, hookTimeout: 120_000 } as const;
