/**
 * The embedded store: one SQLite file through better-sqlite3, in WAL mode, created and migrated
 * on first open. The connection lives in a worker thread (`sqlite-worker.ts`), so commits, fsyncs,
 * checkpoints and reads never block the event loop that answers webhooks.
 *
 * The VCA path stays on this thread and in memory: a cache of hot sessions (`session-cache.ts`)
 * answers `loadForEvent`, and `recordExchange` queues the exchange and resolves at once. Every
 * `flushIntervalMs` (or 256 exchanges) the queue goes to the worker as one message, committed there
 * in one transaction (`write-exchanges.ts`); failures come back to `onWriteError`. Everything else
 * is a request to the worker, sent after the queue when its result must see it.
 *
 * @example
 * const store = openSqliteStore({ path: "./switchboard.db" });
 * await store.ping();
 */
import type { VcaAnswer } from "../../voice/index.js";
import { unavailable, type StoreError } from "../errors.js";
import { parseJson } from "../rows.js";
import type {
  CallStatusInput,
  ListSessionsQuery,
  RecordExchangeResult,
  SessionDetail,
  SessionPage,
  SessionSummaryInput,
  Store,
  StoredVariables,
  VcaExchange,
} from "../types.js";
import { ExchangeBatch } from "./exchange-batch.js";
import { SessionCache, type HotSession } from "./session-cache.js";
import type { LoadedSession } from "./protocol.js";
import { WorkerLink } from "./worker-link.js";

/** A queue this long is sent at once rather than waiting for the timer. */
const MAX_BATCH = 256;

/**
 * Sessions read into the cache when the store opens, newest first (at most the cache's size).
 * Once they are in, an event that opens a session this store has never held is taken for a new
 * session without asking the worker; a repeated delivery of it comes seconds after the first, so
 * its session is in memory, remembered as dropped from it, or (after a restart) in this preload.
 */
const PRELOAD_LIMIT = 10_000;

/** Test hook: `store[STOP_WORKER]("crash" | "terminate")` kills the store's worker thread. */
export const STOP_WORKER = Symbol("SqliteStore: stop the worker (tests only)");

export interface SqliteStoreOptions {
  /** The database file; created with its folder when missing. `:memory:` works for throwaway use. */
  path: string;
  /**
   * Hold the file for this process alone (default true): much faster, and a second server on the
   * same file is refused instead of fighting over it. Use Postgres to share work between processes.
   */
  exclusive?: boolean;
  /** How long to wait for a lock held by another process; default 5000 ms. */
  busyTimeoutMs?: number;
  /** How long a VCA exchange may wait to be committed with others; default 5 ms. */
  flushIntervalMs?: number;
  /** How often the WAL is folded back into the database file; default 1000 ms. */
  checkpointIntervalMs?: number;
  /**
   * How many sessions the VCA path keeps in memory (variables and answered eventIds); default
   * 10000, at least 1. A session not cached costs a round trip to the worker on its next VCA.
   */
  sessionCacheSize?: number;
}

/**
 * Opens (creating and migrating when needed) a SQLite store. Synchronous: it waits for its worker
 * thread to open the file. Throws a StoreError when it cannot.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const link = WorkerLink.open({
    path: options.path,
    exclusive: options.exclusive !== false,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    checkpointIntervalMs: options.checkpointIntervalMs ?? 1000,
  });
  return new SqliteStore(link, options.flushIntervalMs ?? 5, options.sessionCacheSize ?? 10_000);
}

/** A session's cache entry: as read from the database, or empty for a session it does not hold. */
function cacheEntry(sessionId: string, stored: LoadedSession | null): HotSession {
  return stored
    ? { sessionId, no: stored.no, varsText: stored.varsText, eventIds: new Set(stored.eventIds), queued: 0 }
    : { sessionId, no: null, varsText: "{}", eventIds: new Set(), queued: 0 };
}

class SqliteStore implements Store {
  readonly kind = "sqlite";

  /** Dropping a session with queued exchanges sends the queue first, so a miss reads them back. */
  private readonly sessions: SessionCache;
  /** Cache misses being read, one request per session however many callers wait for it. */
  private readonly loading = new Map<string, Promise<void>>();
  /** The queue: exchanges not yet sent to the worker. */
  private queue = new ExchangeBatch();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly writeErrorListeners: ((error: StoreError, lost: number) => void)[] = [];
  private readonly failureListeners: ((error: StoreError) => void)[] = [];
  private closing: Promise<void> | undefined;
  /** True once the newest sessions are in the cache (see PRELOAD_LIMIT). */
  private recentInCache = false;

