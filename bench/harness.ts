/**
 * What the benchmarks share: a server in a child process of its own (so the load loop does not
 * share its event loop), its CPU time, keep-alive HTTP posts from the load side, and the figures
 * (percentiles, the median of per-round ratios). The servers themselves are in bench/serve.ts,
 * the child process every benchmark starts.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { pathToFileURL } from "node:url";

/** `--name N` from the command line (a positive whole number), or `fallback`. */
export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name}: expected a positive whole number`);
  return value;
}

/** `--name text` from the command line, or `fallback`. */
export function textFlag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : fallback;
  if (value === undefined || value.startsWith("--")) throw new Error(`--${name}: expected a value`);
  return value;
}

/** True when the module whose `import.meta.url` this is was run as the program (not imported by the suite). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** CPU time of a server process so far, in µs: all its threads, and its main thread alone. */
export interface CpuTimes {
  cpuMicros: number;
  /** NaN where there is no /proc (the rest of the process's CPU is the store's worker, GC and libuv). */
  mainThreadMicros: number;
}

/**
 * Server side: tells the load side its port, and answers its requests: "cpu" with `CpuTimes`,
 * "stats" with what `stats` returns (bench/server-stats.ts: event-loop delay, GC, store calls).
 */
export function reportToParent(port: number, stats: () => unknown = () => null): void {
  process.on("message", (message) => {
    if (message === "cpu") {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMicros: user + system, mainThreadMicros: mainThreadCpuMicros() } satisfies CpuTimes);
    } else if (message === "stats") {
      process.send!({ stats: stats() });
    }
  });
  process.send!({ port });
}

/** The main thread's CPU time in µs from /proc (10 ms ticks), or NaN where there is no /proc. */
function mainThreadCpuMicros(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Load side: starts `file --serve target ...args` in a child process (with `node` flags of its
 * own) and waits for its port.
 */
export function startChild(file: string, target: string, execArgv: string[] = [], args: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(file, ["--serve", target, ...args], { execArgv: ["--import", "tsx", ...execArgv], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${target} server did not start within 30 s`)), 30_000);
    child.once("message", (message) => {
      clearTimeout(timer);
      resolve({ child, port: (message as { port: number }).port });
    });
    child.once("exit", (code) => reject(new Error(`${target} server exited with ${code}`)));
  });
}

/** Asks the child (`reportToParent`) for one message and resolves with its reply. */
function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (reply) => resolve(reply as T));
    child.send(message);
  });
}

/** The child's CPU time so far (all threads, and its main thread), in µs. */
export function childCpu(child: ChildProcess): Promise<CpuTimes> {
  return ask<CpuTimes>(child, "cpu");
}

/** The child's CPU time so far (all threads), in µs. */
export async function childCpuMicros(child: ChildProcess): Promise<number> {
  return (await childCpu(child)).cpuMicros;
}

/** What the child's `stats` function returns now (bench/server-stats.ts); null when it keeps none. */
export async function childStats<T>(child: ChildProcess): Promise<T | null> {
  return (await ask<{ stats: T | null }>(child, "stats")).stats;
}

/** This process's CPU time so far (user + system), in µs. */
export function ownCpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** One keep-alive POST of a JSON body; resolves with the status and the body's text. */
export function post(agent: http.Agent, port: number, path: string, body: string, authorization: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, path, method: "POST", agent, headers: { authorization, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** The middle of sorted values (the mean of the two middle ones for an even count). */
export function median(sorted: number[]): number {
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2 : (sorted[Math.floor(mid)] ?? Number.NaN);
}

/** The median of unsorted values. */
export function medianOf(values: number[]): number {
  return median([...values].sort((a, b) => a - b));
}

/** The value below which `p` per cent of the sorted values fall. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Milliseconds elapsed since `start` (a `process.hrtime.bigint()`). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
