/**
 * Two ways to run the `switchboard` CLI in a test, with one result shape:
 *
 * - `runCli` calls `run(argv, io)` in this process with a captured io: the given environment
 *   only (nothing leaks in from the developer's shell) and a fresh temporary working directory
 *   unless a test gives one (so no stray .env). No child process, no dist/ needed.
 * - `runBinary` runs the real binary (bin/switchboard.js, which imports dist/) as a child
 *   process, for the few tests that prove the binary itself: its help, its exit codes, and what
 *   reaches the real stdout and stderr. Build first (`npm test` does it in pretest).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { run, type CliIo } from "../src/cli/run.js";
import { FAKE_API_KEY, FAKE_SUBACCOUNT, startFakePlatform, type FakePlatform } from "./fake-platform.js";
import { repoRoot } from "./shared-files.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
}

const binary = resolve(repoRoot, "bin/switchboard.js");

/** Fails early with a clear message when dist/ was not built (`npm test` builds it in pretest). */
export function assertBuilt(): void {
  if (!existsSync(resolve(repoRoot, "dist/cli/main.js"))) {
    throw new Error("dist/ is missing: run `npx tsc -p tsconfig.build.json` (npm test does it in pretest)");
  }
}

/**
 * Registers the hooks every CLI test against the fake 8x8 platform needs: a fresh platform starts
 * before each test (closed after it), and `use` receives it together with the environment that
 * points the CLI at it.
 *
 * @example
 * let platform: FakePlatform;
 * let env: Record<string, string>;
 * useFakePlatform((started, settings) => ((platform = started), (env = settings)));
 */
export function useFakePlatform(use: (platform: FakePlatform, env: Record<string, string>) => void): void {
  let platform: FakePlatform | undefined;
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

/** An io that collects what the command writes; `signal` stops a long-running command. */
function capturedIo(options: CliOptions, signal?: AbortSignal): { io: CliIo; stdout: () => string; stderr: () => string } {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { ...options.env },
    cwd: options.cwd ?? tempDir(),
    ...(signal ? { signal } : {}),
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}

/** Runs the CLI in this process, as `switchboard <args>` would, and collects its exit code and output. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const { io, stdout, stderr } = capturedIo(options);
  const code = await run(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** A long-running command (`serve`, `dev`, `simulator`) started in process. */
export interface RunningCli {
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects if the command ends first or `ms` pass. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** Aborts its signal with `reason` (as the binary does on a signal) and resolves once it has ended. */
  stop(reason?: string): Promise<CliResult>;
}

/** Starts a long-running command in process; stop it with `stop()` (in `afterAll`, too, if a test fails). */
export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  const controller = new AbortController();
  const { io, stdout, stderr } = capturedIo(options, controller.signal);
  let ended = false;
  const finished = run(args, io).then((code) => {
    ended = true;
    return { code, stdout: stdout(), stderr: stderr() };
  });
  return {
    stdout,
    stderr,
    async waitFor(pattern, ms = 20_000) {
      // Bounded: polls the collected output every 20 ms.
      for (const deadline = Date.now() + ms; Date.now() < deadline && !ended; ) {
        const match = pattern.exec(stdout());
        if (match) return match;
        await new Promise((done) => setTimeout(done, 20));
      }
      const match = pattern.exec(stdout());
      if (match) return match;
      throw new Error(`${ended ? "ended" : `no ${pattern} within ${ms} ms`}; stdout: ${stdout()} stderr: ${stderr()}`);
    },
    async stop(reason = "SIGTERM") {
      controller.abort(reason);
      return finished;
    },
  };
}

/** Runs the real binary as a child process with the parent's environment minus EIGHTX8_*, plus `env`. */
export function runBinary(args: string[], options: CliOptions = {}): Promise<CliResult> {
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
