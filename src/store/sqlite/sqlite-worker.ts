/**
 * The SQLite store's worker thread: it owns the one better-sqlite3 connection, so the commits,
 * their fsyncs, the WAL checkpoints and cache-miss reads happen here, off the event loop that
 * answers webhooks. Started by `start-worker.ts`; the main-thread half is `worker-link.ts`.
 *
 * Boot: open and migrate the database, post a `BootReply` on the port, then set and notify
 * `signal[0]` (the main thread waits on it, so `openSqliteStore` stays synchronous). Then it
 * answers requests in the order they arrive, one at a time, and checkpoints on a timer.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import { databaseOperations, type WorkerDatabase } from "./database-operations.js";
import { openDatabase } from "./open-database.js";
import { toWireError, type BootReply, type WorkerBoot, type WorkerReply, type WorkerRequest } from "./protocol.js";

function boot({ options, signal, port }: WorkerBoot): void {
  let database: WorkerDatabase | undefined;
  let reply: BootReply;
  try {
    database = databaseOperations(openDatabase(options));
    reply = { ok: true };
  } catch (error) {
    reply = { ok: false, error: toWireError(error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
  if (database) serve(database, port, options.checkpointIntervalMs);
}

function serve(database: WorkerDatabase, port: MessagePort, checkpointIntervalMs: number): void {
  const checkpoints = setInterval(() => {
    try {
      database.checkpoint();
    } catch {
      // A failing checkpoint only lets the WAL grow; writes report real failures themselves.
    }
  }, checkpointIntervalMs);
  port.on("message", (request: WorkerRequest) => {
    if (request.op === "crash") {
      // Test hook: an uncaught error, as a bug in this thread would throw.
      setImmediate(() => {
        throw new Error("the SQLite worker was told to crash (test hook)");
      });
      return;
    }
    if (request.op === "close") clearInterval(checkpoints);
    port.postMessage(run(database, request));
  });
}

function run(database: WorkerDatabase, request: Exclude<WorkerRequest, { op: "crash" }>): WorkerReply {
  try {
    const operation = database[request.op] as (...args: unknown[]) => unknown;
    return { id: request.id, ok: true, value: operation(...request.args) };
  } catch (error) {
    return { id: request.id, ok: false, error: toWireError(error) };
  }
}

boot(workerData as WorkerBoot);
