/**
 * The PostgreSQL schema, one versioned step at a time (append, never edit). The tables mirror the
 * SQLite ones; times are timestamptz and payloads `json` (not jsonb, which would reorder keys and
 * make a replayed answer differ byte-wise from the first one).
 */
import type pg from "pg";
import type { Migration } from "../sqlite/migrations.js";
import { storedStep } from "../stored-step.js";
import { summaryColumns } from "../summary-columns.js";
import { parseStoredJson } from "../rows.js";

export interface PostgresMigration extends Migration {
  /** Runs after `sql`, in the same transaction: fills new columns from what the rows hold. */
  backfill?(client: pg.PoolClient): Promise<void>;
}

/** Rows read per step of a backfill. */
const BACKFILL_PAGE = 1000;

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: "sessions, VCA exchanges (timeline and answer cache), summaries, call statuses",
    sql: `
      CREATE TABLE sessions (
        session_id      text PRIMARY KEY,
        sub_account_id  text,
        status          text NOT NULL,
        call_direction  text,
        source          text,
        destination     text,
        vars            json NOT NULL DEFAULT '{}',
        vca_count       integer NOT NULL DEFAULT 0,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      );
      CREATE INDEX sessions_by_created ON sessions (created_at DESC, session_id DESC);
      CREATE INDEX sessions_by_status ON sessions (status, created_at DESC, session_id DESC);

      CREATE TABLE vca_exchanges (
        seq              bigserial PRIMARY KEY,
        event_id         text NOT NULL UNIQUE,
        session_id       text NOT NULL,
        received_at      timestamptz NOT NULL,
        received         json NOT NULL,
        answered_at      timestamptz NOT NULL,
        answer           text NOT NULL,
        fallback_reason  text
      );
      CREATE INDEX vca_exchanges_by_session ON vca_exchanges (session_id, seq);

      CREATE TABLE summaries (
        session_id      text PRIMARY KEY,
        session_status  text NOT NULL,
        payload         json NOT NULL,
        received_at     timestamptz NOT NULL
      );

      CREATE TABLE call_statuses (
        seq          bigserial PRIMARY KEY,
        event_id     text UNIQUE,
        session_id   text NOT NULL,
        call_id      text,
        call_status  text NOT NULL,
        at           timestamptz NOT NULL,
        payload      json NOT NULL
      );
      CREATE INDEX call_statuses_by_session ON call_statuses (session_id, seq);
    `,
  },
  {
    version: 2,
    name: "the flow that answered a session; each exchange's menu, keys and next menu; jobs left by summaries",
    // As SQLite's migration 4: columns written on the VCA path, so reports need not parse JSON.
    sql: `
      ALTER TABLE sessions ADD COLUMN flow_fingerprint text;
      ALTER TABLE vca_exchanges ADD COLUMN menu text, ADD COLUMN keys text, ADD COLUMN next_menu text;

      CREATE TABLE jobs (
        job_no      bigserial PRIMARY KEY,
        job_key     text NOT NULL UNIQUE,
        kind        text NOT NULL,
        session_id  text NOT NULL,
        run_at      timestamptz NOT NULL,
        payload     json NOT NULL,
        created_at  timestamptz NOT NULL
      );
      CREATE INDEX jobs_by_kind ON jobs (kind, run_at);
    `,
    async backfill(client) {
      for (let after = 0; ; ) {
        const { rows } = await client.query<{ seq: string; received: unknown; answer: string }>(
          "SELECT seq, received, answer FROM vca_exchanges WHERE seq > $1 ORDER BY seq LIMIT $2",
          [after, BACKFILL_PAGE],
        );
        if (rows.length === 0) return;
        const steps = rows.map((row) => storedStep(row.received, row.answer));
        await client.query(
          `UPDATE vca_exchanges e SET menu = s.menu, keys = s.keys, next_menu = s.next_menu
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS s(seq, menu, keys, next_menu) WHERE e.seq = s.seq`,
          [rows.map((r) => r.seq), steps.map((s) => s.menu), steps.map((s) => s.keys), steps.map((s) => s.nextMenu)],
        );
        after = Number((rows.at(-1) as { seq: string }).seq);
      }
    },
  },
  {
    version: 3,
    name: "session outcomes; outbound requests, attempts and campaigns; job leases",
    // As SQLite's migration 5 (docs/outbound.md).
    sql: `
      ALTER TABLE sessions ADD COLUMN outcome text, ADD COLUMN error_code integer, ADD COLUMN client_request_id text,
        ADD COLUMN duration_seconds double precision, ADD COLUMN mos double precision;
      CREATE INDEX sessions_by_outcome ON sessions (outcome, created_at DESC, session_id DESC);

      ALTER TABLE jobs ADD COLUMN lease_owner text, ADD COLUMN lease_until timestamptz, ADD COLUMN tries integer NOT NULL DEFAULT 0,
        ADD COLUMN last_error text, ADD COLUMN done_at timestamptz;
      CREATE INDEX jobs_due ON jobs (kind, run_at) WHERE done_at IS NULL;

      CREATE TABLE campaigns (
        name         text PRIMARY KEY,
        state        text NOT NULL,
        flow         text NOT NULL,
        from_number  text NOT NULL,
        rate         double precision NOT NULL,
        concurrency  integer NOT NULL,
        policy       json NOT NULL,
        settings     json NOT NULL,
        created_at   timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL
      );

      CREATE TABLE outbound_requests (
        request_id       text PRIMARY KEY,
        campaign         text,
        contact_id       text,
        to_number        text NOT NULL,
        from_number      text NOT NULL,
        flow             text NOT NULL,
        vars             json NOT NULL,
        policy           json NOT NULL,
        timezone         text,
        valid_for_ms     bigint NOT NULL,
        state            text NOT NULL,
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz,
        retry_reason     text,
        outcome          text,
        last_session_id  text,
        last_error_code  integer,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL
      );
      CREATE INDEX outbound_due ON outbound_requests (next_attempt_at) WHERE state = 'scheduled';
      CREATE INDEX outbound_by_campaign ON outbound_requests (campaign, request_id);

      CREATE TABLE outbound_attempts (
        client_request_id  text PRIMARY KEY,
        request_id         text NOT NULL,
        attempt            integer NOT NULL,
        state              text NOT NULL,
        session_id         text,
        valid_until        timestamptz NOT NULL,
        opened_at          timestamptz NOT NULL,
        placed_at          timestamptz,
        ended_at           timestamptz,
        session_status     text,
        outcome            text,
        error_code         integer,
        detail             text,
        UNIQUE (request_id, attempt)
      );
      CREATE INDEX attempts_by_session ON outbound_attempts (session_id);
      CREATE INDEX attempts_open ON outbound_attempts (valid_until) WHERE state IN ('sending', 'placed');
    `,
    async backfill(client) {
      for (let after = ""; ; ) {
        const { rows } = await client.query<{ session_id: string; payload: string }>(
          "SELECT session_id, payload::text AS payload FROM summaries WHERE session_id > $1 ORDER BY session_id LIMIT $2",
          [after, BACKFILL_PAGE],
        );
        if (rows.length === 0) return;
        const columns = rows.map((row) => summaryColumns(parseStoredJson(row.payload)));
        await client.query(
          `UPDATE sessions x SET outcome = c.outcome, error_code = c.error_code, client_request_id = c.crid, duration_seconds = c.duration, mos = c.mos
           FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::double precision[], $6::double precision[])
             AS c(id, outcome, error_code, crid, duration, mos) WHERE x.session_id = c.id`,
          [
            rows.map((r) => r.session_id),
            columns.map((c) => c.outcome),
            columns.map((c) => c.errorCode),
            columns.map((c) => c.clientRequestId),
            columns.map((c) => c.durationSeconds),
            columns.map((c) => c.mos),
          ],
        );
        after = (rows.at(-1) as { session_id: string }).session_id;
      }
    },
  },
  {
    version: 4,
    name: "sessions by direction; a session no VCA described takes its direction and numbers from its summary",
    // As SQLite's migration 6.
    sql: `
      CREATE INDEX sessions_by_direction ON sessions (call_direction, created_at DESC, session_id DESC);
    `,
    async backfill(client) {
      for (let after = ""; ; ) {
        const { rows } = await client.query<{ session_id: string; payload: string }>(
          `SELECT su.session_id, su.payload::text AS payload FROM summaries su JOIN sessions s ON s.session_id = su.session_id
           WHERE su.session_id > $1 AND (s.call_direction IS NULL OR s.source IS NULL OR s.destination IS NULL) ORDER BY su.session_id LIMIT $2`,
          [after, BACKFILL_PAGE],
        );
        if (rows.length === 0) return;
        const columns = rows.map((row) => summaryColumns(parseStoredJson(row.payload)));
        await client.query(
          `UPDATE sessions x SET call_direction = coalesce(x.call_direction, c.direction), source = coalesce(x.source, c.source),
             destination = coalesce(x.destination, c.destination)
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS c(id, direction, source, destination) WHERE x.session_id = c.id`,
          [rows.map((r) => r.session_id), columns.map((c) => c.direction), columns.map((c) => c.source), columns.map((c) => c.destination)],
        );
        after = (rows.at(-1) as { session_id: string }).session_id;
      }
    },
  },
  {
    version: 5,
    name: "indexes for the dashboard's reports",
    // As SQLite's migration 7 (bench/dashboard-read.ts): a flow's sessions by fingerprint and
    // time with their status; each session's steps in its (session_id, seq) index, widened
    // instead of a second index, so its last answer's next menu is read from the index; the few
    // fallback exchanges apart. The stats need no index of their own here: a hash aggregate over
    // the window's rows. IF NOT EXISTS: an operator may build them beforehand, CONCURRENTLY
    // (docs/store.md, Migrations).
    sql: `
      CREATE INDEX IF NOT EXISTS sessions_by_flow ON sessions (flow_fingerprint, created_at, status);
      DROP INDEX IF EXISTS vca_exchanges_by_session;
      CREATE INDEX IF NOT EXISTS vca_exchanges_steps ON vca_exchanges (session_id, seq, menu, keys, next_menu);
      CREATE INDEX IF NOT EXISTS vca_exchanges_fallbacks ON vca_exchanges (fallback_reason) WHERE fallback_reason IS NOT NULL;
    `,
  },
];
