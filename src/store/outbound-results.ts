/**
 * The rows of `listOutboundResults`' session read, shared by SQLite and Postgres so both hand an
 * export identical objects: each last session's status, duration, variables and the keys pressed,
 * read for a whole page at once (one query per page, not one per contact).
 */
import type { LastSession } from "./outbound-types.js";
import { parseStoredJson } from "./rows.js";

/** One session of a page, as both adapters select it; `keys` is a JSON array of the keys in order. */
export interface LastSessionRow {
  session_id: string;
  status: string;
  duration_seconds: number | string | null;
  vars: unknown;
  keys: unknown;
}

/** The page's sessions by sessionId. */
export function lastSessions(rows: readonly LastSessionRow[]): Map<string, LastSession> {
  const found = new Map<string, LastSession>();
  for (const row of rows) {
    const keys = parseStoredJson(row.keys);
    found.set(row.session_id, {
      sessionId: row.session_id,
      status: row.status,
      durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
      vars: parseStoredJson(row.vars) as LastSession["vars"],
      keys: Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string") : [],
    });
  }
  return found;
}
