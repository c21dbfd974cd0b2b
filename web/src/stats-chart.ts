/**
 * Draws the outcomes over time with uPlot (a small canvas chart, bundled; loaded only by the stats
 * page, like dagre for the graph): one line per outcome, its colour read from the page's CSS
 * variables so it follows the light or dark scheme, the x axis in the browser's time zone.
 * uPlot's stylesheet comes with the dashboard's (styles.css imports it).
 */
import uPlot from "uplot";
import { SERIES, SERIES_LABELS, type ChartData } from "./stats-series.js";

const COLOURS: Record<(typeof SERIES)[number], string> = {
  completed: "--ok",
  unreachable: "--warn",
  failed: "--bad",
  error: "--accent",
  none: "--muted",
};

/** A chart of `data` in `target`, `width` pixels wide; call `destroy()` on the result to remove it. */
export function drawChart(target: HTMLElement, data: ChartData, width: number): uPlot {
  const style = getComputedStyle(target);
  const colour = (name: string) => style.getPropertyValue(name).trim() || "#57606a";
  const axis = { stroke: colour("--muted"), grid: { stroke: colour("--line"), width: 1 }, ticks: { stroke: colour("--line"), width: 1 } };
  const options: uPlot.Options = {
    width,
    height: 260,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [axis, { ...axis, label: "Calls", size: 50 }],
    series: [
      { label: "Time" },
      ...SERIES.map((name) => ({
        label: SERIES_LABELS[name],
        stroke: colour(COLOURS[name]),
        width: 2,
        points: { show: data.x.length <= 100, size: 5 },
      })),
    ],
    legend: { live: true },
  };
  return new uPlot(options, [data.x, ...data.rows], target);
}
