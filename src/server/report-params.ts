/**
 * The read API's report parameters, read from a query string: `since` (a time span back from now,
 * `90s` `30m` `1h` `7d` `2w`, or an ISO-8601 date or date-time with its offset), `outcome`,
 * `direction`, `q` (digits, optionally after a +) and `fingerprint`. Each bad value is a
 * `FieldError` naming the field, the value and what is expected, which the routes answer with
 * 400 `SB_SERVER_INVALID_FIELD`.
 *
 * @example
 * const read = sessionFilters({ since: "1h", direction: "outbound" }, new Date());
 * if ("error" in read) return sendError(reply, "SB_SERVER_INVALID_FIELD", read.error.message, read.error.field);
 */
import type { ListSessionsQuery } from "../store/index.js";
import { CALL_DIRECTIONS, OUTCOMES, type CallDirection, type Outcome } from "../voice/index.js";

/** A query parameter the route refuses: which one, and why (the message starts with its name). */
export interface FieldError {
  field: string;
  message: string;
}

/** The `listSessions` filters besides `status`, `limit` and `cursor`. */
export type SessionFilters = Pick<ListSessionsQuery, "since" | "outcome" | "direction" | "q">;

const SPAN = /^(\d{1,6})(s|m|h|d|w)$/;
const SPAN_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** A date, or a date-time with seconds optional and its offset (a time without one would mean the server's zone). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** How far back a span may reach. */
const MAX_SPAN_MS = 100 * 366 * SPAN_MS.d;
const NUMBER_PART = /^\+?\d{1,15}$/;
const FINGERPRINT = /^[\x21-\x7e]{1,256}$/;

/** A parameter given once, as text; "" counts as absent. Repeated, or not text: an error. */
function single(query: Record<string, unknown>, field: string): { text: string | undefined } | { error: FieldError } {
  const value = query[field];
  if (value === undefined || value === "") return { text: undefined };
  if (typeof value !== "string") return { error: { field, message: `${field}: give it once` } };
  return { text: value };
}

/** `since`: a span back from `now` or an ISO-8601 time; absent is undefined. */
export function sinceParam(query: Record<string, unknown>, now: Date): { since: Date | undefined } | { error: FieldError } {
  const read = single(query, "since");
  if ("error" in read) return read;
  const text = read.text;
  if (text === undefined) return { since: undefined };
  const refuse = (why: string) => ({ error: { field: "since", message: `since: ${JSON.stringify(text.slice(0, 40))} ${why}` } });
  const span = SPAN.exec(text);
  if (span) {
    const ms = Number(span[1]) * SPAN_MS[span[2] as keyof typeof SPAN_MS];
    return ms > MAX_SPAN_MS ? refuse("reaches more than 100 years back") : { since: new Date(now.getTime() - ms) };
  }
  const time = ISO_TIME.test(text) && realDay(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    return refuse("is not a time: expected a span back from now (90s, 30m, 1h, 7d, 2w) or an ISO-8601 date or date-time with its offset (2026-11-29, 2026-11-29T08:00:00Z)");
  }
  // Stored times are ISO text compared as text; a year past 9999 prints as "+010000-…" and sorts first.
  if (time >= LAST_YEAR_END_MS) return refuse("is after the year 9999");
  return { since: new Date(time) };
}

const LAST_YEAR_END_MS = Date.UTC(10_000, 0, 1);

/** Whether an ISO text's date is a day of the calendar (Date.parse takes 2026-02-31 for March 3rd). */
function realDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The filters of `GET /api/sessions` besides `status`, `limit` and `cursor`. */
export function sessionFilters(query: Record<string, unknown>, now: Date): { filters: SessionFilters } | { error: FieldError } {
  const since = sinceParam(query, now);
  if ("error" in since) return since;
  const filters: SessionFilters = since.since === undefined ? {} : { since: since.since };

  const outcome = single(query, "outcome");
  if ("error" in outcome) return outcome;
  if (outcome.text !== undefined) {
    const value = outcome.text.toLowerCase();
    if (!(OUTCOMES as readonly string[]).includes(value)) {
      return { error: { field: "outcome", message: `outcome: ${JSON.stringify(outcome.text)} is not an outcome: expected ${OUTCOMES.join(", ")}` } };
    }
    filters.outcome = value as Outcome;
  }

  const direction = single(query, "direction");
  if ("error" in direction) return direction;
  if (direction.text !== undefined) {
    const value = direction.text.toUpperCase();
    if (!(CALL_DIRECTIONS as readonly string[]).includes(value)) {
      return { error: { field: "direction", message: `direction: ${JSON.stringify(direction.text)} is not a direction: expected ${CALL_DIRECTIONS.join(" or ")}` } };
    }
    filters.direction = value as CallDirection;
  }

  const q = single(query, "q");
  if ("error" in q) return q;
  if (q.text !== undefined) {
    if (!NUMBER_PART.test(q.text)) {
      return { error: { field: "q", message: `q: ${JSON.stringify(q.text.slice(0, 40))} is not part of a phone number: expected 1 to 15 digits, optionally after a +` } };
    }
    filters.q = q.text;
  }
  return { filters };
}

/** `fingerprint`: a flow's fingerprint as `GET /api/flows` lists it; absent is undefined. */
export function fingerprintParam(query: Record<string, unknown>): { fingerprint: string | undefined } | { error: FieldError } {
  const read = single(query, "fingerprint");
  if ("error" in read) return read;
  if (read.text !== undefined && !FINGERPRINT.test(read.text)) {
    return { error: { field: "fingerprint", message: `fingerprint: ${JSON.stringify(read.text.slice(0, 40))} is not a flow fingerprint: expected up to 256 printable characters, as GET /api/flows lists them` } };
  }
  return { fingerprint: read.text };
}

/** Bucket widths `GET /api/stats/series` picks from when none is given: the smallest that makes at most `AUTO_BUCKETS` buckets. */
const BUCKET_LADDER_S = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400];
/** How many buckets a picked width aims for at most. */
const AUTO_BUCKETS = 60;
/** How many buckets a given width may make over its window. */
export const MAX_BUCKETS = 1000;

