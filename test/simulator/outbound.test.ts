/**
 * What the simulator gives an outbound dialler to be tested against (issue 10): callees whose
 * behaviour is a list used one per call, scripted session errors, callee digits for outbound
 * menus, the calls-per-second limit (429 + Retry-After) and the concurrent-call limit (ERROR
 * -2010), and `GET /_sim/calls`, the platform's own record. Real loopback HTTP, instant clock,
 * and an injected wall clock where the rate limit's window matters.
 */
import { afterEach, describe, expect, it } from "vitest";
import { VoiceClient } from "../../src/client/index.js";
import type { Callflow } from "../../src/voice/index.js";
import { startSimulator, type SimulatorOptions, type Simulator } from "../../src/simulator/index.js";
import { hasOpenApiFile } from "../shared-files.js";
import { AGENT, restaurant } from "./menu-app.js";
import { loadOpenApiFile } from "./openapi-file.js";
import { capture, hangup, say, startReceiver, type Receiver, type ReceiverScript } from "./receiver.js";

const CALLEE = "+6591112222";
const KEY = { authorization: "Bearer sandbox-key", "content-type": "application/json" };
const TRUNK_FULL = { errorCode: -2010, errorMsg: "Your concurrent call limit has been reached. Contact your account manager." };

let sim: Simulator | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  sim = receiver = undefined;
});

async function setup(script: ReceiverScript = {}, options: SimulatorOptions = {}) {
  receiver = await startReceiver(script);
  sim = await startSimulator({ clock: "instant", ...options });
  for (const type of ["VCA", "VSS"] as const) sim.registerWebhook({ type, url: receiver.url(`/${type.toLowerCase()}`) });
  return { sim, receiver };
}

const makeCallTo = (destination: string) => ({ action: "makeCall", params: { source: "+6560000001", destination } });

async function send(body: Record<string, unknown>, subAccountId = "sandbox", key = KEY) {
  const response = await fetch(`${sim!.url}/api/v1/subaccounts/${subAccountId}/callflows`, { method: "POST", headers: key, body: JSON.stringify(body) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Record<string, unknown> };
}

/** Sends a callflow to `to` and waits for the session to end. */
async function callOut(to: string, clientRequestId?: string, rest: unknown[] = [say("Hello."), hangup]) {
  const answer = await send({ ...(clientRequestId ? { clientRequestId } : {}), callflow: [makeCallTo(to), ...rest] });
  expect(answer.status).toBe(200);
  return sim!.waitForSession(answer.body.sessionId as string);
}

/** A promise the test resolves when it chooses, to hold a VCA answer (a session in progress). */
function gate<T>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { opened, open };
}

describe("callees whose behaviour is a list, one entry per call placed to the number", () => {
  it("takes busy, no-answer, answer in turn, then repeats the last entry", async () => {
    const { sim } = await setup();
    sim.setCallee({ number: CALLEE, behavior: ["busy", "no-answer", "answer"] });
    const statuses: string[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) statuses.push((await callOut(CALLEE, `attempt-${attempt}`)).summary!.sessionStatus);
    expect(statuses).toEqual(["BUSY", "NO_ANSWER", "COMPLETED", "COMPLETED"]);
  });

  it("counts a bridge to the number as a call placed to it", async () => {
    const { sim } = await setup({ vca: restaurant });
    sim.setCallee({ number: AGENT, behavior: ["busy", "answer"] });
    const first = await sim.dial({ to: "+6560000001", press: ["1"] });
    const second = await sim.dial({ to: "+6560000001", press: ["1"] });
    expect([first.summary?.sessionStatus, second.summary?.sessionStatus]).toEqual(["BUSY", "COMPLETED"]);
  });

  it("starts the list again when the number is scripted again", async () => {
    const { sim } = await setup();
    sim.setCallee({ number: CALLEE, behavior: ["no-answer", "answer"] });
    expect((await callOut(CALLEE)).summary?.sessionStatus).toBe("NO_ANSWER");
    sim.setCallee({ number: CALLEE, behavior: ["busy", "answer"] });
    expect((await callOut(CALLEE)).summary?.sessionStatus).toBe("BUSY");
  });

  it("is accepted over the control API and listed as scripted, press given as one entry", async () => {
    await setup();
    const posted = await fetch(`${sim!.url}/_sim/callees`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ number: "6591112222", behavior: ["busy", { error: -2004 }, "answer"], press: "1" }),
    });
    expect(posted.status).toBe(200);
    const listed = (await (await fetch(`${sim!.url}/_sim/callees`)).json()) as { callees: unknown[] };
    expect(listed.callees).toEqual([{ number: CALLEE, behavior: ["busy", { error: -2004 }, "answer"], press: ["1"] }]);
  });
});

