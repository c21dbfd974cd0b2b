/**
 * The outcomes over time as the stats chart draws them: `GET /api/stats/series` lists only the
 * buckets that hold a session, so the empty ones between the window's start (or the first bucket,
 * for every stored call) and the server's clock are put back as zeros, one column per bucket
 * start (epoch seconds, uPlot's x axis) and one row per outcome. Pure; tested in
 * test/dashboard/stats-series.test.ts.
 */
import type { OutcomeSeries } from "./api-types.js";
import { OUTCOMES } from "./filters.js";

/** The chart's lines, in order: each outcome, then sessions with none yet. */
export const SERIES = [...OUTCOMES, "none"] as const;

/** What each line is called in the legend and the table. */
export const SERIES_LABELS: Record<(typeof SERIES)[number], string> = {
  completed: "Completed",
  unreachable: "Unreachable",
  failed: "Failed",
  error: "Error",
  none: "No outcome yet",
};

/** The most buckets drawn: beyond it the oldest are left out (only with every stored call and a long history). */
export const MAX_POINTS = 1000;

/** The chart's data: bucket starts (epoch seconds), then one row of counts per `SERIES` entry. */
export interface ChartData {
  x: number[];
  rows: number[][];
  /** Sessions in the window, the sum of every row. */
  total: number;
}

/** The series with its empty buckets filled in, from the window's start (or first bucket) through `until`. */
export function chartData(series: OutcomeSeries): ChartData {
  const width = series.bucketSeconds;
  const floor = (seconds: number) => Math.floor(seconds / width) * width;
  const byStart = new Map(series.buckets.map((bucket) => [Date.parse(bucket.start) / 1000, bucket]));
  const last = floor(Date.parse(series.until) / 1000);
  const firstStored = series.buckets.length === 0 ? last : Date.parse(series.buckets[0]!.start) / 1000;
  const first = Math.max(series.since === null ? firstStored : floor(Date.parse(series.since) / 1000), last - (MAX_POINTS - 1) * width);
  const x: number[] = [];
  const rows: number[][] = SERIES.map(() => []);
  let total = 0;
  for (let start = first; start <= last; start += width) {
    x.push(start);
    const bucket = byStart.get(start);
    SERIES.forEach((name, i) => {
      const count = bucket?.outcomes[name] ?? 0;
      rows[i]!.push(count);
      total += count;
    });
  }
  return { x, rows, total };
}

const UNITS: [number, string][] = [
  [604_800, "week"],
  [86_400, "day"],
  [3600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** A bucket width in words: `minute`, `30 minutes`, `hour`, `3 hours`, `day`. */
export function bucketWords(seconds: number): string {
  const [size, unit] = UNITS.find(([size]) => seconds % size === 0) ?? [1, "second"];
  const count = seconds / size;
  return count === 1 ? unit : `${count} ${unit}s`;
}
