/**
 * How worker-rpc starts a thread by default. Run from the built package, the worker module is the
 * `.js` file itself. Run from TypeScript sources (vitest, `node --import tsx`), the module is
 * `.ts`, which a Node 20 worker cannot load: the thread starts in `ts-bootstrap.mjs`, which
 * registers tsx and then imports it. No code is run through eval either way.
 *
 * @example
 * const worker = spawnWorker(new URL("./my-worker.js", import.meta.url), { workerData: { path } });
 */
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** Makes the Worker for a module; tests inject their own to reach the thread (see startRpcWorker). */
export type WorkerFactory = (entry: URL, options: WorkerOptions) => Worker;

/**
 * The module beside `base` named `name` (without extension), as `.js` in the built package and
 * `.ts` when `base` is TypeScript source.
 */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${fileURLToPath(base).endsWith(".ts") ? ".ts" : ".js"}`, base);
}

export const spawnWorker: WorkerFactory = (entry, options) => {
  const settings = { execArgv: workerExecArgv(), ...options };
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, settings);
  const workerData = { ...(options.workerData as object | undefined), __tsEntry: entry.href };
  return new Worker(new URL("./ts-bootstrap.mjs", import.meta.url), { ...settings, workerData });
};

/**
 * The process's own flags, less `--input-type`: a worker inherits them, and a script run with
 * `node --input-type=module -e` would otherwise start a worker from a file with a flag Node
 * refuses for files.
 */
function workerExecArgv(): string[] {
  const flags: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const flag = process.execArgv[i] as string;
    if (flag === "--input-type") i++;
    else if (!flag.startsWith("--input-type=")) flags.push(flag);
  }
  return flags;
}
