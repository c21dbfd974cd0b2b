/**
 * The PostgreSQL schema, one versioned step at a time (append, never edit). The tables mirror the
 * SQLite ones; times are timestamptz and payloads `json` (not jsonb, which would reorder keys and
 * make a replayed answer differ byte-wise from the first one).
 */
import type { Migration } from "../sqlite/migrations.js";

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
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
];
