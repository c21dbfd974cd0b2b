/**
 * Issue 10's outbound scenarios end to end, on each store: POST /api/calls to the real server on
 * 127.0.0.1, its dispatcher sends to the simulator, the simulator plays the scripted callee and
 * delivers VCAs and the VSS back, and the summary settles the attempt. The simulator runs on its
 * instant clock and the scheduler on the followup's instant clock (the server shares it), so a
 * backoff of minutes, or a calling window that opens tomorrow, takes no wall time, and each retry
 * opens at exactly its due instant. Every scenario is checked in the store and in the platform's
 * own record (`sim.calls()`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { VoiceClient } from "../../src/client/index.js";
import { createFollowup, instantClock, OutboundFlows } from "../../src/followup/index.js";
import { compileFlow, type Flow } from "../../src/ivr/index.js";
import { createServer, registerServerWebhooks, SANDBOX_API_KEY, SANDBOX_NUMBER, SANDBOX_SUBACCOUNT } from "../../src/server/index.js";
import { startSimulator, type CalleeConfig, type Simulator } from "../../src/simulator/index.js";
import { openPostgresStore, openSqliteStore, type OutboundAttempt, type OutboundRequest, type StoreWithOutbound } from "../../src/store/index.js";
import { dropSchema, findTestPostgres, freshSchemaName } from "../postgres.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-outbound-scenarios-"));
const pgUrl = await findTestPostgres();
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (pgUrl) for (const schema of schemas) await dropSchema(pgUrl, schema);
});

const SECRET = "webhook-secret-0123456789";
const CONTROL = "control-secret-0123456789";
const CALLEE = "+6590000002";
const DESK = "+6561115777";
/** A Friday morning in Singapore, ahead of the wall clock (so no validUntil is in the past). */
const START = new Date("2027-01-15T10:00:00+08:00");

const reminder: Flow = {
  version: 1,
  name: "reminder",
  entry: "confirm",
  menus: {
    confirm: {
      prompt: "Hello {{vars.name}}, your table is booked for tonight. Press 1 to confirm, 2 to speak to the desk.",
      options: {
        "1": { say: "Thank you, {{vars.name}}. See you tonight.", then: "hangup" },
        "2": { say: "Connecting you now.", transfer: DESK },
      },
    },
  },
};

interface Target {
  name: string;
  available: boolean;
  open(): Promise<StoreWithOutbound>;
}

const TARGETS: Target[] = [
  { name: "SQLite", available: true, open: () => openSqliteStore({ path: join(dir, `${Math.random().toString(36).slice(2)}.db`) }) },
  {
    name: "PostgreSQL",
    available: pgUrl !== null,
    open: () => {
      const schema = freshSchemaName("sb_scenarios");
      schemas.push(schema);
      return openPostgresStore({ connectionString: pgUrl ?? "", schema });
    },
  },
];

interface Running {
  simulator: Simulator;
  store: StoreWithOutbound;
  url: string;
  close(): Promise<void>;
}

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function start(target: Target, callees: CalleeConfig[], options: { start?: Date; vssDuplicates?: number } = {}): Promise<Running> {
  const simulator = await startSimulator({ clock: "instant", ...(options.vssDuplicates ? { vssDuplicates: options.vssDuplicates } : {}) });
  for (const callee of callees) simulator.setCallee(callee);
  const store = await target.open();
  const app = compileFlow(reminder);
  const flows = new OutboundFlows();
  flows.add("reminder", null, app);
  const client = new VoiceClient({ apiKey: SANDBOX_API_KEY, subaccountId: SANDBOX_SUBACCOUNT, baseUrl: simulator.url, retries: 0 });
  const clock = instantClock(options.start ?? START);
  const followup = createFollowup({ store, flows, send: (input) => client.callflows.send(input), controlAuthHeader: CONTROL, intervalMs: 10, clock });
  const server = createServer({ app, store, authHeader: SECRET, logger: false, closeStore: true, now: clock.now, ...followup.serverOptions });
  await followup.register(server);
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  await registerServerWebhooks({ platformUrl: simulator.url, serverUrl: url, authHeader: SECRET });
  const handle = {
    simulator,
    store,
    url,
    close: async () => {
      await server.close();
      await simulator.close();
    },
  };
  running.push(handle);
  return handle;
}

