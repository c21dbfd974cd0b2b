/** `openStore`: a store from a URL, the form `--db` takes. */
import { STORE_ERROR_CODES, StoreError } from "./errors.js";
import { openPostgresStore } from "./postgres/postgres-store.js";
import { openSqliteStore, type VcaWrites } from "./sqlite/sqlite-store.js";
import type { StoreWithOutbound } from "./outbound-types.js";

/** The default store URL: the SQLite file `switchboard.db` in the working directory, as `serve` and `dev` default `--db`. */
export const DEFAULT_DB_URL = "sqlite:./switchboard.db";

/** What `openStore` takes besides the URL. */
export interface OpenStoreOptions {
  /** SQLite only: when an answered VCA's exchange is committed (docs/store.md); default "write-behind". */
  vcaWrites?: VcaWrites;
}

/**
 * Opens the store a URL names (the `--db` value): `sqlite:PATH`, the embedded default, for one
 * server process; or a `postgres://` / `postgresql://` connection string, for several server
 * instances sharing the calls (a `?schema=NAME` parameter picks the schema, default
 * `switchboard`). Tables are created and migrated on open. Rejects with a `StoreError`:
 * `SB_STORE_BAD_URL` for any other URL (the message names only its scheme, since a connection
 * string may hold a password), `SB_STORE_SCHEMA_TOO_NEW` for a database a newer Switchboard
 * migrated, `SB_STORE_UNAVAILABLE` when the database cannot be opened.
 *
 * @example
 * const store = await openStore("sqlite:./switchboard.db");
 * const shared = await openStore("postgres://postgres@127.0.0.1:5432/test?schema=ivr");
 * const { cachedAnswer, vars } = await store.loadForEvent(eventId, sessionId);
 * await store.close();
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<StoreWithOutbound> {
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
