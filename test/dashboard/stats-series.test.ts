/**
 * The stats chart's data (web/src/stats-series.ts): the buckets `GET /api/stats/series` lists,
 * with the empty ones between the window's start and the server's clock put back as zeros, and
 * bucket widths in words.
 */
import { describe, expect, it } from "vitest";
import type { OutcomeSeries } from "../../web/src/api-types.js";
import { bucketWords, chartData, MAX_POINTS, SERIES } from "../../web/src/stats-series.js";

const none = { completed: 0, unreachable: 0, failed: 0, error: 0, none: 0 };
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe("the stats chart's data", () => {
  it("has a column per bucket from the window's start through the server's clock, zeros where nothing was stored", () => {
    const series: OutcomeSeries = {
      since: "2026-11-29T11:00:30.000Z",
      until: "2026-11-29T12:00:30.000Z",
      bucketSeconds: 60,
      buckets: [
        { start: "2026-11-29T11:30:00.000Z", sessions: 3, outcomes: { ...none, completed: 2, unreachable: 1 } },
        { start: "2026-11-29T12:00:00.000Z", sessions: 1, outcomes: { ...none, none: 1 } },
      ],
    };
    const data = chartData(series);
    expect(data.x).toHaveLength(61);
    expect(data.x[0]).toBe(seconds("2026-11-29T11:00:00.000Z"));
    expect(data.x.at(-1)).toBe(seconds("2026-11-29T12:00:00.000Z"));
    expect(data.rows).toHaveLength(SERIES.length);
    expect(data.rows.map((row) => row[30])).toEqual([2, 1, 0, 0, 0]);
    expect(data.rows.map((row) => row[60])).toEqual([0, 0, 0, 0, 1]);
    expect(data.total).toBe(4);
  });

  it("starts at the first stored bucket without a window, and keeps at most the newest MAX_POINTS buckets", () => {
    const bucket = { start: "2026-11-27T00:00:00.000Z", sessions: 1, outcomes: { ...none, error: 1 } };
    expect(chartData({ since: null, until: "2026-11-29T08:00:00.000Z", bucketSeconds: 86_400, buckets: [bucket] }).x).toHaveLength(3);
    expect(chartData({ since: null, until: "2026-11-29T08:00:00.000Z", bucketSeconds: 60, buckets: [bucket] }).x).toHaveLength(MAX_POINTS);
    expect(chartData({ since: null, until: "2026-11-29T08:00:00.000Z", bucketSeconds: 60, buckets: [] }).x).toHaveLength(1);
  });

  it("names bucket widths", () => {
    expect([60, 1800, 3600, 10_800, 86_400, 604_800, 90].map(bucketWords)).toEqual(["minute", "30 minutes", "hour", "3 hours", "day", "week", "90 seconds"]);
  });
});
