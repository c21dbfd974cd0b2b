/**
 * Campaigns end to end: the contacts go to our server's control API, its dispatcher places the
 * calls through the simulator within the campaign's rate and concurrency, the simulated callees
 * follow their scripts, and the export says what happened to each contact. What the platform
 * itself recorded (`sim.calls()`) is the judge, not our own account. SQLite always; PostgreSQL
 * too when a server is at hand.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { ExportRow } from "../../src/followup/index.js";
import { SANDBOX_NUMBER } from "../../src/server/index.js";
import type { CalleeConfig } from "../../src/simulator/index.js";
import { openPostgresStore, openSqliteStore, type StoreWithOutbound } from "../../src/store/index.js";
import { dropSchema, findTestPostgres, freshSchemaName } from "../postgres.js";
import { callsByNumber, control, startCampaignPlatform, untilCampaign, type CampaignPlatform } from "./campaign-platform.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-campaign-e2e-"));
const pgUrl = await findTestPostgres();
const pgSchema = freshSchemaName("sb_campaign_e2e");
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (pgUrl) await dropSchema(pgUrl, pgSchema);
});

const running: CampaignPlatform[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

/** What a scripted callee does, and what the export must then say about its contact. */
interface Script {
  callee: Omit<CalleeConfig, "number">;
  outcome: string;
  attempts: number;
  lastStatus: string;
  digits: string[];
}

const MAX_ATTEMPTS = 3;
/** Five kinds of callee, in turn down the list. */
const SCRIPTS: Script[] = [
  { callee: { behavior: "answer", press: "1" }, outcome: "completed", attempts: 1, lastStatus: "COMPLETED", digits: ["1"] },
  { callee: { behavior: ["busy", "answer"], press: "2" }, outcome: "completed", attempts: 2, lastStatus: "COMPLETED", digits: ["2"] },
  { callee: { behavior: "no-answer" }, outcome: "unreachable", attempts: MAX_ATTEMPTS, lastStatus: "NO_ANSWER", digits: [] },
  { callee: { behavior: { error: -2004 } }, outcome: "error", attempts: 1, lastStatus: "ERROR", digits: [] },
  { callee: { behavior: ["no-answer", "busy", "answer"], press: "1" }, outcome: "completed", attempts: 3, lastStatus: "COMPLETED", digits: ["1"] },
];

interface Contact {
  id: string;
  phone: string;
  name: string;
  script: Script;
}

function contacts(count: number, first = 90_000_000): Contact[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `c${String(i).padStart(4, "0")}`,
    phone: `+65${first + i}`,
    name: `Guest ${i}`,
    script: SCRIPTS[i % SCRIPTS.length]!,
  }));
}

const csvOf = (list: readonly Contact[]) => `id,phone,name\r\n${list.map((c) => `${c.id},${c.phone},${c.name}`).join("\r\n")}\r\n`;

async function exportRows(url: string, name: string): Promise<ExportRow[]> {
  const response = await fetch(`${url}/api/campaigns/${name}/export?format=json`, { headers: { authorization: "control-secret-0123456789" } });
  return ((await response.json()) as { rows: ExportRow[] }).rows;
}

type StoreMaker = () => Promise<StoreWithOutbound>;
const stores: [string, StoreMaker | null, number][] = [
  ["SQLite", () => openSqliteStore({ path: join(dir, `${Math.random().toString(36).slice(2)}.db`) }), 500],
  ["PostgreSQL", pgUrl ? () => openPostgresStore({ connectionString: pgUrl, schema: pgSchema }) : null, 500],
];

describe.each(stores)("a campaign on %s", (storeName, makeStore, size) => {
  it.skipIf(makeStore === null)(`calls ${size} scripted contacts and exports what each script did, row for row`, async () => {
    const platform = await startCampaignPlatform(await makeStore!(), { maxCallRate: 400 });
    running.push(platform);
    const name = `scripted-${storeName.toLowerCase()}`;
    const list = contacts(size);
    for (const contact of list) platform.simulator.setCallee({ number: contact.phone, ...contact.script.callee });
    const created = await control(platform.url, "POST", "/api/campaigns", {
      name,
      from: SANDBOX_NUMBER,
      csv: csvOf(list),
      rate: 200,
      concurrency: 50,
      retry: { maxAttempts: MAX_ATTEMPTS, backoff: ["0s"], jitter: 0 },
    });
    expect(created).toMatchObject({ status: 201, body: { total: size } });
    expect((await control(platform.url, "POST", `/api/campaigns/${name}/start`)).status).toBe(200);
    const ended = await untilCampaign(platform.url, name, (s) => s.state === "COMPLETE", 6000);
    expect(ended).toMatchObject({ total: size, done: size, progress: { inProgress: 0, retrying: 0, left: 0 } });

    const rows = await exportRows(platform.url, name);
    expect(rows.map((r) => r.id)).toEqual(list.map((c) => c.id));
    const calls = callsByNumber(platform.simulator);
    for (const [index, row] of rows.entries()) {
      const { script, phone, name: guest } = list[index]!;
      const placed = calls.get(phone) ?? [];
      const lastCall = placed[placed.length - 1];
      expect({ phone: row.phone, outcome: row.outcome, attempts: row.attempts, lastStatus: row.lastStatus, digits: row.digits }, row.id).toEqual({
        phone,
        outcome: script.outcome,
        attempts: script.attempts,
        lastStatus: script.lastStatus,
        digits: script.digits,
      });
      // The platform placed exactly the attempts the export counts, and the last one is the export's session.
      expect(placed.map((c) => c.clientRequestId), row.id).toEqual(Array.from({ length: script.attempts }, (_, n) => `${name}:${row.id}-${n + 1}`));
      expect(row.lastSessionId, row.id).toBe(lastCall?.sessionId);
      if (script.outcome === "completed") {
        expect(row.durationSeconds, row.id).toBeGreaterThan(0);
        expect(row.variables, row.id).toMatchObject({ name: guest });
      }
      if (script.outcome === "error") expect(row.errorCode, row.id).toBe(-2004);
    }
  }, 300_000);
});

