/**
 * VCA answers per second and p50/p99 latency for examples/restaurant.yaml through the full
 * Switchboard server (auth on, SQLite store in a temp file, metrics, logging at info), next to a
 * bare Fastify route that returns a fixed callflow, in the same run, on 127.0.0.1.
 *
 *   node --import tsx bench/vca.ts [--requests 20000] [--concurrency 16] [--warmup 2000] [--rounds 10]
 *
 * Besides answers per second and latency it reports the CPU time each server process and the
 * load generator spent per answer: the machine has few cores, and the load generator shares them.
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of one server (BENCH_CPU_PROF_TARGET=full|bare-fastify);
 * the servers and their other switches (BENCH_STORE=none, ...) are bench/serve.ts's.
 *
 * Each server runs in a child process of its own so the load loop does not share its event loop.
 * Callers walk the menu (bench/walk.ts: call in, press 1, 1, 1 with the bookmark each answer
 * gives, like 8x8 does). Both servers are warmed up (then left idle for a second, so background
 * compilation and GC settle), then measured in alternating rounds (bench/rounds.ts) so machine
 * noise falls on both alike. Two ratios are reported: the pooled one (all answers over all time)
 * and the median of each round's ratio to the other target's in the same round. On a shared
 * machine whose speed drifts by a factor of two within seconds (seen here), the pooled ratio moves
 * with where the slow spells fall; the per-round median does not. Bounded in requests and in time.
 */
import { flag } from "./harness.js";
import { alternate, figures, roundRatio, type Endpoint, type TargetFigures } from "./rounds.js";
import { startTarget, stopTargets } from "./serve.js";
import { walk } from "./walk.js";

const MAX_SECONDS_PER_RUN = 60;

function line(name: string, r: TargetFigures): string {
  const mainThread = Number.isNaN(r.serverMainThreadPerRequest) ? "" : ` (main thread ${r.serverMainThreadPerRequest.toFixed(0)})`;
  return (
    `${name.padEnd(52)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   (${r.requests} answers, ${r.errors} errors)\n` +
    `${"".padEnd(52)} server CPU ${r.serverCpuPerRequest.toFixed(0)}${mainThread} µs/answer, load generator CPU ${r.loadCpuPerRequest.toFixed(0)} µs/answer`
  );
}

async function main(): Promise<void> {
  const requests = flag("requests", 20_000);
  const concurrency = flag("concurrency", 16);
  const warmup = flag("warmup", 2_000);
  const rounds = flag("rounds", 10);
  const profiled = process.env.BENCH_CPU_PROF ? (process.env.BENCH_CPU_PROF_TARGET ?? "full") : null;
  const profile = (target: string) => (profiled === target || (profiled === "bare" && target === "bare-fastify") ? { cpuProfileDir: process.env.BENCH_CPU_PROF } : {});
  const servers: Partial<Record<"bare" | "full", Endpoint>> = {};
  try {
    servers.bare = await startTarget("bare-fastify", profile("bare-fastify"));
    servers.full = await startTarget("full", profile("full"));
    for (const server of Object.values(servers)) await walk(server.port, { concurrency, requests: warmup, seconds: MAX_SECONDS_PER_RUN });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // The targets take turns, so a burst of other load on the machine falls on both alike.
    const share = Math.ceil(requests / rounds);
    const runs = await alternate(servers as Record<"bare" | "full", Endpoint>, rounds, (endpoint) => walk(endpoint.port, { concurrency, requests: share, seconds: MAX_SECONDS_PER_RUN }));
    const bare = figures(runs.bare);
    const full = figures(runs.full);
    console.log(`VCA benchmark: ${share * rounds} requests per target in ${rounds} alternating rounds, ${concurrency} concurrent keep-alive callers, 127.0.0.1, node ${process.version}\n`);
    console.log(line("bare Fastify route (fixed callflow)", bare));
    console.log(line("switchboard serve restaurant.yaml (auth, SQLite)", full));
    const perRound = roundRatio(runs.full.rates, runs.bare.rates);
    const pooled = full.rps / bare.rps;
    console.log(`\nratio full / bare: ${perRound.median.toFixed(2)} median of ${rounds} rounds (range ${perRound.min.toFixed(2)}-${perRound.max.toFixed(2)}), ${pooled.toFixed(2)} pooled`);
    console.log(`goal ≥ 0.70: ${perRound.median >= 0.7 ? "met" : "NOT met"} (median), ${pooled >= 0.7 ? "met" : "NOT met"} (pooled)`);
    if (full.errors > 0 || bare.errors > 0) process.exitCode = 1;
  } finally {
    stopTargets(Object.values(servers));
  }
}

await main();