/** Places one call through the control API; its requestId. */
async function place(r: Running, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${r.url}/api/calls`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: CONTROL },
    body: JSON.stringify({ to: CALLEE, from: SANDBOX_NUMBER, vars: { name: "Ada" }, ...body }),
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await response.json()) as { requestId?: string };
  expect(response.status, JSON.stringify(json)).toBe(201);
  return json.requestId!;
}

const FINAL = new Set(["completed", "unreachable", "failed", "error", "canceled"]);

/** Polls the request until it is final (bounded: 400 polls of 25 ms). */
async function finalOf(r: Running, requestId: string): Promise<{ request: OutboundRequest; attempts: OutboundAttempt[] }> {
  for (let poll = 0; poll < 400; poll += 1) {
    const found = await r.store.outbound.getOutboundRequest(requestId);
    if (found && FINAL.has(found.request.state)) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`request ${requestId} never ended: ${JSON.stringify(await r.store.outbound.getOutboundRequest(requestId))}`);
}

/** The platform's record of the calls placed to `number`, as [clientRequestId, sessionStatus]. */
function platformCalls(r: Running, number = CALLEE): [string | null, string | null][] {
  return r.simulator
    .calls()
    .filter((call) => call.direction === "OUTBOUND" && call.to === number)
    .map((call) => [call.clientRequestId, call.sessionStatus]);
}

const minutes = (n: number) => n * 60_000;
const at = (iso: string) => Date.parse(iso);

for (const target of TARGETS) {
  describe.skipIf(!target.available)(`outbound scenarios on ${target.name}`, () => {
    it("calls a busy callee again after its backoff and completes when the callee answers: 2 attempts", async () => {
      const r = await start(target, [{ number: CALLEE, behavior: ["busy", "answer"], press: "1" }]);
      const requestId = await place(r, { retry: { backoff: ["10m"], jitter: 0 } });
      const { request, attempts } = await finalOf(r, requestId);
      expect(request).toMatchObject({ state: "completed", attempts: 2, outcome: "completed" });
      expect(attempts.map((a) => [a.clientRequestId, a.state, a.sessionStatus])).toEqual([
        [`${requestId}-1`, "ended", "BUSY"],
        [`${requestId}-2`, "ended", "COMPLETED"],
      ]);
      // On simulated time: the retry opened exactly its backoff after the BUSY summary was settled.
      expect(at(attempts[1]!.openedAt) - at(attempts[0]!.endedAt!)).toBe(minutes(10));
      expect(platformCalls(r)).toEqual([
        [`${requestId}-1`, "BUSY"],
        [`${requestId}-2`, "COMPLETED"],
      ]);
    });

    it("never calls again a callee who answered and was transferred to a busy desk (session BUSY)", async () => {
      const r = await start(target, [
        { number: CALLEE, behavior: "answer", press: "2" },
        { number: DESK, behavior: "busy" },
      ]);
      const requestId = await place(r, { retry: { backoff: ["1m"], jitter: 0 } });
      const { request, attempts } = await finalOf(r, requestId);
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ state: "ended", sessionStatus: "BUSY" });
      expect(request).toMatchObject({ state: "completed", attempts: 1 });
      expect(platformCalls(r)).toEqual([[`${requestId}-1`, "BUSY"]]);
      // The platform's own record: a second leg (the transfer to the desk) in the one session.
      expect(r.simulator.calls().find((call) => call.clientRequestId === `${requestId}-1`)?.callCount).toBe(2);
    });

    it("stops after maxAttempts for a callee who never answers", async () => {
      const r = await start(target, [{ number: CALLEE, behavior: "no-answer" }]);
      const requestId = await place(r, { retry: { maxAttempts: 3, backoff: ["2m", "30m"], jitter: 0 } });
      const { request, attempts } = await finalOf(r, requestId);
      expect(request).toMatchObject({ state: "unreachable", attempts: 3 });
      expect(attempts.map((a) => a.sessionStatus)).toEqual(["NO_ANSWER", "NO_ANSWER", "NO_ANSWER"]);
      expect(at(attempts[1]!.openedAt) - at(attempts[0]!.endedAt!)).toBe(minutes(2));
      expect(at(attempts[2]!.openedAt) - at(attempts[1]!.endedAt!)).toBe(minutes(30));
      expect(platformCalls(r).map(([, status]) => status)).toEqual(["NO_ANSWER", "NO_ANSWER", "NO_ANSWER"]);
    });

    it("never retries ERROR -2004", async () => {
      const r = await start(target, [{ number: CALLEE, behavior: [{ error: -2004 }, "answer"] }]);
      const requestId = await place(r, { retry: { backoff: ["1m"], jitter: 0 } });
      const { request, attempts } = await finalOf(r, requestId);
      expect(request).toMatchObject({ state: "error", attempts: 1, lastErrorCode: -2004 });
      expect(attempts.map((a) => [a.sessionStatus, a.errorCode])).toEqual([["ERROR", -2004]]);
      expect(platformCalls(r)).toEqual([[`${requestId}-1`, "ERROR"]]);
    });

    it("retries ERROR -2010 and completes", async () => {
      const r = await start(target, [{ number: CALLEE, behavior: [{ error: -2010 }, "answer"], press: "1" }]);
      const requestId = await place(r, { retry: { backoff: ["5m"], jitter: 0 } });
      const { request, attempts } = await finalOf(r, requestId);
      expect(request).toMatchObject({ state: "completed", attempts: 2 });
      expect(attempts.map((a) => [a.sessionStatus, a.errorCode])).toEqual([
        ["ERROR", -2010],
        ["COMPLETED", null],
      ]);
      expect(platformCalls(r)).toEqual([
        [`${requestId}-1`, "ERROR"],
        [`${requestId}-2`, "COMPLETED"],
      ]);
    });

    it("retries once for a VSS delivered three times", async () => {
      const r = await start(target, [{ number: CALLEE, behavior: ["busy", "answer"], press: "1" }], { vssDuplicates: 2 });
      const requestId = await place(r, { retry: { backoff: ["3m"], jitter: 0 } });
      const { request, attempts } = await finalOf(r, requestId);
      // Every VSS copy delivered (a record is `ended` once its deliveries are done), then nothing moved.
      for (let poll = 0; poll < 200 && r.simulator.calls().some((call) => call.state !== "ended"); poll += 1) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(r.simulator.calls().every((call) => call.state === "ended")).toBe(true);
      expect(await r.store.outbound.getOutboundRequest(requestId)).toEqual({ request, attempts });
      expect(request).toMatchObject({ state: "completed", attempts: 2 });
      expect(attempts.map((a) => a.sessionStatus)).toEqual(["BUSY", "COMPLETED"]);
      expect(platformCalls(r)).toEqual([
        [`${requestId}-1`, "BUSY"],
        [`${requestId}-2`, "COMPLETED"],
      ]);
      // Each summary was stored once, however often it came.
      const busy = await r.store.getSession(attempts[0]!.sessionId!);
      expect(busy?.summary?.sessionStatus).toBe("BUSY");
    });

    it("places a retry that falls outside the calling window at the window's opening the next day", async () => {
      // 19:59 in Singapore: the first call is inside 09:00-20:00; BUSY; 2 minutes later is 20:01, outside.
      const r = await start(target, [{ number: CALLEE, behavior: ["busy", "answer"], press: "1" }], { start: new Date("2027-01-15T19:59:00+08:00") });
      const requestId = await place(r, { retry: { backoff: ["2m"], jitter: 0, window: { from: "09:00", to: "20:00", timezone: "Asia/Singapore" } } });
      const { request, attempts } = await finalOf(r, requestId);
      expect(request).toMatchObject({ state: "completed", attempts: 2 });
      expect(attempts[0]!.openedAt).toBe(new Date("2027-01-15T19:59:00+08:00").toISOString());
      expect(attempts[1]!.openedAt).toBe(new Date("2027-01-16T09:00:00+08:00").toISOString());
      expect(platformCalls(r)).toEqual([
        [`${requestId}-1`, "BUSY"],
        [`${requestId}-2`, "COMPLETED"],
      ]);
    });
  });
}
