/**
 * Brings a SQLite database up to the newest schema: creates `schema_migrations` when missing and
 * applies each step it has not had yet, each in its own transaction.
 */
import type Database from "better-sqlite3";
import { STORE_ERROR_CODES, StoreError } from "../errors.js";
import { SQLITE_MIGRATIONS, type SqliteMigration } from "./migrations.js";

/** Returns the versions applied by this call (empty when the database was already current). */
export function migrateSqlite(db: Database.Database, migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set((db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map((r) => r.version));
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length > 0) {
    throw new StoreError(
      STORE_ERROR_CODES.SCHEMA_TOO_NEW,
      `database schema version ${Math.max(...unknown)} is newer than this Switchboard knows (${newest}); upgrade switchboard-ivr`,
    );
  }
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    // IMMEDIATE takes the write lock first, so two processes opening a new file do not both migrate.
    db.transaction(() => {
      const again = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?").get(migration.version);
      if (again) return;
      db.exec(migration.sql);
      migration.backfill?.(db);
      record.run(migration.version, migration.name, new Date().toISOString());
      done.push(migration.version);
    }).immediate();
  }
  return done;
}
