/**
 * The outcome series as both adapters build it: their SQL groups sessions by bucket (seconds since
 * the Unix epoch, a multiple of the bucket's width) and outcome; the rows are folded into
 * `OutcomeSeries` here, once, so SQLite and Postgres answer alike. The bucket width is checked
 * here too, before any SQL runs.
 *
 * @example
 * checkBucketSeconds(query.bucketSeconds);
 * toOutcomeSeries(query, rows);
 */
import { OUTCOMES, type Outcome } from "../voice/index.js";
import { STORE_ERROR_CODES, StoreError } from "./errors.js";
import type { OutcomeBucket, OutcomeSeries, OutcomeSeriesQuery } from "./types.js";

/** The widest bucket a series takes: a year. */
export const MAX_BUCKET_SECONDS = 366 * 86_400;

/** One group of the series SQL: a bucket's start (epoch seconds), an outcome, how many sessions. */
export interface SeriesRow {
  bucket_start: number | string;
  outcome: string | null;
  sessions: number | string;
}

/** Refuses a bucket width that is not a whole number of seconds from 1 to a year (`SB_STORE_VALUE_REFUSED`). */
export function checkBucketSeconds(bucketSeconds: number): void {
  if (!Number.isInteger(bucketSeconds) || bucketSeconds < 1 || bucketSeconds > MAX_BUCKET_SECONDS) {
    throw new StoreError(STORE_ERROR_CODES.VALUE_REFUSED, `bucketSeconds: ${String(bucketSeconds)} is not a whole number of seconds from 1 to ${MAX_BUCKET_SECONDS}`);
  }
}

const emptyOutcomes = (): Record<Outcome | "none", number> => ({ ...Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])), none: 0 }) as Record<Outcome | "none", number>;

/** `OutcomeSeries` from the series SQL's rows: buckets oldest first; an outcome not in `OUTCOMES` counts as `none`. */
export function toOutcomeSeries(query: OutcomeSeriesQuery, rows: readonly SeriesRow[]): OutcomeSeries {
  const buckets = new Map<number, OutcomeBucket>();
  for (const row of rows) {
    const start = Number(row.bucket_start);
    let bucket = buckets.get(start);
    if (bucket === undefined) {
      bucket = { start: new Date(start * 1000).toISOString(), sessions: 0, outcomes: emptyOutcomes() };
      buckets.set(start, bucket);
    }
    const count = Number(row.sessions);
    const outcome = (OUTCOMES as readonly string[]).includes(row.outcome ?? "") ? (row.outcome as Outcome) : "none";
    bucket.outcomes[outcome] += count;
    bucket.sessions += count;
  }
  return {
    since: query.since === undefined ? null : query.since.toISOString(),
    bucketSeconds: query.bucketSeconds,
    buckets: [...buckets.entries()].sort(([a], [b]) => a - b).map(([, bucket]) => bucket),
  };
}
