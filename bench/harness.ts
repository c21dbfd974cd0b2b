/**
 * What the benchmarks share: a server in a child process of its own (so the load loop does not
 * share its event loop), its CPU time, keep-alive HTTP posts from the load side, and the figures
 * (percentiles, the median of per-round ratios). Each benchmark file is both the load side and,
 * run with `--serve <target>`, the server side.
 */
import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";

export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name}: expected a positive whole number`);
  return value;
}

/** Server side: tells the load side its port, and answers its requests for CPU time. */
export function reportToParent(port: number): void {
  process.on("message", (message) => {
    if (message === "cpu") {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMicros: user + system });
    }
  });
  process.send!({ port });
}

/** Load side: starts `file --serve target` in a child process (with `node` flags of its own) and waits for its port. */
export function startChild(file: string, target: string, execArgv: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(file, ["--serve", target], { execArgv: ["--import", "tsx", ...execArgv], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${target} server did not start within 30 s`)), 30_000);
    child.once("message", (message) => {
      clearTimeout(timer);
      resolve({ child, port: (message as { port: number }).port });
    });
    child.once("exit", (code) => reject(new Error(`${target} server exited with ${code}`)));
  });
}

/** The child's CPU time so far (all threads), in µs. */
export function childCpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve((message as { cpuMicros: number }).cpuMicros));
    child.send("cpu");
  });
}

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

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
