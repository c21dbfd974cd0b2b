/**
 * VCA answers per second and p50/p99 latency for examples/restaurant.yaml through the full
 * Switchboard server (auth on, SQLite store in a temp file, metrics, logging at info), next to a
 * bare Fastify route that returns a fixed callflow, in the same run, on 127.0.0.1.
 *
 *   node --import tsx bench/vca.ts [--requests 20000] [--concurrency 16] [--warmup 2000] [--rounds 10]
 *
 * Besides answers per second and latency it reports the CPU time each server process and the
 * load generator spent per answer: the machine has few cores, and the load generator shares them.
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of one server (BENCH_CPU_PROF_TARGET=full|bare).
 *
 * Each server runs in a child process of its own so the load loop does not share its event loop.
 * The load loop is a keep-alive `http.Agent`; every request carries a fresh eventId (a repeated
 * one would be a cached replay), and callers walk the menu (call in, press 1, 1, 1) with the
 * bookmark each answer gives, like 8x8 does. Both servers are warmed up (then left idle for a
 * second, so background compilation and GC settle), then measured in alternating rounds (bare,
 * full, full, bare, ...) so machine noise falls on both alike. Two ratios are reported: the pooled
 * one (all answers over all time) and the median of each round's ratio to its neighbour of the
 * other target. On a shared machine whose speed drifts by a factor of two within seconds (seen
 * here), the pooled ratio moves with where the slow spells fall; the per-round median does not.
 * Bounded in requests and in time.
 */
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Store } from "../src/store/index.js";
import { flag, median, percentile, post, startChild } from "./harness.js";

const SECRET = "bench-secret-0123456789";
const MAX_SECONDS_PER_RUN = 60;

type Target = "full" | "bare";


// ---------------------------------------------------------------- server side (child process)

/**
 * BENCH_STORE=none: a store that remembers nothing, to show what the server costs without its
 * writes. Never a result to quote: the real server always has a store.
 */
function forgetfulStore(): Store {
  return {
    kind: "none",
    ping: async () => {},
    close: async () => {},
    loadForEvent: async () => ({ cachedAnswer: null, vars: {} }),
    recordExchange: async (exchange) => ({ recorded: true, answer: exchange.answer }),
    saveSummary: async () => ({ created: true }),
    recordCallStatus: async () => {},
    listSessions: async () => ({ sessions: [], nextCursor: null }),
    getSession: async () => null,
    onIncident: () => {},
    listJobs: async () => [],
  };
}

async function serve(target: Target): Promise<void> {
  let port: number;
  if (target === "full") {
    const { default: pino } = await import("pino");
    // The built package, as `switchboard serve` runs it (npm run bench:vca builds it first).
    const { createServer, loadIvr, openSqliteStore } = await import("switchboard-ivr");
    const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-"));
    const store = process.env.BENCH_STORE === "none" ? forgetfulStore() : await openSqliteStore({ path: join(dir, "bench.db") });
    const app = await loadIvr(fileURLToPath(new URL("../examples/restaurant.yaml", import.meta.url)));
    const server = createServer({ app, store, authHeader: SECRET, closeStore: true, logger: pino({ level: "info" }, pino.destination("/dev/null")) });
    await server.listen({ port: 0, host: "127.0.0.1" });
    port = (server.server.address() as { port: number }).port;
    process.on("disconnect", () => {
      void server.close().then(() => rmSync(dir, { recursive: true, force: true })).finally(() => process.exit(0));
    });
  } else {
    const { default: Fastify } = await import("fastify");
    const server = Fastify({ logger: false });
    const answer = {
      clientActionId: "main_menu",
      callflow: [{ action: "sayAndCapture", params: { promptMessage: "Welcome to ABC Restaurant, to book a table press 1, to speak to a representative press 2, to hear our restaurant hours press 3.", voiceProfile: "en-US-BenjaminRUS", minDigits: 1, maxDigits: 1, noOfTries: 2 } }],
    };
    server.post("/webhooks/vca", async () => answer);
    await server.listen({ port: 0, host: "127.0.0.1" });
    port = (server.server.address() as { port: number }).port;
    process.on("disconnect", () => void server.close().finally(() => process.exit(0)));
  }
  // The load side asks for this process's CPU time around each round (user + system, µs), and
  // for its main thread's alone (Linux only), the rest being the store's worker, GC and libuv.
  process.on("message", (message) => {
    if (message === "cpu") {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMicros: user + system, mainThreadMicros: mainThreadCpuMicros() });
    }
  });
  process.send!({ port });
}

