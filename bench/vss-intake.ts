/**
 * Session summaries (VSS) stored per second through the full Switchboard server (auth on, a real
 * store, each summary durable before its 200), next to a bare Fastify route that answers 200
 * without storing, in the same run, on 127.0.0.1, at many concurrent connections (8x8 delivers
 * the summaries of many calls ending at once).
 *
 *   node --import tsx bench/vss-intake.ts [--summaries 6000] [--concurrency 100] [--rounds 6]
 *   BENCH_DB=postgres://postgres@127.0.0.1:5432/test?schema=bench_vss node --import tsx bench/vss-intake.ts
 *
 * Every summary is a new session (a redelivery would be a cheap duplicate). The targets take
 * turns in rounds, so noise on this shared machine falls on both alike; the ratio reported is the
 * median of the per-round ratios. Bounded in summaries and in time.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { childCpuMicros, flag, median, percentile, post, reportToParent, startChild } from "./harness.js";

const SECRET = "bench-secret-0123456789";
const MAX_SECONDS_PER_ROUND = 60;
type Target = "full" | "bare";

async function serve(target: Target): Promise<void> {
  const { default: Fastify } = await import("fastify");
  if (target === "bare") {
    const server = Fastify({ logger: false });
    server.post("/webhooks/vss", async () => ({ ok: true }));
    await server.listen({ port: 0, host: "127.0.0.1" });
    process.on("disconnect", () => void server.close().finally(() => process.exit(0)));
    reportToParent((server.server.address() as { port: number }).port);
    return;
  }
  const { default: pino } = await import("pino");
  const { createServer, loadIvr, openStore } = await import("switchboard-ivr");
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-vss-"));
  const store = await openStore(process.env.BENCH_DB ?? `sqlite:${join(dir, "bench.db")}`);
  const app = await loadIvr(fileURLToPath(new URL("../examples/restaurant.yaml", import.meta.url)));
  const server = createServer({ app, store, authHeader: SECRET, closeStore: true, logger: pino({ level: "info" }, pino.destination("/dev/null")) });
  await server.listen({ port: 0, host: "127.0.0.1" });
  process.on("disconnect", () => {
    void server.close().then(() => rmSync(dir, { recursive: true, force: true })).finally(() => process.exit(0));
  });
  reportToParent((server.server.address() as { port: number }).port);
}

function vss(sessionId: string): string {
  const at = new Date().toISOString();
  return JSON.stringify({
    namespace: "VOICE",
    eventType: "SESSION_SUMMARY",
    description: "Session summary",
    version: 5,
    payload: {
      sessionId,
      subAccountId: "bench",
      sessionStatus: "COMPLETED",
      startTime: at,
      endTime: at,
      lastAction: "HANGUP",
      callCount: 1,
      details: {
        callA: {
          callId: `${sessionId}-a`, callDirection: "INBOUND", callType: "PSTN", initiatedTimestamp: at, connectedTimestamp: at,
          disconnectedTimestamp: at, source: "+6591234567", destination: "+6568888888", sourceFormat: "MSISDN",
          destinationFormat: "MSISDN", sourceCountryCode: "SG", destinationCountryCode: "SG", sourceRefId: null,
          destinationRefId: "vn-ref", callStatus: "COMPLETED", callDuration: 42, callQuality: { mos: 4.3, packetLossRate: 0.01, jitter: 12 },
        },
      },
    },
  });
}

interface Round {
  stored: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
  cpuMicros: number;
}

async function round(target: { child: import("node:child_process").ChildProcess; port: number }, summaries: number, concurrency: number): Promise<Round> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let sent = 0;
  let errors = 0;
  const deadline = Date.now() + MAX_SECONDS_PER_ROUND * 1000;
  const cpuBefore = await childCpuMicros(target.child);
  const started = process.hrtime.bigint();
  const sender = async () => {
    while (sent < summaries && Date.now() < deadline) {
      sent++;
      const t0 = process.hrtime.bigint();
      const response = await post(agent, target.port, "/webhooks/vss", vss(`vss-${randomUUID()}`), SECRET);
      latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (response.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuMicros = (await childCpuMicros(target.child)) - cpuBefore;
  agent.destroy();
  return { stored: latenciesMs.length - errors, seconds, latenciesMs, errors, cpuMicros };
}

async function main(): Promise<void> {
  const summaries = flag("summaries", 6000);
  const concurrency = flag("concurrency", 100);
  const rounds = flag("rounds", 6);
  const file = fileURLToPath(import.meta.url);
  const targets = { bare: await startChild(file, "bare"), full: await startChild(file, "full") };
  try {
    for (const target of Object.values(targets)) await round(target, 500, concurrency);
    const totals: Record<Target, Round> = { bare: emptyRound(), full: emptyRound() };
    const rates: Record<Target, number[]> = { bare: [], full: [] };
    for (let r = 0; r < rounds; r++) {
      for (const name of r % 2 === 0 ? (["bare", "full"] as const) : (["full", "bare"] as const)) {
        const result = await round(targets[name], Math.ceil(summaries / rounds), concurrency);
        const total = totals[name];
        total.stored += result.stored;
        total.seconds += result.seconds;
        total.errors += result.errors;
        total.cpuMicros += result.cpuMicros;
        for (const ms of result.latenciesMs) total.latenciesMs.push(ms);
        rates[name].push(result.stored / result.seconds);
      }
    }
    const store = process.env.BENCH_DB?.startsWith("postgres") ? "PostgreSQL" : "SQLite";
    console.log(`VSS intake: ${summaries} summaries per target in ${rounds} alternating rounds, ${concurrency} concurrent keep-alive connections, 127.0.0.1, node ${process.version}\n`);
    for (const [name, label] of [["bare", "bare Fastify route (200, stores nothing)"], ["full", `switchboard serve (auth, ${store}, durable before 200)`]] as const) {
      const total = totals[name];
      const sorted = [...total.latenciesMs].sort((a, b) => a - b);
      console.log(
        `${label.padEnd(52)} ${(total.stored / total.seconds).toFixed(0).padStart(7)} summaries/s   p50 ${percentile(sorted, 50).toFixed(2)} ms   p99 ${percentile(sorted, 99).toFixed(2)} ms   server CPU ${(total.cpuMicros / Math.max(1, total.stored)).toFixed(0)} µs each   (${total.errors} errors)`,
      );
    }
    const perRound = rates.full.map((rate, i) => rate / rates.bare[i]!).sort((a, b) => a - b);
    console.log(`\nratio full / bare: ${median(perRound).toFixed(2)} median of ${rounds} rounds (range ${perRound[0]!.toFixed(2)}-${perRound.at(-1)!.toFixed(2)})`);
    if (totals.full.errors > 0 || totals.bare.errors > 0) process.exitCode = 1;
  } finally {
    for (const { child } of Object.values(targets)) child.disconnect();
  }
}

function emptyRound(): Round {
  return { stored: 0, seconds: 0, latenciesMs: [], errors: 0, cpuMicros: 0 };
}

const serveIndex = process.argv.indexOf("--serve");
if (serveIndex >= 0) await serve(process.argv[serveIndex + 1] as Target);
else await main();
