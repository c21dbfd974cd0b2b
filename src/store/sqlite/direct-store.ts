/**
 * The SQLite store without its speed-ups: every call runs the plain operations of `database.ts`
 * at once, in this thread, and every VCA exchange is committed before `recordExchange` resolves.
 * It is the reference the contract suite holds the SQL to, apart from the worker thread and the
 * write-behind cache; tools that open a file briefly can use it too. It blocks the event loop for
 * each commit, so `switchboard serve` uses `openSqliteStore` instead.
 *
 * @example
 * const store = openDirectSqliteStore({ path: "ivr.db" });
 * await store.recordExchange(exchange); // committed when this resolves
 */
import { parseJson } from "../rows.js";
import { unavailable } from "../errors.js";
import { checkBucketSeconds } from "../series-rows.js";
import type {
  CallStatusInput,
  FlowEdgeCounts,
  FlowEdgeQuery,
  OutcomeSeries,
  OutcomeSeriesQuery,
  ListJobsQuery,
  ListSessionsQuery,
  LoadedEvent,
  RecordExchangeResult,
  SessionDetail,
  SessionPage,
  SessionStats,
  SessionStatsQuery,
  SessionSummaryInput,
  StoredJob,
  StoredVariables,
  VcaExchange,
} from "../types.js";
import type { VcaAnswer } from "../../voice/index.js";
import { openSqliteDatabase } from "./database.js";
import { delegateOutbound } from "../outbound-delegate.js";
import type { OutboundStore, StoreWithOutbound } from "../outbound-types.js";
import { callStatusRecord, summaryRecord, type SqliteOperations } from "./records.js";

/** What `openDirectSqliteStore` takes: the file and how it is held. */
export interface DirectSqliteStoreOptions {
  /** The database file; created with its folder when missing. */
  path: string;
  /** Hold the file for this process alone (default true). */
  exclusive?: boolean;
  /** How long to wait for a lock held by another process; default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Opens (creating and migrating when needed); throws a StoreError when it cannot. */
export function openDirectSqliteStore(options: DirectSqliteStoreOptions): StoreWithOutbound {
  const db = openSqliteDatabase({
    path: options.path,
    exclusive: options.exclusive !== false,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    checkpointIntervalMs: 0,
  });
  return new DirectSqliteStore(db);
}

class DirectSqliteStore implements StoreWithOutbound {
  readonly kind = "sqlite";
  private closed = false;
  readonly outbound: OutboundStore = delegateOutbound((method, args) =>
    this.run(method, () => (this.db[method] as (...args: unknown[]) => unknown)(...args)),
  );

  constructor(private readonly db: SqliteOperations) {}

  /** Runs one operation as a promise; whatever it throws becomes a StoreError. */
  private run<T>(operation: string, work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(unavailable(operation, new Error("the database is closed")));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(unavailable(operation, error));
    }
  }

  ping(): Promise<void> {
    return this.run("ping", () => this.db.ping());
  }

  loadForEvent(eventId: string, sessionId: string): Promise<LoadedEvent> {
    return this.run("loadForEvent", () => {
      const session = this.db.loadSession(sessionId);
      if (session === null) return { cachedAnswer: null, vars: {} };
      const vars = parseJson<StoredVariables>(session.varsText);
      return { cachedAnswer: session.eventIds.includes(eventId) ? this.firstAnswer(sessionId, eventId) : null, vars };
    });
  }

  recordExchange(exchange: VcaExchange): Promise<RecordExchangeResult> {
    return this.run("recordExchange", () => {
      const known = this.db.loadSession(exchange.sessionId);
      if (known?.eventIds.includes(exchange.eventId)) return { recorded: false, answer: this.firstAnswer(exchange.sessionId, exchange.eventId) };
      this.db.writeExchanges([
        {
          sessionId: exchange.sessionId,
          sessionKey: known?.rowKey ?? null,
          eventId: exchange.eventId,
          subAccountId: exchange.subAccountId,
          callDirection: exchange.callDirection,
          source: exchange.source,
          destination: exchange.destination,
          receivedAt: exchange.receivedAt.getTime(),
          receivedText: exchange.receivedText ?? JSON.stringify(exchange.received),
          answeredAt: exchange.answeredAt.getTime(),
          answerText: exchange.answerText ?? JSON.stringify(exchange.answer),
          fallbackReason: exchange.fallbackReason,
          varsText: exchange.vars === null ? null : JSON.stringify(exchange.vars),
          flowFingerprint: exchange.flowFingerprint ?? null,
          menu: exchange.menu ?? null,
          keys: exchange.keys ?? null,
          nextMenu: exchange.nextMenu ?? null,
        },
      ]);
      return { recorded: true, answer: exchange.answer };
    });
  }

  private firstAnswer(sessionId: string, eventId: string): VcaAnswer {
    const text = this.db.storedAnswer(sessionId, eventId);
    if (text === null) throw new Error(`session ${sessionId} lists event ${eventId} but holds no answer for it`);
    return parseJson<VcaAnswer>(text);
  }

  onIncident(): void {
    // Every write is committed before its call resolves: nothing can be lost afterwards.
  }

  saveSummary(s: SessionSummaryInput): Promise<{ created: boolean }> {
    return this.run("saveSummary", () => this.db.saveSummary(summaryRecord(s)));
  }

  recordCallStatus(s: CallStatusInput): Promise<void> {
    return this.run("recordCallStatus", () => this.db.recordCallStatus(callStatusRecord(s)));
  }

  listSessions(query: ListSessionsQuery): Promise<SessionPage> {
    return this.run("listSessions", () => this.db.listSessions(query));
  }

  getSession(sessionId: string): Promise<SessionDetail | null> {
    return this.run("getSession", () => this.db.getSession(sessionId));
  }

  listJobs(query: ListJobsQuery): Promise<StoredJob[]> {
    return this.run("listJobs", () => this.db.listJobs(query));
  }

  sessionStats(query: SessionStatsQuery): Promise<SessionStats> {
    return this.run("sessionStats", () => this.db.sessionStats(query));
  }

  flowEdgeCounts(query: FlowEdgeQuery): Promise<FlowEdgeCounts> {
    return this.run("flowEdgeCounts", () => this.db.flowEdgeCounts(query));
  }

  outcomeSeries(query: OutcomeSeriesQuery): Promise<OutcomeSeries> {
    return this.run("outcomeSeries", () => {
      checkBucketSeconds(query.bucketSeconds);
      return this.db.outcomeSeries(query);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
