/**
 * The SQLite store's speed, in one place: a store over the database operations of a `Remote` (the
 * worker thread that owns the connection) that keeps the VCA path in memory and commits VCA
 * exchanges in groups. docs/store.md draws one VCA and one VSS through it.
 *
 * - **Session cache** (`session-cache.ts`): `loadForEvent` answers from memory for a cached
 *   session; a miss reads the session whole from the database, once however many callers wait.
 * - **Sessions the file may hold** (a Bloom filter of every session id, built by the worker when
 *   the store opens and kept up to date here): a VCA of a session the filter has never seen starts
 *   a new session without a round trip to the worker. The filter has no false negatives, so a
 *   session that exists is always read; only with the file held exclusively (one writer).
 * - **Group commit** of VCA exchanges: `recordExchange` queues the exchange (the cache has its
 *   eventId and variables at once) and every `flushIntervalMs`, or at MAX_BATCH, the queue goes
 *   to the worker as one message, committed there in one transaction.
 * - **`vcaWrites`**: `"write-behind"` (default) resolves `recordExchange` at once, so the caller is
 *   answered before the commit; a crash can lose the exchanges of the last window (never a VSS), and
 *   a commit that fails is reported as a `writes-lost` incident. `"sync"` resolves it once its
 *   group is committed (a queue waits only while another commit is in flight), and a failure
 *   rejects it.
 * - **Order**: everything else is a call to the worker made after the queue is sent, when its
 *   result must see the queued exchanges; the worker answers calls in the order sent.
 * - **Summaries** are committed (synchronous=FULL) before `saveSummary` resolves, either way;
 *   those that arrive while one commit is in flight share the next (group commit of summaries).
 *
 * @example
 * const store = new WriteBehindStore(await startRpcWorker<WorkerOperations>({ ... }), { vcaWrites: "write-behind" });
 */
import { BloomFilter, type Remote } from "../../util/index.js";
import type { VcaAnswer } from "../../voice/index.js";
import { unavailable } from "../errors.js";
import { checkBucketSeconds } from "../series-rows.js";
import { parseJson } from "../rows.js";
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
  StoreIncident,
  StoredJob,
  VcaExchange,
} from "../types.js";
import { GroupCommit, type GroupOutcome } from "../group-commit.js";
import { delegateOutbound } from "../outbound-delegate.js";
import type { OutboundStore, StoreWithOutbound } from "../outbound-types.js";
import { ExchangeBatch } from "./exchange-batch.js";
import { callStatusRecord, summaryRecord, type SummaryRecord, type WorkerOperations } from "./records.js";
import { SessionCache, hotSession, type HotSession } from "./session-cache.js";

/** A queue this long is sent at once rather than waiting for the timer. */
const MAX_BATCH = 256;

/** When an answered VCA's exchange is committed; see the module comment and docs/store.md. */
export type VcaWrites = "sync" | "write-behind";

export interface WriteBehindOptions {
  /** Default "write-behind". */
  vcaWrites?: VcaWrites;
  /** How long a VCA exchange may wait to be committed with others (write-behind); default 5 ms. */
  flushIntervalMs?: number;
  /** Sessions kept in memory for the VCA path; default 10000, at least 1. */
  sessionCacheSize?: number;
}

/** A queued group and, in sync mode, the callers waiting for its commit. */
interface Group {
  batch: ExchangeBatch;
  committed: { resolve(): void; reject(error: unknown): void }[];
}

export class WriteBehindStore implements StoreWithOutbound {
  readonly kind = "sqlite";
  /** The outbound port, served by the worker like every other operation (after the queue is sent). */
  readonly outbound: OutboundStore = delegateOutbound((method, args) =>
    this.ask(method, () => (this.db.call as (method: string, ...args: unknown[]) => Promise<unknown>)(method, ...args)),
  );

