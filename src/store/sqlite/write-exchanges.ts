/**
 * The SQL half of the SQLite store's group commit: writes a batch of queued VCA exchanges in one
 * transaction. Per exchange that is one row appended to `vca_exchanges` and one update of the
 * session's row by its integer key, both on recent pages; a session's first commit inserts its
 * row (the only write to the random `session_id` index) and learns its key.
 */
import type Database from "better-sqlite3";
import { ACTIVE_STATUS, type VcaExchange } from "../types.js";
import type { HotSession } from "./session-cache.js";
import type { Statements } from "./statements.js";

/** An answered VCA waiting for the group commit, its JSON texts made when it was recorded. */
export interface QueuedExchange {
  session: HotSession;
  exchange: VcaExchange;
  receivedText: string;
  answerText: string;
  /** Null keeps the stored variables (a fallback). */
  varsText: string | null;
}

/** Commits a batch, all or nothing; throws what SQLite threw (nothing is written then). */
export type ExchangeWriter = (batch: readonly QueuedExchange[]) => void;

/** Made once per store: better-sqlite3 builds a transaction function at some cost (~7 µs). */
export function prepareExchangeWriter(db: Database.Database, sql: Statements): ExchangeWriter {
  const write = db.transaction((batch: readonly QueuedExchange[]) => {
    for (const queued of batch) writeOne(sql, queued);
  });
  return (batch) => write.immediate(batch);
}

function writeOne(sql: Statements, queued: QueuedExchange): void {
  const { session, exchange: x } = queued;
  const receivedAt = x.receivedAt.toISOString();
  const answeredAt = x.answeredAt.toISOString();
  // The common case: the row exists and its key is known. Else (the session's first commit, or
  // its row removed behind our back) the row is made; either way the key is learned here, and
  // rolled back with the batch on failure (the store then forgets the entry).
  const updated = session.no !== null && updateSession(sql, queued, answeredAt, session.no);
  if (!updated) session.no = insertSession(sql, queued, receivedAt, answeredAt);
  sql.insertExchange.run(session.no, x.eventId, receivedAt, queued.receivedText, answeredAt, queued.answerText, x.fallbackReason);
}

/** Counts the exchange into the session's row; false when there is no such row. */
function updateSession(sql: Statements, queued: QueuedExchange, answeredAt: string, no: number): boolean {
  const x = queued.exchange;
  return sql.updateSession.run(queued.varsText, x.subAccountId, x.callDirection, x.source, x.destination, answeredAt, no).changes > 0;
}

/** Inserts the session's row, or merges into the one a summary made first; returns its key. */
function insertSession(sql: Statements, queued: QueuedExchange, receivedAt: string, answeredAt: string): number {
  const x = queued.exchange;
  const inserted = sql.insertSession.run(
    x.sessionId, x.subAccountId, ACTIVE_STATUS, x.callDirection, x.source, x.destination, queued.varsText ?? "{}", receivedAt, answeredAt,
  );
  if (inserted.changes > 0) return Number(inserted.lastInsertRowid);
  // A VSS arrived before this late VCA: its row keeps its status, the VCA fills in the rest.
  const no = sql.sessionNo.get(x.sessionId) as number;
  updateSession(sql, queued, answeredAt, no);
  return no;
}
