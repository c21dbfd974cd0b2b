/**
 * `npm run bench`: the whole benchmark suite of issue 11, then its figures of record. It runs, in
 * this order (each against servers of its own, on 127.0.0.1):
 *
 * 1. bench/mix.ts `--runs N`: the 100-connection walk+VSS mix and the 16-connection walk, full
 *    server against bare Fastify and bare node:http;
 * 2. bench/vss-intake.ts: summaries stored per second, durable before their 200, on SQLite and
 *    on PostgreSQL (skipped, and said so, when PostgreSQL is unreachable);
 * 3. bench/e2e-load.ts: whole simulated calls (10,000), counting lost summaries;
 * 4. bench/flow-size.ts `--runs N`: answer latency on a generated 1,000-menu flow against the restaurant;
 * 5. bench/dashboard-read.ts: the dashboard's reads at `--sessions` (100,000) stored sessions, on
 *    SQLite and PostgreSQL (skipped, and said so, when PostgreSQL is unreachable).
 *
 * It writes bench/results/latest.json (the machine, the date, every figure and the goals with
 * pass/miss) and the table between the markers in docs/performance.md (bench/report.ts). Goals
 * are judged on the median over the runs (the machine's speed drifts); every run is reported.
 *
 *   npm run bench -- [--runs 5] [--rounds 5] [--seconds 2] [--calls 10000] [--summaries 6000] [--menus 1000] [--sessions 100000] [--only mix,vss,e2e,flow,dashboard] [--no-write]
 *
 * Bounded in time: at the defaults about 15 minutes on a 2-core machine (the dashboard part seeds
 * PostgreSQL for about 3 of them). `--only` runs a part
 * and writes nothing (a partial run is not a figure of record); `--no-write` prints only.
 */
import { writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { runDashboardRead, type DashboardReadReport } from "./dashboard-read.js";
import { runE2e, type E2eReport } from "./e2e-load.js";
import { runFlowSize, type FlowSizeReport } from "./flow-size.js";
import { flag, textFlag } from "./harness.js";
import { runMix, type MixReport } from "./mix.js";
import { goals, renderResults, replaceBetweenMarkers, type SuiteResults } from "./report.js";
import { runVssIntake, type VssIntakeReport } from "./vss-intake.js";
import { dropSchema, findTestPostgres } from "../test/postgres.js";

const RESULTS = fileURLToPath(new URL("./results/latest.json", import.meta.url));
const DOC = fileURLToPath(new URL("../docs/performance.md", import.meta.url));
const PARTS = ["mix", "vss", "e2e", "flow", "dashboard"] as const;

function log(line: string): void {
  console.log(line);
}

/** VSS intake with the full server on PostgreSQL, in a schema of its own dropped afterwards; null when unreachable. */
async function vssIntakeOnPostgres(summaries: number): Promise<VssIntakeReport | null> {
  const url = await findTestPostgres().catch(() => null);
  if (url === null) {
    log("\n== VSS intake on PostgreSQL: unreachable at SWITCHBOARD_TEST_PG or 127.0.0.1:5432/test, skipped");
    return null;
  }
  const schema = `bench_vss_${process.pid}`;
  const db = new URL(url);
  db.searchParams.set("schema", schema);
  log(`\n== VSS intake on PostgreSQL (schema ${schema}): ${summaries} summaries per target, 100 connections`);
  try {
    return await runVssIntake({ summaries, concurrency: 100, rounds: 6, db: db.href, log });
  } catch (error) {
    // The other parts' figures still count; the run as a whole fails.
    log(`VSS intake on PostgreSQL failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return null;
  } finally {
    await dropSchema(url, schema).catch((error: unknown) => log(`could not drop schema ${schema}: ${error instanceof Error ? error.message : String(error)}`));
  }
}

async function main(): Promise<void> {
  const runs = flag("runs", 5);
  const rounds = flag("rounds", 5);
  const seconds = flag("seconds", 2);
  const calls = flag("calls", 10_000);
  const summaries = flag("summaries", 6000);
  const menus = flag("menus", 1000);
  const sessions = flag("sessions", 100_000);
  const only = textFlag("only", PARTS.join(",")).split(",");
  const unknown = only.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`--only: unknown part "${unknown.join(",")}"; expected some of ${PARTS.join(",")}`);
  const write = !process.argv.includes("--no-write") && only.length === PARTS.length;
  const started = Date.now();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date(started).toISOString(),
    loadAverageAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
  log(`Switchboard benchmark suite: ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load average ${machine.loadAverageAtStart.join(" ")}\n`);

  let mix: MixReport | null = null;
  let vss: VssIntakeReport | null = null;
  let vssPostgres: VssIntakeReport | null = null;
  let e2e: E2eReport | null = null;
  let flow: FlowSizeReport | null = null;
  let dashboard: DashboardReadReport | null = null;
  if (only.includes("mix")) {
    log(`== mix (100 connections, walk + VSS) and walk (16 connections): ${runs} runs of ${rounds} rounds of ${seconds} s per target`);
    mix = await runMix({ runs, rounds, seconds, concurrency: 100, walkConcurrency: 16, log });
  }
  if (only.includes("vss")) {
    log(`\n== VSS intake: ${summaries} summaries per target, 100 connections`);
    vss = await runVssIntake({ summaries, concurrency: 100, rounds: 6, log });
    vssPostgres = await vssIntakeOnPostgres(summaries);
  }
  if (only.includes("e2e")) {
    log(`\n== ${calls} whole simulated calls through examples/restaurant.yaml`);
    e2e = await runE2e({ calls, log });
  }
  if (only.includes("flow")) {
    log(`\n== flow size: a generated ${menus}-menu flow against the restaurant, ${runs} runs`);
    flow = await runFlowSize({ menus, runs, rounds, seconds, concurrency: 16, log });
  }
  if (only.includes("dashboard")) {
    log(`\n== dashboard reads at ${sessions} stored sessions, SQLite and PostgreSQL`);
    dashboard = await runDashboardRead({ sessions, days: 30, reps: 30, stores: ["sqlite", "postgres"], log });
  }
  const args = process.argv.slice(2).filter((arg) => arg !== "--no-write");
  const results: SuiteResults = {
    machine,
    // A full server from another build than dist/ is part of how the figures were made.
    reproduce: `${process.env.BENCH_PACKAGE ? `BENCH_PACKAGE=${process.env.BENCH_PACKAGE} ` : ""}npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    mix,
    vssIntake: vss,
    vssIntakePostgres: vssPostgres,
    e2e,
    flowSize: flow,
    dashboard,
    goals: [],
  };
  results.goals = goals(results);
  log("\n== goals (median over the runs)");
  for (const goal of results.goals) log(`  ${goal.pass ? "pass" : "MISS"}  ${goal.name}: ${goal.value.toFixed(goal.digits)} (goal ${goal.goal})`);
  log(`\nsuite took ${results.durationSeconds} s`);
  if (write) {
    mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(DOC, replaceBetweenMarkers(readFileSync(DOC, "utf8"), renderResults(results)));
    log(`wrote bench/results/latest.json and the table in docs/performance.md`);
  }
  const errors = [mix?.runs.flatMap((run) => [run.mix, run.walk]).reduce((sum, load) => sum + (load ? Object.values(load.targets).reduce((s, t) => s + t.errors, 0) : 0), 0) ?? 0, ...[vss, vssPostgres].map((report) => (report ? report.full.errors + report.bare.errors : 0))];
  if (errors.some((n) => n > 0) || (e2e && (e2e.lost > 0 || e2e.unacknowledged > 0))) process.exitCode = 1;
}

await main();