  constructor(
    private readonly link: WorkerLink,
    private readonly flushIntervalMs: number,
    sessionCacheSize: number,
  ) {
    this.sessions = new SessionCache(sessionCacheSize, () => this.flush());
    link.onDeath((reason) => this.loseEverything(reason));
    this.preloadRecent(Math.min(PRELOAD_LIMIT, sessionCacheSize));
  }

  /** Reads the newest sessions into the cache; until then (or if it fails) every miss asks the worker. */
  private preloadRecent(limit: number): void {
    this.link.call("open", "recentSessions", limit).then(
      (recent) => {
        // Oldest first, so the newest end up most recently used; entries made meanwhile are newer.
        for (let i = recent.length - 1; i >= 0; i--) {
          const row = recent[i]!;
          if (this.sessions.has(row.sessionId) || this.loading.has(row.sessionId)) continue;
          this.sessions.add(cacheEntry(row.sessionId, row));
        }
        this.recentInCache = this.link.down === null;
      },
      () => {
        // Not fatal: misses keep asking the worker, as they would without a preload.
      },
    );
  }

  ping(): Promise<void> {
    return this.link.call("ping", "ping");
  }

  loadForEvent(eventId: string, sessionId: string, opensSession = false): Promise<{ cachedAnswer: VcaAnswer | null; vars: StoredVariables }> {
    if (opensSession && this.recentInCache && this.neverHeld(sessionId)) {
      // Opened by this event, never held by this store and not among the newest sessions when it
      // opened: new, nothing to read. (A session dropped from the cache is read back.)
      this.sessions.add(cacheEntry(sessionId, null));
    }
    return this.withSession("loadForEvent", sessionId, (session) => {
      // Parsed from text: a copy of its own, so a handler that changes it and then fails
      // changes nothing stored or queued.
      const vars = JSON.parse(session.varsText) as StoredVariables;
      if (!session.eventIds.has(eventId)) return { cachedAnswer: null, vars };
      return this.firstAnswer("loadForEvent", session, eventId).then((cachedAnswer) => ({ cachedAnswer, vars }));
    });
  }

  /** Not cached, not being read, and not dropped from the cache as far as it remembers. */
  private neverHeld(sessionId: string): boolean {
    return !this.sessions.has(sessionId) && !this.loading.has(sessionId) && !this.sessions.wasDropped(sessionId);
  }

  /**
   * Write-behind with group commit: an exchange is visible to this store at once (the session
   * cache has its eventId and variables) and is committed with the others queued in the same
   * `flushIntervalMs` window, in one transaction. A commit costs far more than its rows, so this
   * keeps the VCA path fast; the price is that a crash can lose the last window's exchanges
   * (never a VSS, which is committed before it is acknowledged).
   */
  recordExchange(exchange: VcaExchange): Promise<RecordExchangeResult> {
    return this.withSession("recordExchange", exchange.sessionId, (session) => {
      if (session.eventIds.has(exchange.eventId)) {
        return this.firstAnswer("recordExchange", session, exchange.eventId).then((answer) => ({ recorded: false, answer }));
      }
      this.enqueue(session, exchange);
      return { recorded: true, answer: exchange.answer };
    });
  }

  onWriteError(listener: (error: StoreError, lost: number) => void): void {
    this.writeErrorListeners.push(listener);
  }

  onFailure(listener: (error: StoreError) => void): void {
    this.failureListeners.push(listener);
  }

