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

/** Flags a worker inherits: the ones that load code (a TypeScript loader, preloads) or shape its output. */
const INHERITED_FLAGS = new Set(["--import", "--require", "-r", "--loader", "--experimental-loader", "--conditions", "-C", "--enable-source-maps", "--no-warnings", "--no-deprecation", "--trace-warnings"]);
/** Of those, the ones that take a value (as `--flag value` or `--flag=value`). */
const FLAGS_WITH_VALUE = new Set(["--import", "--require", "-r", "--loader", "--experimental-loader", "--conditions", "-C"]);

/**
 * The process's own flags that a worker needs (a loader, preloads): a worker refuses per-process
 * flags (`--max-old-space-size`, `--expose-gc`, `--input-type`...), and inheriting them all made
 * `node --max-old-space-size=512 switchboard serve` fail to open its SQLite store.
 */
function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const name = flag.includes("=") ? flag.slice(0, flag.indexOf("=")) : flag;
    const takesNext = FLAGS_WITH_VALUE.has(name) && !flag.includes("=");
    if (INHERITED_FLAGS.has(name)) flags.push(...(takesNext && i + 1 < argv.length ? [flag, argv[i + 1] as string] : [flag]));
    if (takesNext) i++;
  }
  return flags;
}

/** For tests: which of `argv` a worker inherits. */
export const inheritedWorkerFlags = workerExecArgv;
