/**
 * Every SQL statement the SQLite store runs, prepared once when the store opens so the VCA hot
 * path never parses SQL.
 */
import type Database from "better-sqlite3";

type Names =
  | "ping" | "cachedAnswer" | "sessionVars" | "insertExchange" | "upsertSession" | "insertSummary"
  | "upsertSessionStatus" | "insertCallStatus" | "listSessions" | "session" | "summary" | "exchanges" | "callStatuses";

export type Statements = Record<Names, Database.Statement>;

export function prepareStatements(db: Database.Database): Statements {
  return {
    ping: db.prepare("SELECT 1"),
    cachedAnswer: db.prepare("SELECT answer FROM vca_exchanges WHERE event_id = ?"),
    sessionVars: db.prepare("SELECT vars FROM sessions WHERE session_id = ?"),
    insertExchange: db.prepare(`
      INSERT INTO vca_exchanges (event_id, session_id, received_at, received, answered_at, answer, fallback_reason)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`),
    // A VSS may arrive before a late VCA: an existing row keeps its status and first-seen fields.
    upsertSession: db.prepare(`
      INSERT INTO sessions (session_id, sub_account_id, status, call_direction, source, destination, vars, vca_count, created_at, updated_at)
      VALUES (@session_id, @sub_account_id, @status, @call_direction, @source, @destination, coalesce(@vars, '{}'), 1, @created_at, @updated_at)
      ON CONFLICT (session_id) DO UPDATE SET
        vars = coalesce(@vars, sessions.vars),
        vca_count = sessions.vca_count + 1,
        sub_account_id = coalesce(sessions.sub_account_id, excluded.sub_account_id),
        call_direction = coalesce(sessions.call_direction, excluded.call_direction),
        source = coalesce(sessions.source, excluded.source),
        destination = coalesce(sessions.destination, excluded.destination),
        updated_at = excluded.updated_at`),
    insertSummary: db.prepare(
      "INSERT INTO summaries (session_id, session_status, payload, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
    ),
    upsertSessionStatus: db.prepare(`
      INSERT INTO sessions (session_id, sub_account_id, status, created_at, updated_at)
      VALUES (@session_id, @sub_account_id, @status, @at, @at)
      ON CONFLICT (session_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`),
    insertCallStatus: db.prepare(
      "INSERT INTO call_statuses (event_id, session_id, call_id, call_status, at, payload) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
    ),
    // Newest first; the cursor is the (created_at, session_id) of the last row of the previous page.
    listSessions: db.prepare(`
      SELECT * FROM sessions
      WHERE (@status IS NULL OR status = @status)
        AND (@after_created IS NULL OR created_at < @after_created OR (created_at = @after_created AND session_id < @after_session))
      ORDER BY created_at DESC, session_id DESC
      LIMIT @limit`),
    session: db.prepare("SELECT * FROM sessions WHERE session_id = ?"),
    summary: db.prepare("SELECT session_status, received_at, payload FROM summaries WHERE session_id = ?"),
    exchanges: db.prepare(
      "SELECT event_id, received_at, received, answered_at, answer, fallback_reason FROM vca_exchanges WHERE session_id = ? ORDER BY seq",
    ),
    callStatuses: db.prepare("SELECT event_id, call_id, call_status, at, payload FROM call_statuses WHERE session_id = ? ORDER BY seq"),
  };
}
