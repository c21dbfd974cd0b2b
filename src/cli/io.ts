/**
 * What a command may touch of the world: two outputs, the environment, a working directory and
 * a stop signal. The binary hands `run` the process's own (`process-io.ts`); a test hands it
 * strings to collect and a plain object, and runs the command in process, with no child process
 * and no global state. Commands never read `process` themselves (`no-process.test.ts` checks).
 *
 * @example
 * let out = "";
 * const io: CliIo = { stdout: { write: (t) => (out += t) }, stderr: { write: () => true }, env: {}, cwd: "/tmp/x" };
 * const code = await run(["validate", "flow.yaml"], io);
 */
import { isAbsolute, resolve } from "node:path";

/** Where a command writes: anything with `write(text)`, such as `process.stdout`. */
export interface CliOutput {
  write(text: string): unknown;
  /** A terminal: logs are pretty-printed and help wraps at `columns`. */
  isTTY?: boolean;
  columns?: number;
}

/** The outputs, environment, working directory and stop signal of one CLI run. */
export interface CliIo {
  /** What a command prints for people (tables, JSON, banners). */
  stdout: CliOutput;
  /** Errors, warnings and the long-running commands' logs. */
  stderr: CliOutput;
  /** Read instead of `process.env`: EIGHTX8_*, SWITCHBOARD_*, LOG_LEVEL. */
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths (flow files, `.env`, `--config`, `--db sqlite:PATH`) are resolved from here. */
  cwd: string;
  /**
   * Stops the long-running commands (`serve`, `dev`, `simulator`): once it aborts they close
   * what they started and `run` resolves. A string `reason` ("SIGTERM") is printed as the
   * cause. The binary aborts it on SIGINT or SIGTERM; without it those commands never stop.
   */
  signal?: AbortSignal;
}

/** `path` as the user meant it: relative to the run's working directory, not the process's. */
export function inCwd(io: CliIo, path: string): string {
  return resolve(io.cwd, path);
}

/**
 * A `--db` value with a relative SQLite path made absolute from `io.cwd` (the store would read it
 * from the process's directory); `sqlite::memory:` and Postgres URLs are returned as given.
 */
export function dbUrlInCwd(io: CliIo, url: string): string {
  if (!url.startsWith("sqlite:")) return url;
  // The same reading as openStore: `sqlite:///abs` names `/abs`.
  const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
  if (path === "" || path === ":memory:" || isAbsolute(path)) return url;
  return `sqlite:${inCwd(io, path)}`;
}

/** Writes one line (a newline is added) to an output. */
export function writeLine(output: CliOutput, line: string): void {
  output.write(`${line}\n`);
}

/**
 * Resolves once `io.signal` aborts, with the reason to print ("SIGINT", "SIGTERM", or "stopped"
 * for a reason that is not a string). A long-running command awaits it after it has started.
 */
export function untilStopped(io: CliIo): Promise<string> {
  const signal = io.signal;
  const reasonOf = (s: AbortSignal) => (typeof s.reason === "string" ? s.reason : "stopped");
  if (!signal) return new Promise(() => undefined);
  if (signal.aborted) return Promise.resolve(reasonOf(signal));
  return new Promise((done) => signal.addEventListener("abort", () => done(reasonOf(signal)), { once: true }));
}
