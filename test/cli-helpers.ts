/**
 * Runs the real `switchboard` binary (bin/switchboard.js, which imports dist/) as a child process,
 * with a clean environment: no EIGHTX8_* variables leak in from the developer's shell, and the
 * working directory is a fresh temporary folder unless a test gives one (so no stray .env).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeAll, beforeEach } from "vitest";
import { FAKE_API_KEY, FAKE_SUBACCOUNT, startFakePlatform, type FakePlatform } from "./fake-platform.js";
import { repoRoot } from "./shared-files.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const binary = resolve(repoRoot, "bin/switchboard.js");

/** Fails early with a clear message when dist/ was not built (`npm test` builds it in pretest). */
export function assertBuilt(): void {
  if (!existsSync(resolve(repoRoot, "dist/cli/main.js"))) {
    throw new Error("dist/ is missing: run `npx tsc -p tsconfig.build.json` (npm test does it in pretest)");
  }
}

/**
 * Registers the hooks every CLI test against the fake 8x8 platform needs: dist/ must be built, a
 * fresh platform starts before each test (closed after it), and `use` receives it together with
 * the environment that points the CLI at it.
 *
 * @example
 * let platform: FakePlatform;
 * let env: Record<string, string>;
 * useFakePlatform((started, settings) => ((platform = started), (env = settings)));
 */
export function useFakePlatform(use: (platform: FakePlatform, env: Record<string, string>) => void): void {
  let platform: FakePlatform | undefined;
  beforeAll(() => assertBuilt());
  beforeEach(async () => {
    platform = await startFakePlatform();
    use(platform, { EIGHTX8_API_KEY: FAKE_API_KEY, EIGHTX8_SUBACCOUNT_ID: FAKE_SUBACCOUNT, EIGHTX8_BASE_URL: platform.baseUrl });
  });
  afterEach(async () => {
    await platform?.close();
  });
}

/** A fresh temporary working directory (no stray .env). */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "switchboard-cli-"));
}

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("EIGHTX8_")) env[key] = value;
  }
  Object.assign(env, options.env);
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [binary, ...args], { env, cwd: options.cwd ?? tempDir(), timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}