describe("scripted session errors", () => {
  it("end an outbound session ERROR with the code and 8x8's message, callA FAILED and never rung, no VCA", async () => {
    const { sim, receiver } = await setup();
    sim.setCallee({ number: CALLEE, behavior: [{ error: -2001 }, "answer"] });
    const failed = await callOut(CALLEE, "first");
    expect(failed.summary).toMatchObject({ sessionStatus: "ERROR", callCount: 1, lastAction: "MAKE_CALL", errorDetails: { errorCode: -2001, errorMsg: "Internal error" } });
    expect(failed.vss?.payload.details.callA).toMatchObject({ callStatus: "FAILED", destination: CALLEE });
    expect(failed.vss?.payload.details.callA).not.toHaveProperty("connectedTimestamp");
    expect(receiver.of("/vca")).toHaveLength(0);
    expect(receiver.of("/vss")[0]?.body.payload).toMatchObject({ sessionStatus: "ERROR", clientRequestId: "first", errorDetails: { errorCode: -2001 } });
    expect((await callOut(CALLEE)).summary?.sessionStatus).toBe("COMPLETED");
  });

  it("end the session ERROR when a bridge fails so, with callA COMPLETED and callB FAILED", async () => {
    const { sim } = await setup({ vca: restaurant });
    sim.setCallee({ number: AGENT, behavior: { error: -2004 } });
    const call = await sim.dial({ to: "+6560000001", press: ["1"] });
    expect(call.summary).toMatchObject({ sessionStatus: "ERROR", callCount: 2, errorDetails: { errorCode: -2004, errorMsg: "No coverage for requested area" } });
    expect(call.vss?.payload.details.callA?.callStatus).toBe("COMPLETED");
    expect(call.vss?.payload.details.callB?.callStatus).toBe("FAILED");
  });
});

describe("a callee's digits for outbound menus", () => {
  const menu = capture("Press 1 to confirm your booking, 2 to cancel", { maxDigits: 1, noOfTries: 2 });

  it("presses its script into the callflow's capture, one entry per prompt played, and starts over on each answered call", async () => {
    const { sim, receiver } = await setup({ vca: (body) => ({ callflow: [say(body.payload.eventData.dtmf === "1" ? "Confirmed." : "Cancelled."), hangup] }) });
    sim.setCallee({ number: CALLEE, behavior: ["no-answer", "answer"], press: ["-", "1"] });
    expect((await callOut(CALLEE, "a", [menu])).summary?.sessionStatus).toBe("NO_ANSWER");
    const answered = await callOut(CALLEE, "b", [menu]);
    const again = await callOut(CALLEE, "c", [menu]);
    for (const call of [answered, again]) {
      expect(call.pressed).toEqual(["1"]);
      expect(call.heard.at(-1)).toBe("Confirmed.");
    }
    expect(receiver.of("/vca").map((d) => d.body.payload.eventData.dtmf)).toEqual(["1", "1"]);
  });

  it("takes a single entry as the keys for the first prompt", async () => {
    const { sim, receiver } = await setup({ vca: () => ({ callflow: [hangup] }) });
    sim.setCallee({ number: CALLEE, behavior: "answer", press: "2" });
    await callOut(CALLEE, undefined, [menu]);
    expect(receiver.of("/vca")[0]?.body.payload).toMatchObject({ callDirection: "OUTBOUND", eventData: { dtmf: "2" } });
  });
});

