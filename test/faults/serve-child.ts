/**
 * `switchboard serve` as users run it: the built binary (bin/switchboard.js, which needs dist/:
 * `npx tsc -p tsconfig.build.json`, done by `npm test` and `npm run test:faults`) in a child
 * process, on 127.0.0.1 and a free port, for the suites that kill it or stop it with a signal.
 *
 * @example
 * const serve = await startServe(["examples/restaurant.yaml", "--db", "sqlite:./ivr.db"], { cwd });
 * serve.child.kill("SIGKILL");
 * await serve.exited;
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { SECRET } from "../fixtures/webhooks.js";
import { assertBuilt } from "../cli-helpers.js";
import { repoRoot } from "../shared-files.js";

export const RESTAURANT = resolve(repoRoot, "examples/restaurant.yaml");
const binary = resolve(repoRoot, "bin/switchboard.js");

export interface ServeChild {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>`, from the banner. */
  readonly url: string;
  readonly port: number;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has ended, with how. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (for afterAll), then waits for the end. */
  kill(): Promise<void>;
}

/**
 * Starts `switchboard serve <args> --port 0` with the webhook secret in its environment and waits
 * (at most 30 s) for its banner. `nodeFlags` go before the binary (`node <flags> bin/switchboard.js`).
 */
export async function startServe(args: string[], options: { cwd: string; nodeFlags?: string[]; env?: Record<string, string> }): Promise<ServeChild> {
  assertBuilt();
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), binary, "serve", ...args, "--port", "0"], {
    cwd: options.cwd,
    env: { ...process.env, SWITCHBOARD_WEBHOOK_AUTH: SECRET, LOG_LEVEL: "warn", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  // Only the tail: a server logging every failure under load must not grow the test process.
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-50_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once("exit", (code, signal) => done({ code, signal })));
  let ended = false;
  void exited.then(() => (ended = true));
  // Bounded: 300 polls of 100 ms.
  for (let i = 0; i < 300 && !ended && !/listening on\s+\S+/.test(stdout); i++) await new Promise((done) => setTimeout(done, 100));
  const url = /listening on\s+(\S+)/.exec(stdout)?.[1];
  if (!url) {
    child.kill("SIGKILL");
    throw new Error(`switchboard serve did not start (${ended ? "it exited" : "no banner in 30 s"}); stdout: ${stdout}\nstderr: ${stderr}`);
  }
  return {
    child,
    url,
    port: Number(new URL(url).port),
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