/**
 * `bucket`: the width of `GET /api/stats/series`' buckets, a span (`1m`, `1h`, `1d`), in seconds.
 * Absent, it is picked from the window (1 minute for an hour back, 30 minutes for a day, a day
 * without `since`). Given, it must make at most `MAX_BUCKETS` buckets back to `since`, and without
 * `since` be a day or more, so the answer stays small.
 */
export function bucketParam(query: Record<string, unknown>, since: Date | undefined, now: Date): { bucketSeconds: number } | { error: FieldError } {
  const read = single(query, "bucket");
  if ("error" in read) return read;
  const windowS = since === undefined ? undefined : Math.max(1, (now.getTime() - since.getTime()) / 1000);
  if (read.text === undefined) {
    if (windowS === undefined) return { bucketSeconds: 86_400 };
    return { bucketSeconds: BUCKET_LADDER_S.find((width) => windowS / width <= AUTO_BUCKETS) ?? BUCKET_LADDER_S.at(-1)! };
  }
  const text = read.text;
  const refuse = (why: string) => ({ error: { field: "bucket", message: `bucket: ${JSON.stringify(text.slice(0, 40))} ${why}` } });
  const span = SPAN.exec(text);
  const seconds = span ? (Number(span[1]) * SPAN_MS[span[2] as keyof typeof SPAN_MS]) / 1000 : 0;
  if (seconds < 1) return refuse("is not a bucket width: expected a span such as 1m, 15m, 1h, 1d or 1w");
  if (seconds > 366 * 86_400) return refuse("is wider than a year: expected at most 366d");
  if (windowS === undefined) return seconds < 86_400 ? refuse("is narrower than a day, which is the least without since: give since, or a bucket of 1d or more") : { bucketSeconds: seconds };
  if (windowS / seconds > MAX_BUCKETS) return refuse(`makes more than ${MAX_BUCKETS} buckets since ${since!.toISOString()}: expected a wider bucket, or a later since`);
  return { bucketSeconds: seconds };
}
