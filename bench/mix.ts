/**
 * Issue 11's two VCA loads, against three servers in child processes (bench/serve.ts): the full
 * Switchboard server, a bare Fastify route and bare node:http (both answering one fixed callflow
 * and 200 to a VSS without storing), in alternating rounds (bench/rounds.ts):
 *
 * - **mix**: 100 keep-alive connections, callers walking the restaurant menu (call in, 1, 1, 1 with
 *   the bookmark of each answer), each call ending with its VSS;
 * - **walk**: 16 connections, the same walk without VSS (bench:vca's load).
 *
 * For each: requests per second, p50 and p99 of every target, and the median of the per-round
 * ratios full / bare Fastify (requests per second) and full / bare node:http (p99). A run starts
 * fresh servers; `--runs N` makes N runs and reports each and the median of their ratios.
 *
 *   npm run bench:mix -- [--runs 1] [--rounds 6] [--seconds 2] [--concurrency 100] [--walk-concurrency 16] [--only mix|walk] [--stats] [--candidate DIST/index.js]
 *
 * `--stats`: each server measures itself (event-loop delay, GC, store calls, threads' CPU:
 * bench/server-stats.ts) and the median over the rounds is printed. BENCH_CPU_PROF=<dir> writes a
 * V8 CPU profile of the full server (BENCH_CPU_PROF_TARGET=bare-fastify|bare-node for another).
 * `--candidate <dist/index.js>` adds a fourth server, the full one from another build (copy
 * `dist/` before a change, or build a change into a copy), and reports candidate / full in the
 * same rounds: on this shared machine, the one fair way to measure a change.
 * Bounded in time: each round lasts `--seconds` per target.
 */
import { flag, isMain, medianOf, textFlag } from "./harness.js";
import { alternate, figures, medianShape, roundRatio, type Endpoint, type Ratio, type TargetFigures } from "./rounds.js";
import { startTarget, stopTargets, type Target } from "./serve.js";
import { walk } from "./walk.js";

/** The servers measured: the three of issue 11, and with `--candidate` another build of the full one. */
type Name = Target | "candidate";

export interface MixOptions {
  runs: number;
  rounds: number;
  /** Length of each round, per target. */
  seconds: number;
  concurrency: number;
  walkConcurrency: number;
  only?: "mix" | "walk";
  stats?: boolean;
  /** A full server from another build (`.../dist/index.js`), measured beside this one's (an A/B of a change). */
  candidate?: string;
  /** Print as it goes (the suite prints its own summary). */
  log?: (line: string) => void;
}

/** One load against the three targets in one run. */
export interface LoadFigures {
  concurrency: number;
  vss: boolean;
  targets: Partial<Record<Name, TargetFigures>> & Record<Target, TargetFigures>;
  /** Per-round-median ratios. */
  rpsFullOverBareFastify: Ratio;
  rpsFullOverBareNode: Ratio;
  p99FullOverBareNode: Ratio;
  p99FullOverBareFastify: Ratio;
  /** With --candidate: candidate / full, per-round medians. */
  rpsCandidateOverFull?: Ratio;
  p99CandidateOverFull?: Ratio;
  /** The servers' own measurements (median over the rounds), with --stats. */
  stats?: Partial<Record<Name, unknown>>;
}

export interface MixRun {
  mix?: LoadFigures;
  walk?: LoadFigures;
}

export interface MixReport {
  options: Omit<MixOptions, "log">;
  runs: MixRun[];
  /** The median over the runs of each run's per-round-median ratio. */
  median: { mix?: MedianRatios; walk?: MedianRatios };
}

export interface MedianRatios {
  rpsFullOverBareFastify: number;
  rpsFullOverBareNode: number;
  p99FullOverBareNode: number;
  p99FullOverBareFastify: number;
}

const TARGETS: Target[] = ["full", "bare-fastify", "bare-node"];

