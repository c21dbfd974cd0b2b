/**
 * The SQLite schema, one versioned step at a time. A step is never edited once released: change
 * the schema by appending a step. `schema_migrations` records which steps a database has had.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
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
];
