/**
 * The suite's figures of record (bench/suite.ts): the goals of issue 11 judged on the median over
 * the runs, and the Markdown table that `npm run bench` writes between the markers of
 * docs/performance.md.
 */
import { DASHBOARD_GOAL_MS, type DashboardReadReport } from "./dashboard-read.js";
import type { E2eReport } from "./e2e-load.js";
import type { FlowSizeReport } from "./flow-size.js";
import type { LoadFigures, MixReport } from "./mix.js";
import type { VssIntakeReport } from "./vss-intake.js";

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  loadAverageAtStart: number[];
}

export interface Goal {
  name: string;
  /** As people read it: "≥ 0.80". */
  goal: string;
  value: number;
  digits: number;
  pass: boolean;
}

/** What bench/results/latest.json holds. */
export interface SuiteResults {
  machine: Machine;
  reproduce: string;
  durationSeconds: number;
  mix: MixReport | null;
  vssIntake: VssIntakeReport | null;
  /** The same on PostgreSQL (null: not run, or PostgreSQL unreachable); absent in older results. */
  vssIntakePostgres?: VssIntakeReport | null;
  e2e: E2eReport | null;
  flowSize: FlowSizeReport | null;
  /** The dashboard's reads at 100,000 sessions (bench/dashboard-read.ts); absent in older results. */
  dashboard?: DashboardReadReport | null;
  goals: Goal[];
}

export const START_MARKER = "<!-- bench:results:start (written by `npm run bench`; edit outside the markers) -->";
export const END_MARKER = "<!-- bench:results:end -->";

const atLeast = (name: string, value: number, goal: number): Goal => ({ name, goal: `≥ ${goal.toFixed(2)}`, value, digits: 2, pass: value >= goal });
const atMost = (name: string, value: number, goal: number): Goal => ({ name, goal: `≤ ${goal.toFixed(2)}`, value, digits: 2, pass: value <= goal });

/** Issue 11's goals (and bench:vca's) against what the suite measured; a part not run has none. */
export function goals(results: SuiteResults): Goal[] {
  const list: Goal[] = [];
  const mix = results.mix?.median.mix;
  if (mix) {
    list.push(atLeast("mix (100 connections, walk + VSS): req/s full / bare Fastify", mix.rpsFullOverBareFastify, 0.8));
    list.push(atMost("mix (100 connections, walk + VSS): p99 full / bare node:http", mix.p99FullOverBareNode, 2));
  }
  const walk = results.mix?.median.walk;
  if (walk) list.push(atLeast("walk (16 connections): req/s full / bare Fastify (bench:vca's goal)", walk.rpsFullOverBareFastify, 0.7));
  for (const vss of [results.vssIntake, results.vssIntakePostgres]) {
    if (vss) list.push(atLeast(`VSS intake (${vss.options.concurrency} connections), ${vss.store}: summaries/s full / bare Fastify`, vss.ratio.median, 0.5));
  }
  if (results.e2e) list.push({ name: `whole simulated calls: summaries lost of ${results.e2e.calls}`, goal: "= 0", value: results.e2e.lost + results.e2e.unacknowledged, digits: 0, pass: results.e2e.lost + results.e2e.unacknowledged === 0 });
  if (results.flowSize) list.push(atMost(`flow size: p99 ${results.flowSize.options.menus}-menu flow / restaurant`, results.flowSize.median.p99Ratio, 1.1));
  const sqlite = results.dashboard?.stores.find((s) => s.store === "SQLite");
  if (sqlite && results.dashboard) {
    const slowest = Math.max(...sqlite.reads.map((r) => r.p95));
    list.push({ name: `dashboard reads at ${results.dashboard.options.sessions} sessions, SQLite: slowest p95 server time, ms (issue 12)`, goal: `< ${DASHBOARD_GOAL_MS}`, value: slowest, digits: 0, pass: slowest < DASHBOARD_GOAL_MS });
  }
  return list;
}

const n0 = (n: number) => n.toFixed(0);
const n2 = (n: number) => n.toFixed(2);
const ms = (p50: number, p99: number) => `${p50.toFixed(1)} / ${p99.toFixed(1)}`;

function loadTable(title: string, loads: LoadFigures[]): string[] {
  const lines = [
    `**${title}** (every run; latencies in ms, p50 / p99; ratios: median of the run's per-round ratios)`,
    "",
    "| run | full req/s | bare Fastify req/s | bare node:http req/s | full | bare Fastify | bare node:http | req/s full / Fastify | p99 full / node:http |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  loads.forEach((load, i) => {
    const { full, "bare-fastify": fastify, "bare-node": node } = load.targets;
    lines.push(
      `| ${i + 1} | ${n0(full.rps)} | ${n0(fastify.rps)} | ${n0(node.rps)} | ${ms(full.p50, full.p99)} | ${ms(fastify.p50, fastify.p99)} | ${ms(node.p50, node.p99)} | ${n2(load.rpsFullOverBareFastify.median)} | ${n2(load.p99FullOverBareNode.median)} |`,
    );
  });
  return [...lines, ""];
}

