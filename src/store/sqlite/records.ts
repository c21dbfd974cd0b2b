/**
 * The records the SQLite operations take and give. All of it is plain data, because the store's
 * worker thread receives it by structured clone: texts are made by the caller, times travel as
 * epoch numbers or ISO text.
 */
import { summaryColumns, type SummaryColumns } from "../summary-columns.js";
import type { SqliteOutboundOperations } from "./outbound-operations.js";
import type {
  CallStatusInput,
  FallbackReason,
  FlowEdgeCounts,
  FlowEdgeQuery,
  OutcomeSeries,
  OutcomeSeriesQuery,
  ListJobsQuery,
  ListSessionsQuery,
  SessionDetail,
  SessionPage,
  SessionStats,
  SessionStatsQuery,
  SessionSummaryInput,
  StoredJob,
} from "../types.js";

/** What opening the database needs (the cache and queue options stay with the write-behind store). */
export interface DatabaseOptions {
  path: string;
  exclusive: boolean;
  busyTimeoutMs: number;
  checkpointIntervalMs: number;
}

/** One answered VCA of a batch, as the worker writes it (unpacked from `PackedExchanges`). */
export interface ExchangeRecord {
  sessionId: string;
  /** The session row's key when the main thread knows it; null: the worker finds or inserts the row. */
  sessionKey: number | null;
  eventId: string;
  subAccountId: string | null;
  callDirection: string | null;
  source: string | null;
  destination: string | null;
  /** Epoch milliseconds (cheaper than ISO text on the main thread; the worker formats it). */
  receivedAt: number;
  receivedText: string;
  answeredAt: number;
  answerText: string;
  fallbackReason: FallbackReason | null;
  /** Null keeps the stored variables (a fallback, whose handler may have half-changed them). */
  varsText: string | null;
  flowFingerprint: string | null;
  menu: string | null;
  keys: string | null;
  nextMenu: string | null;
}

/**
 * A batch of exchanges as one message (`exchange-batch.ts` packs and unpacks it): per exchange a
 * fixed run of strings (ids, texts; null where absent) and of numbers (session key, times).
 */
export interface PackedExchanges {
  strings: (string | null)[];
  numbers: number[];
}

/** A session read whole for the hot-session cache. */
export interface LoadedSession {
  rowKey: number;
  varsText: string;
  eventIds: string[];
}

export interface SummaryRecord {
  sessionId: string;
  subAccountId: string | null;
  sessionStatus: string;
  payloadText: string;
  /** ISO-8601. */
  receivedAt: string;
  jobs: JobRecord[];
  /** The session columns the summary fills (outcome, error code, ...). */
  columns: SummaryColumns;
}

/** One summary of a group: stored (or a duplicate), or refused with the driver's message and code (`SQLITE_CONSTRAINT_NOTNULL`). */
export type SummaryOutcome = { ok: true; created: boolean } | { ok: false; message: string; code: string | null };

export interface JobRecord {
  key: string;
  kind: string;
  /** ISO-8601. */
  runAt: string;
  payloadText: string;
}

export interface CallStatusRecord {
  eventId: string | null;
  sessionId: string;
  callId: string | null;
  callStatus: string;
  payloadText: string;
  /** ISO-8601. */
  receivedAt: string;
}

/**
 * The plain synchronous SQLite operations (`database.ts`): what the store does with the database,
 * one call each, on one connection. The write-behind store reaches them through its worker thread;
 * `DirectSqliteStore` and the contract suite call them in-thread.
 */
export interface SqliteOperations extends SqliteOutboundOperations {
  ping(): void;
  loadSession(sessionId: string): LoadedSession | null;
  /** The first answer recorded for this eventId in this session, as stored. */
  storedAnswer(sessionId: string, eventId: string): string | null;
  /** Commits the batch in one transaction; returns each exchange's session key, in order. */
  writeExchanges(batch: readonly ExchangeRecord[]): number[];
  saveSummary(summary: SummaryRecord): { created: boolean };
  /**
   * Stores a group of summaries with one commit (one fsync); if that fails, each alone. One
   * outcome per summary, in order: stored (and whether it was new), or why it could not be.
   */
  saveSummaries(batch: readonly SummaryRecord[]): SummaryOutcome[];
  recordCallStatus(status: CallStatusRecord): void;
  listSessions(query: ListSessionsQuery): SessionPage;
  getSession(sessionId: string): SessionDetail | null;
  listJobs(query: ListJobsQuery): StoredJob[];
  sessionStats(query: SessionStatsQuery): SessionStats;
  flowEdgeCounts(query: FlowEdgeQuery): FlowEdgeCounts;
  outcomeSeries(query: OutcomeSeriesQuery): OutcomeSeries;
  /**
   * A Bloom filter of every stored session id (`util/bloom-filter.ts`), planned for twice as many
   * as there are: its bits and how many ids it holds.
   */
  sessionFilter(): { bits: Uint32Array; count: number };
  /** Folds the WAL back into the file as far as it can without waiting (PASSIVE). */
  checkpoint(): void;
  /** Closes the connection (SQLite checkpoints the WAL as it closes). */
  close(): void;
}

/** What the store's worker thread serves: the operations, with exchange batches sent packed. */
export interface WorkerOperations extends Omit<SqliteOperations, "writeExchanges" | "checkpoint"> {
  writePackedExchanges(batch: PackedExchanges): number[];
}

/** A VSS as the database operations take it (its payload as JSON text, its time as ISO text). */
export function summaryRecord(s: SessionSummaryInput): SummaryRecord {
  return {
    sessionId: s.sessionId,
    subAccountId: s.subAccountId,
    sessionStatus: s.sessionStatus,
    payloadText: JSON.stringify(s.payload),
    receivedAt: s.receivedAt.toISOString(),
    jobs: (s.jobs ?? []).map((job) => ({ key: job.key, kind: job.kind, runAt: job.runAt.toISOString(), payloadText: JSON.stringify(job.payload) })),
    columns: summaryColumns(s.payload),
  };
}

/** A VCS as the database operations take it. */
export function callStatusRecord(s: CallStatusInput): CallStatusRecord {
  return {
    eventId: s.eventId,
    sessionId: s.sessionId,
    callId: s.callId,
    callStatus: s.callStatus,
    payloadText: JSON.stringify(s.payload),
    receivedAt: s.receivedAt.toISOString(),
  };
}
