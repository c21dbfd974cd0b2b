import { configDefaults, defineConfig } from "vitest/config";

/** Packs the package and installs it in temp folders (minutes): `npm run test:scaffold` (--mode scaffold) runs it alone. */
const SCAFFOLD = "test/scaffold.test.ts";

export default defineConfig(({ mode }) => ({
  test: {
    include: mode === "scaffold" ? [SCAFFOLD] : ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: mode === "scaffold" ? configDefaults.exclude : [...configDefaults.exclude, SCAFFOLD],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
}));
