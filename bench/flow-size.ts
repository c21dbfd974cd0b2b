/**
 * Does the size of a flow change how fast its calls are answered? The full server (bench/serve.ts)
 * twice, one answering examples/restaurant.yaml (5 menus) and one a generated flow of `--menus`
 * menus (bench/big-flow.ts), measured in alternating rounds with the same walk (call in, 1, 1, 1:
 * three menus, then a goodbye) at `--concurrency` connections. Reports answer latency p50/p99 and
 * requests per second of both, and the median of the per-round ratios generated / restaurant.
 * A run starts fresh servers; `--runs N` makes N runs.
 *
 *   node --import tsx bench/flow-size.ts [--menus 1000] [--runs 1] [--rounds 6] [--seconds 2] [--concurrency 16]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBigFlow } from "./big-flow.js";
import { flag, isMain, medianOf } from "./harness.js";
import { alternate, figures, roundRatio, type Endpoint, type Ratio, type TargetFigures } from "./rounds.js";
import { startTarget, stopTargets } from "./serve.js";
import { walk } from "./walk.js";

export interface FlowSizeOptions {
  menus: number;
  runs: number;
  rounds: number;
  seconds: number;
  concurrency: number;
  log?: (line: string) => void;
}

export interface FlowSizeRun {
  restaurant: TargetFigures;
  generated: TargetFigures;
  /** generated / restaurant, per-round medians. */
  p99Ratio: Ratio;
  p50Ratio: Ratio;
  rpsRatio: Ratio;
}

export interface FlowSizeReport {
  options: Omit<FlowSizeOptions, "log">;
  runs: FlowSizeRun[];
  /** The median over the runs of each run's per-round-median ratio. */
  median: { p99Ratio: number; p50Ratio: number; rpsRatio: number };
}

/** Runs the comparison `options.runs` times; see the module comment. */
export async function runFlowSize(options: FlowSizeOptions): Promise<FlowSizeReport> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-flow-"));
  const flow = join(dir, `generated-${options.menus}.yaml`);
  writeBigFlow(flow, options.menus);
  const runs: FlowSizeRun[] = [];
  try {
    for (let r = 0; r < options.runs; r++) {
      const endpoints: Partial<Record<"restaurant" | "generated", Endpoint>> = {};
      try {
        endpoints.restaurant = await startTarget("full");
        endpoints.generated = await startTarget("full", { flow });
        for (const endpoint of Object.values(endpoints)) await walk(endpoint.port, { concurrency: options.concurrency, seconds: Math.min(2, options.seconds) });
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const rounds = await alternate(endpoints as Record<"restaurant" | "generated", Endpoint>, options.rounds, (endpoint) =>
          walk(endpoint.port, { concurrency: options.concurrency, seconds: options.seconds }),
        );
        const run: FlowSizeRun = {
          restaurant: figures(rounds.restaurant),
          generated: figures(rounds.generated),
          p99Ratio: roundRatio(rounds.generated.p99s, rounds.restaurant.p99s),
          p50Ratio: roundRatio(rounds.generated.p50s, rounds.restaurant.p50s),
          rpsRatio: roundRatio(rounds.generated.rates, rounds.restaurant.rates),
        };
        runs.push(run);
        log(`run ${r + 1}/${options.runs}: ${options.concurrency} connections, walk call-in/1/1/1`);
        for (const name of ["restaurant", "generated"] as const) {
          const t = run[name];
          log(`  ${name.padEnd(10)} ${t.rps.toFixed(0).padStart(6)} req/s  p50 ${t.p50.toFixed(2).padStart(6)} ms  p99 ${t.p99.toFixed(2).padStart(7)} ms  (${t.requests} answers, ${t.errors} errors)`);
        }
        log(`  generated/restaurant p99 ${run.p99Ratio.median.toFixed(2)} (rounds ${run.p99Ratio.min.toFixed(2)}-${run.p99Ratio.max.toFixed(2)}), p50 ${run.p50Ratio.median.toFixed(2)}, req/s ${run.rpsRatio.median.toFixed(2)}`);
      } finally {
        stopTargets(Object.values(endpoints));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { log: _log, ...kept } = options;
  return {
    options: kept,
    runs,
    median: {
      p99Ratio: medianOf(runs.map((run) => run.p99Ratio.median)),
      p50Ratio: medianOf(runs.map((run) => run.p50Ratio.median)),
      rpsRatio: medianOf(runs.map((run) => run.rpsRatio.median)),
    },
  };
}

/** The options from the command line (the suite passes its own). */
export function flowSizeOptionsFromArgs(defaults: Partial<FlowSizeOptions> = {}): FlowSizeOptions {
  return {
    menus: flag("menus", defaults.menus ?? 1000),
    runs: flag("runs", defaults.runs ?? 1),
    rounds: flag("rounds", defaults.rounds ?? 6),
    seconds: flag("seconds", defaults.seconds ?? 2),
    concurrency: flag("concurrency", defaults.concurrency ?? 16),
  };
}

if (isMain(import.meta.url)) {
  const options = flowSizeOptionsFromArgs();
  console.log(`Flow size: restaurant (5 menus) vs a generated flow of ${options.menus} menus, ${options.runs} run(s) of ${options.rounds} alternating rounds of ${options.seconds} s, node ${process.version}\n`);
  const report = await runFlowSize({ ...options, log: (line) => console.log(line) });
  if (options.runs > 1) console.log(`\nmedian of ${options.runs} runs: ${JSON.stringify(report.median)}`);
  if (report.runs.some((run) => run.restaurant.errors + run.generated.errors > 0)) process.exitCode = 1;
}