describe("the calls-per-second limit on Send Callflow", () => {
  const T0 = Date.parse("2026-03-02T09:00:00.000Z");

  it("answers 429 with Retry-After over maxCallsPerSecond, on the simulator's clock, and places no call for it", async () => {
    let now = T0;
    await setup({}, { maxCallsPerSecond: 2, now: () => now });
    const callflow = [makeCallTo(CALLEE), hangup];
    expect((await send({ clientRequestId: "r1", callflow })).status).toBe(200);
    now += 400;
    expect((await send({ clientRequestId: "r2", callflow })).status).toBe(200);
    now += 100;
    const refused = await send({ clientRequestId: "r3", callflow });
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe("1");
    expect(refused.body).toMatchObject({ sessionStatus: "NOT_CREATED", statusCode: 429, statusMessage: "Too many requests: subaccount sandbox may place 2 calls per second; retry after 1 s" });
    expect(typeof refused.body.callFlowRequestId).toBe("string");
    if (hasOpenApiFile()) {
      // 8x8's file documents no 429; the body has the shape of its other Send Callflow refusals.
      const validate = loadOpenApiFile().response("POST", "/api/v1/subaccounts/{subAccountId}/callflows", 400)!;
      expect(validate(refused.body)).toBe(true);
    }
    now = T0 + 1_000; // the first call has left the window
    expect((await send({ clientRequestId: "r3", callflow })).status).toBe(200);
    expect((await send({ clientRequestId: "r4", callflow })).status).toBe(429);
    const placed = sim!.calls();
    expect(placed.map((c) => [c.clientRequestId, Date.parse(c.startTime) - T0])).toEqual([
      ["r1", 0],
      ["r2", 400],
      ["r3", 1_000],
    ]);
  });

  it("is honoured by VoiceClient, which waits Retry-After and sends again without doubling the call", async () => {
    // One clock for both sides: the client's sleep moves the simulator's time.
    let now = T0;
    await setup({}, { maxCallsPerSecond: 1, now: () => now });
    const sleeps: number[] = [];
    const client = new VoiceClient({
      apiKey: "sandbox-key",
      subaccountId: "sandbox",
      baseUrl: sim!.url,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    const callflow = [makeCallTo(CALLEE), hangup] as Callflow;
    await client.callflows.send({ clientRequestId: "first", callflow });
    const second = await client.callflows.send({ clientRequestId: "second", callflow });
    expect(second.sessionStatus).toBe("CREATED");
    expect(sleeps).toEqual([1_000]);
    expect(sim!.calls().map((c) => [c.clientRequestId, Date.parse(c.startTime) - T0])).toEqual([
      ["first", 0],
      ["second", 1_000],
    ]);
  });

  it("counts only requests that would place a call, per subaccount", async () => {
    const now = T0;
    await setup({}, {
      maxCallsPerSecond: 1,
      now: () => now,
      config: { subaccounts: [{ id: "sandbox", apiKeys: ["sandbox-key"], numbers: [{ msisdn: "+6560000001", referenceId: "vn-1" }] }, { id: "other", apiKeys: ["other-key"] }] },
    });
    expect((await send({ callflow: [say("no makeCall first")] })).status).toBe(422);
    expect((await send({ callflow: [makeCallTo(CALLEE), hangup] })).status).toBe(200);
    expect((await send({ callflow: [makeCallTo(CALLEE), hangup] })).status).toBe(429);
    const other = await send({ callflow: [makeCallTo(CALLEE), hangup] }, "other", { ...KEY, authorization: "Bearer other-key" });
    expect(other.status).toBe(200);
  });

  it("is described with its Retry-After header in /_sim/openapi.json", async () => {
    await setup();
    const doc = (await (await fetch(`${sim!.url}/_sim/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>> };
    expect(doc.paths["/api/v1/subaccounts/{subAccountId}/callflows"]!.post!.responses["429"]!.headers).toHaveProperty("Retry-After");
    expect(Object.keys(doc.paths["/_sim/calls"]!)).toEqual(expect.arrayContaining(["get", "post"]));
  });
});

describe("the concurrent-call limit", () => {
  it("ends a session started over maxConcurrentCalls ERROR -2010 without calling or moving the callee's script", async () => {
    const held = gate<object>();
    const { sim, receiver } = await setup({ vca: () => held.opened }, { maxConcurrentCalls: 1 });
    sim.setCallee({ number: CALLEE, behavior: ["answer", "busy"], press: ["1"] });
    const first = await send({ clientRequestId: "held", callflow: [makeCallTo(CALLEE), capture("Press 1", { maxDigits: 1 })] });
    // The first call is in progress once its VCA is waiting for an answer.
    for (let round = 0; round < 200 && receiver.of("/vca").length === 0; round += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(receiver.of("/vca")).toHaveLength(1);
    expect(sim.calls()[0]).toMatchObject({ clientRequestId: "held", endTime: null, sessionStatus: null, state: "running" });

    const over = await send({ clientRequestId: "over", callflow: [makeCallTo("+6591113333"), say("Hi"), hangup] });
    expect(over.status).toBe(200);
    const refused = await sim.waitForSession(over.body.sessionId as string);
    expect(refused.summary).toMatchObject({ sessionStatus: "ERROR", errorDetails: TRUNK_FULL });
    expect(refused.vss?.payload.details.callA?.callStatus).toBe("FAILED");
    const inbound = await sim.dial({ to: "+6560000001" });
    expect(inbound.summary).toMatchObject({ sessionStatus: "ERROR", errorDetails: TRUNK_FULL });
    expect(receiver.of("/vca")).toHaveLength(1);

    held.open({ callflow: [say("Thank you."), hangup] });
    expect((await sim.waitForSession(first.body.sessionId as string)).summary?.sessionStatus).toBe("COMPLETED");
    // The place is free again, and the callee's script moved only for calls actually placed.
    expect((await callOut(CALLEE, "after")).summary?.sessionStatus).toBe("BUSY");
  });

  it("frees a session's place before its VSS, so a dialler that waits for each VSS never meets -2010", async () => {
    let sent = 1;
    const accepted: number[] = [];
    const { sim } = await setup(
      {
        // The next call is sent, and accepted or refused, while this VSS still waits for its answer.
        onVss: async () => {
          if (sent === 4) return;
          sent += 1;
          accepted.push((await send({ clientRequestId: `call-${sent}`, callflow: [makeCallTo(CALLEE), say("Hello."), hangup] })).status);
        },
      },
      { maxConcurrentCalls: 1 },
    );
    await callOut(CALLEE, "call-1");
    for (let round = 0; round < 200 && sim.calls().filter((c) => c.state === "ended").length < 4; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(accepted).toEqual([200, 200, 200]);
    expect(sim.calls().map((c) => [c.clientRequestId, c.sessionStatus])).toEqual([
      ["call-1", "COMPLETED"],
      ["call-2", "COMPLETED"],
      ["call-3", "COMPLETED"],
      ["call-4", "COMPLETED"],
    ]);
  });
});

describe("GET /_sim/calls, the platform's own record", () => {
  it("lists every call, inbound and outbound, with direction, numbers, clientRequestId, start and end time and outcome", async () => {
    const { sim } = await setup({ vca: restaurant });
    sim.setCallee({ number: CALLEE, behavior: [{ error: -2008 }, "busy"] });
    const inbound = await sim.dial({ from: "+447700900123", to: "+6560000001", press: ["2"] });
    const errored = await callOut(CALLEE, "crm-1");
    const busy = await callOut(CALLEE, "crm-2");
    const answer = await fetch(`${sim.url}/_sim/calls`);
    expect(answer.status).toBe(200);
    const { calls } = (await answer.json()) as { calls: Record<string, unknown>[] };
    expect(calls).toMatchObject([
      { sessionId: inbound.sessionId, subAccountId: "sandbox", direction: "INBOUND", from: "+447700900123", to: "+6560000001", number: "+447700900123", clientRequestId: null, state: "ended", sessionStatus: "COMPLETED", errorCode: null, callCount: 1 },
      { sessionId: errored.sessionId, direction: "OUTBOUND", from: "+6560000001", to: CALLEE, number: CALLEE, clientRequestId: "crm-1", sessionStatus: "ERROR", errorCode: -2008 },
      { sessionId: busy.sessionId, direction: "OUTBOUND", number: CALLEE, clientRequestId: "crm-2", sessionStatus: "BUSY", errorCode: null },
    ]);
    for (const [call, view] of [[calls[0]!, inbound], [calls[2]!, busy]] as const) {
      expect(call.startTime).toBe(view.vss?.payload.startTime);
      expect(call.endTime).toBe(view.vss?.payload.endTime);
    }
    expect(sim.calls()).toEqual(calls);
  });
});
