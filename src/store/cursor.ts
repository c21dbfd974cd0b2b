/**
 * Read API cursors: opaque to clients, a base64url of the last row's sort key
 * (`createdAt`, `sessionId`), so pages stay stable while new sessions arrive.
 *
 * @example
 * const cursor = encodeCursor({ createdAt: "2026-01-01T00:00:00.000Z", sessionId: "s1" });
 * decodeCursor(cursor); // { createdAt: "2026-01-01T00:00:00.000Z", sessionId: "s1" }
 */
import { STORE_ERROR_CODES, StoreError } from "./errors.js";

export interface CursorKey {
  createdAt: string;
  sessionId: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.sessionId]), "utf8").toString("base64url");
}

/** A time as the stores hand it out (`Date#toISOString`), which every store can compare and parse. */
function isIsoTime(text: string): boolean {
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
}

/**
 * Throws a BAD_CURSOR StoreError for anything encodeCursor did not produce, including a time no
 * store hands out (a database that cannot parse it must not fail as if it were down).
 */
export function decodeCursor(cursor: string): CursorKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === "string") && isIsoTime(parsed[0] as string)) {
      return { createdAt: parsed[0] as string, sessionId: parsed[1] as string };
    }
  } catch {
    // fall through to the error below: a cursor is opaque, so any decoding failure means the same
  }
  throw new StoreError(STORE_ERROR_CODES.BAD_CURSOR, "cursor: not a cursor from a previous page; drop it to start from the first page");
}

/** The largest page the read API serves. */
export const MAX_PAGE_SIZE = 500;
