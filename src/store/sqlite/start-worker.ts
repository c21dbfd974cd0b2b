/**
 * Starts the SQLite store's worker thread. The package runs compiled: the worker is
 * `sqlite-worker.js` beside this file. Tests (vitest) and `node --import tsx` run the `.ts`
 * sources, and a Node 20 worker cannot load TypeScript (nor does `execArgv: ["--import", "tsx"]`
 * help), so then the worker registers tsx's loader first and imports `sqlite-worker.ts`.
 *
 * Both go through a few lines of eval'd bootstrap that report a worker that cannot even load
 * (a missing file, a broken install) as a failed boot, so the main thread's synchronous wait ends
 * at once with the reason instead of at its timeout.
 *
 * @example
 * const worker = startWorker({ options, signal, port }, [port]);
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type Transferable } from "node:worker_threads";
import type { WorkerBoot } from "./protocol.js";

export function startWorker(workerData: WorkerBoot, transferList: Transferable[]): Worker {
  const typescript = fileURLToPath(import.meta.url).endsWith(".ts");
  const entry = new URL(typescript ? "./sqlite-worker.ts" : "./sqlite-worker.js", import.meta.url).href;
  return new Worker(bootstrap(entry, typescript ? tsxApiUrl() : null), { eval: true, workerData, transferList });
}

/**
 * Valid as a script and as a module (a worker inherits `--input-type=module` from `node -e`),
 * so it uses nothing but `import()`.
 */
function bootstrap(entry: string, tsxApi: string | null): string {
  const register = tsxApi === null ? "undefined" : `import(${JSON.stringify(tsxApi)}).then((api) => api.register())`;
  return `
    import("node:worker_threads").then(({ workerData }) =>
      Promise.resolve()
        .then(() => ${register})
        .then(() => import(${JSON.stringify(entry)}))
        .catch((error) => {
          if (Atomics.load(workerData.signal, 0) !== 0) throw error;
          const message = "the SQLite worker could not start: " + (error && error.message ? error.message : String(error));
          workerData.port.postMessage({ ok: false, error: { code: null, message } });
          Atomics.store(workerData.signal, 0, 1);
          Atomics.notify(workerData.signal, 0);
        }));
  `;
}

/**
 * The file URL of tsx's ESM API (its `import` export), found from this file whatever the cwd.
 * `require.resolve` gives the CommonJS build, whose `register()` cannot find its loader; vitest
 * has no `import.meta.resolve`. So: the package's own exports map.
 */
function tsxApiUrl(): string {
  const manifestPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { exports: Record<string, { import: string | { default: string } }> };
  const target = manifest.exports["./esm/api"]?.import;
  if (target === undefined) throw new Error(`${manifestPath} exports no "./esm/api"`);
  return pathToFileURL(join(dirname(manifestPath), typeof target === "string" ? target : target.default)).href;
}
