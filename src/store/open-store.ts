/**
 * Opens a store from the `--db` value: `sqlite:PATH` (the embedded default) or a
 * `postgres://` / `postgresql://` connection string (a `?schema=NAME` parameter picks the schema).
 *
 * @example
 * const store = await openStore("sqlite:./switchboard.db");
 * const shared = await openStore("postgres://postgres@127.0.0.1:5432/test?schema=ivr");
 */
import { STORE_ERROR_CODES, StoreError } from "./errors.js";
import { openPostgresStore } from "./postgres/postgres-store.js";
import { openSqliteStore, type VcaWrites } from "./sqlite/sqlite-store.js";
import type { Store } from "./types.js";

export const DEFAULT_DB_URL = "sqlite:./switchboard.db";

export interface OpenStoreOptions {
  /** SQLite only: when an answered VCA's exchange is committed (docs/store.md); default "write-behind". */
  vcaWrites?: VcaWrites;
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (path === "") throw badUrl(url);
    return openSqliteStore({ path, ...options });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get("schema") ?? undefined;
    // pg does not know `schema`; strip it so the driver sees a plain connection string.
    parsed.searchParams.delete("schema");
    return openPostgresStore({ connectionString: parsed.toString(), ...(schema ? { schema } : {}) });
  }
  throw badUrl(url);
}

function badUrl(url: string): StoreError {
  // A connection string may hold a password: name only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? "(no scheme)";
  return new StoreError(
    STORE_ERROR_CODES.BAD_URL,
    `--db: "${scheme}..." is not a store URL; use sqlite:./switchboard.db or postgres://user@host:5432/db`,
  );
}