describe("a campaign's pace", () => {
  it("never has more calls in progress than its concurrency, by the platform's own limit", async () => {
    const CONCURRENCY = 3;
    // Calls last a while in wall time (the simulated clock runs 10 times faster), so the rate
    // would start all of them at once: only the concurrency holds them back. The platform ends a
    // session over its limit with ERROR -2010, so any excess shows in its record.
    const platform = await startCampaignPlatform(await openSqliteStore({ path: join(dir, "concurrency.db") }), {
      simulator: { clock: "scaled:10", maxConcurrentCalls: CONCURRENCY },
    });
    running.push(platform);
    const list = contacts(12, 91_000_000);
    for (const contact of list) platform.simulator.setCallee({ number: contact.phone, behavior: "answer", press: "1" });
    await control(platform.url, "POST", "/api/campaigns", { name: "held", from: SANDBOX_NUMBER, csv: csvOf(list), rate: 50, concurrency: CONCURRENCY });
    await control(platform.url, "POST", "/api/campaigns/held/start");
    let peak = 0;
    const ended = await untilCampaign(platform.url, "held", (s) => {
      peak = Math.max(peak, s.progress.inProgress);
      return s.state === "COMPLETE";
    }, 6000);
    expect(ended.progress).toMatchObject({ completed: 12, placed: 12 });
    expect(peak).toBeLessThanOrEqual(CONCURRENCY);
    const calls = platform.simulator.calls().filter((c) => c.direction === "OUTBOUND");
    expect(calls.map((c) => [c.sessionStatus, c.errorCode])).toEqual(list.map(() => ["COMPLETED", null]));
  }, 300_000);

  it("slows down on the platform's 429s rather than failing anyone: every contact called once and completed", async () => {
    // The platform takes 2 calls a second; the campaign asks for 10.
    const platform = await startCampaignPlatform(await openSqliteStore({ path: join(dir, "throttled.db") }), { simulator: { maxCallsPerSecond: 2 } });
    running.push(platform);
    const list = contacts(8, 93_000_000);
    for (const contact of list) platform.simulator.setCallee({ number: contact.phone, behavior: "answer", press: "1" });
    await control(platform.url, "POST", "/api/campaigns", { name: "throttled", from: SANDBOX_NUMBER, csv: csvOf(list), rate: 10, concurrency: 10, retry: { maxAttempts: 1 } });
    await control(platform.url, "POST", "/api/campaigns/throttled/start");
    const ended = await untilCampaign(platform.url, "throttled", (s) => s.state === "COMPLETE", 6000);
    expect(ended.progress).toMatchObject({ completed: 8, placed: 8, failed: 0 });
    const calls = callsByNumber(platform.simulator);
    expect(list.map((c) => calls.get(c.phone)?.map((call) => call.sessionStatus))).toEqual(list.map(() => ["COMPLETED"]));
  }, 300_000);

  /**
   * The dispatcher's Pacer once was a token bucket that started full and refilled while the first
   * burst went out: 10 starts in the first second for a rate of 5. It now keeps a sliding window.
   */
  it("never starts more calls in a second than its rate, by the platform's record", async () => {
    const RATE = 5;
    const platform = await startCampaignPlatform(await openSqliteStore({ path: join(dir, "rate.db") }));
    running.push(platform);
    const list = contacts(20, 92_000_000);
    for (const contact of list) platform.simulator.setCallee({ number: contact.phone, behavior: "answer", press: "1" });
    await control(platform.url, "POST", "/api/campaigns", { name: "paced", from: SANDBOX_NUMBER, csv: csvOf(list), rate: RATE, concurrency: 50 });
    await control(platform.url, "POST", "/api/campaigns/paced/start");
    await untilCampaign(platform.url, "paced", (s) => s.state === "COMPLETE", 6000);
    const calls = platform.simulator.calls().filter((c) => c.direction === "OUTBOUND");
    expect(calls).toHaveLength(20);
    // A session starts when the platform accepts its Send Callflow (wall time, on the instant clock).
    const starts = calls.map((c) => Date.parse(c.startTime)).sort((a, b) => a - b);
    const busiest = Math.max(...starts.map((start) => starts.filter((t) => t >= start && t < start + 1000).length));
    expect(busiest).toBeLessThanOrEqual(RATE);
  }, 300_000);
});
