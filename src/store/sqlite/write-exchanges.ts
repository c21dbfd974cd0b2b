/**
 * The SQL half of the SQLite store's group commit (runs in the store's worker thread): writes a
 * batch of VCA exchanges in one transaction. Per exchange that is one row appended to
 * `vca_exchanges`, on recent pages. The session's row is written only when it must change: a
 * session's first commit inserts it (the only write to the random `session_id` index) and learns
 * its key, which goes back to the main thread's cache with the reply; later exchanges update it
 * only when the variables changed (the main thread sends them only then) or when the row still
 * lacks the caller's details. Its VCA count and last answer time are read from the exchanges.
 */
import type Database from "better-sqlite3";
import { ACTIVE_STATUS } from "../types.js";
import { isoTime } from "./iso-time.js";
import type { ExchangeRecord } from "./protocol.js";
import type { Statements } from "./statements.js";

/** Commits a batch, all or nothing, and returns each record's session key; throws what SQLite threw. */
export type ExchangeWriter = (batch: readonly ExchangeRecord[]) => number[];

/** Session keys whose rows are known to hold the caller's details; past this many it starts over. */
const COMPLETE_ROWS_KEPT = 100_000;

/** Made once per store: better-sqlite3 builds a transaction function at some cost (~7 µs). */
export function prepareExchangeWriter(db: Database.Database, sql: Statements): ExchangeWriter {
  // Rows this thread has written or updated with all four details (sub-account, direction,
  // source, destination): a later exchange with unchanged variables has nothing to add to them.
  const complete = new Set<number>();
  const write = db.transaction((batch: readonly ExchangeRecord[]): number[] => {
    // Keys learned in this batch: a new session's later exchanges in the same batch use them.
    const learned = new Map<string, number>();
    return batch.map((record) => writeOne(sql, record, learned, complete));
  });
  return (batch) => {
    try {
      return write.immediate(batch);
    } catch (error) {
      // Rolled back: rows it marked complete may not exist, and their keys may be given again.
      complete.clear();
      throw error;
    } finally {
      if (complete.size > COMPLETE_ROWS_KEPT) complete.clear();
    }
  };
}

function writeOne(sql: Statements, x: ExchangeRecord, learned: Map<string, number>, complete: Set<number>): number {
  const receivedAt = isoTime(x.receivedAt);
  const answeredAt = isoTime(x.answeredAt);
  // The common case: the row exists and its key is known. Else (the session's first commit, a
  // key the main thread has not heard of yet) the row is found or made; a rolled-back batch
  // takes it back with it (the store then forgets the session).
  const known = x.sessionNo ?? learned.get(x.sessionId) ?? null;
  let no: number;
  if (known !== null && x.varsText === null && complete.has(known)) {
    no = known;
  } else if (known !== null && updateSession(sql, x, known, complete)) {
    no = known;
  } else {
    no = insertSession(sql, x, receivedAt, answeredAt, complete);
    learned.set(x.sessionId, no);
  }
  sql.insertExchange.run(no, x.eventId, receivedAt, x.receivedText, answeredAt, x.answerText, x.fallbackReason);
  return no;
}

const hasDetails = (x: ExchangeRecord) => x.subAccountId !== null && x.callDirection !== null && x.source !== null && x.destination !== null;

/** Writes the variables (null keeps them) and fills the details the row lacks; false when there is no such row. */
function updateSession(sql: Statements, x: ExchangeRecord, no: number, complete: Set<number>): boolean {
  const updated = sql.updateSession.run(x.varsText, x.subAccountId, x.callDirection, x.source, x.destination, no).changes > 0;
  if (updated && hasDetails(x)) complete.add(no);
  return updated;
}

/**
 * Inserts the session's row, or updates the one that exists already (made by a summary that came
 * first, or by an earlier batch whose key the main thread had not received); returns its key.
 */
function insertSession(sql: Statements, x: ExchangeRecord, receivedAt: string, answeredAt: string, complete: Set<number>): number {
  const inserted = sql.insertSession.run(
    x.sessionId, x.subAccountId, ACTIVE_STATUS, x.callDirection, x.source, x.destination, x.varsText ?? "{}", receivedAt, answeredAt,
  );
  if (inserted.changes > 0) {
    const no = Number(inserted.lastInsertRowid);
    if (hasDetails(x)) complete.add(no);
    return no;
  }
  // The row exists: it keeps its status (a VSS may have set it), the VCA fills in the rest.
  const no = sql.sessionNo.get(x.sessionId) as number;
  updateSession(sql, x, no, complete);
  return no;
}
