/**
 * Errors a store can raise, with stable `SB_STORE_*` codes from the catalogue (src/util/,
 * explained in docs/errors.md). Adapters wrap driver errors (a closed SQLite handle, a refused
 * Postgres connection) in `StoreError` so the server can answer 503 and let the platform deliver
 * again, without knowing which adapter it talks to.
 *
 * @example
 * try { await store.saveSummary(s); } catch (e) { if (isStoreError(e)) reply.code(503); }
 */
import { SwitchboardError, type LayerErrorCode } from "../util/index.js";

/** The store's codes by short name, for adapters to pick from (`STORE_ERROR_CODES.UNAVAILABLE`). */
export const STORE_ERROR_CODES = {
  /** The database cannot be reached or written: retry later. */
  UNAVAILABLE: "SB_STORE_UNAVAILABLE",
  /** The `--db` / connection string is not one we understand. */
  BAD_URL: "SB_STORE_BAD_URL",
  /** The database was migrated by a newer Switchboard than this one. */
  SCHEMA_TOO_NEW: "SB_STORE_SCHEMA_TOO_NEW",
  /** A read API cursor that this store did not hand out. */
  BAD_CURSOR: "SB_STORE_BAD_CURSOR",
  /** The database refused a value it was given (not a failure of the database: giving it again fails again). */
  VALUE_REFUSED: "SB_STORE_VALUE_REFUSED",
} as const satisfies Record<string, LayerErrorCode<"STORE">>;

/** A code a `StoreError` can carry: one of the catalogue's `SB_STORE_*` codes (see `STORE_ERROR_CODES`). */
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[keyof typeof STORE_ERROR_CODES];

/** An error of any store adapter; the server answers 503 for `SB_STORE_UNAVAILABLE`, 400 for `SB_STORE_VALUE_REFUSED`. */
export class StoreError extends SwitchboardError<StoreErrorCode> {
  override readonly name = "StoreError";
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** True for a `StoreError` from any adapter. */
export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}

/**
 * Whether a driver's error says the database refused the data it was given rather than failed:
 * PostgreSQL's SQLSTATE classes 22 (data exception: a NUL byte, a number or date out of range),
 * 23 (integrity: a null in a NOT NULL column) and 54 (program limit: a key too long for its
 * index); SQLite's constraint, too-big and mismatch errors. Everything else (a refused or lost
 * connection, a full disk, a closed handle, a stopped worker) is the database failing.
 */
function isRefusedValue(cause: unknown): boolean {
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (typeof code !== "string") return false;
  return /^(22|23|54)[0-9A-Z]{3}$/.test(code) || /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH)/.test(code);
}

/**
 * Wraps anything a driver throws as a StoreError; StoreErrors pass through. A value the database
 * refused (`isRefusedValue`) becomes VALUE_REFUSED, so the server never answers it with 503
 * ("deliver again"): delivering it again would fail again. Anything else is UNAVAILABLE.
 */
export function unavailable(operation: string, cause: unknown): StoreError {
  if (cause instanceof StoreError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (isRefusedValue(cause)) return new StoreError(STORE_ERROR_CODES.VALUE_REFUSED, `the database refused a value during ${operation}: ${detail}`, { cause });
  return new StoreError(STORE_ERROR_CODES.UNAVAILABLE, `store unavailable during ${operation}: ${detail}`, { cause });
}
