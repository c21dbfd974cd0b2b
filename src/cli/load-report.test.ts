import { describe, expect, it } from "vitest";
import type { LoadResult } from "./load-driver.js";
import { formatReport, loadReport, percentile } from "./load-report.js";

const result = (overrides: Partial<LoadResult> = {}): LoadResult => ({
  calls: 4,
  seconds: 2,
  answerLatenciesMs: Float64Array.from([1, 2, 3, 400]),
  vcaFailed: 0,
  fallbacksMarked: 0,
  outcomes: { COMPLETED: 3, ERROR: 1 },
  callers: [{ name: "1", press: ["1"], calls: 4, outcomes: { COMPLETED: 3, ERROR: 1 } }],
  acknowledged: 4,
  lost: 0,
  lostBecause: {},
  unfinished: 0,
  ...overrides,
});

describe("the load report", () => {
  it("takes percentiles by nearest rank, and none of nothing", () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 99, 100]);
    expect(percentile(Float64Array.from([7]), 99)).toBe(7);
    expect(percentile(new Float64Array(0), 50)).toBeNull();
  });

  it("prints calls per second, latencies, outcomes, and why summaries were lost", () => {
    const report = loadReport(result({ acknowledged: 1, lost: 3, lostBecause: { "HTTP 503": 2, ECONNREFUSED: 1 }, vcaFailed: 2, unfinished: 1 }), {
      target: "ivr.yaml",
      concurrency: 2,
      fallbacks: { count: 1, countedBy: "server metrics" },
    });
    expect(formatReport(report)).toEqual([
      "switchboard load: 4 calls to ivr.yaml, 2 at a time",
      "  calls            4 in 2.00 s = 2 calls/s",
      "  answer latency   p50 2.0 ms, p99 400 ms (VCA post to answer, 4 answers)",
      "  VCAs failed      2 (not answered with a 2xx within 5 s)",
      "  fallbacks        1 (counted by the server metrics)",
      "  outcomes         COMPLETED 3, ERROR 1",
      "  summaries        1 acknowledged, 3 lost (their last VSS delivery: HTTP 503 ×2, ECONNREFUSED ×1)",
      "  unfinished       1 call still running at their timeout",
    ]);
  });
});
