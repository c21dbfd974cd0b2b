/**
 * A session as the read side shows it (`s` is its row). JSON that a client sent is read as text
 * (`::text`), so the store can refuse to parse what nests too deeply (rows.ts, parseStoredJson)
 * instead of pg parsing it. The last menu and keys come from the session's newest exchanges,
 * through the (session_id, seq) index, for the rows shown only.
 */
export const SESSION_COLUMNS = `s.session_id, s.sub_account_id, s.status, s.call_direction, s.source, s.destination, s.vars::text AS vars, s.vca_count,
  s.flow_fingerprint, s.created_at, s.updated_at, s.outcome, s.error_code, s.duration_seconds, s.mos,
  (SELECT coalesce(e.next_menu, e.menu) FROM vca_exchanges e WHERE e.session_id = s.session_id ORDER BY e.seq DESC LIMIT 1) AS last_menu,
  (SELECT e.keys FROM vca_exchanges e WHERE e.session_id = s.session_id AND e.keys IS NOT NULL ORDER BY e.seq DESC LIMIT 1) AS last_keys`;

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
   * A group of summaries in one statement, so one round trip and one commit (autocommit: durable
   * when it returns, synchronous_commit being on), arrays bound through unnest in the group's
   * order. A repeated sessionId, in the group or already stored, inserts nothing; RETURNING names
   * the new ones. Only a new summary writes its session (the first of a repeated id: `fresh`) and
   * its jobs (`$14`..`$18`, each naming its summary's place in the group). The first leg's
   * direction and numbers fill only what no VCA filled (a call nobody answered has no VCA).
   */
  saveSummaries: `
    WITH input AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::integer[], $8::text[],
        $9::double precision[], $10::double precision[], $11::text[], $12::text[], $13::text[])
        WITH ORDINALITY AS s(id, status, payload, at, sub, outcome, error_code, crid, duration, mos, direction, source, destination, n)
    ), inserted AS (
      INSERT INTO summaries (session_id, session_status, payload, received_at)
      SELECT id, status, payload::json, at FROM input ORDER BY n
      ON CONFLICT (session_id) DO NOTHING RETURNING session_id
    ), fresh AS (
      SELECT DISTINCT ON (i.id) i.* FROM input i JOIN inserted ON inserted.session_id = i.id ORDER BY i.id, i.n
    ), session_rows AS (
      INSERT INTO sessions (session_id, sub_account_id, status, created_at, updated_at, outcome, error_code, client_request_id, duration_seconds, mos,
        call_direction, source, destination)
      SELECT f.id, f.sub, f.status, f.at, f.at, f.outcome, f.error_code, f.crid, f.duration, f.mos, f.direction, f.source, f.destination FROM fresh f
      ON CONFLICT (session_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, outcome = excluded.outcome,
        error_code = excluded.error_code, client_request_id = excluded.client_request_id, duration_seconds = excluded.duration_seconds, mos = excluded.mos,
        call_direction = coalesce(sessions.call_direction, excluded.call_direction), source = coalesce(sessions.source, excluded.source),
        destination = coalesce(sessions.destination, excluded.destination)
    ), job_rows AS (
      INSERT INTO jobs (job_key, kind, session_id, run_at, payload, created_at)
      SELECT j.k, j.kind, f.id, j.run_at, j.payload::json, f.at
      FROM unnest($14::text[], $15::text[], $16::bigint[], $17::timestamptz[], $18::text[]) WITH ORDINALITY AS j(k, kind, summary_n, run_at, payload, n)
      JOIN fresh f ON f.n = j.summary_n
      ORDER BY j.n
      ON CONFLICT (job_key) DO NOTHING
    )
    SELECT session_id FROM inserted`,
  insertCallStatus: `
    INSERT INTO call_statuses (event_id, session_id, call_id, call_status, at, payload)
    VALUES ($1, $2, $3, $4, $5, $6::json) ON CONFLICT (event_id) DO NOTHING`,
  listJobs: "SELECT job_key, kind, session_id, run_at, payload::text AS payload, created_at FROM jobs WHERE ($1::text IS NULL OR kind = $1) ORDER BY job_no LIMIT $2",
  session: `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.session_id = $1`,
  summary: "SELECT session_status, received_at, payload::text AS payload FROM summaries WHERE session_id = $1",
  exchanges:
    "SELECT event_id, received_at, received::text AS received, answered_at, answer, fallback_reason, menu, keys, next_menu FROM vca_exchanges WHERE session_id = $1 ORDER BY seq",
  callStatuses: "SELECT event_id, call_id, call_status, at, payload::text AS payload FROM call_statuses WHERE session_id = $1 ORDER BY seq",
} as const;
