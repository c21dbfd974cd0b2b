/**
 * Runs the real `switchboard` binary (bin/switchboard.js, which imports dist/) as a child process,
 * with a clean environment: no EIGHTX8_* variables leak in from the developer's shell, and the
 * working directory is a fresh temporary folder unless a test gives one (so no stray .env).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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