/** The main thread's CPU time in µs from /proc (10 ms ticks), or NaN where there is no /proc. */
function mainThreadCpuMicros(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return Number.NaN;
  }
}

// ---------------------------------------------------------------- load side

interface CpuTimes {
  cpuMicros: number;
  mainThreadMicros: number;
}

function cpuTimes(child: ChildProcess): Promise<CpuTimes> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve(message as CpuTimes));
    child.send("cpu");
  });
}

function ownCpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

function startServer(target: Target): Promise<{ child: ChildProcess; port: number }> {
  const profile = process.env.BENCH_CPU_PROF && (process.env.BENCH_CPU_PROF_TARGET ?? "full") === target;
  return startChild(fileURLToPath(import.meta.url), target, profile ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []);
}

function vca(sessionId: string, step: number, clientActionId: string | undefined): string {
  const payload: Record<string, unknown> = {
    eventId: randomUUID(),
    callId: `${sessionId}-leg`,
    sessionId,
    subAccountId: "bench",
    callStatus: step === 0 ? "CALL_RECEIVED" : "ACTION_COMPLETED",
    callDirection: "INBOUND",
    callType: "PSTN",
    source: "+6591234567",
    destination: "+6568888888",
    sourceFormat: "MSISDN",
    destinationFormat: "MSISDN",
    sourceCountryCode: "SG",
    destinationCountryCode: "SG",
    sourceRefId: null,
    destinationRefId: "vn-ref",
    callDuration: step * 5,
    eventData: { dtmf: step === 0 ? null : "1" },
    sipCode: 200,
    timestamp: new Date().toISOString(),
  };
  if (clientActionId) payload.clientActionId = clientActionId;
  return JSON.stringify({ namespace: "VOICE", eventType: "CALL_ACTION", description: "Action request of a call", payload });
}


interface RunResult {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
  /** CPU time the server process spent during the run (all threads, and its main thread), and the load generator's own. */
  serverCpuMicros: number;
  serverMainThreadMicros: number;
  loadCpuMicros: number;
}

