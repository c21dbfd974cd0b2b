// The SQLite worker thread with a probe (bench/server-stats.ts, `--stats`): times each call the
// worker runs (better-sqlite3 is synchronous, so this is the time the call holds the worker) and
// how late the worker's own event loop runs (its checkpoint timer and the calls waiting behind a
// long one; BENCH_FSYNC_DELAY_MS holds it that long before each summary commit, as a slow
// disk's fsync would), and posts the figures to the main thread on the worker's parentPort every 200 ms.
// Then it loads the real worker module. Plain JS: a worker cannot load TypeScript by itself.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { setInterval } from "node:timers";
import { parentPort, workerData } from "node:worker_threads";

const port = workerData.port;
const fsyncDelayMs = Number(process.env.BENCH_FSYNC_DELAY_MS ?? 0);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const times = {};
const on = port.on.bind(port);
port.on = (event, listener) => {
  if (event !== "message") return on(event, listener);
  return on(event, (message) => {
    // A disk whose fsync takes this long: a summary commit (synchronous=FULL) waits for one.
    if (fsyncDelayMs > 0 && message && message.method === "saveSummaries") Atomics.wait(sleeper, 0, 0, fsyncDelayMs);
    const start = performance.now();
    try {
      listener(message);
    } finally {
      if (message && message.rpc === "call") (times[message.method] ??= []).push(performance.now() - start);
    }
  });
};
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let utilization = performance.eventLoopUtilization();
const timer = setInterval(() => {
  const busy = performance.eventLoopUtilization(utilization);
  utilization = performance.eventLoopUtilization();
  parentPort.postMessage({ probe: { times: { ...times }, loopDelayMaxMs: delay.max / 1e6, loopDelayP99Ms: delay.percentile(99) / 1e6, busyMs: busy.active } });
  for (const key of Object.keys(times)) delete times[key];
  delay.reset();
}, 200);
timer.unref();
await import(workerData.probedEntry);
