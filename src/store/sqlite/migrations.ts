/**
 * The SQLite schema, one versioned step at a time. A step is never edited once released: change
 * the schema by appending a step. `schema_migrations` records which steps a database has had.
 */
import type Database from "better-sqlite3";
import { storedStep } from "../stored-step.js";
import { parseStoredJson } from "../rows.js";
import { summaryColumns } from "../summary-columns.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface SqliteMigration extends Migration {
  /** Runs after `sql`, in the same transaction: fills new columns from what the rows hold. */
  backfill?(db: Database.Database): void;
}

/** Rows read per step of a backfill (better-sqlite3 cannot write while a read is still open). */
const BACKFILL_PAGE = 1000;

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: "sessions, VCA exchanges (timeline and answer cache), summaries, call statuses",
    sql: `
      CREATE TABLE sessions (
        session_id      TEXT PRIMARY KEY,
        sub_account_id  TEXT,
        status          TEXT NOT NULL,
        call_direction  TEXT,
        source          TEXT,
        destination     TEXT,
        vars            TEXT NOT NULL DEFAULT '{}',
        vca_count       INTEGER NOT NULL DEFAULT 0,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      );
      CREATE INDEX sessions_by_created ON sessions (created_at DESC, session_id DESC);
      CREATE INDEX sessions_by_status ON sessions (status, created_at DESC, session_id DESC);

      -- One row per answered VCA: the delivery received and the answer sent (the timeline), keyed
      -- by eventId so a repeated delivery finds its first answer (the idempotency cache).
      CREATE TABLE vca_exchanges (
        seq              INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id         TEXT NOT NULL UNIQUE,
        session_id       TEXT NOT NULL,
        received_at      TEXT NOT NULL,
        received         TEXT NOT NULL,
        answered_at      TEXT NOT NULL,
        answer           TEXT NOT NULL,
        fallback_reason  TEXT
      );
      CREATE INDEX vca_exchanges_by_session ON vca_exchanges (session_id, seq);

      CREATE TABLE summaries (
        session_id      TEXT PRIMARY KEY,
        session_status  TEXT NOT NULL,
        payload         TEXT NOT NULL,
        received_at     TEXT NOT NULL
      );

      CREATE TABLE call_statuses (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id     TEXT UNIQUE,
        session_id   TEXT NOT NULL,
        call_id      TEXT,
        call_status  TEXT NOT NULL,
        at           TEXT NOT NULL,
        payload      TEXT NOT NULL
      );
      CREATE INDEX call_statuses_by_session ON call_statuses (session_id, seq);
    `,
  },
  {
    version: 2,
    name: "sequential session keys; exchanges by (session_no, seq), no eventId index",
    // Why: a VCA used to update rows and indexes keyed by random UUIDs (event_id UNIQUE, the
    // sessions primary key), dirtying a random page each, every one copied whole into the WAL.
    // Now a session gets the next integer key and its exchanges hang off it, so a VCA writes to
    // the few newest pages; the random session_id index gets one insert per session. The
    // idempotency check goes through the session (the store's cache, or its exchanges on a miss).
    sql: `
      DROP INDEX sessions_by_created;
      DROP INDEX sessions_by_status;
      DROP INDEX vca_exchanges_by_session;
      ALTER TABLE sessions RENAME TO sessions_v1;
      ALTER TABLE vca_exchanges RENAME TO vca_exchanges_v1;

      CREATE TABLE sessions (
        session_no      INTEGER PRIMARY KEY,
        session_id      TEXT NOT NULL UNIQUE,
        sub_account_id  TEXT,
        status          TEXT NOT NULL,
        call_direction  TEXT,
        source          TEXT,
        destination     TEXT,
        vars            TEXT NOT NULL DEFAULT '{}',
        vca_count       INTEGER NOT NULL DEFAULT 0,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      );
      -- Numbered in creation order, so old sessions keep their place before new ones.
      INSERT INTO sessions (session_id, sub_account_id, status, call_direction, source, destination, vars, vca_count, created_at, updated_at)
        SELECT session_id, sub_account_id, status, call_direction, source, destination, vars, vca_count, created_at, updated_at
        FROM sessions_v1 ORDER BY created_at, session_id;
      -- Version 1 wrote an exchange and its session in one transaction, so none should lack its
      -- session; should a hand-edited file have one, its session is rebuilt rather than its timeline dropped.
      INSERT INTO sessions (session_id, status, vca_count, created_at, updated_at)
        SELECT session_id, 'ACTIVE', count(*), min(received_at), max(answered_at)
        FROM vca_exchanges_v1 WHERE session_id NOT IN (SELECT session_id FROM sessions_v1)
        GROUP BY session_id ORDER BY min(received_at), session_id;

      -- seq without AUTOINCREMENT: a new row still gets max(seq) + 1, which keeps each session's
      -- exchanges in order, without a sqlite_sequence update per insert.
      CREATE TABLE vca_exchanges (
        seq              INTEGER PRIMARY KEY,
        session_no       INTEGER NOT NULL,
        event_id         TEXT NOT NULL,
        received_at      TEXT NOT NULL,
        received         TEXT NOT NULL,
        answered_at      TEXT NOT NULL,
        answer           TEXT NOT NULL,
        fallback_reason  TEXT
      );
      INSERT INTO vca_exchanges (seq, session_no, event_id, received_at, received, answered_at, answer, fallback_reason)
        SELECT e.seq, s.session_no, e.event_id, e.received_at, e.received, e.answered_at, e.answer, e.fallback_reason
        FROM vca_exchanges_v1 e JOIN sessions s ON s.session_id = e.session_id ORDER BY e.seq;

      DROP TABLE vca_exchanges_v1;
      DROP TABLE sessions_v1;
      CREATE INDEX sessions_by_created ON sessions (created_at DESC, session_id DESC);
      CREATE INDEX sessions_by_status ON sessions (status, created_at DESC, session_id DESC);
      CREATE INDEX vca_exchanges_by_session ON vca_exchanges (session_no, seq);
    `,
  },
  {
    version: 3,
    name: "a session's VCA count and last answer time come from its exchanges",
    // Why: every VCA used to update its session's row (count, time, variables) besides appending
    // its exchange: a sixth of the store's work per VCA. Now a VCA writes only its exchange, and
    // its session's row only when the variables or the caller's details change; the count and
    // the last answer's time are read from the exchanges, through the (session_no, seq) index.
    sql: `
      ALTER TABLE sessions DROP COLUMN vca_count;
    `,
  },
  {
    version: 4,
    name: "the flow that answered a session; each exchange's menu, keys and next menu; jobs left by summaries",
    // Why: reports (the dashboard's per-edge counts, outcomes per flow) group exchanges by where
    // they went in which flow; columns written on the VCA path spare them parsing the JSON.
    // Older sessions keep a null flow (which flow answered them is not recorded anywhere);
    // older exchanges get their step from their stored JSON.
    sql: `
      ALTER TABLE sessions ADD COLUMN flow_fingerprint TEXT;
      ALTER TABLE vca_exchanges ADD COLUMN menu TEXT;
      ALTER TABLE vca_exchanges ADD COLUMN keys TEXT;
      ALTER TABLE vca_exchanges ADD COLUMN next_menu TEXT;

      -- Work a summary leaves for later (a retry, an outcome to forward), written in the summary's
      -- transaction. Whoever runs a kind of job adds what it needs to track its runs.
      CREATE TABLE jobs (
        job_no      INTEGER PRIMARY KEY,
        job_key     TEXT NOT NULL UNIQUE,
        kind        TEXT NOT NULL,
        session_id  TEXT NOT NULL,
        run_at      TEXT NOT NULL,
        payload     TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX jobs_by_kind ON jobs (kind, run_at);
    `,
    backfill(db) {
      const page = db.prepare("SELECT seq, received, answer FROM vca_exchanges WHERE seq > ? ORDER BY seq LIMIT ?");
      const update = db.prepare("UPDATE vca_exchanges SET menu = ?, keys = ?, next_menu = ? WHERE seq = ?");
      for (let after = 0; ; ) {
        const rows = page.all(after, BACKFILL_PAGE) as { seq: number; received: string; answer: string }[];
        if (rows.length === 0) return;
        for (const row of rows) {
          const step = storedStep(row.received, row.answer);
          update.run(step.menu, step.keys, step.nextMenu, row.seq);
        }
        after = (rows.at(-1) as { seq: number }).seq;
      }
    },
  },
  {
    version: 5,
    name: "session outcomes; outbound requests, attempts and campaigns; job leases",
    // Why: outbound calls, retries and campaigns (docs/outbound.md). A session's outcome and the
    // caller's leg's duration and MOS become columns so the read API filters and counts them;
    // summaries stored before get theirs from their stored JSON. Jobs gain a lease, so several
    // processes can share them, and a done mark, so a finished job's key stays taken.
    sql: `
      ALTER TABLE sessions ADD COLUMN outcome TEXT;
      ALTER TABLE sessions ADD COLUMN error_code INTEGER;
      ALTER TABLE sessions ADD COLUMN client_request_id TEXT;
      ALTER TABLE sessions ADD COLUMN duration_seconds REAL;
      ALTER TABLE sessions ADD COLUMN mos REAL;
      CREATE INDEX sessions_by_outcome ON sessions (outcome, created_at DESC, session_id DESC);

      ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
      ALTER TABLE jobs ADD COLUMN lease_until TEXT;
      ALTER TABLE jobs ADD COLUMN tries INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN last_error TEXT;
      ALTER TABLE jobs ADD COLUMN done_at TEXT;
      CREATE INDEX jobs_due ON jobs (kind, run_at) WHERE done_at IS NULL;

      CREATE TABLE campaigns (
        name         TEXT PRIMARY KEY,
        state        TEXT NOT NULL,
        flow         TEXT NOT NULL,
        from_number  TEXT NOT NULL,
        rate         REAL NOT NULL,
        concurrency  INTEGER NOT NULL,
        policy       TEXT NOT NULL,
        settings     TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );

      CREATE TABLE outbound_requests (
        request_id       TEXT PRIMARY KEY,
        campaign         TEXT,
        contact_id       TEXT,
        to_number        TEXT NOT NULL,
        from_number      TEXT NOT NULL,
        flow             TEXT NOT NULL,
        vars             TEXT NOT NULL,
        policy           TEXT NOT NULL,
        timezone         TEXT,
        valid_for_ms     INTEGER NOT NULL,
        state            TEXT NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  TEXT,
        retry_reason     TEXT,
        outcome          TEXT,
        last_session_id  TEXT,
        last_error_code  INTEGER,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      );
      CREATE INDEX outbound_due ON outbound_requests (next_attempt_at) WHERE state = 'scheduled';
      CREATE INDEX outbound_by_campaign ON outbound_requests (campaign, request_id);

      CREATE TABLE outbound_attempts (
        client_request_id  TEXT PRIMARY KEY,
        request_id         TEXT NOT NULL,
        attempt            INTEGER NOT NULL,
        state              TEXT NOT NULL,
        session_id         TEXT,
        valid_until        TEXT NOT NULL,
        opened_at          TEXT NOT NULL,
        placed_at          TEXT,
        ended_at           TEXT,
        session_status     TEXT,
        outcome            TEXT,
        error_code         INTEGER,
        detail             TEXT,
        UNIQUE (request_id, attempt)
      );
      CREATE INDEX attempts_by_session ON outbound_attempts (session_id);
      CREATE INDEX attempts_open ON outbound_attempts (valid_until) WHERE state IN ('sending', 'placed');
    `,
    backfill(db) {
      const page = db.prepare("SELECT rowid, session_id, payload FROM summaries WHERE rowid > ? ORDER BY rowid LIMIT ?");
      const update = db.prepare(
        "UPDATE sessions SET outcome = ?, error_code = ?, client_request_id = ?, duration_seconds = ?, mos = ? WHERE session_id = ?",
      );
      for (let after = 0; ; ) {
        const rows = page.all(after, BACKFILL_PAGE) as { rowid: number; session_id: string; payload: string }[];
        if (rows.length === 0) return;
        for (const row of rows) {
          const columns = summaryColumns(parseStoredJson(row.payload));
          update.run(columns.outcome, columns.errorCode, columns.clientRequestId, columns.durationSeconds, columns.mos, row.session_id);
        }
        after = (rows.at(-1) as { rowid: number }).rowid;
      }
    },
  },
  {
    version: 6,
    name: "sessions by direction; a session no VCA described takes its direction and numbers from its summary",
    // Why: the read API filters by direction (issue 10); without an index a direction few sessions
    // have walks every session (~0.1 s at 100,000). An outbound call nobody answered has no VCA,
    // so its row had no direction or numbers: its summary's first leg fills them now (new summaries
    // do it as they are stored), so `direction=OUTBOUND` and a number search find it.
    sql: `
      CREATE INDEX sessions_by_direction ON sessions (call_direction, created_at DESC, session_id DESC);
    `,
    backfill(db) {
      const page = db.prepare(`
        SELECT su.rowid, su.session_id, su.payload FROM summaries su JOIN sessions s ON s.session_id = su.session_id
        WHERE su.rowid > ? AND (s.call_direction IS NULL OR s.source IS NULL OR s.destination IS NULL) ORDER BY su.rowid LIMIT ?`);
      const update = db.prepare(
        "UPDATE sessions SET call_direction = coalesce(call_direction, ?), source = coalesce(source, ?), destination = coalesce(destination, ?) WHERE session_id = ?",
      );
      for (let after = 0; ; ) {
        const rows = page.all(after, BACKFILL_PAGE) as { rowid: number; session_id: string; payload: string }[];
        if (rows.length === 0) return;
        for (const row of rows) {
          const columns = summaryColumns(parseStoredJson(row.payload));
          update.run(columns.direction, columns.source, columns.destination, row.session_id);
        }
        after = (rows.at(-1) as { rowid: number }).rowid;
      }
    },
  },
  {
    version: 7,
    name: "indexes that answer the dashboard's reports from the index alone",
    // Why: at 100,000 sessions (bench/dashboard-read.ts) the flow view's edge counts for all time
    // took ~1 s and the stats ~0.5 s, reading every session's and every exchange's whole row
    // (the rows hold JSON). Each report now reads only index entries: a flow's sessions by
    // (fingerprint, created_at) with their status; each session's steps from the (session_no,
    // seq) index, widened by the step's columns instead of a second index (a VCA still writes one
    // index entry); outcomes, durations and MOS by direction and outcome (in the stats' group
    // order, so no sort); and the few fallback exchanges apart.
    sql: `
      CREATE INDEX sessions_by_flow ON sessions (flow_fingerprint, created_at, status);
      CREATE INDEX sessions_outcomes ON sessions (call_direction, outcome, created_at, duration_seconds, mos);
      DROP INDEX vca_exchanges_by_session;
      CREATE INDEX vca_exchanges_steps ON vca_exchanges (session_no, seq, menu, keys, next_menu);
      CREATE INDEX vca_exchanges_fallbacks ON vca_exchanges (fallback_reason) WHERE fallback_reason IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: "the flow's edge and hang-up counts kept per day for ended sessions",
    // Why: counting how many sessions took each edge (issue 12) read every exchange of the range
    // and sorted them (count DISTINCT): ~0.2 s for all of 100,000 sessions, at the dashboard's
    // limit. The counts of ended sessions are now kept per UTC day of the session's creation:
    // the summary that ends a session adds what it took (database.ts, in the summary's
    // transaction), and so does an exchange stored for a session already ended (its summary came
    // first, or a VCA came late), in the exchange's transaction (flow-counts.ts).
    // A range reads its whole days here and counts the rest from the exchanges: the part-day at
    // its start and the sessions still ACTIVE (report-queries.ts).
    // `step` is a row's identity, json_array(flow_fingerprint, menu, keys, next_menu) (NULL and ""
    // stay apart, which a UNIQUE over the nullable columns would not), so a count is one upsert.
    // Code, not triggers: an UPDATE trigger on sessions that the summary sets off, even an empty
    // one, cost each summary ~30 µs of the worker's CPU (measured), where the statements cost ~10;
    // an INSERT trigger on vca_exchanges reading the session's status cost each VCA ~2 µs, which
    // the code avoids by remembering the sessions it knows are ACTIVE. The one trigger below
    // runs only when a VCA names the flow of a session that has ended.
    sql: `
      CREATE TABLE flow_edge_days (
        day              TEXT NOT NULL,
        step             TEXT NOT NULL,
        flow_fingerprint TEXT,
        menu             TEXT,
        keys             TEXT,
        next_menu        TEXT,
        sessions         INTEGER NOT NULL,
        PRIMARY KEY (day, step)
      ) WITHOUT ROWID;
      CREATE TABLE flow_hangup_days (
        day              TEXT NOT NULL,
        step             TEXT NOT NULL,
        flow_fingerprint TEXT,
        menu             TEXT NOT NULL,
        sessions         INTEGER NOT NULL,
        PRIMARY KEY (day, step)
      ) WITHOUT ROWID;

      -- An ended session learns its flow (a VCA fills a fingerprint its earlier exchanges lacked,
      -- write-exchanges.ts): what it was counted under with none moves to that flow. The summary
      -- sets no fingerprint, so it does not fire this (an UPDATE OF trigger is compiled only into
      -- statements that set the column); the VCA path's session update pays its WHEN.
      CREATE TRIGGER sessions_ended_flow_known AFTER UPDATE OF flow_fingerprint ON sessions
      WHEN OLD.flow_fingerprint IS NULL AND NEW.flow_fingerprint IS NOT NULL AND NEW.status <> 'ACTIVE'
      BEGIN
        UPDATE flow_edge_days SET sessions = sessions - 1
        WHERE day = substr(NEW.created_at, 1, 10)
          AND step IN (SELECT json_array(NULL, e.menu, e.keys, e.next_menu) FROM vca_exchanges e WHERE e.session_no = NEW.session_no);
        INSERT INTO flow_edge_days (day, step, flow_fingerprint, menu, keys, next_menu, sessions)
        SELECT DISTINCT substr(NEW.created_at, 1, 10), json_array(NEW.flow_fingerprint, e.menu, e.keys, e.next_menu),
          NEW.flow_fingerprint, e.menu, e.keys, e.next_menu, 1
        FROM vca_exchanges e WHERE e.session_no = NEW.session_no
        ON CONFLICT (day, step) DO UPDATE SET sessions = sessions + 1;
        UPDATE flow_hangup_days SET sessions = sessions - 1
        WHERE day = substr(NEW.created_at, 1, 10)
          AND step = (SELECT json_array(NULL, e.next_menu) FROM vca_exchanges e WHERE e.session_no = NEW.session_no ORDER BY e.seq DESC LIMIT 1);
        INSERT INTO flow_hangup_days (day, step, flow_fingerprint, menu, sessions)
        SELECT substr(NEW.created_at, 1, 10), json_array(NEW.flow_fingerprint, last.next_menu), NEW.flow_fingerprint, last.next_menu, 1
        FROM (SELECT e.next_menu FROM vca_exchanges e WHERE e.session_no = NEW.session_no ORDER BY e.seq DESC LIMIT 1) last
        WHERE last.next_menu IS NOT NULL
        ON CONFLICT (day, step) DO UPDATE SET sessions = sessions + 1;
      END;

      -- What ended sessions already stored took.
      INSERT INTO flow_edge_days (day, step, flow_fingerprint, menu, keys, next_menu, sessions)
      SELECT day, json_array(flow_fingerprint, menu, keys, next_menu), flow_fingerprint, menu, keys, next_menu, sessions FROM (
        SELECT substr(s.created_at, 1, 10) AS day, s.flow_fingerprint, e.menu, e.keys, e.next_menu, count(DISTINCT e.session_no) AS sessions
        FROM sessions s JOIN vca_exchanges e ON e.session_no = s.session_no WHERE s.status <> 'ACTIVE'
        GROUP BY substr(s.created_at, 1, 10), s.flow_fingerprint, e.menu, e.keys, e.next_menu);
      INSERT INTO flow_hangup_days (day, step, flow_fingerprint, menu, sessions)
      SELECT day, json_array(flow_fingerprint, menu), flow_fingerprint, menu, count(*) FROM (
        SELECT substr(s.created_at, 1, 10) AS day, s.flow_fingerprint,
          (SELECT e.next_menu FROM vca_exchanges e WHERE e.session_no = s.session_no ORDER BY e.seq DESC LIMIT 1) AS menu
        FROM sessions s WHERE s.status <> 'ACTIVE')
      WHERE menu IS NOT NULL GROUP BY day, flow_fingerprint, menu;
    `,
  },
];
