/**
 * The SQL half of the SQLite store's group commit (runs in the store's worker thread): writes a
 * batch of VCA exchanges in one transaction. Per exchange that is one row appended to
 * `vca_exchanges` and one update of the session's row by its integer key, both on recent pages;
 * a session's first commit inserts its row (the only write to the random `session_id` index) and
 * learns its key, which goes back to the main thread's cache with the reply.
 */
import type Database from "better-sqlite3";
import { ACTIVE_STATUS } from "../types.js";
import { isoTime } from "./iso-time.js";
import type { ExchangeRecord } from "./protocol.js";
import type { Statements } from "./statements.js";

/** Commits a batch, all or nothing, and returns each record's session key; throws what SQLite threw. */
export type ExchangeWriter = (batch: readonly ExchangeRecord[]) => number[];

/** Made once per store: better-sqlite3 builds a transaction function at some cost (~7 µs). */
export function prepareExchangeWriter(db: Database.Database, sql: Statements): ExchangeWriter {
  const write = db.transaction((batch: readonly ExchangeRecord[]): number[] => {
    // Keys learned in this batch: a new session's later exchanges in the same batch use them.
    const learned = new Map<string, number>();
    return batch.map((record) => writeOne(sql, record, learned));
  });
  return (batch) => write.immediate(batch);
}

function writeOne(sql: Statements, x: ExchangeRecord, learned: Map<string, number>): number {
  const receivedAt = isoTime(x.receivedAt);
  const answeredAt = isoTime(x.answeredAt);
  // The common case: the row exists and its key is known. Else (the session's first commit, a
  // key the main thread has not heard of yet, or a row removed behind our back) the row is found
  // or made; a rolled-back batch takes it back with it (the store then forgets the session).
  const known = x.sessionNo ?? learned.get(x.sessionId) ?? null;
  let no: number;
  if (known !== null && updateSession(sql, x, answeredAt, known)) {
    no = known;
  } else {
    no = insertSession(sql, x, receivedAt, answeredAt);
    learned.set(x.sessionId, no);
  }
  sql.insertExchange.run(no, x.eventId, receivedAt, x.receivedText, answeredAt, x.answerText, x.fallbackReason);
  return no;
}

/** Counts the exchange into the session's row; false when there is no such row. */
function updateSession(sql: Statements, x: ExchangeRecord, answeredAt: string, no: number): boolean {
  return sql.updateSession.run(x.varsText, x.subAccountId, x.callDirection, x.source, x.destination, answeredAt, no).changes > 0;
}

/**
 * Inserts the session's row, or counts into the one that exists already (made by a summary that
 * came first, or by an earlier batch whose key the main thread had not received); returns its key.
 */
function insertSession(sql: Statements, x: ExchangeRecord, receivedAt: string, answeredAt: string): number {
  const inserted = sql.insertSession.run(
    x.sessionId, x.subAccountId, ACTIVE_STATUS, x.callDirection, x.source, x.destination, x.varsText ?? "{}", receivedAt, answeredAt,
  );
  if (inserted.changes > 0) return Number(inserted.lastInsertRowid);
  // The row exists: it keeps its status (a VSS may have set it), the VCA fills in the rest.
  const no = sql.sessionNo.get(x.sessionId) as number;
  updateSession(sql, x, answeredAt, no);
  return no;
}
