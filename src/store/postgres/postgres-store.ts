/**
 * The shared store: PostgreSQL through `pg`, for several server instances answering the same
 * calls. Everything lives in one schema (default `switchboard`), created and migrated on open.
 * Every write is one transaction; a VSS is acknowledged only after its COMMIT returns.
 *
 * @example
 * const store = await openPostgresStore({ connectionString: "postgres://postgres@127.0.0.1:5432/test" });
 */
import pg from "pg";
import type { VcaAnswer } from "../../voice/index.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { STORE_ERROR_CODES, StoreError, unavailable } from "../errors.js";
import { isoTime, parseJson, parseStoredJson, toSessionRecord, toStoredJob, toTimeline, type ExchangeRow, type JobRow, type SessionRow } from "../rows.js";
import {
  ACTIVE_STATUS,
  type CallStatusInput,
  type FlowEdgeCounts,
  type FlowEdgeQuery,
  type OutcomeSeries,
  type OutcomeSeriesQuery,
  type ListJobsQuery,
  type StoredJob,
  type ListSessionsQuery,
  type RecordExchangeResult,
  type SessionDetail,
  type SessionPage,
  type SessionStats,
  type SessionStatsQuery,
  type SessionSummaryInput,
  type StoredVariables,
  type VcaExchange,
} from "../types.js";
import { GroupCommit, type GroupOutcome } from "../group-commit.js";
import { summaryColumns } from "../summary-columns.js";
import { checkBucketSeconds, toOutcomeSeries, type SeriesRow } from "../series-rows.js";
import { toFlowEdgeCounts, toSessionStats, type EdgeRow, type HangupRow, type OutcomeGroupRow } from "../report-rows.js";
import { flowEdgeSql, listSessionsSql, outcomeSeriesSql, searchWindowEndSql, sessionStatsSql } from "./read-queries.js";
import { migratePostgres } from "./migrate.js";
import { postgresOutbound } from "./outbound.js";
import type { OutboundStore, StoreWithOutbound } from "../outbound-types.js";
import { SQL } from "./queries.js";

/** A schema name the store accepts: a plain SQL identifier, so it can go into `search_path` unquoted. */
export const SCHEMA_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** What `openPostgresStore` takes: the connection string, the schema, and the pool's settings. */
export interface PostgresStoreOptions {
  /** A `postgres://user@host:5432/db` URL, as `pg` reads it (without openStore's `?schema=`). */
  connectionString: string;
  /** The schema holding Switchboard's tables; created when missing. Default `switchboard`. */
  schema?: string;
  /** Pool size; default 10. */
  maxConnections?: number;
  /** How long to wait for a connection before answering "unavailable"; default 3000 ms. */
  connectTimeoutMs?: number;
}

