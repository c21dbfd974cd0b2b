/**
 * The embedded store: one SQLite file through better-sqlite3, in WAL mode, created and migrated
 * on first open. Calls are synchronous under the hood, so every write is one short transaction
 * with prepared statements and no lock is held across an `await`.
 *
 * Durability: VCA writes commit with `synchronous=NORMAL` (safe against a crash of this process;
 * the last commits may be lost on power failure, which only costs a caller's menu position).
 * A VSS commits with `synchronous=FULL`, so the 200 the platform gets means it is on disk.
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
  ACTIVE_STATUS,
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

/** A queue this long is committed at once rather than waiting for the timer. */
const MAX_BATCH = 256;
import { prepareStatements, type Statements } from "./statements.js";

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
  return new SqliteStore(db, prepareStatements(db), options.checkpointIntervalMs ?? 1000, options.flushIntervalMs ?? 5);
}

class SqliteStore implements Store {
  readonly kind = "sqlite";

  private readonly checkpointTimer: NodeJS.Timeout;

  constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
    checkpointIntervalMs: number,
    private readonly flushIntervalMs: number,
  ) {
    this.checkpointTimer = setInterval(() => {
      try {
        // PASSIVE never waits for readers; whatever it cannot fold now, the next tick will.
        this.db.pragma("wal_checkpoint(PASSIVE)");
      } catch {
        // A failing checkpoint only lets the WAL grow; writes report real failures themselves.
      }
    }, checkpointIntervalMs);
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
    const pending = this.pendingByEvent.get(eventId);
    // Copies: the queued variables are what the next commit writes, and a handler may change
    // what it is given before it fails (after a fallback the stored variables must stay as they were).
    if (pending) return Promise.resolve({ cachedAnswer: pending.answer, vars: structuredClone(this.pendingVars.get(sessionId) ?? {}) });
    return this.guard("loadForEvent", () => {
      const cached = this.sql.cachedAnswer.get(eventId) as { answer: string } | undefined;
      const pendingVars = this.pendingVars.get(sessionId);
      const session = pendingVars ? undefined : (this.sql.sessionVars.get(sessionId) as { vars: string } | undefined);
      return {
        cachedAnswer: cached ? parseJson<VcaAnswer>(cached.answer) : null,
        vars: pendingVars ? structuredClone(pendingVars) : session ? parseJson<StoredVariables>(session.vars) : {},
      };
    });
  }

  /**
   * Write-behind with group commit: an exchange is visible to this store at once (replays and
   * variables read the queue first) and is committed with the others queued in the same
   * `flushIntervalMs` window, in one transaction. A commit costs far more than its rows, so this
   * keeps the VCA path fast; the price is that a crash can lose the last window's exchanges
   * (never a VSS, which is committed before it is acknowledged).
   */
  recordExchange(exchange: VcaExchange): Promise<RecordExchangeResult> {
    if (!this.db.open) return Promise.reject(unavailable("recordExchange", new Error("the database is closed")));
    const first = this.pendingByEvent.get(exchange.eventId);
    if (first) return Promise.resolve({ recorded: false, answer: first.answer });
    let stored: { answer: string } | undefined;
    try {
      stored = this.sql.cachedAnswer.get(exchange.eventId) as { answer: string } | undefined;
    } catch (error) {
      return Promise.reject(unavailable("recordExchange", error));
    }
    if (stored) return Promise.resolve({ recorded: false, answer: parseJson<VcaAnswer>(stored.answer) });
    this.pendingByEvent.set(exchange.eventId, exchange);
    if (exchange.vars !== null) this.pendingVars.set(exchange.sessionId, exchange.vars);
    if (this.pendingByEvent.size >= MAX_BATCH) this.flush();
    else this.flushTimer ??= setTimeout(this.flush, this.flushIntervalMs);
    return Promise.resolve({ recorded: true, answer: exchange.answer });
  }

  onWriteError(listener: (error: StoreError, lost: number) => void): void {
    this.writeErrorListeners.push(listener);
  }

  private readonly pendingByEvent = new Map<string, VcaExchange>();
  private readonly pendingVars = new Map<string, StoredVariables>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly writeErrorListeners: ((error: StoreError, lost: number) => void)[] = [];

  /** Commits every queued exchange in one transaction; synchronous, so nothing interleaves. */
  private readonly flush = (): void => {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingByEvent.size === 0) return;
    const batch = [...this.pendingByEvent.values()];
    this.pendingByEvent.clear();
    this.pendingVars.clear();
    try {
      this.writeExchanges(batch);
    } catch (error) {
      const wrapped = unavailable("recordExchange", error);
      for (const listener of this.writeErrorListeners) listener(wrapped, batch.length);
    }
  };

  private writeExchanges(exchanges: VcaExchange[]): void {
    const write = (x: VcaExchange): void => {
      const receivedAt = x.receivedAt.toISOString();
      const answeredAt = x.answeredAt.toISOString();
      const inserted = this.sql.insertExchange.run(x.eventId, x.sessionId, receivedAt, JSON.stringify(x.received), answeredAt, JSON.stringify(x.answer), x.fallbackReason);
      // Already stored by an earlier window: the first answer stands, the session is not counted twice.
      if (inserted.changes === 0) return;
      this.sql.upsertSession.run({
        session_id: x.sessionId,
        sub_account_id: x.subAccountId,
        status: ACTIVE_STATUS,
        call_direction: x.callDirection,
        source: x.source,
        destination: x.destination,
        vars: x.vars === null ? null : JSON.stringify(x.vars),
        created_at: receivedAt,
        updated_at: answeredAt,
      });
    };
    this.db.transaction(() => exchanges.forEach(write)).immediate();
  }

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
      const row = this.sql.session.get(sessionId) as SessionRow | undefined;
      if (!row) return null;
      const summary = this.sql.summary.get(sessionId) as { session_status: string; received_at: string; payload: string } | undefined;
      const exchanges = this.sql.exchanges.all(sessionId) as ExchangeRow[];
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
    return Promise.resolve();
  }
}
