/**
 * Opens the SQLite file the way the store needs it (in the store's worker thread, or in-thread for DirectSqliteStore): created
 * with its folder when missing, exclusive, WAL, no automatic checkpoint, migrated.
 *
 * @example
 * const db = openDatabase({ path: "./switchboard.db", exclusive: true, busyTimeoutMs: 5000, checkpointIntervalMs: 1000 });
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { STORE_ERROR_CODES, StoreError, unavailable } from "../errors.js";
import { migrateSqlite } from "./migrate.js";
import type { DatabaseOptions } from "./records.js";

/** Throws a StoreError (UNAVAILABLE, or SCHEMA_TOO_NEW from the migrations) when it cannot. */
export function openDatabase(options: DatabaseOptions): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    // Wait this long for a lock held by another process before giving up (from the first
    // statement on: switching to WAL needs the lock too).
    db = new Database(options.path, { timeout: options.busyTimeoutMs });
    // Exclusive locking: this process owns the file while it is open, so SQLite keeps the WAL
    // index in its own memory and takes no file lock per statement (several syscalls each,
    // which dominated the VCA path). Other processes read through the server's read API.
    if (options.exclusive) db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // SQLite's automatic checkpoint fsyncs the database file every 1000 WAL pages, in the middle
    // of whichever commit crosses the line. The store checkpoints on a timer instead (see sqlite-worker.ts).
    db.pragma("wal_autocheckpoint = 0");
    migrateSqlite(db);
    return db;
  } catch (error) {
    db?.close();
    if (/database is locked/i.test((error as Error).message ?? "")) {
      throw new StoreError(
        STORE_ERROR_CODES.UNAVAILABLE,
        `${options.path} is in use by another process (another switchboard serve?); one server per SQLite file, or share a Postgres database between servers`,
        { cause: error },
      );
    }
    throw unavailable(`opening ${options.path}`, error);
  }
}