  /**
   * Runs `use` on the session's cache entry: at once when cached (no message to the worker), else
   * once the worker has read the session (or found none: a new session starts empty).
   */
  private withSession<T>(operation: string, sessionId: string, use: (session: HotSession) => T | Promise<T>): Promise<T> {
    if (this.link.down !== null) return Promise.reject(unavailable(operation, new Error(this.link.down)));
    const cached = this.sessions.get(sessionId);
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
      loading = this.link
        .call(operation, "loadSession", sessionId)
        .then((row) => {
          if (this.link.down !== null || this.sessions.has(sessionId)) return;
          this.sessions.add(cacheEntry(sessionId, row));
        })
        .finally(() => this.loading.delete(sessionId));
      this.loading.set(sessionId, loading);
    }
    return loading;
  }

  /** The answer first recorded for an eventId the session has: still queued, or from the worker. */
  private firstAnswer(operation: string, session: HotSession, eventId: string): Promise<VcaAnswer> {
    const queued = this.queue.answerTextFor(session, eventId);
    if (queued !== undefined) return Promise.resolve(parseJson<VcaAnswer>(queued));
    // Anything already sent is committed before this request is read: the port keeps the order.
    return this.link
      .call(operation, "storedAnswer", session.sessionId, eventId)
      .then((stored) => {
        if (stored === null) throw new Error(`session ${session.sessionId} lists event ${eventId} but holds no answer for it`);
        return parseJson<VcaAnswer>(stored);
      })
      .catch((error: unknown) => Promise.reject(unavailable(operation, error)));
  }

  private enqueue(session: HotSession, x: VcaExchange): void {
    // The texts are made now: what is queued cannot change if the caller changes its objects.
    const varsText = x.vars === null ? null : JSON.stringify(x.vars);
    this.queue.add(session, x, varsText);
    session.eventIds.add(x.eventId);
    if (varsText !== null) session.varsText = varsText;
    session.queued++;
    if (this.queue.size >= MAX_BATCH) this.flush();
    else this.flushTimer ??= setTimeout(this.flush, this.flushIntervalMs);
  }

  /** Sends every queued exchange to the worker as one message, committed there in one transaction. */
  private readonly flush = (): void => {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.queue.size === 0) return;
    const batch = this.queue;
    this.queue = new ExchangeBatch();
    const sessions = batch.sessions;
    for (const session of sessions) session.queued = 0;
    this.link.call("recordExchange", "writeExchanges", batch.pack()).then(
      (keys) => {
        for (let i = 0; i < keys.length; i++) (sessions[i] as HotSession).no = keys[i] as number;
      },
      (error: unknown) => this.writeFailed(sessions, error),
    );
  };

  private writeFailed(sessions: HotSession[], error: unknown): void {
    // What is queued now goes first, so a later miss of these sessions reads it back.
    this.flush();
    // Those sessions' entries now claim more than the database holds: drop them, so their
    // next VCA reads what was really stored (as if the lost exchanges never happened).
    for (const session of sessions) this.sessions.forget(session);
    this.reportLost(unavailable("recordExchange", error), sessions.length);
  }

  /** The worker is gone: what is queued cannot be written any more. */
  private loseEverything(reason: string): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const lost = this.queue.size;
    this.queue = new ExchangeBatch();
    this.sessions.clear();
    if (lost > 0) this.reportLost(unavailable("recordExchange", new Error(reason)), lost);
    const failure = unavailable("its worker thread's life", new Error(reason));
    for (const listener of this.failureListeners) listener(failure);
  }

  private reportLost(error: StoreError, lost: number): void {
    for (const listener of this.writeErrorListeners) listener(error, lost);
  }

  /** Sends the queue, then the request: its result must see the queued exchanges. */
  private afterQueue<T>(operation: string, request: () => Promise<T>): Promise<T> {
    if (this.link.down !== null) return Promise.reject(unavailable(operation, new Error(this.link.down)));
    try {
      this.flush();
      return request();
    } catch (error) {
      return Promise.reject(unavailable(operation, error));
    }
  }

  saveSummary(summary: SessionSummaryInput): Promise<{ created: boolean }> {
    // Queued exchanges first, so the session row keeps its first VCA's time and order holds.
    return this.afterQueue("saveSummary", () =>
      this.link.call("saveSummary", "saveSummary", {
        sessionId: summary.sessionId,
        subAccountId: summary.subAccountId,
        sessionStatus: summary.sessionStatus,
        payloadText: JSON.stringify(summary.payload),
        receivedAt: summary.receivedAt.toISOString(),
      }),
    );
  }

  recordCallStatus(status: CallStatusInput): Promise<void> {
    try {
      return this.link.call("recordCallStatus", "recordCallStatus", {
        eventId: status.eventId,
        sessionId: status.sessionId,
        callId: status.callId,
        callStatus: status.callStatus,
        payloadText: JSON.stringify(status.payload),
        receivedAt: status.receivedAt.toISOString(),
      });
    } catch (error) {
      return Promise.reject(unavailable("recordCallStatus", error));
    }
  }

  listSessions(query: ListSessionsQuery): Promise<SessionPage> {
    return this.afterQueue("listSessions", () => this.link.call("listSessions", "listSessions", query));
  }

  getSession(sessionId: string): Promise<SessionDetail | null> {
    return this.afterQueue("getSession", () => this.link.call("getSession", "getSession", sessionId));
  }

  /** Sends what is queued, lets the worker commit it and close the file, then ends the worker. */
  close(): Promise<void> {
    if (!this.closing) {
      // Exchanges still waiting for their group commit are written before the file closes.
      if (this.link.down === null) this.flush();
      this.closing = this.link.close().then(() => this.sessions.clear());
    }
    return this.closing;
  }

  [STOP_WORKER](how: "crash" | "terminate"): Promise<void> {
    return this.link.stop(how);
  }
}
