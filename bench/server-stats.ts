/**
 * What a benchmark server measures about itself while it serves, for the p99 investigation
 * (`--stats`): event-loop delay (`monitorEventLoopDelay`) and utilisation, GC pauses (a
 * PerformanceObserver on 'gc'), the time each Store call takes as the server sees it (a wrapper:
 * `saveSummary` is a round trip to the SQLite worker and a durable commit), how many requests
 * were in flight at once, the CPU time of each of the process's threads (Linux), and, through
 * `workerFactory` (bench/worker-probe.mjs), what each call holds the SQLite worker for. Each
 * `snapshot()` covers the time since the one before.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { constants, monitorEventLoopDelay, performance, PerformanceObserver, type EventLoopUtilization } from "node:perf_hooks";
import { percentile } from "./harness.js";

/** Percentiles of a set of durations, in ms. */
export interface Durations {
  count: number;
  p50: number;
  p99: number;
  max: number;
  totalMs: number;
}

export interface ServerStats {
  seconds: number;
  /** Event-loop delay (how late a timer fires): how long a ready request may wait behind others' work. */
  loopDelayMs: { p50: number; p99: number; max: number; mean: number };
  /** Share of the time the event loop was busy (1: saturated). */
  loopUtilization: number;
  gc: { count: number; totalMs: number; maxMs: number; byKind: Record<string, { count: number; totalMs: number; maxMs: number }> };
  /** Store calls by method, timed from the call to its promise settling. */
  store: Record<string, Durations>;
  /** Requests in flight at the server, sampled as each one arrives. */
  inFlight: { mean: number; max: number };
  /** The SQLite worker as its probe saw it: each call's time in the worker, its busy time, how late its loop ran. */
  worker?: { calls: Record<string, Durations>; busyMs: number; loopDelayMaxMs: number; loopDelayP99MaxMs: number };
  /** CPU ms of each thread of the process over the period (main first; the others by CPU, the SQLite worker among the first). */
  threadCpuMs: { main: number; others: number[] };
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

function durations(values: number[]): Durations {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, totalMs: sorted.reduce((a, b) => a + b, 0) };
}

/** CPU ticks (10 ms) of every thread of this process, by thread id. */
function threadTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks.set(tid, Number(fields[11]) + Number(fields[12]));
    }
  } catch {
    // No /proc: no per-thread figures.
  }
  return ticks;
}

/** Starts measuring; `wrapStore` times the server's store calls, `watch` counts its requests in flight. */
export function startServerStats() {
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  let utilization: EventLoopUtilization = performance.eventLoopUtilization();
  let gcEntries: { kind: string; ms: number }[] = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? "other";
      gcEntries.push({ kind, ms: entry.duration });
    }
  }).observe({ entryTypes: ["gc"] });
  let storeTimes = new Map<string, number[]>();
  let inFlight = 0;
  let inFlightSamples: number[] = [];
  let workerTimes = new Map<string, number[]>();
  let worker: { busyMs: number; loopDelayMaxMs: number; loopDelayP99MaxMs: number } | null = null;
  let since = performance.now();
  let ticks = threadTicks();

  const timed = (method: string, call: () => Promise<unknown>) => {
    const start = performance.now();
    const done = () => {
      let list = storeTimes.get(method);
      if (!list) storeTimes.set(method, (list = []));
      list.push(performance.now() - start);
    };
    const result = call();
    result.then(done, done);
    return result;
  };

  return {
    /** The store with each async method timed (same object shape, same behaviour). */
    wrapStore<S extends object>(store: S): S {
      return new Proxy(store, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver) as unknown;
          if (typeof value !== "function" || typeof key !== "string" || key === "onIncident") return value;
          return (...args: unknown[]) => timed(key, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        },
      });
    },
    /** A `workerFactory` for `openSqliteStore` that starts the worker behind bench/worker-probe.mjs. */
    workerFactory(): (entry: URL, options: WorkerOptions) => Worker {
      return (entry, options) => {
        const probed = new Worker(new URL("./worker-probe.mjs", import.meta.url), { ...options, workerData: { ...(options.workerData as object), probedEntry: entry.href } });
        probed.on("message", (message: { probe?: { times: Record<string, number[]>; busyMs: number; loopDelayMaxMs: number; loopDelayP99Ms: number } }) => {
          const probe = message.probe;
          if (!probe) return;
          for (const [method, list] of Object.entries(probe.times)) {
            let kept = workerTimes.get(method);
            if (!kept) workerTimes.set(method, (kept = []));
            kept.push(...list);
          }
          worker ??= { busyMs: 0, loopDelayMaxMs: 0, loopDelayP99MaxMs: 0 };
          worker.busyMs += probe.busyMs;
          worker.loopDelayMaxMs = Math.max(worker.loopDelayMaxMs, probe.loopDelayMaxMs);
          worker.loopDelayP99MaxMs = Math.max(worker.loopDelayP99MaxMs, probe.loopDelayP99Ms);
        });
        return probed;
      };
    },
    /** Counts the server's requests in flight (sampled at each arrival). */
    watch(server: Server): void {
      server.on("request", (_request, response: { once(event: string, listener: () => void): void }) => {
        inFlightSamples.push(++inFlight);
        response.once("close", () => inFlight--);
      });
    },
    /** The figures since the last snapshot, then starts over. */
    snapshot(): ServerStats {
      const now = performance.now();
      const nowTicks = threadTicks();
      const cpuMs = [...nowTicks].map(([tid, t]) => ({ tid, ms: (t - (ticks.get(tid) ?? 0)) * 10 }));
      const main = cpuMs.find((t) => t.tid === String(process.pid))?.ms ?? Number.NaN;
      const others = cpuMs.filter((t) => t.tid !== String(process.pid) && t.ms > 0).map((t) => t.ms).sort((a, b) => b - a);
      const byKind: ServerStats["gc"]["byKind"] = {};
      for (const { kind, ms } of gcEntries) {
        const k = (byKind[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
        k.count++;
        k.totalMs += ms;
        k.maxMs = Math.max(k.maxMs, ms);
      }
      const gcTimes = gcEntries.map((e) => e.ms);
      const samples = inFlightSamples;
      const stats: ServerStats = {
        seconds: (now - since) / 1000,
        loopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6, mean: loopDelay.mean / 1e6 },
        loopUtilization: performance.eventLoopUtilization(utilization).utilization,
        gc: { count: gcTimes.length, totalMs: gcTimes.reduce((a, b) => a + b, 0), maxMs: gcTimes.reduce((a, b) => Math.max(a, b), 0), byKind },
        store: Object.fromEntries([...storeTimes].map(([method, list]) => [method, durations(list)])),
        inFlight: { mean: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length), max: samples.reduce((a, b) => Math.max(a, b), 0) },
        threadCpuMs: { main, others },
      };
      if (worker) stats.worker = { ...worker, calls: Object.fromEntries([...workerTimes].map(([method, list]) => [method, durations(list)])) };
      loopDelay.reset();
      utilization = performance.eventLoopUtilization();
      gcEntries = [];
      storeTimes = new Map();
      inFlightSamples = [];
      workerTimes = new Map();
      if (worker) worker = { busyMs: 0, loopDelayMaxMs: 0, loopDelayP99MaxMs: 0 };
      since = now;
      ticks = nowTicks;
      return stats;
    },
  };
}
