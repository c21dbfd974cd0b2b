/**
 * The benchmark servers, each run in a child process of its own by the load side
 * (`startTarget`), so the load loop does not share their event loop:
 *
 * - `full`: Switchboard as `switchboard serve` runs it: the built package (`npm run build`
 *   first), auth on, a SQLite store in a temp file (or `BENCH_DB=<url>`), metrics, info logging
 *   (to /dev/null), answering examples/restaurant.yaml or `--flow <file>`.
 * - `bare-fastify`: a bare Fastify route answering one fixed callflow to every VCA and 200 to
 *   every VSS, storing nothing.
 * - `bare-node`: the same on bare node:http (the body read and JSON-parsed, as any receiver must).
 *
 * `--stats` makes a server measure itself (bench/server-stats.ts); `BENCH_STORE=none` gives the
 * full server a store that keeps nothing (shows what the writes cost; never a figure to quote);
 * `BENCH_NODE_FLAGS` adds node flags to every server (an experiment: `--trace-gc`, a GC setting);
 * `BENCH_DB_DIR` is where the SQLite file goes (`/dev/shm`: no disk) and `BENCH_FSYNC_DELAY_MS`
 * holds the SQLite worker that long before each summary commit (bench/worker-probe.mjs): with
 * the file on tmpfs, a disk whose fsync takes that long.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Store } from "switchboard-ivr";
import { BENCH_SECRET } from "./bodies.js";
import { isMain, reportToParent, startChild, textFlag } from "./harness.js";
import { startServerStats } from "./server-stats.js";

export type Target = "full" | "bare-fastify" | "bare-node";
type Stats = ReturnType<typeof startServerStats>;

/** The restaurant flow, which the full server answers unless told otherwise. */
export const RESTAURANT_FLOW = fileURLToPath(new URL("../examples/restaurant.yaml", import.meta.url));

/** What the bare servers answer to every VCA: the restaurant's first menu. */
const FIXED_ANSWER = {
  clientActionId: "main_menu",
  callflow: [
    {
      action: "sayAndCapture",
      params: {
        promptMessage: "Welcome to ABC Restaurant, to book a table press 1, to speak to a representative press 2, to hear our restaurant hours press 3.",
        voiceProfile: "en-US-BenjaminRUS",
        minDigits: 1,
        maxDigits: 1,
        noOfTries: 2,
      },
    },
  ],
};

export interface TargetOptions {
  /** The flow file the full server answers (default the restaurant). */
  flow?: string;
  /** Measure the server (bench/server-stats.ts); read with `childStats`. */
  stats?: boolean;
  /** Write a V8 CPU profile of this server into this folder. */
  cpuProfileDir?: string;
  /**
   * The full server from another build of the package (its entry, `.../dist/index.js`) instead of
   * this one's: to measure a change against the code before it in the same run (mix.ts `--candidate`).
   */
  packageEntry?: string;
  /** The full server's store (`postgres://...`), as `--db`; else `BENCH_DB`, else SQLite in a temp file. */
  db?: string;
}

/** Load side: starts a target server in a child process and waits for its port. */
export function startTarget(target: Target, options: TargetOptions = {}): Promise<{ child: ChildProcess; port: number }> {
  const execArgv = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  // An experiment's node flags for every server (--trace-gc, a GC setting), split on spaces.
  if (process.env.BENCH_NODE_FLAGS) execArgv.push(...process.env.BENCH_NODE_FLAGS.split(" ").filter(Boolean));
  const args = [...(options.flow ? ["--flow", options.flow] : []), ...(options.stats ? ["--stats"] : []), ...(options.packageEntry ? ["--package", options.packageEntry] : []), ...(options.db ? ["--db", options.db] : [])];
  return startChild(fileURLToPath(import.meta.url), target, execArgv, args);
}

/** Stops the children started by `startTarget` (each closes its server, then exits). */
export function stopTargets(children: Iterable<{ child: ChildProcess }>): void {
  for (const { child } of children) if (child.connected) child.disconnect();
}

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
    sessionStats: async () => ({ since: null, sessions: 0, counts: [], completionRate: null, averageDurationSeconds: null, averageMos: null, fallbacks: { error: 0, timeout: 0, invalid: 0, store_unavailable: 0 }, retries: { scheduled: 0, placed: 0 } }),
    flowEdgeCounts: async () => ({ edges: [], hangups: [] }),
    outcomeSeries: async (query) => ({ since: null, bucketSeconds: query.bucketSeconds, buckets: [] }),
  };
}

