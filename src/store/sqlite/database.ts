/**
 * The SQLite store's plain synchronous operations on its one connection: open (create, migrate),
 * then one method per thing the store does. No threads, no cache, no queue: the write-behind store
 * runs these in its worker thread (`sqlite-worker.ts`), and `DirectSqliteStore` (with the contract
 * suite) calls them in-thread. better-sqlite3 is synchronous, so each runs to its end and no
 * transaction is open between calls.
 *
 * Durability: VCA writes commit with `synchronous=NORMAL` (safe against a crash of this process;
 * the last commits may be lost on power failure, which only costs a caller's menu position).
 * A VSS commits with `synchronous=FULL`, so the 200 the platform gets means it is on disk.
 *
 * @example
 * const db = openSqliteDatabase({ path: "ivr.db", exclusive: true, busyTimeoutMs: 5000, checkpointIntervalMs: 1000 });
 * db.writeExchanges(records); // [sessionKey, ...]
 */
import type Database from "better-sqlite3";
import { parseStoredJson, toSessionRecord, toStoredJob, toTimeline, type ExchangeRow, type JobRow, type SessionRow } from "../rows.js";
import { BloomFilter } from "../../util/index.js";
import { openDatabase } from "./open-database.js";
import type { DatabaseOptions, LoadedSession, SqliteOperations, SummaryRecord } from "./records.js";
import { outboundOperations } from "./outbound-operations.js";
import { prepareStatements } from "./statements.js";
import { sessionLister } from "./session-list.js";
import { sessionReports } from "./report-queries.js";
import { prepareExchangeWriter } from "./write-exchanges.js";
import { flowCounts } from "./flow-counts.js";
import { durableTransaction } from "./durable-transaction.js";

/** Opens (creating and migrating when needed) the file; throws a StoreError when it cannot. */
export function openSqliteDatabase(options: DatabaseOptions): SqliteOperations {
  return databaseOperations(openDatabase(options));
}

function databaseOperations(db: Database.Database): SqliteOperations {
  const sql = prepareStatements(db);
  const counts = flowCounts(db);
  /** A summary's rows (summary, session status, jobs); only when the summary is new. */
  const storeSummary = (summary: SummaryRecord): { created: boolean } => {
    const inserted = sql.insertSummary.run(summary.sessionId, summary.sessionStatus, summary.payloadText, summary.receivedAt);
    if (inserted.changes === 0) return { created: false };
    const { columns } = summary;
    sql.upsertSessionStatus.run({
      session_id: summary.sessionId,
      sub_account_id: summary.subAccountId,
      status: summary.sessionStatus,
      at: summary.receivedAt,
      outcome: columns.outcome,
      error_code: columns.errorCode,
      client_request_id: columns.clientRequestId,
      duration_seconds: columns.durationSeconds,
      mos: columns.mos,
      direction: columns.direction,
      source: columns.source,
      destination: columns.destination,
    });
    for (const job of summary.jobs) sql.insertJob.run(job.key, job.kind, summary.sessionId, job.runAt, job.payloadText, summary.receivedAt);
    return { created: true };
  };
  /** A group of summaries' rows, then their flows' counts: a summary is stored once per session, and ends it (schema 8). */
  const storeSummaries = (group: readonly SummaryRecord[]): { created: boolean }[] => {
    const stored = group.map(storeSummary);
    counts.sessionsEnded(group.filter((_, i) => stored[i]!.created).map((summary) => summary.sessionId));
    return stored;
  };
  const durably = durableTransaction(db);
  const writeExchanges = prepareExchangeWriter(db, sql, counts);
  const listSessions = sessionLister(db);
  const reports = sessionReports(db);
  // A session's row as the hot-session cache needs it, with every eventId it answered.
  const loaded = (row: { session_no: number; vars: string }): LoadedSession => ({
    rowKey: row.session_no,
    varsText: row.vars,
    eventIds: sql.sessionEventIds.all(row.session_no) as string[],
  });
  return {
    ...outboundOperations(db),

    ping() {
      sql.ping.get();
    },

    loadSession(sessionId) {
      const row = sql.hotSession.get(sessionId) as { session_no: number; vars: string } | undefined;
      // No row, no exchanges: every exchange is committed together with its session's row.
      return row ? loaded(row) : null;
    },

    storedAnswer(sessionId, eventId) {
      return (sql.storedAnswer.get(sessionId, eventId) as string | undefined) ?? null;
    },

    writeExchanges(batch) {
      return writeExchanges(batch);
    },

    saveSummary(summary) {
      return durably(() => storeSummaries([summary])[0]!);
    },

    saveSummaries(batch) {
      // One transaction, one fsync for the whole group; if it fails, each summary alone, so one
      // that cannot be written does not fail the others.
      try {
        return durably(() => storeSummaries(batch).map((stored) => ({ ok: true as const, ...stored })));
      } catch {
        return batch.map((summary) => {
          try {
            return { ok: true as const, ...durably(() => storeSummaries([summary])[0]!) };
          } catch (error) {
            const code = (error as { code?: unknown } | null)?.code;
            return { ok: false as const, message: error instanceof Error ? error.message : String(error), code: typeof code === "string" ? code : null };
          }
        });
      }
    },

    recordCallStatus(status) {
      sql.insertCallStatus.run(status.eventId, status.sessionId, status.callId, status.callStatus, status.receivedAt, status.payloadText);
    },

    listSessions(query) {
      return listSessions(query);
    },

    sessionStats(query) {
      return reports.sessionStats(query);
    },

    flowEdgeCounts(query) {
      return reports.flowEdgeCounts(query);
    },

    outcomeSeries(query) {
      return reports.outcomeSeries(query);
    },

    getSession(sessionId) {
      const row = sql.session.get(sessionId) as (SessionRow & { session_no: number }) | undefined;
      if (!row) return null;
      const summary = sql.summary.get(sessionId) as { session_status: string; received_at: string; payload: string } | undefined;
      const exchanges = sql.exchanges.all(row.session_no) as ExchangeRow[];
      const statuses = sql.callStatuses.all(sessionId) as { event_id: string | null; call_id: string | null; call_status: string; at: string; payload: string }[];
      return {
        session: toSessionRecord(row),
        summary: summary ? { sessionStatus: summary.session_status, receivedAt: summary.received_at, payload: parseStoredJson(summary.payload) } : null,
        timeline: toTimeline(exchanges),
        callStatuses: statuses.map((s) => ({ eventId: s.event_id, callId: s.call_id, callStatus: s.call_status, at: s.at, payload: parseStoredJson(s.payload) })),
      };
    },

    listJobs(query) {
      const rows = sql.listJobs.all({ kind: query.kind ?? null, limit: query.limit }) as JobRow[];
      return rows.map(toStoredJob);
    },

    sessionFilter() {
      const count = sql.sessionCount.get() as number;
      const filter = BloomFilter.forCount(Math.max(100_000, count * 2));
      for (const id of sql.sessionIds.iterate() as Iterable<string>) filter.add(id);
      return { bits: filter.bits, count };
    },

    checkpoint() {
      // PASSIVE never waits for readers; whatever it cannot fold now, the next tick will.
      db.pragma("wal_checkpoint(PASSIVE)");
    },

    close() {
      if (db.open) db.close();
    },
  };
}