/** `concurrency` callers, each walking call-in → 1 → 1 → 1, until `requests` answers or the time bound. */
async function load(port: number, requests: number, concurrency: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let sent = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + MAX_SECONDS_PER_RUN * 1000;
  const caller = async (id: number) => {
    let call = 0;
    while (sent < requests && Date.now() < deadline) {
      const sessionId = `bench-${id}-${call++}-${randomUUID().slice(0, 8)}`;
      let bookmark: string | undefined;
      for (let step = 0; step < 4 && sent < requests; step++) {
        sent++;
        const body = vca(sessionId, step, bookmark);
        const t0 = process.hrtime.bigint();
        const response = await post(agent, port, "/webhooks/vca", body, SECRET);
        latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (response.status !== 200) {
          errors++;
          break;
        }
        bookmark = (JSON.parse(response.text) as { clientActionId?: string }).clientActionId;
        if (!bookmark) break;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => caller(i)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { requests: latenciesMs.length, seconds, latenciesMs, errors, serverCpuMicros: 0, serverMainThreadMicros: 0, loadCpuMicros: 0 };
}

function summarize(name: string, run: RunResult) {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  return {
    name,
    rps: run.requests / run.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    requests: run.requests,
    errors: run.errors,
    serverCpuPerAnswer: run.serverCpuMicros / run.requests,
    serverMainThreadPerAnswer: run.serverMainThreadMicros / run.requests,
    loadCpuPerAnswer: run.loadCpuMicros / run.requests,
  };
}

async function main(): Promise<void> {
  const requests = flag("requests", 20_000);
  const concurrency = flag("concurrency", 16);
  const warmup = flag("warmup", 2_000);
  const rounds = flag("rounds", 10);
  const servers = { bare: await startServer("bare"), full: await startServer("full") };
  try {
    for (const target of ["bare", "full"] as const) {
      await load(servers[target].port, warmup, concurrency);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // The targets take turns, so a burst of other load on the machine falls on both alike.
    const empty = (): RunResult => ({ requests: 0, seconds: 0, latenciesMs: [], errors: 0, serverCpuMicros: 0, serverMainThreadMicros: 0, loadCpuMicros: 0 });
    const runs: Record<Target, RunResult> = { bare: empty(), full: empty() };
    /** Answers per second of each target in each round, for the per-round ratios. */
    const roundRates: Record<Target, number[]> = { bare: [], full: [] };
    for (let round = 0; round < rounds; round++) {
      for (const target of round % 2 === 0 ? (["bare", "full"] as const) : (["full", "bare"] as const)) {
        const share = Math.floor(requests / rounds) + (round < requests % rounds ? 1 : 0);
        const serverCpuBefore = await cpuTimes(servers[target].child);
        const loadCpuBefore = ownCpuMicros();
        const run = await load(servers[target].port, share, concurrency);
        const loadCpu = ownCpuMicros() - loadCpuBefore;
        const serverCpuAfter = await cpuTimes(servers[target].child);
        const total = runs[target];
        total.serverCpuMicros += serverCpuAfter.cpuMicros - serverCpuBefore.cpuMicros;
        total.serverMainThreadMicros += serverCpuAfter.mainThreadMicros - serverCpuBefore.mainThreadMicros;
        total.loadCpuMicros += loadCpu;
        total.requests += run.requests;
        total.seconds += run.seconds;
        total.errors += run.errors;
        for (const ms of run.latenciesMs) total.latenciesMs.push(ms);
        roundRates[target].push(run.requests / run.seconds);
      }
    }
    const results = [summarize("bare Fastify route (fixed callflow)", runs.bare), summarize("switchboard serve restaurant.yaml (auth, SQLite)", runs.full)];
    console.log(`VCA benchmark: ${requests} requests per target in ${rounds} alternating rounds, ${concurrency} concurrent keep-alive callers, 127.0.0.1, node ${process.version}\n`);
    for (const r of results) {
      console.log(`${r.name.padEnd(52)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   (${r.requests} answers, ${r.errors} errors)`);
      const mainThread = Number.isNaN(r.serverMainThreadPerAnswer) ? "" : ` (main thread ${r.serverMainThreadPerAnswer.toFixed(0)})`;
      console.log(`${"".padEnd(52)} server CPU ${r.serverCpuPerAnswer.toFixed(0)}${mainThread} µs/answer, load generator CPU ${r.loadCpuPerAnswer.toFixed(0)} µs/answer`);
    }
    const [bare, full] = results as [ReturnType<typeof summarize>, ReturnType<typeof summarize>];
    const pooled = full.rps / bare.rps;
    const perRound = roundRates.full.map((rate, i) => rate / roundRates.bare[i]!).sort((a, b) => a - b);
    const middle = median(perRound);
    console.log(`\nratio full / bare: ${middle.toFixed(2)} median of ${rounds} rounds (range ${perRound[0]!.toFixed(2)}-${perRound.at(-1)!.toFixed(2)}), ${pooled.toFixed(2)} pooled`);
    console.log(`goal ≥ 0.70: ${middle >= 0.7 ? "met" : "NOT met"} (median), ${pooled >= 0.7 ? "met" : "NOT met"} (pooled)`);
    if (full.errors > 0 || bare.errors > 0) process.exitCode = 1;
  } finally {
    for (const { child } of Object.values(servers)) child.disconnect();
  }
}

const serveIndex = process.argv.indexOf("--serve");
if (serveIndex >= 0) await serve(process.argv[serveIndex + 1] as Target);
else await main();