/** Opens a pool, creates and migrates the schema. Rejects with a StoreError when it cannot. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<StoreWithOutbound> {
  const schema = options.schema ?? "switchboard";
  if (!SCHEMA_NAME_PATTERN.test(schema)) {
    throw new StoreError(STORE_ERROR_CODES.BAD_URL, `schema: "${schema}" is not a plain identifier (letters, digits, _)`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its connection (a database restart) must not crash the server; the
  // next query reconnects or fails with a StoreError.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw unavailable("opening the Postgres store", error);
  }
  return new PostgresStore(pool);
}

class PostgresStore implements StoreWithOutbound {
  readonly kind = "postgres";
  private closed = false;
  /** The outbound port, one transaction per call on the same pool. */
  readonly outbound: OutboundStore = postgresOutbound((operation, work) => this.tx(operation, work));
  private readonly summaries = new GroupCommit<SessionSummaryInput, { created: boolean }>((group) => this.commitSummaries(group));

  constructor(private readonly pool: pg.Pool) {}

  private async tx<T>(operation: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client?.query("ROLLBACK").catch(() => undefined);
      throw unavailable(operation, error);
    } finally {
      client?.release();
    }
  }

  private async query<R extends pg.QueryResultRow>(operation: string, config: pg.QueryConfig): Promise<R[]> {
    try {
      return (await this.pool.query<R>(config)).rows;
    } catch (error) {
      throw unavailable(operation, error);
    }
  }

  onIncident(): void {
    // Every write commits before its call resolves, and a lost connection fails the next call:
    // nothing goes wrong outside a call.
  }

  async ping(): Promise<void> {
    await this.query("ping", { text: "SELECT 1" });
  }

  async loadForEvent(eventId: string, sessionId: string): Promise<{ cachedAnswer: VcaAnswer | null; vars: StoredVariables }> {
    // One round trip: the cached answer and the variables side by side.
    const rows = await this.query<{ answer: string | null; vars: StoredVariables | null }>("loadForEvent", {
      name: "sb_load_for_event",
      text: SQL.loadForEvent,
      values: [eventId, sessionId],
    });
    const row = rows[0];
    return { cachedAnswer: row?.answer ? parseJson<VcaAnswer>(row.answer) : null, vars: row?.vars ?? {} };
  }

  async recordExchange(exchange: VcaExchange): Promise<RecordExchangeResult> {
    const [row] = await this.query<{ inserted: number }>("recordExchange", {
      name: "sb_record_exchange",
      text: SQL.recordExchange,
      values: [
        exchange.eventId, exchange.sessionId, exchange.receivedAt, exchange.receivedText ?? JSON.stringify(exchange.received), exchange.answeredAt, exchange.answerText ?? JSON.stringify(exchange.answer), exchange.fallbackReason,
        exchange.subAccountId, ACTIVE_STATUS, exchange.callDirection, exchange.source, exchange.destination, exchange.vars === null ? null : JSON.stringify(exchange.vars),
        exchange.flowFingerprint ?? null, exchange.menu ?? null, exchange.keys ?? null, exchange.nextMenu ?? null,
      ],
    });
    if (row?.inserted === 1) return { recorded: true, answer: exchange.answer };
    const [first] = await this.query<{ answer: string }>("recordExchange", { name: "sb_cached_answer", text: SQL.cachedAnswer, values: [exchange.eventId] });
    return { recorded: false, answer: first ? parseJson<VcaAnswer>(first.answer) : exchange.answer };
  }

  /**
   * Summaries group-commit (`GroupCommit`): while one group's statement is in flight, those that
   * arrive wait and go in the next, one statement and one commit (one WAL flush) for all; a group
   * that fails is retried one summary per statement, so one bad summary fails alone. Each resolves
   * after the commit that holds it returns (durable: synchronous_commit defaults to on).
   */
  saveSummary(s: SessionSummaryInput): Promise<{ created: boolean }> {
    if (this.closed) return Promise.reject(unavailable("saveSummary", new Error("the store is closed")));
    return this.summaries.add(s).catch((error: unknown) => Promise.reject(unavailable("saveSummary", error)));
  }

  private async commitSummaries(group: SessionSummaryInput[]): Promise<GroupOutcome<{ created: boolean }>[]> {
    if (group.length > 1) {
      try {
        const created = await storeSummaries(this.pool, group);
        return created.map((flag) => ({ ok: true, value: { created: flag } }));
      } catch {
        // One by one below: only the summary that cannot be stored fails.
      }
    }
    // In the group's order, so the first of a repeated sessionId is the one stored. Once the
    // connection fails, the rest fail with it untried: one at a time, each would wait for its
    // own connection timeout. A summary whose statement cannot be built fails alone.
    const outcomes: GroupOutcome<{ created: boolean }>[] = [];
    let failing: unknown = null;
    for (const summary of group) {
      if (failing !== null) {
        outcomes.push({ ok: false, error: failing });
        continue;
      }
      let values: unknown[];
      try {
        values = summaryValues([summary]);
      } catch (error) {
        outcomes.push({ ok: false, error });
        continue;
      }
      try {
        const [created] = await insertSummaries(this.pool, [summary], values);
        outcomes.push({ ok: true, value: { created: created === true } });
      } catch (error) {
        outcomes.push({ ok: false, error });
        if (connectionFailed(error)) failing = error;
      }
    }
    return outcomes;
  }

  async recordCallStatus(s: CallStatusInput): Promise<void> {
    await this.query("recordCallStatus", {
      text: SQL.insertCallStatus,
      values: [s.eventId, s.sessionId, s.callId, s.callStatus, s.receivedAt, JSON.stringify(s.payload)],
    });
  }

  async listSessions(query: ListSessionsQuery): Promise<SessionPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after !== undefined && !storable(after.sessionId)) throw new StoreError(STORE_ERROR_CODES.BAD_CURSOR, "cursor: not a cursor from a previous page; drop it to start from the first page");
    if (query.q === undefined) return this.page(query, await this.query<SessionRow>("listSessions", listSessionsSql(query, after)));
    // A number search examines a window of sessions (ListSessionsQuery.q): its far end first, then
    // the list's order down to it, stopping at a page of matches.
    const [end, more] = await this.query<{ created_at: Date; session_id: string }>("listSessions", searchWindowEndSql(query, after));
    const endKey = end && { createdAt: isoTime(end.created_at), sessionId: end.session_id };
    const rows = await this.query<SessionRow>("listSessions", listSessionsSql(query, after, endKey));
    if (rows.length > query.limit || !endKey || !more) return this.page(query, rows);
    // Fewer matches than a page, and sessions follow the window: the next page searches on from its end.
    return { sessions: rows.map(toSessionRecord), nextCursor: encodeCursor(endKey) };
  }

  private page(query: ListSessionsQuery, rows: SessionRow[]): SessionPage {
    const page = rows.slice(0, query.limit).map(toSessionRecord);
    const last = page[page.length - 1];
    return { sessions: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }

  async sessionStats(query: SessionStatsQuery): Promise<SessionStats> {
    const sql = sessionStatsSql(query);
    const [counts, fallbacks, [retries]] = await Promise.all([
      this.query<OutcomeGroupRow>("sessionStats", sql.counts),
      this.query<{ reason: string; count: string }>("sessionStats", sql.fallbacks),
      this.query<{ placed: string; waiting: string }>("sessionStats", sql.retries),
    ]);
    const placed = Number(retries?.placed ?? 0);
    return toSessionStats(query.since, { counts, fallbacks, retries: { placed, scheduled: placed + Number(retries?.waiting ?? 0) } });
  }

  async flowEdgeCounts(query: FlowEdgeQuery): Promise<FlowEdgeCounts> {
    if (query.fingerprint !== undefined && !storable(query.fingerprint)) return { edges: [], hangups: [] };
    const sql = flowEdgeSql(query);
    const [edges, hangups] = await Promise.all([this.query<EdgeRow>("flowEdgeCounts", sql.edges), this.query<HangupRow>("flowEdgeCounts", sql.hangups)]);
    return toFlowEdgeCounts(edges, hangups);
  }

  async outcomeSeries(query: OutcomeSeriesQuery): Promise<OutcomeSeries> {
    checkBucketSeconds(query.bucketSeconds);
    return toOutcomeSeries(query, await this.query<SeriesRow>("outcomeSeries", outcomeSeriesSql(query)));
  }

  async getSession(sessionId: string): Promise<SessionDetail | null> {
    // Asking PostgreSQL about such an id fails as invalid data: no stored session has one.
    if (!storable(sessionId)) return null;
    const [session] = await this.query<SessionRow>("getSession", { text: SQL.session, values: [sessionId] });
    if (!session) return null;
    const [summaries, timeline, statuses] = await Promise.all([
      this.query<{ session_status: string; received_at: Date; payload: unknown }>("getSession", { text: SQL.summary, values: [sessionId] }),
      this.query<ExchangeRow>("getSession", { text: SQL.exchanges, values: [sessionId] }),
      this.query<{ event_id: string | null; call_id: string | null; call_status: string; at: Date; payload: unknown }>("getSession", { text: SQL.callStatuses, values: [sessionId] }),
    ]);
    const summary = summaries[0];
    return {
      session: toSessionRecord(session),
      summary: summary ? { sessionStatus: summary.session_status, receivedAt: isoTime(summary.received_at), payload: parseStoredJson(summary.payload) } : null,
      timeline: toTimeline(timeline),
      callStatuses: statuses.map((s) => ({ eventId: s.event_id, callId: s.call_id, callStatus: s.call_status, at: isoTime(s.at), payload: parseStoredJson(s.payload) })),
    };
  }

  async listJobs(query: ListJobsQuery): Promise<StoredJob[]> {
    const rows = await this.query<JobRow>("listJobs", { text: SQL.listJobs, values: [query.kind ?? null, query.limit] });
    return rows.map(toStoredJob);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Whether PostgreSQL text can hold `text`: it cannot hold U+0000 (the server refuses such ids at intake). */
function storable(text: string): boolean {
  return !text.includes("\u0000");
}

/** Stores a group of summaries in one statement (committed when it returns); per summary, whether it was new. */
function storeSummaries(pool: pg.Pool, group: readonly SessionSummaryInput[]): Promise<boolean[]> {
  return insertSummaries(pool, group, summaryValues(group));
}

/** The parameters of `SQL.saveSummaries` for a group; throws what serialising a payload throws. */
function summaryValues(group: readonly SessionSummaryInput[]): unknown[] {
  const columns = group.map((s) => summaryColumns(s.payload));
  // Each job names its summary by place in the group (unnest's ordinality, from 1).
  const jobs = group.flatMap((s, i) => (s.jobs ?? []).map((job) => ({ job, n: i + 1 })));
  return [
    group.map((s) => s.sessionId),
    group.map((s) => s.sessionStatus),
    group.map((s) => JSON.stringify(s.payload)),
    group.map((s) => s.receivedAt),
    group.map((s) => s.subAccountId),
    columns.map((c) => c.outcome),
    columns.map((c) => c.errorCode),
    columns.map((c) => c.clientRequestId),
    columns.map((c) => c.durationSeconds),
    columns.map((c) => c.mos),
    columns.map((c) => c.direction),
    columns.map((c) => c.source),
    columns.map((c) => c.destination),
    jobs.map(({ job }) => job.key),
    jobs.map(({ job }) => job.kind),
    jobs.map(({ n }) => n),
    jobs.map(({ job }) => job.runAt),
    jobs.map(({ job }) => JSON.stringify(job.payload)),
  ];
}

async function insertSummaries(pool: pg.Pool, group: readonly SessionSummaryInput[], values: unknown[]): Promise<boolean[]> {
  const inserted = await pool.query<{ session_id: string }>({ name: "sb_save_summaries", text: SQL.saveSummaries, values });
  // A sessionId twice in one group: the first one is the new summary, as it was inserted first.
  const fresh = new Set(inserted.rows.map((row) => row.session_id));
  return group.map((s) => fresh.delete(s.sessionId));
}

/**
 * Whether a query failed for its connection rather than for its statement: anything but an error
 * PostgreSQL sent back (a refused or lost connection, the pool's connect timeout), or one of its
 * classes 08 (connection exception), 53 (insufficient resources) and 57P (shutting down).
 */
function connectionFailed(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return true;
  return /^(08|53|57P)/.test(error.code ?? "");
}
