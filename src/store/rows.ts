/**
 * Row shapes shared by the adapters and their mapping to the port's types, so SQLite and
 * Postgres hand the read API byte-identical objects.
 */
import { isNestedDeeperThan } from "../util/index.js";
import type { Outcome } from "../voice/index.js";
import type { ExchangeStep, FallbackReason, SessionRecord, StoredJob, StoredVariables, TimelineEntry } from "./types.js";

export interface SessionRow {
  session_id: string;
  sub_account_id: string | null;
  status: string;
  call_direction: string | null;
  source: string | null;
  destination: string | null;
  vars: string | StoredVariables;
  vca_count: number | string;
  flow_fingerprint: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  outcome: string | null;
  error_code: number | null;
  duration_seconds: number | null;
  mos: number | null;
  last_menu: string | null;
  last_keys: string | null;
}

/** ISO-8601 with milliseconds in UTC, whatever the driver returned. */
export function isoTime(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}

/** JSON columns are text in SQLite and jsonb (already parsed) in Postgres. */
export function parseJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/**
 * Stored JSON nested deeper than this is shown as `UnreadableJson` rather than parsed: a value that
 * deep overflows the stack when it is cloned to another thread or serialised into a reply, and
 * webhook bodies that deep were accepted before intake refused them (8x8's are a few levels).
 */
export const READ_DEPTH_LIMIT = 256;

/** What the read side shows in place of stored JSON too deep to read (see READ_DEPTH_LIMIT). */
export interface UnreadableJson {
  unreadable: string;
  bytes: number;
}

/** Stored JSON that a client sent (deliveries, payloads), parsed unless it nests too deeply. */
export function parseStoredJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (isNestedDeeperThan(value, READ_DEPTH_LIMIT)) {
    return { unreadable: `stored JSON nested deeper than ${READ_DEPTH_LIMIT} levels; not shown`, bytes: Buffer.byteLength(value) } satisfies UnreadableJson;
  }
  return JSON.parse(value);
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
    flowFingerprint: row.flow_fingerprint ?? null,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    vars: parseStoredJson(row.vars) as StoredVariables,
    outcome: (row.outcome ?? null) as Outcome | null,
    errorCode: row.error_code ?? null,
    durationSeconds: row.duration_seconds ?? null,
    mos: row.mos ?? null,
    lastMenu: row.last_menu ?? null,
    lastKeys: row.last_keys ?? null,
  };
}

export interface ExchangeRow {
  event_id: string;
  received_at: string | Date;
  received: unknown;
  answered_at: string | Date;
  answer: string;
  fallback_reason: FallbackReason | null;
  menu: string | null;
  keys: string | null;
  next_menu: string | null;
}

/** One stored exchange is two steps of the timeline: the VCA received, then the answer sent. */
export function toTimeline(rows: ExchangeRow[]): TimelineEntry[] {
  return rows.flatMap((row, index) => [
    { seq: index * 2 + 1, kind: "vca" as const, eventId: row.event_id, at: isoTime(row.received_at), body: parseStoredJson(row.received) },
    {
      seq: index * 2 + 2,
      kind: "answer" as const,
      eventId: row.event_id,
      at: isoTime(row.answered_at),
      body: { answer: parseJson(row.answer), fallbackReason: row.fallback_reason },
      step: { menu: row.menu, keys: row.keys, nextMenu: row.next_menu } satisfies ExchangeStep,
    },
  ]);
}

export interface JobRow {
  job_key: string;
  kind: string;
  session_id: string;
  run_at: string | Date;
  payload: unknown;
  created_at: string | Date;
}

export function toStoredJob(row: JobRow): StoredJob {
  return { key: row.job_key, kind: row.kind, sessionId: row.session_id, runAt: isoTime(row.run_at), payload: parseStoredJson(row.payload), createdAt: isoTime(row.created_at) };
}
