/**
 * End-to-end load: N concurrent simulated calls (default 1,000) through examples/restaurant.yaml
 * on our server (SQLite store in a temp folder, auth on, logging off) via the simulator on the
 * instant clock, all on 127.0.0.1 in this one process. It waits for every session to end, then
 * counts the VSS the store holds (a session leaves ACTIVE only when its VSS is stored) and fails
 * when any is missing. A bare node:http receiver (bench/simulator-load.ts's built-in) runs the
 * same number of calls first, as the baseline of what the simulator alone costs.
 *
 *   npm run bench:e2e -- [--calls 1000] [--press 1 --press 1 --press 2] [--no-baseline]
 *
 * `runE2e` is the same for the suite (bench/suite.ts, 10,000 calls). *
 * Bounded: at most 100,000 calls, each run has a wall-clock limit, and store pages are capped.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateSecret, startIvrServer } from "../src/testing/index.js";
import type { Store } from "../src/store/index.js";
import { isMain } from "./harness.js";
import { runSimulatorLoad, type LoadReport } from "./simulator-load.js";

const FLOW = resolve(fileURLToPath(new URL("..", import.meta.url)), "examples/restaurant.yaml");
const RUN_TIMEOUT_MS = 300_000;

export interface StoreCount {
  sessions: number;
  withSummary: number;
  statuses: Record<string, number>;
}

/** Counts through the Store port, page by page (at most enough pages for `expected` plus one). */
async function countStored(store: Store, expected: number): Promise<StoreCount> {
  const statuses: Record<string, number> = {};
  let sessions = 0;
  let cursor: string | undefined;
  const maxPages = Math.ceil(expected / 500) + 2;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await store.listSessions({ limit: 500, ...(cursor ? { cursor } : {}) });
    for (const session of result.sessions) statuses[session.status] = (statuses[session.status] ?? 0) + 1;
    sessions += result.sessions.length;
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return { sessions, withSummary: sessions - (statuses.ACTIVE ?? 0), statuses };
}

function line(label: string, report: LoadReport): string {
  return `${label.padEnd(26)} ${report.calls} calls in ${report.seconds.toFixed(2)} s = ${report.callsPerSecond.toFixed(0)} calls/s; VSS delivered with 2xx ${report.vssDelivered}/${report.calls}; statuses ${JSON.stringify(report.sessionStatuses)}`;
}

/** What `runE2e` found: the runs, what the store holds, and how many summaries were lost. */
export interface E2eReport {
  calls: number;
  press: string[];
  baseline: LoadReport | null;
  restaurant: LoadReport;
  stored: StoreCount;
  /** Summaries missing from the store (must be 0). */
  lost: number;
  /** Summaries the server did not acknowledge with a 2xx (must be 0). */
  unacknowledged: number;
  fallbacks: number;
}

export interface E2eOptions {
  calls: number;
  /** What every caller presses (default 1, 1, 2: book a table for tomorrow). */
  press?: string[];
  /** Run the bare receiver first (what the simulator alone costs); default true. */
  baseline?: boolean;
  log?: (line: string) => void;
}

/** Places `calls` concurrent simulated calls through our server and counts what was stored; see the module comment. */
export async function runE2e(options: E2eOptions): Promise<E2eReport> {
  const { calls } = options;
  const log = options.log ?? (() => {});
  if (!Number.isInteger(calls) || calls < 1 || calls > 100_000) throw new Error(`--calls: "${calls}" is invalid; expected 1 to 100000`);
  // Book a table for tomorrow: three menus, four VCAs, a say and a hangup per call.
  const press = options.press ?? ["1", "1", "2"];
  let baseline: LoadReport | null = null;
  if (options.baseline !== false) {
    baseline = await runSimulatorLoad({ calls, press: ["2"], timeoutMs: RUN_TIMEOUT_MS });
    log(line("baseline (bare receiver)", baseline));
  }
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-e2e-"));
  const secret = generateSecret();
  const ivr = await startIvrServer({ flow: FLOW, authHeader: secret, db: `sqlite:${join(dir, "bench.db")}` });
  try {
    const report = await runSimulatorLoad({
      calls,
      press,
      vcaUrl: `${ivr.url}/webhooks/vca`,
      vssUrl: `${ivr.url}/webhooks/vss`,
      authHeader: secret,
      timeoutMs: RUN_TIMEOUT_MS,
    });
    const stored = await countStored(ivr.store, calls);
    const fallbacks = ivr.fastify.switchboardMetrics.fallbacks.total();
    log(line(`restaurant (press ${press.join(",")})`, report));
    log(`store (SQLite, temp dir)   sessions ${stored.sessions}; VSS stored ${stored.withSummary}/${calls}; statuses ${JSON.stringify(stored.statuses)}; VCA fallbacks ${fallbacks}`);
    return { calls, press, baseline, restaurant: report, stored, lost: calls - stored.withSummary, unacknowledged: calls - report.vssDelivered, fallbacks };
  } finally {
    await ivr.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      calls: { type: "string", default: "1000" },
      press: { type: "string", multiple: true },
      "no-baseline": { type: "boolean", default: false },
    },
  });
  const report = await runE2e({ calls: Number(values.calls), ...(values.press ? { press: values.press } : {}), baseline: !values["no-baseline"], log: (text) => console.log(text) });
  if (report.lost !== 0 || report.unacknowledged !== 0) {
    console.error(`FAIL: ${report.lost} VSS missing from the store, ${report.unacknowledged} not acknowledged with a 2xx`);
    process.exitCode = 1;
  } else {
    console.log(`OK: ${report.calls}/${report.calls} VSS stored, none lost`);
  }
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`error: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