async function measure(endpoints: Partial<Record<Name, Endpoint>>, options: MixOptions, concurrency: number, vss: boolean): Promise<LoadFigures> {
  const rounds = await alternate(endpoints as Record<Name, Endpoint>, options.rounds, (endpoint) => walk(endpoint.port, { concurrency, seconds: options.seconds, vss }));
  const names = Object.keys(endpoints) as Name[];
  const result: LoadFigures = {
    concurrency,
    vss,
    targets: Object.fromEntries(names.map((name) => [name, figures(rounds[name])])) as LoadFigures["targets"],
    rpsFullOverBareFastify: roundRatio(rounds.full.rates, rounds["bare-fastify"].rates),
    rpsFullOverBareNode: roundRatio(rounds.full.rates, rounds["bare-node"].rates),
    p99FullOverBareNode: roundRatio(rounds.full.p99s, rounds["bare-node"].p99s),
    p99FullOverBareFastify: roundRatio(rounds.full.p99s, rounds["bare-fastify"].p99s),
  };
  if (rounds.candidate) {
    result.rpsCandidateOverFull = roundRatio(rounds.candidate.rates, rounds.full.rates);
    result.p99CandidateOverFull = roundRatio(rounds.candidate.p99s, rounds.full.p99s);
  }
  if (options.stats) result.stats = Object.fromEntries(names.map((name) => [name, medianShape(rounds[name].stats)]));
  return result;
}

/** Prints one load's figures. */
export function describeLoad(name: string, load: LoadFigures, log: (line: string) => void): void {
  log(`${name}: ${load.concurrency} keep-alive connections, walk call-in/1/1/1${load.vss ? " + VSS" : ""}`);
  for (const [target, t] of Object.entries(load.targets)) {
    const mainThread = Number.isNaN(t.serverMainThreadPerRequest) ? "" : ` (main ${t.serverMainThreadPerRequest.toFixed(0)})`;
    log(
      `  ${target.padEnd(13)} ${t.rps.toFixed(0).padStart(6)} req/s  p50 ${t.p50.toFixed(2).padStart(6)} ms  p99 ${t.p99.toFixed(2).padStart(7)} ms  ` +
        `server CPU ${t.serverCpuPerRequest.toFixed(0)}${mainThread} µs/req, load ${t.loadCpuPerRequest.toFixed(0)} µs/req  (${t.requests} requests, ${t.errors} errors)`,
    );
    const kinds = Object.entries(t.byKind).map(([kind, k]) => `${kind} p50 ${k.p50.toFixed(2)} p99 ${k.p99.toFixed(2)} ms (${k.count})`);
    if (kinds.length > 0) log(`  ${"".padEnd(13)} ${kinds.join("; ")}`);
  }
  const range = (r: Ratio) => `${r.median.toFixed(2)} (rounds ${r.min.toFixed(2)}-${r.max.toFixed(2)})`;
  log(`  full/bare-fastify req/s ${range(load.rpsFullOverBareFastify)}; full/bare-node req/s ${range(load.rpsFullOverBareNode)}`);
  log(`  full/bare-node p99 ${range(load.p99FullOverBareNode)}; full/bare-fastify p99 ${range(load.p99FullOverBareFastify)}`);
  if (load.rpsCandidateOverFull && load.p99CandidateOverFull) log(`  candidate/full req/s ${range(load.rpsCandidateOverFull)}; candidate/full p99 ${range(load.p99CandidateOverFull)}`);
  if (load.stats) for (const [target, stats] of Object.entries(load.stats)) log(`  stats ${target}: ${JSON.stringify(stats)}`);
}

function medianRatios(loads: LoadFigures[]): MedianRatios {
  return {
    rpsFullOverBareFastify: medianOf(loads.map((l) => l.rpsFullOverBareFastify.median)),
    rpsFullOverBareNode: medianOf(loads.map((l) => l.rpsFullOverBareNode.median)),
    p99FullOverBareNode: medianOf(loads.map((l) => l.p99FullOverBareNode.median)),
    p99FullOverBareFastify: medianOf(loads.map((l) => l.p99FullOverBareFastify.median)),
  };
}

