/**
 * The embedded store: one SQLite file through better-sqlite3, in WAL mode, created and migrated
 * on first open. Calls are synchronous under the hood, so every write is one short transaction
 * with prepared statements and no lock is held across an `await`.
 *
 * Durability: VCA writes commit with `synchronous=NORMAL` (safe against a crash of this process;
 * the last commits may be lost on power failure, which only costs a caller's menu position).
 * A VSS commits with `synchronous=FULL`, so the 200 the platform gets means it is on disk.
 *
 * The VCA path reads from a cache of hot sessions (`session-cache.ts`) and writes behind, in
 * group commits (`write-exchanges.ts`), so an answered VCA normally costs no SQL of its own.
 *
 * @example
 * const store = openSqliteStore({ path: "./switchboard.db" });
 * await store.ping();
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { VcaAnswer } from "../../voice/index.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { STORE_ERROR_CODES, StoreError, unavailable } from "../errors.js";
import { parseJson, toSessionRecord, toTimeline, type ExchangeRow, type SessionRow } from "../rows.js";
import {
  type CallStatusInput,
  type ListSessionsQuery,
  type RecordExchangeResult,
  type SessionDetail,
  type SessionPage,
  type SessionSummaryInput,
  type Store,
  type StoredVariables,
  type VcaExchange,
} from "../types.js";
import { migrateSqlite } from "./migrate.js";
import { SessionCache, type HotSession } from "./session-cache.js";
import { prepareStatements, type Statements } from "./statements.js";
import { prepareExchangeWriter, type ExchangeWriter, type QueuedExchange } from "./write-exchanges.js";

/** A queue this long is committed at once rather than waiting for the timer. */
const MAX_BATCH = 256;

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
   * 10000, at least 1. A session not cached costs two indexed reads on its next VCA.
   */
  sessionCacheSize?: number;
}

/** Opens (creating and migrating when needed) a SQLite store. Throws a StoreError when it cannot. */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  let db: Database.Database;
  try {
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path);
    // Exclusive locking: this process owns the file while it is open, so SQLite keeps the WAL
    // index in its own memory and takes no file lock per statement (several syscalls each,
    // which dominated the VCA path). Other processes read through the server's read API.
    if (options.exclusive !== false) db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // Wait this long for a lock held by another process before giving up.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // SQLite's automatic checkpoint fsyncs the database file every 1000 WAL pages, in the middle
    // of whichever commit crosses the line: a stall on the VCA path. A timer checkpoints instead.
    db.pragma("wal_autocheckpoint = 0");
    migrateSqlite(db);
  } catch (error) {
    if (/database is locked/i.test((error as Error).message ?? "")) {
      throw new StoreError(
        STORE_ERROR_CODES.UNAVAILABLE,
        `${options.path} is in use by another process (another switchboard serve?); one server per SQLite file, or share a Postgres database between servers`,
        { cause: error },
      );
    }
    throw unavailable(`opening ${options.path}`, error);
  }
  return new SqliteStore(db, prepareStatements(db), {
    checkpointIntervalMs: options.checkpointIntervalMs ?? 1000,
    flushIntervalMs: options.flushIntervalMs ?? 5,
    sessionCacheSize: options.sessionCacheSize ?? 10_000,
  });
}

class SqliteStore implements Store {
  readonly kind = "sqlite";

  private readonly checkpointTimer: NodeJS.Timeout;
  private readonly flushIntervalMs: number;
  /** Dropping a session with queued exchanges commits the queue first, so a miss reads them back. */
  private readonly sessions: SessionCache;
  private queue: QueuedExchange[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly writeErrorListeners: ((error: StoreError, lost: number) => void)[] = [];
  private readonly writeExchanges: ExchangeWriter;

  constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
    options: { checkpointIntervalMs: number; flushIntervalMs: number; sessionCacheSize: number },
  ) {
    this.flushIntervalMs = options.flushIntervalMs;
    this.writeExchanges = prepareExchangeWriter(db, sql);
    this.sessions = new SessionCache(options.sessionCacheSize, () => this.flush());
    this.checkpointTimer = setInterval(() => {
      try {
        // PASSIVE never waits for readers; whatever it cannot fold now, the next tick will.
        this.db.pragma("wal_checkpoint(PASSIVE)");
      } catch {
        // A failing checkpoint only lets the WAL grow; writes report real failures themselves.
      }
    }, options.checkpointIntervalMs);
    this.checkpointTimer.unref();
  }

