/**
 * Every SQL statement the SQLite store runs, prepared once when the database opens so
 * the VCA path never parses SQL. The VCA statements bind by position (cheaper than named parameters).
 */
import type Database from "better-sqlite3";

type Names =
  | "ping" | "hotSession" | "sessionEventIds" | "storedAnswer" | "insertExchange" | "updateSession" | "insertSession" | "sessionRowKey"
  | "insertSummary" | "upsertSessionStatus" | "insertCallStatus" | "session" | "summary" | "exchanges"
  | "callStatuses" | "insertJob" | "listJobs" | "sessionCount" | "sessionIds";

export type Statements = Record<Names, Database.Statement>;

/**
 * A session as the read API shows it (`s` is its row). A VCA appends its exchange and leaves the
 * session's row alone (see write-exchanges.ts), so the VCA count, the time of the last answer and
 * the last menu and keys come from the exchanges, through the (session_no, seq) index: a few
 * index steps per row shown, never per row examined; the row's updated_at is its creation or its VSS.
 */
export const SESSION_COLUMNS = `
  s.session_id, s.sub_account_id, s.status, s.call_direction, s.source, s.destination, s.vars, s.flow_fingerprint, s.created_at,
  s.outcome, s.error_code, s.duration_seconds, s.mos,
  (SELECT count(*) FROM vca_exchanges e WHERE e.session_no = s.session_no) AS vca_count,
  max(s.updated_at, coalesce((SELECT e.answered_at FROM vca_exchanges e WHERE e.session_no = s.session_no ORDER BY e.seq DESC LIMIT 1), '')) AS updated_at,
  (SELECT coalesce(e.next_menu, e.menu) FROM vca_exchanges e WHERE e.session_no = s.session_no ORDER BY e.seq DESC LIMIT 1) AS last_menu,
  (SELECT e.keys FROM vca_exchanges e WHERE e.session_no = s.session_no AND e.keys IS NOT NULL ORDER BY e.seq DESC LIMIT 1) AS last_keys`;

export function prepareStatements(db: Database.Database): Statements {
  return {
    ping: db.prepare("SELECT 1"),
    // A session's cache entry, read on a cache miss: its key, variables and every eventId it answered.
    hotSession: db.prepare("SELECT session_no, vars FROM sessions WHERE session_id = ?"),
    sessionEventIds: db.prepare("SELECT event_id FROM vca_exchanges WHERE session_no = ?").pluck(),
    // A replay: the first answer for this eventId among the session's exchanges. By session_id:
    // the main thread may not know the session's key yet, and replays are rare.
    storedAnswer: db.prepare(`
      SELECT answer FROM vca_exchanges
      WHERE session_no = (SELECT session_no FROM sessions WHERE session_id = ?) AND event_id = ?
      ORDER BY seq LIMIT 1`).pluck(),
    insertExchange: db.prepare(`
      INSERT INTO vca_exchanges (session_no, event_id, received_at, received, answered_at, answer, fallback_reason, menu, keys, next_menu)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    // A known session whose variables changed, or whose row lacks the caller's details (made by
    // a VSS that came first). The count and last answer time are not kept here: see `session`.
    updateSession: db.prepare(`
      UPDATE sessions SET
        vars = coalesce(?, vars),
        sub_account_id = coalesce(sub_account_id, ?),
        call_direction = coalesce(call_direction, ?),
        source = coalesce(source, ?),
        destination = coalesce(destination, ?),
        flow_fingerprint = coalesce(flow_fingerprint, ?)
      WHERE session_no = ?`),
    // A session's first commit. No RETURNING: in SQLite it costs more than the insert itself;
    // the new key is the statement's lastInsertRowid.
    insertSession: db.prepare(`
      INSERT INTO sessions (session_id, sub_account_id, status, call_direction, source, destination, vars, flow_fingerprint, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING`),
    sessionRowKey: db.prepare("SELECT session_no FROM sessions WHERE session_id = ?").pluck(),
    insertSummary: db.prepare(
      "INSERT INTO summaries (session_id, session_status, payload, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
    ),
    // The first leg's direction and numbers fill only what no VCA filled (a call nobody answered has no VCA).
    upsertSessionStatus: db.prepare(`
      INSERT INTO sessions (session_id, sub_account_id, status, created_at, updated_at, outcome, error_code, client_request_id, duration_seconds, mos,
        call_direction, source, destination)
      VALUES (@session_id, @sub_account_id, @status, @at, @at, @outcome, @error_code, @client_request_id, @duration_seconds, @mos,
        @direction, @source, @destination)
      ON CONFLICT (session_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
        outcome = excluded.outcome, error_code = excluded.error_code, client_request_id = excluded.client_request_id,
        duration_seconds = excluded.duration_seconds, mos = excluded.mos, call_direction = coalesce(call_direction, excluded.call_direction),
        source = coalesce(source, excluded.source), destination = coalesce(destination, excluded.destination)`),
    insertCallStatus: db.prepare(
      "INSERT INTO call_statuses (event_id, session_id, call_id, call_status, at, payload) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
    ),
    session: db.prepare(`SELECT s.session_no, ${SESSION_COLUMNS} FROM sessions s WHERE session_id = ?`),
    summary: db.prepare("SELECT session_status, received_at, payload FROM summaries WHERE session_id = ?"),
    exchanges: db.prepare(
      "SELECT event_id, received_at, received, answered_at, answer, fallback_reason, menu, keys, next_menu FROM vca_exchanges WHERE session_no = ? ORDER BY seq",
    ),
    // A job's key is the work itself: the same key twice is one job.
    insertJob: db.prepare(
      "INSERT INTO jobs (job_key, kind, session_id, run_at, payload, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (job_key) DO NOTHING",
    ),
    sessionCount: db.prepare("SELECT count(*) FROM sessions").pluck(),
    sessionIds: db.prepare("SELECT session_id FROM sessions").pluck(),
    listJobs: db.prepare("SELECT job_key, kind, session_id, run_at, payload, created_at FROM jobs WHERE (@kind IS NULL OR kind = @kind) ORDER BY job_no LIMIT @limit"),
    callStatuses: db.prepare("SELECT event_id, call_id, call_status, at, payload FROM call_statuses WHERE session_id = ? ORDER BY seq"),
  };
}