/** The Markdown the suite writes between the markers. */
export function renderResults(results: SuiteResults): string {
  const m = results.machine;
  const runs = results.mix?.runs.length ?? results.flowSize?.runs.length ?? 0;
  const lines = [
    `Measured ${m.date.slice(0, 16).replace("T", " ")} UTC on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}, node ${m.node}; load average at the start ${m.loadAverageAtStart.join(", ")}; the suite took ${results.durationSeconds} s.`,
    `Reproduce: \`${results.reproduce}\` (bench/results/latest.json has every figure).`,
    "",
    `| goal (median of ${runs} runs) | measured | goal | met |`,
    "|---|---|---|---|",
    ...results.goals.map((g) => `| ${g.name} | ${g.value.toFixed(g.digits)} | ${g.goal} | ${g.pass ? "yes" : "**no**"} |`),
    "",
  ];
  const mixes = results.mix?.runs.flatMap((run) => (run.mix ? [run.mix] : [])) ?? [];
  const walks = results.mix?.runs.flatMap((run) => (run.walk ? [run.walk] : [])) ?? [];
  if (mixes.length > 0) lines.push(...loadTable("Mix: 100 connections, walk + VSS", mixes));
  if (walks.length > 0) lines.push(...loadTable("Walk: 16 connections, no VSS", walks));
  for (const vss of [results.vssIntake, results.vssIntakePostgres]) {
    if (!vss) continue;
    lines.push(
      `**VSS intake** (${vss.options.concurrency} connections, ${vss.store}, every summary a new session, durable before its 200)`,
      "",
      "| target | summaries/s | p50 / p99 ms | server CPU µs each |",
      "|---|---|---|---|",
      `| full (durable) | ${n0(vss.full.rps)} | ${ms(vss.full.p50, vss.full.p99)} | ${n0(vss.full.serverCpuPerRequest)} |`,
      `| bare Fastify (stores nothing) | ${n0(vss.bare.rps)} | ${ms(vss.bare.p50, vss.bare.p99)} | ${n0(vss.bare.serverCpuPerRequest)} |`,
      `| ratio full / bare (per-round median) | ${n2(vss.ratio.median)} | | |`,
      "",
    );
  }
  const e2e = results.e2e;
  if (e2e) {
    lines.push(`**Whole simulated calls** (${e2e.calls} at once through the simulator, press ${e2e.press.join(", ")})`, "", "| receiver | calls/s | summaries acknowledged | stored | lost | VCA fallbacks |", "|---|---|---|---|---|---|");
    if (e2e.baseline) lines.push(`| bare node:http (the simulator alone) | ${n0(e2e.baseline.callsPerSecond)} | ${e2e.baseline.vssDelivered} | | | |`);
    lines.push(`| Switchboard, restaurant, SQLite | ${n0(e2e.restaurant.callsPerSecond)} | ${e2e.restaurant.vssDelivered} | ${e2e.stored.withSummary} | ${e2e.lost} | ${e2e.fallbacks} |`, "");
  }
  const flow = results.flowSize;
  if (flow) {
    lines.push(
      `**Flow size** (${flow.options.concurrency} connections, walk call-in/1/1/1; latencies in ms, p50 / p99)`,
      "",
      `| run | restaurant (5 menus) | generated (${flow.options.menus} menus) | p99 generated / restaurant | req/s generated / restaurant |`,
      "|---|---|---|---|---|",
      ...flow.runs.map((run, i) => `| ${i + 1} | ${ms(run.restaurant.p50, run.restaurant.p99)} | ${ms(run.generated.p50, run.generated.p99)} | ${n2(run.p99Ratio.median)} | ${n2(run.rpsRatio.median)} |`),
      "",
    );
  }
  if (results.dashboard) lines.push(...dashboardTable(results.dashboard));
  return lines.join("\n");
}

/** The dashboard's reads: server time per read, SQLite (with the goal) and PostgreSQL side by side. */
function dashboardTable(report: DashboardReadReport): string[] {
  const sqlite = report.stores.find((s) => s.store === "SQLite");
  const postgres = report.stores.find((s) => s.store === "PostgreSQL");
  const names = (sqlite ?? postgres)?.reads.map((r) => r.name) ?? [];
  const cell = (store: typeof sqlite, name: string) => {
    const read = store?.reads.find((r) => r.name === name);
    return read ? `${read.p50.toFixed(1)} / ${read.p95.toFixed(1)} / ${read.max.toFixed(1)}` : "not run";
  };
  const seeded = (store: typeof sqlite) => (store?.seed ? `${store.store} seeded in ${store.seed.seconds.toFixed(0)} s` : null);
  return [
    `**Dashboard reads** (${report.options.sessions} sessions over ${report.options.days} days, ${report.options.reps} requests each after a first, one at a time over HTTP; server time in ms, p50 / p95 / max; load average ${report.loadAverage.start.join(", ")} at the start, ${report.loadAverage.end.join(", ")} at the end${[seeded(sqlite), seeded(postgres)].filter(Boolean).map((s) => `; ${s}`).join("")}${report.skipped.length > 0 ? `; ${report.skipped.join("; ")}` : ""})`,
    "",
    "| read | SQLite | goal (p95) | met | PostgreSQL |",
    "|---|---|---|---|---|",
    ...names.map((name) => {
      const read = sqlite?.reads.find((r) => r.name === name);
      return `| ${name} | ${cell(sqlite, name)} | < ${DASHBOARD_GOAL_MS} | ${read ? (read.p95 < DASHBOARD_GOAL_MS ? "yes" : "**no**") : ""} | ${cell(postgres, name)} |`;
    }),
    "",
  ];
}

/** `doc` with what lies between the markers replaced by `body` (the markers are kept). */
export function replaceBetweenMarkers(doc: string, body: string): string {
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`docs/performance.md: the markers ${START_MARKER} and ${END_MARKER} are missing; put them back where the table goes`);
  return `${doc.slice(0, start + START_MARKER.length)}\n${body}\n${doc.slice(end)}`;
}
