/**
 * Row shapes shared by the adapters and their mapping to the port's types, so SQLite and
 * Postgres hand the read API byte-identical objects.
 */
import type { SessionRecord, StoredVariables } from "./types.js";

export interface SessionRow {
  session_id: string;
  sub_account_id: string | null;
  status: string;
  call_direction: string | null;
  source: string | null;
  destination: string | null;
  vars: string | StoredVariables;
  vca_count: number | string;
  created_at: string | Date;
  updated_at: string | Date;
}

/** ISO-8601 with milliseconds in UTC, whatever the driver returned. */
export function isoTime(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}

/** JSON columns are text in SQLite and jsonb (already parsed) in Postgres. */
export function parseJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    sessionId: row.session_id,
    subAccountId: row.sub_account_id,
    status: row.status,
    callDirection: row.call_direction,
    source: row.source,
    destination: row.destination,
    vcaCount: Number(row.vca_count),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    vars: parseJson<StoredVariables>(row.vars),
  };
}
