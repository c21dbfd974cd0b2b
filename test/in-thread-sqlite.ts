/**
 * The SQLite store's write-behind part over the plain database operations in this thread, with no
 * worker: what `openSqliteStore` builds, less the thread. Tests that are about the write-behind
 * rules (or run the contract suite many times) use it; opening it costs no worker start.
 */
import { openSqliteDatabase } from "../src/store/sqlite/database.js";
import { unpackExchanges } from "../src/store/sqlite/exchange-batch.js";
import type { SqliteOperations, WorkerOperations } from "../src/store/sqlite/records.js";
import { WriteBehindStore, type WriteBehindOptions } from "../src/store/sqlite/write-behind.js";
import { inThreadRemote } from "./in-thread-remote.js";

/** What the store's worker serves, run in this thread (without its checkpoint timer). */
export function workerOperationsInThread(path: string): WorkerOperations & Pick<SqliteOperations, "writeExchanges"> {
  const { checkpoint: _checkpoint, ...operations } = openSqliteDatabase({ path, exclusive: true, busyTimeoutMs: 1000, checkpointIntervalMs: 0 });
  return { ...operations, writePackedExchanges: (batch) => operations.writeExchanges(unpackExchanges(batch)) };
}

/** A write-behind store over the file at `path`, opened as `openSqliteStore` opens it, in this thread. */
export async function openInThreadWriteBehind(path: string, options: WriteBehindOptions = {}): Promise<WriteBehindStore> {
  const store = new WriteBehindStore(inThreadRemote<WorkerOperations>(workerOperationsInThread(path)), options);
  await store.trackSessions();
  return store;
}
