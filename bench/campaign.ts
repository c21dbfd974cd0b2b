/**
 * A campaign of 10,000 contacts (by default) through our server and the simulator on the instant
 * clock, all on 127.0.0.1 in this one process, with a SQLite store in a temp folder: the contacts
 * go in through the control API like `switchboard campaign start` sends them, every callee
 * answers and presses 1, and the run ends when the campaign is COMPLETE. It reports, from the
 * platform's own record of calls (`sim.calls()`):
 *
 * - calls placed per second against the configured rate: overall, and the busiest second (the
 *   most sessions started in any sliding one-second window);
 * - the peak of calls in progress against the concurrency: sampled from the campaign's status
 *   (the store's count, which holds a call until its summary is settled), and the platform's own
 *   verdict, since it is started with the same limit and ends any session over it ERROR -2010;
 * - contacts called twice and contacts lost (never called, or not completed): both must be 0.
 *
 *   npm run bench:campaign -- [--contacts 10000] [--rate 200] [--concurrency 100]
 *
 * Exits 1 when a contact was called twice or lost, or a session was refused for concurrency.
 * Bounded: at most 100,000 contacts, and the run has a wall-clock limit.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VoiceClient } from "../src/client/index.js";
import { compileFlow, type Flow } from "../src/ivr/index.js";
import { createFollowup, OutboundFlows, type CampaignStatus, type ExportRow } from "../src/followup/index.js";
import { createServer, registerServerWebhooks, SANDBOX_API_KEY, SANDBOX_NUMBER, SANDBOX_SUBACCOUNT } from "../src/server/index.js";
import { startSimulator } from "../src/simulator/index.js";
import { openSqliteStore } from "../src/store/index.js";
import { flag, isMain } from "./harness.js";

const SECRET = "bench-webhook-secret-0123456789";
const CONTROL = "bench-control-secret-0123456789";
const RUN_TIMEOUT_MS = 30 * 60_000;
const POLL_MS = 100;

const reminder: Flow = {
  version: 1,
  name: "reminder",
  entry: "confirm",
  menus: {
    confirm: {
      prompt: "Hello {{vars.name}}, your table is booked for tonight. Press 1 to confirm.",
      options: { "1": { say: "Thank you, see you tonight.", then: "hangup" } },
    },
  },
};

/** What one run found. */
export interface CampaignBenchReport {
  contacts: number;
  rate: number;
  concurrency: number;
  seconds: number;
  /** Calls placed per second, first start to last start. */
  placedPerSecond: number;
  /** Most sessions the platform started in any one-second window. */
  busiestSecond: number;
  /** Most calls in progress seen in the campaign's status. */
  peakInProgress: number;
  /** Sessions the platform ended ERROR -2010 (over the concurrency). */
  refusedForConcurrency: number;
  calledTwice: number;
  lost: number;
}