  private guard<T>(operation: string, work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(unavailable(operation, error));
    }
  }

  ping(): Promise<void> {
    return this.guard("ping", () => {
      this.sql.ping.get();
    });
  }

  loadForEvent(eventId: string, sessionId: string): Promise<{ cachedAnswer: VcaAnswer | null; vars: StoredVariables }> {
    return this.guard("loadForEvent", () => {
      const session = this.hotSession(sessionId);
      return {
        cachedAnswer: session.eventIds.has(eventId) ? this.firstAnswer(session, eventId) : null,
        // Parsed from text: a copy of its own, so a handler that changes it and then fails
        // changes nothing stored or queued.
        vars: JSON.parse(session.varsText) as StoredVariables,
      };
    });
  }

  /**
   * Write-behind with group commit: an exchange is visible to this store at once (the session
   * cache has its eventId and variables) and is committed with the others queued in the same
   * `flushIntervalMs` window, in one transaction. A commit costs far more than its rows, so this
   * keeps the VCA path fast; the price is that a crash can lose the last window's exchanges
   * (never a VSS, which is committed before it is acknowledged).
   */
  recordExchange(exchange: VcaExchange): Promise<RecordExchangeResult> {
    return this.guard("recordExchange", () => {
      if (!this.db.open) throw new Error("the database is closed");
      const session = this.hotSession(exchange.sessionId);
      if (session.eventIds.has(exchange.eventId)) return { recorded: false, answer: this.firstAnswer(session, exchange.eventId) };
      this.enqueue(session, exchange);
      return { recorded: true, answer: exchange.answer };
    });
  }

  onWriteError(listener: (error: StoreError, lost: number) => void): void {
    this.writeErrorListeners.push(listener);
  }

  /** The session's cache entry; on a miss, read whole from the database (or new and empty). */
  private hotSession(sessionId: string): HotSession {
    const cached = this.sessions.get(sessionId);
    if (cached) return cached;
    const row = this.sql.hotSession.get(sessionId) as { session_no: number; vars: string } | undefined;
    const session: HotSession = {
      sessionId,
      no: row ? row.session_no : null,
      varsText: row ? row.vars : "{}",
      // No row, no exchanges: every exchange is committed together with its session's row.
      eventIds: new Set(row ? (this.sql.sessionEventIds.all(row.session_no) as string[]) : []),
      queued: 0,
    };
    this.sessions.add(session);
    return session;
  }

  /** The answer first recorded for an eventId the session has: still queued, or committed. */
  private firstAnswer(session: HotSession, eventId: string): VcaAnswer {
    const queued = this.queue.find((q) => q.session === session && q.exchange.eventId === eventId);
    if (queued) return parseJson<VcaAnswer>(queued.answerText);
    const stored = session.no === null ? undefined : (this.sql.storedAnswer.get(session.no, eventId) as string | undefined);
    if (stored === undefined) throw new Error(`session ${session.sessionId} lists event ${eventId} but holds no answer for it`);
    return parseJson<VcaAnswer>(stored);
  }

  private enqueue(session: HotSession, x: VcaExchange): void {
    // The texts are made now: what is queued cannot change if the caller changes its objects.
    const varsText = x.vars === null ? null : JSON.stringify(x.vars);
    this.queue.push({
      session,
      exchange: x,
      receivedText: x.receivedText ?? JSON.stringify(x.received),
      answerText: x.answerText ?? JSON.stringify(x.answer),
      varsText,
    });
    session.eventIds.add(x.eventId);
    if (varsText !== null) session.varsText = varsText;
    session.queued++;
    if (this.queue.length >= MAX_BATCH) this.flush();
    else this.flushTimer ??= setTimeout(this.flush, this.flushIntervalMs);
  }

  /** Commits every queued exchange in one transaction; synchronous, so nothing interleaves. */
  private readonly flush = (): void => {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    for (const queued of batch) queued.session.queued = 0;
    try {
      this.writeExchanges(batch);
    } catch (error) {
      // Those sessions' entries now claim more than the database holds: drop them, so their
      // next VCA reads what was really stored (as if the lost exchanges never happened).
      for (const queued of batch) this.sessions.forget(queued.session);
      const wrapped = unavailable("recordExchange", error);
      for (const listener of this.writeErrorListeners) listener(wrapped, batch.length);
    }
  };

  saveSummary(summary: SessionSummaryInput): Promise<{ created: boolean }> {
    return this.guard("saveSummary", () => {
      // Queued exchanges first, so the session row keeps its first VCA's time and order holds.
      this.flush();
      const at = summary.receivedAt.toISOString();
      const run = this.db.transaction((): { created: boolean } => {
        const inserted = this.sql.insertSummary.run(summary.sessionId, summary.sessionStatus, JSON.stringify(summary.payload), at);
        if (inserted.changes === 0) return { created: false };
        this.sql.upsertSessionStatus.run({
          session_id: summary.sessionId,
          sub_account_id: summary.subAccountId,
          status: summary.sessionStatus,
          at,
        });
        return { created: true };
      });
      // The platform is told 200 only after this commit is on disk.
      this.db.pragma("synchronous = FULL");
      try {
        return run.immediate();
      } finally {
        this.db.pragma("synchronous = NORMAL");
      }
    });
  }

  recordCallStatus(status: CallStatusInput): Promise<void> {
    return this.guard("recordCallStatus", () => {
      this.sql.insertCallStatus.run(
        status.eventId,
        status.sessionId,
        status.callId,
        status.callStatus,
        status.receivedAt.toISOString(),
        JSON.stringify(status.payload),
      );
    });
  }

  listSessions(query: ListSessionsQuery): Promise<SessionPage> {
    return this.guard("listSessions", () => {
      this.flush();
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = this.sql.listSessions.all({
        status: query.status ?? null,
        after_created: after?.createdAt ?? null,
        after_session: after?.sessionId ?? null,
        limit: query.limit + 1,
      }) as SessionRow[];
      const page = rows.slice(0, query.limit).map(toSessionRecord);
      const last = page[page.length - 1];
      const nextCursor = rows.length > query.limit && last ? encodeCursor(last) : null;
      return { sessions: page, nextCursor };
    });
  }

  getSession(sessionId: string): Promise<SessionDetail | null> {
    return this.guard("getSession", () => {
      this.flush();
      const row = this.sql.session.get(sessionId) as (SessionRow & { session_no: number }) | undefined;
      if (!row) return null;
      const summary = this.sql.summary.get(sessionId) as { session_status: string; received_at: string; payload: string } | undefined;
      const exchanges = this.sql.exchanges.all(row.session_no) as ExchangeRow[];
      const statuses = this.sql.callStatuses.all(sessionId) as { event_id: string | null; call_id: string | null; call_status: string; at: string; payload: string }[];
      return {
        session: toSessionRecord(row),
        summary: summary ? { sessionStatus: summary.session_status, receivedAt: summary.received_at, payload: parseJson(summary.payload) } : null,
        timeline: toTimeline(exchanges),
        callStatuses: statuses.map((s) => ({ eventId: s.event_id, callId: s.call_id, callStatus: s.call_status, at: s.at, payload: parseJson(s.payload) })),
      };
    });
  }

  close(): Promise<void> {
    clearInterval(this.checkpointTimer);
    // Exchanges still waiting for their group commit are written before the file closes.
    if (this.db.open) {
      this.flush();
      this.db.close();
    }
    this.sessions.clear();
    return Promise.resolve();
  }
}
