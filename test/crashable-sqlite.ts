/**
 * A real SQLite store whose worker thread a test can crash (an uncaught error in the thread) or
 * kill (terminate), through the store's injected worker factory.
 */
import type { Worker } from "node:worker_threads";
import { openSqliteStore, type SqliteStoreOptions, type Store } from "../src/store/index.js";
import { spawnWorker } from "../src/util/index.js";

export interface CrashableStore {
  store: Store;
  /** Ends the worker as the given way; resolves once it is gone. */
  stop(how: "crash" | "terminate"): Promise<void>;
}

const entry = new URL("./fixtures/crashable-sqlite-worker.ts", import.meta.url);

export async function openCrashableSqliteStore(options: SqliteStoreOptions): Promise<CrashableStore> {
  let worker: Worker | undefined;
  const store = await openSqliteStore({ ...options, workerFactory: (_entry, workerOptions) => (worker = spawnWorker(entry, workerOptions)) });
  const thread = worker as Worker;
  return {
    store,
    stop(how) {
      const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
      if (how === "crash") thread.postMessage({ hook: "crash" });
      else void thread.terminate();
      return exited;
    },
  };
}
