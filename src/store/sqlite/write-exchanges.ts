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
import type { FlowCounts } from "./flow-counts.js";
import type { Statements } from "./statements.js";

/** Commits a batch, all or nothing, and returns each record's session key; throws what SQLite threw. */
export type ExchangeWriter = (batch: readonly ExchangeRecord[]) => number[];

/** Rows whose contents this thread remembers; past this many it starts over. */
const ROWS_REMEMBERED = 100_000;

/**
 * The session rows this thread wrote with all four caller details (sub-account, direction, source,
 * destination), by row key: the variables' text written, and whether the row has a flow
 * fingerprint. An exchange whose variables are the same has nothing to add to such a row, unless
 * it brings a fingerprint the row lacks (the session's flow is the first one a VCA names). Rows it
 * has not written (read by the main thread from the file, or made by a VSS) are written once, then
 * remembered.
 */
type RowsWritten = Map<number, { varsText: string; hasFlow: boolean }>;

/** Made once per store: better-sqlite3 builds a transaction function at some cost (~7 µs). */
export function prepareExchangeWriter(db: Database.Database, sql: Statements, counts: FlowCounts): ExchangeWriter {
  const rowsWritten: RowsWritten = new Map();
  const write = db.transaction((batch: readonly ExchangeRecord[]): number[] => {
    // Row keys of sessions inserted by this batch: their later exchanges in it use them.
    const insertedKeys = new Map<string, number>();
    return batch.map((record) => writeOne(sql, counts, record, insertedKeys, rowsWritten));
  });
  return (batch) => {
    try {
      return write.immediate(batch);
    } catch (error) {
      // Rolled back: what this batch wrote is not there, and its new keys may be given again.
      rowsWritten.clear();
      counts.forget();
      throw error;
    } finally {
      if (rowsWritten.size > ROWS_REMEMBERED) rowsWritten.clear();
    }
  };
}

function writeOne(sql: Statements, counts: FlowCounts, record: ExchangeRecord, insertedKeys: Map<string, number>, rowsWritten: RowsWritten): number {
  const receivedAt = epochMsToIso(record.receivedAt);
  const answeredAt = epochMsToIso(record.answeredAt);
  // The common case: the row exists and its key is known. Else (the session's first commit, a
  // key the main thread has not heard of yet) the row is found or made; a rolled-back batch
  // takes it back with it (the store then forgets the session).
  const knownKey = record.sessionKey ?? insertedKeys.get(record.sessionId) ?? null;
  const written = knownKey === null ? undefined : rowsWritten.get(knownKey);
  let rowKey: number;
  if (knownKey !== null && written !== undefined && (record.varsText === null || record.varsText === written.varsText) && (written.hasFlow || record.flowFingerprint === null)) {
    rowKey = knownKey;
  } else if (knownKey !== null && updateSession(sql, record, knownKey, rowsWritten)) {
    rowKey = knownKey;
  } else {
    rowKey = insertSession(sql, counts, record, receivedAt, answeredAt, rowsWritten);
    insertedKeys.set(record.sessionId, rowKey);
  }
  const inserted = sql.insertExchange.run(rowKey, record.eventId, receivedAt, record.receivedText, answeredAt, record.answerText, record.fallbackReason, record.menu, record.keys, record.nextMenu);
  counts.exchangeStored(record.sessionId, rowKey, Number(inserted.lastInsertRowid), record);
  return rowKey;
}

const hasDetails = (record: ExchangeRecord) => record.subAccountId !== null && record.callDirection !== null && record.source !== null && record.destination !== null;

/** Writes the variables (null keeps them) and fills the details the row lacks; false when there is no such row. */
function updateSession(sql: Statements, record: ExchangeRecord, rowKey: number, rowsWritten: RowsWritten): boolean {
  const updated = sql.updateSession.run(record.varsText, record.subAccountId, record.callDirection, record.source, record.destination, record.flowFingerprint, rowKey).changes > 0;
  // Variables kept (null): what the row holds is not known here, so nothing is remembered.
  // The row has a fingerprint when this record brought one; else it may or may not (a VSS-made or
  // older row), so it is taken as lacking one: the next exchange with a fingerprint updates it.
  if (updated && hasDetails(record) && record.varsText !== null) rowsWritten.set(rowKey, { varsText: record.varsText, hasFlow: record.flowFingerprint !== null });
  else rowsWritten.delete(rowKey);
  return updated;
}

/**
 * Inserts the session's row, or updates the one that exists already (made by a summary that came
 * first, or by an earlier batch whose key the main thread had not received); returns its key.
 */
function insertSession(sql: Statements, counts: FlowCounts, record: ExchangeRecord, receivedAt: string, answeredAt: string, rowsWritten: RowsWritten): number {
  const varsText = record.varsText ?? "{}";
  const inserted = sql.insertSession.run(
    record.sessionId, record.subAccountId, ACTIVE_STATUS, record.callDirection, record.source, record.destination, varsText, record.flowFingerprint, receivedAt, answeredAt,
  );
  if (inserted.changes > 0) {
    const rowKey = Number(inserted.lastInsertRowid);
    counts.sessionStarted(record.sessionId);
    if (hasDetails(record)) rowsWritten.set(rowKey, { varsText, hasFlow: record.flowFingerprint !== null });
    return rowKey;
  }
  // The row exists: it keeps its status (a VSS may have set it), the VCA fills in the rest.
  const rowKey = sql.sessionRowKey.get(record.sessionId) as number;
  updateSession(sql, record, rowKey, rowsWritten);
  return rowKey;
}