/**
 * The built package, as `switchboard serve` runs it, or the build `--package` names (a candidate),
 * or `BENCH_PACKAGE` (a copy of dist/ that other work in this tree cannot rebuild mid-run).
 */
function switchboard(): Promise<typeof import("switchboard-ivr")> {
  const entry = process.argv.includes("--package") ? textFlag("package", "") : (process.env.BENCH_PACKAGE ?? null);
  return entry ? (import(pathToFileURL(resolve(entry)).href) as Promise<typeof import("switchboard-ivr")>) : import("switchboard-ivr");
}

/**
 * `--db <url>` (startTarget's `db`) or `BENCH_DB=<url>`, as `switchboard serve --db`, else SQLite in `path`; `BENCH_SQLITE_OPTIONS='{"checkpointIntervalMs":60000}'`
 * passes options to `openSqliteStore`, to try a setting (an experiment, not a figure to quote).
 */
async function openBenchStore(path: string, stats: Stats | null): Promise<Store> {
  const { openSqliteStore, openStore } = await switchboard();
  const db = process.argv.includes("--db") ? textFlag("db", "") : process.env.BENCH_DB;
  if (db) return openStore(db);
  const options = process.env.BENCH_SQLITE_OPTIONS ? (JSON.parse(process.env.BENCH_SQLITE_OPTIONS) as object) : {};
  const probe = stats ?? (process.env.BENCH_FSYNC_DELAY_MS ? startServerStats() : null);
  return openSqliteStore({ ...options, path, ...(probe ? { workerFactory: probe.workerFactory() } : {}) });
}

async function serveFull(flow: string, stats: Stats | null): Promise<void> {
  const { default: pino } = await import("pino");
  const { createServer, loadIvr } = await switchboard();
  // BENCH_DB_DIR=/dev/shm puts the file on tmpfs, where fsync costs nothing: what the server
  // costs without the disk (an experiment; with BENCH_FSYNC_DELAY_MS, a disk of known fsync).
  const dir = mkdtempSync(join(process.env.BENCH_DB_DIR ?? tmpdir(), "switchboard-bench-"));
  const opened = process.env.BENCH_STORE === "none" ? forgetfulStore() : await openBenchStore(join(dir, "bench.db"), stats);
  const store = stats ? stats.wrapStore(opened) : opened;
  const app = await loadIvr(flow);
  const server = createServer({ app, store, authHeader: BENCH_SECRET, closeStore: true, logger: pino({ level: "info" }, pino.destination("/dev/null")) });
  await server.listen({ port: 0, host: "127.0.0.1" });
  stats?.watch(server.server);
  process.on("disconnect", () => {
    void server.close().then(() => rmSync(dir, { recursive: true, force: true })).finally(() => process.exit(0));
  });
  reportToParent((server.server.address() as { port: number }).port, () => stats?.snapshot() ?? null);
}

async function serveBareFastify(stats: Stats | null): Promise<void> {
  const { default: Fastify } = await import("fastify");
  const server = Fastify({ logger: false });
  // As a plain Fastify app would write it (and as bench:vca's figures before were measured).
  server.post("/webhooks/vca", async () => FIXED_ANSWER);
  server.post("/webhooks/vss", async () => ({ ok: true }));
  await server.listen({ port: 0, host: "127.0.0.1" });
  stats?.watch(server.server);
  process.on("disconnect", () => void server.close().finally(() => process.exit(0)));
  reportToParent((server.server.address() as { port: number }).port, () => stats?.snapshot() ?? null);
}

async function serveBareNode(stats: Stats | null): Promise<void> {
  const server: Server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const text = JSON.stringify(request.url === "/webhooks/vca" ? FIXED_ANSWER : { ok: true });
      response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
      response.end(text);
    });
  });
  // As Fastify's default, so neither bare server closes a keep-alive connection the other keeps.
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stats?.watch(server);
  process.on("disconnect", () => server.close(() => process.exit(0)));
  reportToParent((server.address() as { port: number }).port, () => stats?.snapshot() ?? null);
}

if (isMain(import.meta.url)) {
  const target = textFlag("serve", "full") as Target;
  const stats = process.argv.includes("--stats") ? startServerStats() : null;
  if (target === "full") await serveFull(textFlag("flow", RESTAURANT_FLOW), stats);
  else if (target === "bare-fastify") await serveBareFastify(stats);
  else if (target === "bare-node") await serveBareNode(stats);
  else throw new Error(`--serve: unknown target "${target}"; expected full, bare-fastify or bare-node`);
}