/** Runs the mix and the walk `options.runs` times, each with fresh servers; see the module comment. */
export async function runMix(options: MixOptions): Promise<MixReport> {
  const log = options.log ?? (() => {});
  const runs: MixRun[] = [];
  const profiled = process.env.BENCH_CPU_PROF ? (process.env.BENCH_CPU_PROF_TARGET ?? "full") : null;
  for (let r = 0; r < options.runs; r++) {
    const endpoints: Partial<Record<Name, Endpoint>> = {};
    try {
      for (const target of TARGETS) {
        endpoints[target] = await startTarget(target, { stats: options.stats ?? false, ...(profiled === target ? { cpuProfileDir: process.env.BENCH_CPU_PROF } : {}) });
      }
      if (options.candidate) endpoints.candidate = await startTarget("full", { stats: options.stats ?? false, packageEntry: options.candidate });
      // Warm up (JIT, the store's caches), then a second idle for background compilation and GC.
      for (const endpoint of Object.values(endpoints)) await walk(endpoint.port, { concurrency: options.concurrency, seconds: Math.min(2, options.seconds), vss: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const run: MixRun = {};
      if (options.only !== "walk") {
        run.mix = await measure(endpoints, options, options.concurrency, true);
        describeLoad(`run ${r + 1}/${options.runs} mix`, run.mix, log);
      }
      if (options.only !== "mix") {
        run.walk = await measure(endpoints, options, options.walkConcurrency, false);
        describeLoad(`run ${r + 1}/${options.runs} walk`, run.walk, log);
      }
      runs.push(run);
    } finally {
      stopTargets(Object.values(endpoints));
    }
  }
  const mixes = runs.flatMap((run) => (run.mix ? [run.mix] : []));
  const walks = runs.flatMap((run) => (run.walk ? [run.walk] : []));
  const { log: _log, ...kept } = options;
  return { options: kept, runs, median: { ...(mixes.length ? { mix: medianRatios(mixes) } : {}), ...(walks.length ? { walk: medianRatios(walks) } : {}) } };
}

/** The mix's options from the command line (the suite passes its own). */
export function mixOptionsFromArgs(defaults: Partial<MixOptions> = {}): MixOptions {
  const only = textFlag("only", "both");
  if (only !== "both" && only !== "mix" && only !== "walk") throw new Error(`--only: "${only}"; expected mix or walk`);
  return {
    runs: flag("runs", defaults.runs ?? 1),
    rounds: flag("rounds", defaults.rounds ?? 6),
    seconds: flag("seconds", defaults.seconds ?? 2),
    concurrency: flag("concurrency", defaults.concurrency ?? 100),
    walkConcurrency: flag("walk-concurrency", defaults.walkConcurrency ?? 16),
    ...(only === "both" ? {} : { only }),
    ...(process.argv.includes("--candidate") ? { candidate: textFlag("candidate", "") } : {}),
    stats: process.argv.includes("--stats"),
  };
}

if (isMain(import.meta.url)) {
  const options = mixOptionsFromArgs();
  console.log(`VCA mix benchmark: ${options.runs} run(s) of ${options.rounds} alternating rounds of ${options.seconds} s per target, 127.0.0.1, node ${process.version}\n`);
  const report = await runMix({ ...options, log: (line) => console.log(line) });
  if (options.runs > 1) console.log(`\nmedian of ${options.runs} runs: ${JSON.stringify(report.median)}`);
  const errors = report.runs.flatMap((run) => [run.mix, run.walk]).reduce((sum, load) => sum + (load ? Object.values(load.targets).reduce((s, t) => s + t.errors, 0) : 0), 0);
  if (errors > 0) process.exitCode = 1;
}
