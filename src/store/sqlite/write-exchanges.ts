/**
 * The SQL half of the SQLite store's group commit (runs in the store's worker thread): writes a
 * batch of VCA exchanges in one transaction. Per exchange that is one row appended to
 * `vca_exchanges`, on recent pages. The session's row is written only when it must change: a
 * session's first commit inserts it (the only write to the random `session_id` index) and learns
 * its key, which goes back to the main thread's cache with the reply; later exchanges update it
 * only when their variables differ from what this thread last wrote there, or when the row may
 * lack the caller's details. Its VCA count and last answer time are read from the exchanges.
 */
import type Database from "better-sqlite3";
import { ACTIVE_STATUS } from "../types.js";
import { epochMsToIso } from "./iso-time.js";
import type { ExchangeRecord } from "./records.js";
import type { Statements } from "./statements.js";

/** Commits a batch, all or nothing, and returns each record's session key; throws what SQLite threw. */
export type ExchangeWriter = (batch: readonly ExchangeRecord[]) => number[];

/** Rows whose contents this thread remembers; past this many it starts over. */
const ROWS_REMEMBERED = 100_000;

/**
 * What this thread knows a session's row holds, by key: its variables' text, for rows it wrote
 * with all four caller details (sub-account, direction, source, destination). An exchange whose
 * variables are the same has nothing to add to such a row. Rows it has not written (read by the
 * main thread from the file, or made by a VSS) are written once, then known.
 */
type KnownRows = Map<number, string>;

/** Made once per store: better-sqlite3 builds a transaction function at some cost (~7 µs). */
export function prepareExchangeWriter(db: Database.Database, sql: Statements): ExchangeWriter {
  const known: KnownRows = new Map();
  const write = db.transaction((batch: readonly ExchangeRecord[]): number[] => {
    // Keys learned in this batch: a new session's later exchanges in the same batch use them.
    const learned = new Map<string, number>();
    return batch.map((record) => writeOne(sql, record, learned, known));
  });
  return (batch) => {
    try {
      return write.immediate(batch);
    } catch (error) {
      // Rolled back: what this batch wrote is not there, and its new keys may be given again.
      known.clear();
      throw error;
    } finally {
      if (known.size > ROWS_REMEMBERED) known.clear();
    }
  };
}

function writeOne(sql: Statements, x: ExchangeRecord, learned: Map<string, number>, known: KnownRows): number {
  const receivedAt = epochMsToIso(x.receivedAt);
  const answeredAt = epochMsToIso(x.answeredAt);
  // The common case: the row exists and its key is known. Else (the session's first commit, a
  // key the main thread has not heard of yet) the row is found or made; a rolled-back batch
  // takes it back with it (the store then forgets the session).
  const key = x.sessionNo ?? learned.get(x.sessionId) ?? null;
  const holds = key === null ? undefined : known.get(key);
  let no: number;
  if (key !== null && holds !== undefined && (x.varsText === null || x.varsText === holds)) {
    no = key;
  } else if (key !== null && updateSession(sql, x, key, known)) {
    no = key;
  } else {
    no = insertSession(sql, x, receivedAt, answeredAt, known);
    learned.set(x.sessionId, no);
  }
  sql.insertExchange.run(no, x.eventId, receivedAt, x.receivedText, answeredAt, x.answerText, x.fallbackReason, x.menu, x.keys, x.nextMenu);
  return no;
}

const hasDetails = (x: ExchangeRecord) => x.subAccountId !== null && x.callDirection !== null && x.source !== null && x.destination !== null;

/** Writes the variables (null keeps them) and fills the details the row lacks; false when there is no such row. */
function updateSession(sql: Statements, x: ExchangeRecord, no: number, known: KnownRows): boolean {
  const updated = sql.updateSession.run(x.varsText, x.subAccountId, x.callDirection, x.source, x.destination, x.flowFingerprint, no).changes > 0;
  // Variables kept (null): what the row holds is not known here, so nothing is remembered.
  if (updated && hasDetails(x) && x.varsText !== null) known.set(no, x.varsText);
  else known.delete(no);
  return updated;
}

/**
 * Inserts the session's row, or updates the one that exists already (made by a summary that came
 * first, or by an earlier batch whose key the main thread had not received); returns its key.
 */
function insertSession(sql: Statements, x: ExchangeRecord, receivedAt: string, answeredAt: string, known: KnownRows): number {
  const varsText = x.varsText ?? "{}";
  const inserted = sql.insertSession.run(x.sessionId, x.subAccountId, ACTIVE_STATUS, x.callDirection, x.source, x.destination, varsText, x.flowFingerprint, receivedAt, answeredAt);
  if (inserted.changes > 0) {
    const no = Number(inserted.lastInsertRowid);
    if (hasDetails(x)) known.set(no, varsText);
    return no;
  }
  // The row exists: it keeps its status (a VSS may have set it), the VCA fills in the rest.
  const no = sql.sessionNo.get(x.sessionId) as number;
  updateSession(sql, x, no, known);
  return no;
}
