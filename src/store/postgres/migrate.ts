/**
 * Brings a PostgreSQL schema up to date. Many server instances may start at once against one
 * database, so the whole run holds a transaction-scoped advisory lock keyed by the schema name.
 */
import type pg from "pg";
import { STORE_ERROR_CODES, StoreError } from "../errors.js";
import { POSTGRES_MIGRATIONS, type PostgresMigration } from "./migrations.js";

/** Returns the versions applied by this call (empty when the schema was already current). */
export async function migratePostgres(
  client: pg.PoolClient,
  schema: string,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  const done: number[] = [];
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('switchboard-migrate:' || $1))", [schema]);
    // The name was checked against SCHEMA_NAME_PATTERN by the caller; identifiers cannot be bound.
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => v > newest);
    if (unknown.length > 0) {
      throw new StoreError(
        STORE_ERROR_CODES.SCHEMA_TOO_NEW,
        `database schema version ${Math.max(...unknown)} is newer than this Switchboard knows (${newest}); upgrade switchboard-ivr`,
      );
    }
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await migration.backfill?.(client);
      await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
      done.push(migration.version);
    }
    await client.query("COMMIT");
    return done;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
