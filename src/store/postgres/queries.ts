/**
 * A session as the read side shows it. JSON that a client sent is read as text (`::text`), so the
 * store can refuse to parse what nests too deeply (rows.ts, parseStoredJson) instead of pg parsing it.
 */
const SESSION_COLUMNS = `session_id, sub_account_id, status, call_direction, source, destination, vars::text AS vars, vca_count, flow_fingerprint, created_at, updated_at`;

/** The SQL the Postgres store runs; the hot-path ones are named so each connection prepares them once. */
export const SQL = {
  loadForEvent: `
    SELECT (SELECT answer FROM vca_exchanges WHERE event_id = $1) AS answer,
           (SELECT vars FROM sessions WHERE session_id = $2) AS vars`,
  cachedAnswer: "SELECT answer FROM vca_exchanges WHERE event_id = $1",
  /**
   * One statement, one round trip: insert the exchange and, only when it was new, upsert the
   * session. A racing duplicate inserts nothing; the caller then reads the first answer with a
   * fresh snapshot (this statement's snapshot cannot see a row committed while it waited).
   */
  recordExchange: `
    WITH inserted AS (
      INSERT INTO vca_exchanges (event_id, session_id, received_at, received, answered_at, answer, fallback_reason, menu, keys, next_menu)
      VALUES ($1, $2, $3, $4::json, $5, $6, $7, $15, $16, $17) ON CONFLICT (event_id) DO NOTHING
      RETURNING session_id
    ), session AS (
      INSERT INTO sessions (session_id, sub_account_id, status, call_direction, source, destination, vars, vca_count, flow_fingerprint, created_at, updated_at)
      SELECT $2, $8, $9, $10, $11, $12, coalesce($13::json, '{}'::json), 1, $14, $3, $5 FROM inserted
      ON CONFLICT (session_id) DO UPDATE SET
        vars = coalesce($13::json, sessions.vars),
        vca_count = sessions.vca_count + 1,
        sub_account_id = coalesce(sessions.sub_account_id, excluded.sub_account_id),
        call_direction = coalesce(sessions.call_direction, excluded.call_direction),
        source = coalesce(sessions.source, excluded.source),
        destination = coalesce(sessions.destination, excluded.destination),
        flow_fingerprint = coalesce(sessions.flow_fingerprint, excluded.flow_fingerprint),
        updated_at = excluded.updated_at
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted)::int AS inserted`,
  /**
   * A group of summaries, one statement each step (arrays bound through unnest, in the group's
   * order): a repeated sessionId, in the group or already stored, inserts nothing; RETURNING
   * names the new ones.
   */
  insertSummaries: `
    INSERT INTO summaries (session_id, session_status, payload, received_at)
    SELECT s.id, s.status, s.payload::json, s.at
    FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS s(id, status, payload, at, n)
    ORDER BY s.n
    ON CONFLICT (session_id) DO NOTHING RETURNING session_id`,
  /** The new summaries' sessions (each sessionId once). */
  upsertSessionStatuses: `
    INSERT INTO sessions (session_id, sub_account_id, status, created_at, updated_at, outcome, error_code, client_request_id, duration_seconds, mos)
    SELECT s.id, s.sub, s.status, s.at, s.at, s.outcome, s.error_code, s.crid, s.duration, s.mos
    FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::integer[], $7::text[], $8::double precision[], $9::double precision[])
      AS s(id, sub, status, at, outcome, error_code, crid, duration, mos)
    ON CONFLICT (session_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, outcome = excluded.outcome,
      error_code = excluded.error_code, client_request_id = excluded.client_request_id, duration_seconds = excluded.duration_seconds, mos = excluded.mos`,
  insertCallStatus: `
    INSERT INTO call_statuses (event_id, session_id, call_id, call_status, at, payload)
    VALUES ($1, $2, $3, $4, $5, $6::json) ON CONFLICT (event_id) DO NOTHING`,
  listSessions: `
    SELECT ${SESSION_COLUMNS} FROM sessions
    WHERE ($1::text IS NULL OR status = $1)
      AND ($2::timestamptz IS NULL OR (created_at, session_id) < ($2::timestamptz, $3::text))
    ORDER BY created_at DESC, session_id DESC
    LIMIT $4`,
  insertJobs: `
    INSERT INTO jobs (job_key, kind, session_id, run_at, payload, created_at)
    SELECT j.k, j.kind, j.sid, j.run_at, j.payload::json, j.created
    FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS j(k, kind, sid, run_at, payload, created, n)
    ORDER BY j.n
    ON CONFLICT (job_key) DO NOTHING`,
  listJobs: "SELECT job_key, kind, session_id, run_at, payload::text AS payload, created_at FROM jobs WHERE ($1::text IS NULL OR kind = $1) ORDER BY job_no LIMIT $2",
  session: `SELECT ${SESSION_COLUMNS} FROM sessions WHERE session_id = $1`,
  summary: "SELECT session_status, received_at, payload::text AS payload FROM summaries WHERE session_id = $1",
  exchanges:
    "SELECT event_id, received_at, received::text AS received, answered_at, answer, fallback_reason, menu, keys, next_menu FROM vca_exchanges WHERE session_id = $1 ORDER BY seq",
  callStatuses: "SELECT event_id, call_id, call_status, at, payload::text AS payload FROM call_statuses WHERE session_id = $1 ORDER BY seq",
} as const;
