/**
 * The embedded store: one SQLite file through better-sqlite3, in WAL mode, created and migrated
 * on first open. Three parts, one job each:
 *
 * - `database.ts`: the plain synchronous operations (schema, migrations, statements);
 * - a worker thread (`sqlite-worker.ts`, through `util/worker-rpc`) that owns the connection, so
 *   commits, fsyncs, checkpoints and reads never block the event loop that answers webhooks;
 * - `write-behind.ts`: the session cache and the group commit of VCA exchanges, with the
 *   `vcaWrites` switch (what a crash may lose: docs/store.md).
 *
 * @example
 * const store = await openSqliteStore({ path: "./switchboard.db" });
 * await store.ping();
 */
import { siblingModule, startRpcWorker, type WireError, type WorkerFactory } from "../../util/index.js";
import { STORE_ERROR_CODES, StoreError, unavailable, type StoreErrorCode } from "../errors.js";
import type { StoreWithOutbound } from "../outbound-types.js";
import type { WorkerOperations } from "./records.js";
import { WriteBehindStore, type WriteBehindOptions } from "./write-behind.js";

export type { VcaWrites } from "./write-behind.js";

/**
 * What `openSqliteStore` takes: the file, and how it is held; `vcaWrites` and the write-behind
 * settings come from `WriteBehindOptions`.
 */
export interface SqliteStoreOptions extends WriteBehindOptions {
  /** The database file; created with its folder when missing. `:memory:` works for throwaway use. */
  path: string;
  /**
   * Hold the file for this process alone (default true): much faster, and a second server on the
   * same file is refused instead of fighting over it. Use Postgres to share work between processes.
   */
  exclusive?: boolean;
  /** How long to wait for a lock held by another process; default 5000 ms. */
  busyTimeoutMs?: number;
  /** How often the WAL is folded back into the database file; default 1000 ms. */
  checkpointIntervalMs?: number;
  /** How long opening (a migration of a big file included) may take; default 30 s. */
  openTimeoutMs?: number;
  /** Makes the worker thread; tests inject one to reach it. Default: worker-rpc's `spawnWorker`. */
  workerFactory?: WorkerFactory;
}

/** Opens (creating and migrating when needed) a SQLite store; rejects with a StoreError when it cannot. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<StoreWithOutbound> {
  const operation = `opening ${options.path}`;
  try {
    const worker = await startRpcWorker<WorkerOperations>({
      entry: siblingModule(import.meta.url, "sqlite-worker"),
      name: "the SQLite worker",
      data: {
        path: options.path,
        exclusive: options.exclusive !== false,
        busyTimeoutMs: options.busyTimeoutMs ?? 5000,
        checkpointIntervalMs: options.checkpointIntervalMs ?? 1000,
      },
      bootTimeoutMs: options.openTimeoutMs ?? 30_000,
      reviveError: reviveStoreError,
      ...(options.workerFactory ? { factory: options.workerFactory } : {}),
    });
    const store = new WriteBehindStore(worker, options);
    if (options.exclusive !== false) await store.trackSessions();
    return store;
  } catch (error) {
    throw unavailable(operation, error);
  }
}

const KNOWN_CODES = new Set<string>(Object.values(STORE_ERROR_CODES));

/**
 * A StoreError thrown in the worker comes back as one, code and message; anything else as an
 * Error with its driver code (`SQLITE_CONSTRAINT_NOTNULL`), so `unavailable` can tell a refused value.
 */
function reviveStoreError(wire: WireError): Error {
  if (wire.code !== null && KNOWN_CODES.has(wire.code)) return new StoreError(wire.code as StoreErrorCode, wire.message);
  return Object.assign(new Error(wire.message), { name: wire.name, ...(wire.code === null ? {} : { code: wire.code }) });
}