/** Runs one campaign and reports on it. */
export async function runCampaignBench(options: { contacts: number; rate: number; concurrency: number }): Promise<CampaignBenchReport> {
  const { contacts, rate, concurrency } = options;
  if (contacts > 100_000) throw new Error("--contacts: at most 100,000");
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-campaign-"));
  const simulator = await startSimulator({ clock: "instant", maxConcurrentCalls: concurrency });
  const store = await openSqliteStore({ path: join(dir, "bench.db") });
  const app = compileFlow(reminder);
  const flows = new OutboundFlows();
  flows.add("reminder", null, app);
  const client = new VoiceClient({ apiKey: SANDBOX_API_KEY, subaccountId: SANDBOX_SUBACCOUNT, baseUrl: simulator.url, retries: 0 });
  const followup = createFollowup({ store, flows, send: (input) => client.callflows.send(input), controlAuthHeader: CONTROL, maxCallRate: rate, intervalMs: 50 });
  const server = createServer({ app, store, authHeader: SECRET, logger: false, closeStore: true, ...followup.serverOptions });
  await followup.register(server);
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  await registerServerWebhooks({ platformUrl: simulator.url, serverUrl: url, authHeader: SECRET });
  const ask = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const response = await fetch(url + path, {
      method,
      headers: { authorization: CONTROL, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}: ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };

  try {
    const numbers = Array.from({ length: contacts }, (_, i) => `+6580${String(i).padStart(6, "0")}`);
    for (const number of numbers) simulator.setCallee({ number, behavior: "answer", press: "1" });
    const csv = `phone,name\n${numbers.map((n, i) => `${n},Guest ${i}`).join("\n")}\n`;
    await ask("POST", "/api/campaigns", { name: "bench", from: SANDBOX_NUMBER, csv, rate, concurrency, retry: { maxAttempts: 1 } });
    const started = performance.now();
    await ask("POST", "/api/campaigns/bench/start");
    let peakInProgress = 0;
    let status: CampaignStatus;
    let lastPrint = 0;
    for (;;) {
      status = (await ask("GET", "/api/campaigns/bench")) as CampaignStatus;
      peakInProgress = Math.max(peakInProgress, status.progress.inProgress);
      if (status.state === "COMPLETE") break;
      if (performance.now() - started > RUN_TIMEOUT_MS) throw new Error(`not complete after ${RUN_TIMEOUT_MS / 60_000} minutes: ${JSON.stringify(status.progress)}`);
      if (performance.now() - lastPrint > 5_000) {
        lastPrint = performance.now();
        process.stderr.write(`  ${status.done}/${contacts} done, ${status.progress.inProgress} in progress\n`);
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
    const seconds = (performance.now() - started) / 1000;

    const calls = simulator.calls().filter((c) => c.direction === "OUTBOUND");
    const perNumber = new Map<string, number>();
    for (const call of calls) perNumber.set(call.to, (perNumber.get(call.to) ?? 0) + 1);
    const starts = calls.map((c) => Date.parse(c.startTime)).sort((a, b) => a - b);
    let busiestSecond = 0;
    for (let first = 0, last = 0; last < starts.length; last += 1) {
      while (starts[last]! - starts[first]! >= 1000) first += 1;
      busiestSecond = Math.max(busiestSecond, last - first + 1);
    }
    const span = starts.length > 1 ? (starts[starts.length - 1]! - starts[0]!) / 1000 : 0;
    const { rows } = (await ask("GET", "/api/campaigns/bench/export?format=json")) as { rows: ExportRow[] };
    const completed = new Set(rows.filter((r) => r.outcome === "completed").map((r) => r.phone));
    return {
      contacts,
      rate,
      concurrency,
      seconds,
      placedPerSecond: span > 0 ? (starts.length - 1) / span : 0,
      busiestSecond,
      peakInProgress,
      refusedForConcurrency: calls.filter((c) => c.errorCode === -2010).length,
      calledTwice: [...perNumber.values()].filter((n) => n > 1).length,
      lost: numbers.filter((n) => !perNumber.has(n) || !completed.has(n)).length,
    };
  } finally {
    await server.close();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as lines for people. */
export function describeCampaignBench(r: CampaignBenchReport): string {
  return [
    `campaign of ${r.contacts} contacts, rate ${r.rate}/s, concurrency ${r.concurrency}: COMPLETE in ${r.seconds.toFixed(1)} s`,
    `  placed          ${r.placedPerSecond.toFixed(1)} calls/s overall (${((r.placedPerSecond / r.rate) * 100).toFixed(0)}% of the rate); busiest second ${r.busiestSecond} (rate ${r.rate})`,
    `  in progress     peak ${r.peakInProgress} (limit ${r.concurrency}); sessions the platform refused over the limit (-2010): ${r.refusedForConcurrency}`,
    `  called twice    ${r.calledTwice}`,
    `  lost            ${r.lost}`,
  ].join("\n");
}

if (isMain(import.meta.url)) {
  const report = await runCampaignBench({ contacts: flag("contacts", 10_000), rate: flag("rate", 200), concurrency: flag("concurrency", 100) });
  process.stdout.write(`${describeCampaignBench(report)}\n`);
  if (report.calledTwice > 0 || report.lost > 0 || report.refusedForConcurrency > 0) process.exitCode = 1;
}
