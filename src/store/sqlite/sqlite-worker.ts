/**
 * The SQLite store's worker thread: it owns the one better-sqlite3 connection, so commits, their
 * fsyncs, the WAL checkpoints and cache-miss reads happen here, off the event loop that answers
 * webhooks. It serves the plain operations of `database.ts` through worker-rpc (one call at a
 * time, in order), takes exchange batches packed (see exchange-batch.ts) and checkpoints the WAL
 * on a timer. Started by `openSqliteStore`.
 */
import { serveRpc } from "../../util/index.js";
import { openSqliteDatabase } from "./database.js";
import { unpackExchanges } from "./exchange-batch.js";
import type { DatabaseOptions, WorkerOperations } from "./records.js";

serveRpc((data): WorkerOperations => {
  const options = data as DatabaseOptions;
  const { writeExchanges, checkpoint, close, ...operations } = openSqliteDatabase(options);
  const checkpoints = setInterval(() => {
    try {
      checkpoint();
    } catch {
      // A failing checkpoint only lets the WAL grow; writes report real failures themselves.
    }
  }, options.checkpointIntervalMs);
  return {
    ...operations,
    writePackedExchanges: (batch) => writeExchanges(unpackExchanges(batch)),
    close() {
      clearInterval(checkpoints);
      close();
    },
  };
});
