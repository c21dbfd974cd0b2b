/**
 * Session summaries (VSS) stored per second through the full Switchboard server (auth on, a real
 * store, each summary durable before its 200), next to a bare Fastify route that answers 200
 * without storing, in the same run, on 127.0.0.1, at many concurrent connections (8x8 delivers
 * the summaries of many calls ending at once). The servers are bench/serve.ts's.
 *
 *   node --import tsx bench/vss-intake.ts [--summaries 6000] [--concurrency 100] [--rounds 6]
 *   BENCH_DB=postgres://postgres@127.0.0.1:5432/test?schema=bench_vss node --import tsx bench/vss-intake.ts
 *   node --import tsx bench/vss-intake.ts --candidate /tmp/copy/dist/index.js   # an A/B: another build of the full server
 *
 * Every summary is a new session (a redelivery would be a cheap duplicate). The targets take
 * turns in rounds (bench/rounds.ts), so noise on this shared machine falls on both alike; the
 * ratio reported is the median of the per-round ratios. Bounded in summaries and in time.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { BENCH_SECRET, vssBody } from "./bodies.js";
import { flag, isMain, msSince, post, textFlag } from "./harness.js";
import { alternate, figures, roundRatio, type Endpoint, type RoundLoad, type Ratio, type TargetFigures } from "./rounds.js";
import { startTarget, stopTargets } from "./serve.js";

const MAX_SECONDS_PER_ROUND = 60;

export interface VssIntakeOptions {
  summaries: number;
  concurrency: number;
  rounds: number;
  /** A full server from another build (`.../dist/index.js`), measured beside this one's (an A/B of a change). */
  candidate?: string;
  /** The full server's store (`postgres://...`); default `BENCH_DB`, else SQLite in a temp file. */
  db?: string;
  log?: (line: string) => void;
}

export interface VssIntakeReport {
  options: Omit<VssIntakeOptions, "log">;
  store: string;
  /** Figures per target: `rps` is summaries stored (or acknowledged) per second. */
  full: TargetFigures;
  bare: TargetFigures;
  /** full / bare summaries per second, per-round median. */
  ratio: Ratio;
  /** With a candidate: its figures, and candidate / full summaries per second and p99, per-round medians. */
  candidate?: { figures: TargetFigures; rpsOverFull: Ratio; p99OverFull: Ratio };
}

/** `concurrency` senders posting new sessions' summaries until `summaries` are answered. */
async function send(port: number, summaries: number, concurrency: number): Promise<RoundLoad> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let sent = 0;
  let errors = 0;
  const deadline = Date.now() + MAX_SECONDS_PER_ROUND * 1000;
  const started = process.hrtime.bigint();
  const sender = async () => {
    while (sent < summaries && Date.now() < deadline) {
      sent++;
      const t0 = process.hrtime.bigint();
      const response = await post(agent, port, "/webhooks/vss", vssBody(`vss-${randomUUID()}`), BENCH_SECRET);
      latenciesMs.push(msSince(t0));
      if (response.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  const seconds = msSince(started) / 1000;
  agent.destroy();
  // Only stored summaries count towards the rate.
  return { requests: latenciesMs.length - errors, seconds, latenciesMs, errors };
}

/** Measures VSS intake; see the module comment. */
export async function runVssIntake(options: VssIntakeOptions): Promise<VssIntakeReport> {
  const log = options.log ?? (() => {});
  const targets: Partial<Record<"bare" | "full" | "candidate", Endpoint>> = {};
  try {
    targets.bare = await startTarget("bare-fastify");
    const db = options.db ?? process.env.BENCH_DB;
    targets.full = await startTarget("full", db ? { db } : {});
    if (options.candidate) targets.candidate = await startTarget("full", { packageEntry: options.candidate, ...(db ? { db } : {}) });
    for (const target of Object.values(targets)) await send(target.port, 500, options.concurrency);
    const share = Math.ceil(options.summaries / options.rounds);
    const rounds = await alternate(targets as Record<"bare" | "full" | "candidate", Endpoint>, options.rounds, (endpoint) => send(endpoint.port, share, options.concurrency));
    const store = db?.startsWith("postgres") ? "PostgreSQL" : "SQLite";
    const report: VssIntakeReport = { options: { summaries: options.summaries, concurrency: options.concurrency, rounds: options.rounds }, store, full: figures(rounds.full), bare: figures(rounds.bare), ratio: roundRatio(rounds.full.rates, rounds.bare.rates) };
    if (targets.candidate) {
      report.candidate = { figures: figures(rounds.candidate), rpsOverFull: roundRatio(rounds.candidate.rates, rounds.full.rates), p99OverFull: roundRatio(rounds.candidate.p99s, rounds.full.p99s) };
    }
    log(`VSS intake: ${share * options.rounds} summaries per target in ${options.rounds} alternating rounds, ${options.concurrency} concurrent keep-alive connections, 127.0.0.1, node ${process.version}\n`);
    for (const [label, t] of [["bare Fastify route (200, stores nothing)", report.bare], [`switchboard serve (auth, ${store}, durable before 200)`, report.full]] as const) {
      log(`${label.padEnd(52)} ${t.rps.toFixed(0).padStart(7)} summaries/s   p50 ${t.p50.toFixed(2)} ms   p99 ${t.p99.toFixed(2)} ms   server CPU ${t.serverCpuPerRequest.toFixed(0)} µs each   (${t.errors} errors)`);
    }
    const candidate = report.candidate;
    if (candidate) {
      const t = candidate.figures;
      log(`${"candidate (the full server from --candidate)".padEnd(52)} ${t.rps.toFixed(0).padStart(7)} summaries/s   p50 ${t.p50.toFixed(2)} ms   p99 ${t.p99.toFixed(2)} ms   server CPU ${t.serverCpuPerRequest.toFixed(0)} µs each   (${t.errors} errors)`);
    }
    log(`\nratio full / bare: ${report.ratio.median.toFixed(2)} median of ${options.rounds} rounds (range ${report.ratio.min.toFixed(2)}-${report.ratio.max.toFixed(2)})`);
    if (candidate) {
      const range = (r: Ratio) => `${r.median.toFixed(2)} (rounds ${r.min.toFixed(2)}-${r.max.toFixed(2)})`;
      log(`candidate / full: summaries/s ${range(candidate.rpsOverFull)}; p99 ${range(candidate.p99OverFull)}`);
    }
    return report;
  } finally {
    stopTargets(Object.values(targets));
  }
}

if (isMain(import.meta.url)) {
  const candidate = process.argv.includes("--candidate") ? { candidate: textFlag("candidate", "") } : {};
  const report = await runVssIntake({ summaries: flag("summaries", 6000), concurrency: flag("concurrency", 100), rounds: flag("rounds", 6), ...candidate, log: (line) => console.log(line) });
  if (report.full.errors > 0 || report.bare.errors > 0 || (report.candidate?.figures.errors ?? 0) > 0) process.exitCode = 1;
}
