/**
 * One outbound call end to end: POST /api/calls to our server, its dispatcher sends the callflow
 * to the simulator, the simulator calls the scripted callee and delivers the VCAs and the VSS to
 * our server, and the summary schedules the retry. Real HTTP on 127.0.0.1, the real SQLite store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { VoiceClient } from "../../src/client/index.js";
import { createFollowup, OutboundFlows } from "../../src/followup/index.js";
import { compileFlow, type Flow } from "../../src/ivr/index.js";
import { createServer, registerServerWebhooks, SANDBOX_API_KEY, SANDBOX_NUMBER, SANDBOX_SUBACCOUNT } from "../../src/server/index.js";
import { startSimulator, type CalleeConfig, type Simulator } from "../../src/simulator/index.js";
import { openSqliteStore, type StoreWithOutbound } from "../../src/store/index.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-outbound-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = "webhook-secret-0123456789";
const CONTROL = "control-secret-0123456789";
const CALLEE = "+6590000002";

const reminder: Flow = {
  version: 1,
  name: "reminder",
  entry: "confirm",
  menus: {
    confirm: {
      prompt: "Hello {{vars.name}}, your table is booked for tonight. Press 1 to confirm.",
      options: { "1": { say: "Thank you, {{vars.name}}. See you tonight.", then: "hangup" } },
    },
  },
};

interface Running {
  simulator: Simulator;
  store: StoreWithOutbound;
  url: string;
  /** What onSessionEnd heard: each session's status and classified outcome. */
  ended: { sessionId: string; sessionStatus: string; outcome: string }[];
  close(): Promise<void>;
}

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function start(callee: CalleeConfig, path = join(dir, `${Math.random().toString(36).slice(2)}.db`)): Promise<Running> {
  const simulator = await startSimulator({ clock: "instant" });
  simulator.setCallee(callee);
  const store = await openSqliteStore({ path });
  const app = compileFlow(reminder);
  const flows = new OutboundFlows();
  flows.add("reminder", null, app);
  const client = new VoiceClient({ apiKey: SANDBOX_API_KEY, subaccountId: SANDBOX_SUBACCOUNT, baseUrl: simulator.url, retries: 0 });
  const ended: Running["ended"] = [];
  const followup = createFollowup({
    store,
    flows,
    send: (input) => client.callflows.send(input),
    controlAuthHeader: CONTROL,
    intervalMs: 20,
    onSessionEnd: (summary, outcome) => void ended.push({ sessionId: outcome.sessionId, sessionStatus: summary.sessionStatus, outcome: outcome.outcome }),
  });
  const server = createServer({ app, store, authHeader: SECRET, logger: false, closeStore: true, ...followup.serverOptions });
  await followup.register(server);
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  await registerServerWebhooks({ platformUrl: simulator.url, serverUrl: url, authHeader: SECRET });
  const handle = {
    simulator,
    store,
    url,
    ended,
    close: async () => {
      await server.close();
      await simulator.close();
    },
  };
  running.push(handle);
  return handle;
}

async function post(url: string, body: unknown, secret = CONTROL) {
  const response = await fetch(`${url}/api/calls`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: secret },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls the request until `done` says so (bounded: 200 polls of 25 ms). */
async function until(r: Running, requestId: string, done: (state: string) => boolean) {
  for (let poll = 0; poll < 200; poll += 1) {
    const found = await r.store.outbound.getOutboundRequest(requestId);
    if (found && done(found.request.state)) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`request ${requestId} did not get there: ${JSON.stringify(await r.store.outbound.getOutboundRequest(requestId))}`);
}

describe("an outbound call through the simulator", () => {
  it("calls a busy callee again and completes when the callee answers: 2 attempts, the platform's own record agrees", async () => {
    const r = await start({ number: CALLEE, behavior: ["busy", "answer"], press: "1" });
    const placed = await post(r.url, { to: CALLEE, from: SANDBOX_NUMBER, vars: { name: "Ada" }, retry: { backoff: ["0s"], jitter: 0 } });
    expect(placed.status).toBe(201);
    const requestId = placed.body.requestId as string;
    expect(placed.body.clientRequestId).toBe(`${requestId}-1`);
    const ended = await until(r, requestId, (state) => state === "completed" || state === "failed" || state === "unreachable");
    expect(ended.request).toMatchObject({ state: "completed", attempts: 2, outcome: "completed" });
    expect(ended.attempts.map((a) => [a.clientRequestId, a.state, a.sessionStatus])).toEqual([
      [`${requestId}-1`, "ended", "BUSY"],
      [`${requestId}-2`, "ended", "COMPLETED"],
    ]);
    const calls = r.simulator.calls().filter((call) => call.direction === "OUTBOUND");
    expect(calls.map((call) => [call.clientRequestId, call.sessionStatus])).toEqual([
      [`${requestId}-1`, "BUSY"],
      [`${requestId}-2`, "COMPLETED"],
    ]);
    // The callee heard the flow's prompt with its variable, pressed 1, and our server answered it.
    const transcript = await fetch(`${r.simulator.url}/_sim/sessions/${ended.request.lastSessionId}`).then((res) => res.json());
    expect(JSON.stringify(transcript)).toContain("Hello Ada, your table is booked for tonight.");
    const session = await r.store.getSession(ended.request.lastSessionId!);
    expect(JSON.stringify(session?.timeline)).toContain("Thank you, Ada. See you tonight.");
    expect(session?.session.status).toBe("COMPLETED");
    // Code hears each session's end once, with the stored summary and its outcome.
    for (let poll = 0; poll < 100 && r.ended.length < 2; poll += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.ended.map((e) => [e.sessionStatus, e.outcome])).toEqual([
      ["BUSY", "unreachable"],
      ["COMPLETED", "completed"],
    ]);
  });

  it("never calls again after ERROR -2004, and refuses requests the server cannot place", async () => {
    const r = await start({ number: CALLEE, behavior: [{ error: -2004 }] });
    const placed = await post(r.url, { to: CALLEE, from: SANDBOX_NUMBER, vars: { name: "Bo" }, retry: { backoff: ["0s"], jitter: 0 } });
    const ended = await until(r, placed.body.requestId as string, (state) => state !== "scheduled" && state !== "dialing");
    expect(ended.request).toMatchObject({ state: "error", attempts: 1, lastErrorCode: -2004 });

    expect((await post(r.url, { to: CALLEE, from: SANDBOX_NUMBER, vars: { name: "Bo" } }, "wrong")).status).toBe(401);
    const missingVar = await post(r.url, { to: CALLEE, from: SANDBOX_NUMBER });
    expect(missingVar).toMatchObject({ status: 400, body: { error: { code: "SB_SERVER_INVALID_FIELD", field: "vars" } } });
    expect(String((missingVar.body.error as { message: string }).message)).toContain("vars.name");
    const badNumber = await post(r.url, { to: "12ab", from: SANDBOX_NUMBER, vars: { name: "Bo" } });
    expect(badNumber).toMatchObject({ status: 400, body: { error: { field: "to" } } });
    const unknownFlow = await post(r.url, { to: CALLEE, from: SANDBOX_NUMBER, flow: "nope", vars: { name: "Bo" } });
    expect(unknownFlow).toMatchObject({ status: 400, body: { error: { field: "flow" } } });
    expect(r.simulator.calls().filter((call) => call.direction === "OUTBOUND")).toHaveLength(1);
  });
});
