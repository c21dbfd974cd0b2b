/**
 * `store/`: the persistence port and its adapters (SQLite embedded, PostgreSQL shared).
 */
export * from "./types.js";
export * from "./errors.js";
export { openStore, DEFAULT_DB_URL, type OpenStoreOptions } from "./open-store.js";
export { openSqliteStore, type SqliteStoreOptions, type VcaWrites } from "./sqlite/sqlite-store.js";
export { openDirectSqliteStore, type DirectSqliteStoreOptions } from "./sqlite/direct-store.js";
export { openPostgresStore, type PostgresStoreOptions } from "./postgres/postgres-store.js";
export { MAX_PAGE_SIZE } from "./cursor.js";
export * from "./outbound-types.js";
