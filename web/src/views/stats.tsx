/**
 * The stats page (`#/stats`): over a time range, the calls' outcomes over time as a chart (uPlot,
 * loaded with the page) with the same numbers as a table, and beside it the completion rate, the
 * average duration and MOS of the caller's leg, the fallbacks by reason and the outbound retries,
 * each with its definition (`GET /api/stats` and `GET /api/stats/series`; the same definitions as
 * the server's `/metrics`, which counts one process since it started where these read the store).
 * Reloads when calls end.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { sessionStats } from "../api.js";
import type { OutcomeSeries, SessionStats } from "../api-types.js";
import { formatDuration, formatMos, formatWhen } from "../format.js";
import { rangeLabel, sinceOf, useCallsEnded, useRange } from "../stats-range.js";
import { bucketWords, chartData, SERIES, SERIES_LABELS, type ChartData } from "../stats-series.js";
import { RangeSelect } from "./flow-range.js";

const REASONS: { reason: string; label: string }[] = [
  { reason: "error", label: "The app threw" },
  { reason: "timeout", label: "The app ran out of time" },
  { reason: "invalid", label: "The app's answer was invalid" },
  { reason: "store_unavailable", label: "Store unavailable" },
];

/** The stats page. */
export function StatsView() {
  const [range, setRange] = useRange();
  const ended = useCallsEnded();
  const [shown, setShown] = useState<{ stats: SessionStats; series: OutcomeSeries } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    const abort = new AbortController();
    sessionStats(sinceOf(range), abort.signal)
      .then((answer) => {
        setShown(answer);
        setError(null);
      })
      .catch((failure: Error) => {
        if (failure.name !== "AbortError") setError(failure.message);
      });
    return () => abort.abort();
  }, [range, ended]);
  useEffect(() => setShown(null), [range]);

  return (
    <section aria-labelledby="stats-title">
      <h1 id="stats-title" ref={heading} tabIndex={-1}>
        Stats
      </h1>
      <RangeSelect id="stats-range" range={range} onChange={setRange} />
      {error !== null && (
        <p class="error" role="alert">
          Could not load the stats: {error}
        </p>
      )}
      {shown === null ? <p aria-busy="true">Loading…</p> : <StatsBody stats={shown.stats} series={shown.series} range={rangeLabel(range)} />}
    </section>
  );
}

const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1).replace(/\.0$/, "")} %`);

function StatsBody({ stats, series, range }: { stats: SessionStats; series: OutcomeSeries; range: string }) {
  const data = chartData(series);
  return (
    <div class="stats-layout">
      <figure class="stats-chart">
        <figcaption>
          Calls by outcome, {range}, per {bucketWords(series.bucketSeconds)}
        </figcaption>
        <Chart data={data} />
        <ChartTable data={data} />
      </figure>
      <div class="stats-facts">
        <dl class="facts">
          <div>
            <dt>Calls</dt>
            <dd data-stat="sessions">{stats.sessions}</dd>
          </div>
          <div>
            <dt>Completion rate</dt>
            <dd data-stat="completion-rate">{percent(stats.completionRate)}</dd>
          </div>
          <div>
            <dt>Average duration</dt>
            <dd data-stat="average-duration">{formatDuration(stats.averageDurationSeconds)}</dd>
          </div>
          <div>
            <dt>Average MOS (caller's leg)</dt>
            <dd data-stat="average-mos">{formatMos(stats.averageMos)}</dd>
          </div>
          <div>
            <dt>Retries placed / scheduled</dt>
            <dd data-stat="retries">
              {stats.retries.placed} / {stats.retries.scheduled}
            </dd>
          </div>
        </dl>
        <table class="counts" id="fallbacks">
          <caption>Fallbacks by reason</caption>
          <tbody>
            {REASONS.map(({ reason, label }) => (
              <tr data-reason={reason}>
                <th scope="row">
                  {label} <code>{reason}</code>
                </th>
                <td class="number">{stats.fallbacks[reason] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Definitions />
    </div>
  );
}

function Chart({ data }: { data: ChartData }) {
  const box = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    const target = box.current;
    if (target === null) return;
    let chart: { destroy(): void; setSize(size: { width: number; height: number }): void } | null = null;
    let live = true;
    const observer = new ResizeObserver(() => chart?.setSize({ width: Math.max(280, target.clientWidth), height: 260 }));
    import("../stats-chart.js")
      .then(({ drawChart }) => {
        if (!live) return;
        chart = drawChart(target, data, Math.max(280, target.clientWidth));
        observer.observe(target);
      })
      .catch((error: Error) => live && setFailure(error.message));
    return () => {
      live = false;
      observer.disconnect();
      chart?.destroy();
    };
  }, [data.x.length, data.x[0], data.rows.flat().join(",")]);
  if (failure !== null) return <p class="error">Could not draw the chart: {failure}</p>;
  // The canvas is one image to assistive technology; the table below holds the same numbers.
  return <div ref={box} class="chart" role="img" aria-label={`A line per outcome: ${data.total} calls over ${data.x.length} intervals`} data-series={SERIES.length} data-points={data.x.length} />;
}

function ChartTable({ data }: { data: ChartData }) {
  const rows = data.x.map((start, i) => ({ start, counts: data.rows.map((row) => row[i] ?? 0) })).filter((row) => row.counts.some((count) => count > 0));
  return (
    <details class="chart-table">
      <summary>The chart as a table ({rows.length === 1 ? "1 interval" : `${rows.length} intervals`} with calls)</summary>
      <div class="table-wrap">
        <table class="counts">
          <thead>
            <tr>
              <th scope="col">From</th>
              {SERIES.map((name) => (
                <th scope="col" class="number">
                  {SERIES_LABELS[name]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <th scope="row" data-label="From">
                  {formatWhen(new Date(row.start * 1000).toISOString())}
                </th>
                {row.counts.map((count, i) => (
                  <td class="number" data-label={SERIES_LABELS[SERIES[i]!]}>
                    {count}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Definitions() {
  return (
    <section class="definitions" aria-labelledby="definitions-title">
      <h2 id="definitions-title">What the numbers mean</h2>
      <dl>
        <dt>Calls</dt>
        <dd>Sessions first stored in the range (a call is counted when it starts, whatever its outcome).</dd>
        <dt>Outcome</dt>
        <dd>
          From the call's summary: completed (COMPLETED; an outbound call the callee answered), unreachable (NO_ANSWER, BUSY), failed (FAILED, CANCELED and statuses this version does
          not know), error (ERROR). No outcome yet: the summary has not arrived (the call is in progress, or its summary was lost).
        </dd>
        <dt>Completion rate</dt>
        <dd>Completed calls over the calls with an outcome.</dd>
        <dt>Average duration, average MOS</dt>
        <dd>Means of the caller's leg (callA) over the calls whose summary gave one; MOS is call quality from 1 to 5.</dd>
        <dt>Fallbacks</dt>
        <dd>
          Answers the server sent as its fallback, by the reasons of <code>switchboard_vca_fallbacks_total</code> on <code>/metrics</code>. <code>/metrics</code> counts one server
          process since it started; this page reads the store, so it spans restarts and every server sharing it (a fallback sent while the store was down was never stored).
        </dd>
        <dt>Retries</dt>
        <dd>Outbound attempts after a request's first, placed in the range; scheduled adds those decided and not yet placed.</dd>
      </dl>
    </section>
  );
}