  private readonly sync: boolean;
  private readonly flushIntervalMs: number;
  /** Dropping a session with queued exchanges sends the queue first, so a miss reads them back. */
  private readonly sessions: SessionCache;
  /** Cache misses being read, one call per session however many callers wait for it. */
  private readonly loading = new Map<string, Promise<void>>();
  private queue: Group = { batch: new ExchangeBatch(), committed: [] };
  private flushTimer: NodeJS.Timeout | undefined;
  /** Groups sent and not yet committed (sync mode waits for none before sending the next). */
  private inFlight = 0;
  private readonly incidentListeners: ((incident: StoreIncident) => void)[] = [];
  /** Every session id the file may hold (see the module comment); null: unknown, every miss asks the worker. */
  private sessionFilter: BloomFilter | null = null;
  /** While a filter is being built: the ids of sessions made since it was asked for. */
  private madeWhileBuilding: string[] | null = null;
  private readonly summaries = new GroupCommit<SummaryRecord, { created: boolean }>((group) => this.commitSummaries(group));
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: Remote<WorkerOperations>,
    options: WriteBehindOptions = {},
  ) {
    this.sync = options.vcaWrites === "sync";
    this.flushIntervalMs = options.flushIntervalMs ?? 5;
    this.sessions = new SessionCache(options.sessionCacheSize ?? 10_000, () => this.flush());
    db.onExit((reason) => this.loseEverything(reason));
  }

  ping(): Promise<void> {
    return this.ask("ping", () => this.db.call("ping"));
  }

  /**
   * Builds the filter of the sessions the file holds, in the worker, and keeps it up to date from
   * then on. Only for a file this process holds alone: another writer's sessions would be missed.
   */
  trackSessions(): Promise<void> {
    if (this.madeWhileBuilding !== null) return Promise.resolve();
    this.madeWhileBuilding = [];
    // What is queued is committed before the filter is built, so the filter holds those sessions.
    this.flush();
    return this.db.call("sessionFilter").then(
      ({ bits, count }) => {
        const filter = new BloomFilter(bits, count);
        for (const id of this.madeWhileBuilding ?? []) filter.add(id);
        this.sessionFilter = filter;
        this.madeWhileBuilding = null;
      },
      () => {
        // Without a filter every miss asks the worker: slower, never wrong.
        this.sessionFilter = null;
        this.madeWhileBuilding = null;
      },
    );
  }

  /** The filter has never seen it, and no read of it is under way. */
  private isUnknown(sessionId: string): boolean {
    return this.sessionFilter !== null && !this.loading.has(sessionId) && !this.sessionFilter.mayHave(sessionId);
  }

  /** A session the file may hold from now on (a new one's first VCA, a summary). */
  private noteSession(sessionId: string): void {
    if (this.madeWhileBuilding !== null) this.madeWhileBuilding.push(sessionId);
    const filter = this.sessionFilter;
    if (filter === null) return;
    filter.add(sessionId);
    // Past its plan its false positives (reads that find nothing) grow: build a bigger one.
    if (filter.addedCount > filter.plannedCount) void this.trackSessions();
  }

  loadForEvent(eventId: string, sessionId: string): Promise<LoadedEvent> {
    return this.withSession("loadForEvent", sessionId, (session) => {
      // Parsed from text: a copy of its own, so a handler that changes it and then fails changes
      // nothing stored or queued.
      const vars = JSON.parse(session.varsText) as LoadedEvent["vars"];
      if (!session.eventIds.has(eventId)) return { cachedAnswer: null, vars };
      return this.firstAnswer("loadForEvent", session, eventId).then((cachedAnswer) => ({ cachedAnswer, vars }));
    });
  }

  recordExchange(exchange: VcaExchange): Promise<RecordExchangeResult> {
    return this.withSession("recordExchange", exchange.sessionId, (session) => {
      if (session.eventIds.has(exchange.eventId)) {
        return this.firstAnswer("recordExchange", session, exchange.eventId).then((answer) => ({ recorded: false, answer }));
      }
      const result: RecordExchangeResult = { recorded: true, answer: exchange.answer };
      if (!this.sync) {
        this.enqueue(session, exchange);
        return result;
      }
      const committed = new Promise<void>((resolve, reject) => this.queue.committed.push({ resolve, reject }));
      this.enqueue(session, exchange);
      return committed.then(() => result, (error: unknown) => Promise.reject(unavailable("recordExchange", error)));
    });
  }

  onIncident(listener: (incident: StoreIncident) => void): void {
    this.incidentListeners.push(listener);
  }

  /**
   * Runs `use` on the session's cache entry: at once when cached (no message to the worker), else
   * once the worker has read the session (or found none: a new session starts empty).
   */
  private withSession<T>(operation: string, sessionId: string, use: (session: HotSession) => T | Promise<T>): Promise<T> {
    if (this.db.refusal !== null) return Promise.reject(unavailable(operation, new Error(this.db.refusal)));
    let cached = this.sessions.get(sessionId);
    if (!cached && this.isUnknown(sessionId)) {
      // Never stored and not in memory: a new session, nothing to read.
      cached = hotSession(sessionId, null);
      this.sessions.add(cached);
      this.noteSession(sessionId);
    }
    // Looked up again after the read: in between, the entry may have been dropped for room.
    if (!cached) return this.load(operation, sessionId).then(() => this.withSession(operation, sessionId, use));
    try {
      return Promise.resolve(use(cached));
    } catch (error) {
      return Promise.reject(unavailable(operation, error));
    }
  }

  private load(operation: string, sessionId: string): Promise<void> {
    let loading = this.loading.get(sessionId);
    if (!loading) {
      loading = this.db
        .call("loadSession", sessionId)
        .then(
          (row) => {
            if (row === null) this.noteSession(sessionId);
            if (this.db.refusal === null && !this.sessions.has(sessionId)) this.sessions.add(hotSession(sessionId, row));
          },
          (error: unknown) => Promise.reject(unavailable(operation, error)),
        )
        .finally(() => this.loading.delete(sessionId));
      this.loading.set(sessionId, loading);
    }
    return loading;
  }

  /** The answer first recorded for an eventId the session has: still queued, or from the worker. */
  private firstAnswer(operation: string, session: HotSession, eventId: string): Promise<VcaAnswer> {
    const queued = this.queue.batch.answerTextFor(session, eventId);
    if (queued !== undefined) return Promise.resolve(parseJson<VcaAnswer>(queued));
    // Anything already sent is committed before this call is read: the worker keeps the order.
    return this.db
      .call("storedAnswer", session.sessionId, eventId)
      .then((stored) => {
        if (stored === null) throw new Error(`session ${session.sessionId} lists event ${eventId} but holds no answer for it`);
        return parseJson<VcaAnswer>(stored);
      })
      .catch((error: unknown) => Promise.reject(unavailable(operation, error)));
  }

  private enqueue(session: HotSession, exchange: VcaExchange): void {
    // The texts are made now: what is queued cannot change if the caller changes its objects.
    const varsText = exchange.vars === null ? null : JSON.stringify(exchange.vars);
    this.queue.batch.add(session, exchange, varsText);
    session.eventIds.add(exchange.eventId);
    if (varsText !== null) session.varsText = varsText;
    session.queued++;
    if (this.queue.batch.size >= MAX_BATCH) this.flush();
    // Sync: send now unless a commit is in flight (its reply sends this group: a group commit).
    else if (!this.sync) this.flushTimer ??= setTimeout(this.flush, this.flushIntervalMs);
    else if (this.inFlight === 0) this.flush();
  }

  /** Sends every queued exchange to the worker as one message, committed there in one transaction. */
  private readonly flush = (): void => {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.queue.batch.size === 0) return;
    const { batch, committed } = this.queue;
    this.queue = { batch: new ExchangeBatch(), committed: [] };
    const sessions = batch.sessions;
    for (const session of sessions) session.queued = 0;
    this.inFlight++;
    this.db.call("writePackedExchanges", batch.pack()).then(
      (keys) => {
        for (let i = 0; i < keys.length; i++) (sessions[i] as HotSession).rowKey = keys[i] as number;
        this.settled();
        for (const waiter of committed) waiter.resolve();
      },
      (error: unknown) => {
        this.settled();
        this.writeFailed(sessions, committed, error);
      },
    );
  };

  /** A commit came back: in sync mode, what queued meanwhile goes now as the next group. */
  private settled(): void {
    this.inFlight--;
    if (this.sync && this.inFlight === 0 && this.db.refusal === null) this.flush();
  }

  private writeFailed(sessions: HotSession[], committed: Group["committed"], error: unknown): void {
    // What is queued now goes first, so a later miss of these sessions reads it back.
    if (this.db.refusal === null) this.flush();
    // Those sessions' entries now claim more than the database holds: drop them, so their next
    // VCA reads what was really stored (as if the lost exchanges never happened).
    for (const session of sessions) this.sessions.forget(session);
    const failure = unavailable("recordExchange", error);
    // Sync: the callers hear of it themselves; write-behind: they were answered, so report it.
    if (committed.length > 0) for (const waiter of committed) waiter.reject(failure);
    else this.report({ kind: "writes-lost", operation: "recordExchange", error: failure, count: sessions.length });
  }

  /** The worker is gone: what is queued cannot be written any more. */
  private loseEverything(reason: string): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const { batch, committed } = this.queue;
    this.queue = { batch: new ExchangeBatch(), committed: [] };
    this.sessions.clear();
    const lost = unavailable("recordExchange", new Error(reason));
    for (const waiter of committed) waiter.reject(lost);
    if (batch.size > 0 && committed.length === 0) this.report({ kind: "writes-lost", operation: "recordExchange", error: lost, count: batch.size });
    this.report({ kind: "stopped", error: unavailable("its worker thread's life", new Error(reason)) });
  }

  private report(incident: StoreIncident): void {
    for (const listener of this.incidentListeners) listener(incident);
  }

  /** Sends the queue, then the call: its result must see the queued exchanges. */
  private ask<T>(operation: string, call: () => Promise<T>): Promise<T> {
    if (this.db.refusal !== null) return Promise.reject(unavailable(operation, new Error(this.db.refusal)));
    try {
      this.flush();
      return call().catch((error: unknown) => Promise.reject(unavailable(operation, error)));
    } catch (error) {
      return Promise.reject(unavailable(operation, error));
    }
  }

  /**
   * Summaries group-commit (`GroupCommit`): one is sent at once when no summary commit is in
   * flight; those that arrive meanwhile are sent together when it returns, committed with one
   * fsync (and one by one if that group fails). Each resolves only once its own is on disk.
   */
  saveSummary(summary: SessionSummaryInput): Promise<{ created: boolean }> {
    if (this.db.refusal !== null) return Promise.reject(unavailable("saveSummary", new Error(this.db.refusal)));
    try {
      // It may make the session's row.
      this.noteSession(summary.sessionId);
      return this.summaries.add(summaryRecord(summary)).catch((error: unknown) => Promise.reject(unavailable("saveSummary", error)));
    } catch (error) {
      return Promise.reject(unavailable("saveSummary", error));
    }
  }

  private commitSummaries(group: SummaryRecord[]): Promise<GroupOutcome<{ created: boolean }>[]> {
    if (this.db.refusal !== null) return Promise.reject(new Error(this.db.refusal));
    // Queued exchanges first, so the session row keeps its first VCA's time and order holds.
    this.flush();
    return this.db.call("saveSummaries", group).then((outcomes) =>
      outcomes.map((outcome) => (outcome.ok ? { ok: true, value: { created: outcome.created } } : { ok: false, error: Object.assign(new Error(outcome.message), { code: outcome.code }) })),
    );
  }

  recordCallStatus(status: CallStatusInput): Promise<void> {
    if (this.db.refusal !== null) return Promise.reject(unavailable("recordCallStatus", new Error(this.db.refusal)));
    try {
      return this.db
        .call("recordCallStatus", callStatusRecord(status))
        .catch((error: unknown) => Promise.reject(unavailable("recordCallStatus", error)));
    } catch (error) {
      return Promise.reject(unavailable("recordCallStatus", error));
    }
  }

  listSessions(query: ListSessionsQuery): Promise<SessionPage> {
    return this.ask("listSessions", () => this.db.call("listSessions", query));
  }

  getSession(sessionId: string): Promise<SessionDetail | null> {
    return this.ask("getSession", () => this.db.call("getSession", sessionId));
  }

  listJobs(query: ListJobsQuery): Promise<StoredJob[]> {
    return this.ask("listJobs", () => this.db.call("listJobs", query));
  }

  sessionStats(query: SessionStatsQuery): Promise<SessionStats> {
    return this.ask("sessionStats", () => this.db.call("sessionStats", query));
  }

  flowEdgeCounts(query: FlowEdgeQuery): Promise<FlowEdgeCounts> {
    return this.ask("flowEdgeCounts", () => this.db.call("flowEdgeCounts", query));
  }

  outcomeSeries(query: OutcomeSeriesQuery): Promise<OutcomeSeries> {
    return this.ask("outcomeSeries", () => {
      checkBucketSeconds(query.bucketSeconds);
      return this.db.call("outcomeSeries", query);
    });
  }

  /** Sends what is queued, lets the worker commit it and close the file, then ends the worker. */
  close(): Promise<void> {
    if (!this.closing) {
      // Exchanges and summaries still waiting for their group commit are written before the file closes.
      if (this.db.refusal === null) {
        this.flush();
        this.summaries.drain();
      }
      this.closing = this.db.close().then(() => this.sessions.clear());
    }
    return this.closing;
  }
}
