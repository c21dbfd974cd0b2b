/**
 * What `switchboard load` reports: the run's figures as one JSON-ready object (`--json`) and as
 * lines for people.
 *
 * @example
 * const report = loadReport(result, { target: "shop.yaml", concurrency: 50, fallbacks: { count: 0, countedBy: "server metrics" } });
 * formatReport(report).forEach((line) => writeLine(io.stdout, line));
 */
import type { CallerResult, LoadResult } from "./load-driver.js";

/** The run's figures; `--json` prints this object. */
export interface LoadReport {
  /** The flow file or the URL the calls went to. */
  target: string;
  calls: number;
  concurrency: number;
  seconds: number;
  callsPerSecond: number;
  /** Time from each VCA post to its answer, measured at the simulator; null without answers. */
  answerLatencyMs: { p50: number | null; p99: number | null; answers: number };
  /** VCAs not answered with a 2xx (another status, refused, reset, past the simulator's 5 s). */
  vcaFailed: number;
  /** VCAs answered with the IVR's fallback, and how they were counted. */
  fallbacks: { count: number; countedBy: "server metrics" | "x-switchboard-fallback header" };
  /** Calls by session status; UNFINISHED for calls still running at their timeout. */
  outcomes: Record<string, number>;
  /** The same, per caller of the press script. */
  callers: CallerResult[];
  /** VSS the target acknowledged with a 2xx, those it never did (lost), and how the lost ones' last delivery ended. */
  summaries: { acknowledged: number; lost: number; lostBecause: Record<string, number> };
  unfinished: number;
}

/** The `p`th percentile (0-100) of sorted values by nearest rank, or null when there are none. */
export function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The report of a run, from the driver's result and what only the command knows. */
export function loadReport(result: LoadResult, context: Pick<LoadReport, "target" | "concurrency" | "fallbacks">): LoadReport {
  const p50 = percentile(result.answerLatenciesMs, 50);
  const p99 = percentile(result.answerLatenciesMs, 99);
  return {
    target: context.target,
    calls: result.calls,
    concurrency: context.concurrency,
    seconds: round(result.seconds, 3),
    callsPerSecond: result.seconds > 0 ? round(result.calls / result.seconds, 1) : 0,
    answerLatencyMs: { p50: p50 === null ? null : round(p50, 2), p99: p99 === null ? null : round(p99, 2), answers: result.answerLatenciesMs.length },
    vcaFailed: result.vcaFailed,
    fallbacks: context.fallbacks,
    outcomes: result.outcomes,
    callers: result.callers,
    summaries: { acknowledged: result.acknowledged, lost: result.lost, lostBecause: result.lostBecause },
    unfinished: result.unfinished,
  };
}

const ms = (value: number | null) => (value === null ? "-" : `${value < 100 ? value.toFixed(1) : Math.round(value)} ms`);
const counts = (outcomes: Record<string, number>) =>
  Object.entries(outcomes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status} ${n}`)
    .join(", ") || "none";

/** The report as lines for people. */
export function formatReport(report: LoadReport): string[] {
  const row = (label: string, value: string) => `  ${label.padEnd(16)} ${value}`;
  const lines = [
    `switchboard load: ${report.calls} call${report.calls === 1 ? "" : "s"} to ${report.target}, ${report.concurrency} at a time`,
    row("calls", `${report.calls} in ${report.seconds.toFixed(2)} s = ${report.callsPerSecond} calls/s`),
    row("answer latency", `p50 ${ms(report.answerLatencyMs.p50)}, p99 ${ms(report.answerLatencyMs.p99)} (VCA post to answer, ${report.answerLatencyMs.answers} answers)`),
  ];
  if (report.vcaFailed > 0) lines.push(row("VCAs failed", `${report.vcaFailed} (not answered with a 2xx within 5 s)`));
  lines.push(row("fallbacks", `${report.fallbacks.count} (counted by the ${report.fallbacks.countedBy})`));
  lines.push(row("outcomes", counts(report.outcomes)));
  if (report.callers.length > 1) {
    const width = Math.max(...report.callers.map((c) => c.name.length + 2));
    for (const caller of report.callers) lines.push(`    ${JSON.stringify(caller.name).padEnd(width)}  ${caller.calls} calls: ${counts(caller.outcomes)}`);
  }
  const because = Object.entries(report.summaries.lostBecause).map(([reason, n]) => `${reason} ×${n}`);
  const why = because.length > 0 ? ` (their last VSS delivery: ${because.join(", ")})` : "";
  lines.push(row("summaries", `${report.summaries.acknowledged} acknowledged, ${report.summaries.lost} lost${why}`));
  if (report.unfinished > 0) lines.push(row("unfinished", `${report.unfinished} call${report.unfinished === 1 ? "" : "s"} still running at their timeout`));
  return lines;
}
