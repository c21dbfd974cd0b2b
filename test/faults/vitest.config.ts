/**
 * `npm run test:faults`: the fault suites of test/faults at full size (FAULTS_SIZE=full), alone.
 * `npm test` runs the same files small, through the root vitest.config.ts.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/faults/**/*.test.ts"],
    env: { FAULTS_SIZE: "full" },
    // Each file's full run is bounded by its sizes (test/faults/size.ts); these are its ceilings.
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
