/**
 * Call-engine scenarios through real loopback HTTP: the simulator (instant clock) delivers to a
 * bare node:http receiver that plays a small restaurant IVR.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorOptions, type Simulator } from "../../src/simulator/index.js";
import { AGENT, restaurant, WELCOME } from "./menu-app.js";
import { capture, hangup, makeCall, say, startReceiver, type Receiver, type ReceiverScript } from "./receiver.js";

const NUMBER = "+6560000001";
let sim: Simulator | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  sim = receiver = undefined;
});

async function setup(script: ReceiverScript = { vca: restaurant }, options: SimulatorOptions = {}) {
  receiver = await startReceiver(script);
  sim = await startSimulator({ clock: "instant", ...options });
  for (const type of ["VCA", "VSS", "VCS"] as const) sim.registerWebhook({ type, url: receiver.url(`/${type.toLowerCase()}`) });
  return { sim, receiver };
}

const kinds = (call: { transcript: { kind: string }[] }) => call.transcript.map((e) => e.kind);

describe("inbound calls through a menu", () => {
  it("bridges the caller who presses 1 and ends COMPLETED with 2 legs and lastAction MAKE_CALL", async () => {
    const { sim } = await setup();
    const call = await sim.dial({ to: NUMBER, press: ["1"] });
    expect(call.heard).toEqual([WELCOME, "Connecting you to our reservations team."]);
    expect(call.pressed).toEqual(["1"]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2, lastAction: "MAKE_CALL" });
    expect(call.transcript.find((e) => e.kind === "bridge")).toMatchObject({ destination: AGENT, outcome: "ANSWERED" });
    expect(call.vss?.payload.details.callB).toMatchObject({ callStatus: "COMPLETED", destination: AGENT, sourceRefId: "vn-sandbox-1" });
  });

  it.each([
    ["busy", "BUSY"],
    ["no-answer", "NO_ANSWER"],
    ["fail", "FAILED"],
  ] as const)("reports a bridge to a %s callee as session %s while callA completed", async (behavior, status) => {
    const { sim } = await setup();
    sim.setCallee({ number: AGENT, behavior });
    const call = await sim.dial({ to: NUMBER, press: ["1"] });
    expect(call.summary).toMatchObject({ sessionStatus: status, callCount: 2, lastAction: "MAKE_CALL" });
    expect(call.vss?.payload.details.callA?.callStatus).toBe("COMPLETED");
    expect(call.vss?.payload.details.callB?.callStatus).toBe(status);
    expect(call.vss?.payload.details.callB?.connectedTimestamp).toBeUndefined();
  });

  it("replays the prompt with the failure message between tries when the caller never presses, then sends dtmf null", async () => {
    const { sim, receiver } = await setup();
    const call = await sim.dial({ to: NUMBER, press: ["-", "silence"] });
    expect(call.heard).toEqual([WELCOME, "Sorry, I did not get that.", WELCOME, "Goodbye."]);
    const vcas = receiver.of("/vca").map((d) => d.body.payload);
    expect(vcas.map((p) => [p.callStatus, p.eventData.dtmf])).toEqual([
      ["CALL_RECEIVED", null],
      ["ACTION_COMPLETED", null],
    ]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
  });

  it("sends dtmf null after invalid input (too few digits) on every try", async () => {
    const { sim, receiver } = await setup({
      vca: (body) =>
        body.payload.callStatus === "CALL_RECEIVED"
          ? { callflow: [capture("Enter your 4 digit PIN then hash", { minDigits: 4, maxDigits: 4, noOfTries: 3, failureMessage: "Invalid PIN." })] }
          : { callflow: [hangup] },
    });
    const call = await sim.dial({ to: NUMBER, press: ["12#", "#", "123#"] });
    expect(call.heard.filter((text) => text === "Invalid PIN.")).toHaveLength(2);
    expect(call.transcript.filter((e) => e.kind === "capture").map((e) => (e as { dtmf: unknown }).dtmf)).toEqual([null, null, null]);
    expect(receiver.of("/vca").at(-1)?.body.payload.eventData.dtmf).toBeNull();
  });

  it("lets a caller press wrong keys until their list runs out, then hang up: COMPLETED, 1 leg, HANGUP", async () => {
    const { sim, receiver } = await setup();
    const call = await sim.dial({ to: NUMBER, press: ["9", "7"] });
    expect(receiver.of("/vca").slice(1).map((d) => d.body.payload.eventData.dtmf)).toEqual(["9", "7"]);
    expect(receiver.of("/vca").slice(1).map((d) => d.body.payload.clientActionId)).toEqual(["main", "main"]);
    expect(call.transcript.filter((e) => e.kind === "hangup")).toMatchObject([{ by: "caller" }]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
  });

  it("hangs up mid-prompt at hangupAfterMs and reports COMPLETED with HANGUP", async () => {
    const { sim } = await setup();
    const call = await sim.dial({ to: NUMBER, press: ["1"], hangupAfterMs: 1_000 });
    const hangupEntry = call.transcript.find((e) => e.kind === "hangup");
    expect(hangupEntry).toMatchObject({ by: "caller", t: 1_000 });
    expect(call.pressed).toEqual([]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP", durationSeconds: 1 });
  });

  it("completes a capture with digits and #, then speaks the success message before the VCA", async () => {
    const { sim, receiver } = await setup({
      vca: (body) =>
        body.payload.callStatus === "CALL_RECEIVED"
          ? { callflow: [capture("Enter your booking number", { successMessage: "Thank you." })] }
          : { callflow: [say("Found it."), hangup] },
    });
    const call = await sim.dial({ to: NUMBER, press: ["23#"] });
    expect(call.heard).toEqual(["Enter your booking number", "Thank you.", "Found it."]);
    expect(receiver.of("/vca")[1]?.body.payload.eventData.dtmf).toBe("23");
  });

  it("runs the simple IVR guide's capture with null settings and equal timeouts as defaults", async () => {
    const guide = capture("Press 1 for sales", { minDigits: 1, maxDigits: 1, digitTimeout: 10000, overallTimeout: 10000, completeOnHash: false, noOfTries: 2, successMessage: null, failureMessage: null, repetition: 2 });
    const { sim, receiver } = await setup({ vca: (body) => (body.payload.callStatus === "CALL_RECEIVED" ? { callflow: [guide] } : { callflow: [hangup] }) });
    const call = await sim.dial({ to: NUMBER, press: ["-", "1"] });
    expect(call.heard).toEqual(["Press 1 for sales", "Press 1 for sales"]);
    expect(call.transcript.find((e) => e.kind === "prompt")).toMatchObject({ repetition: 2 });
    expect(receiver.of("/vca")[1]?.body.payload.eventData.dtmf).toBe("1");
    expect(call.summary?.sessionStatus).toBe("COMPLETED");
  });

  it("asks the app again (dtmf null) when a callflow runs out with the call up, but not after hangup", async () => {
    let round = 0;
    const { sim, receiver } = await setup({
      vca: () => (++round === 1 ? { callflow: [say("First part.")] } : { callflow: [say("Second part."), hangup] }),
    });
    const call = await sim.dial({ to: NUMBER });
    expect(receiver.of("/vca").map((d) => [d.body.payload.callStatus, d.body.payload.eventData.dtmf])).toEqual([
      ["CALL_RECEIVED", null],
      ["ACTION_COMPLETED", null],
    ]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", lastAction: "HANGUP" });
  });
});

describe("an empty callflow answer", () => {
  const cases: [string, string[], ReceiverScript["vca"], number][] = [
    ["the first VCA", ["1"], () => ({ callflow: [] }), 1],
    ["a VCA after a capture", ["2"], (body) => (body.payload.callStatus === "CALL_RECEIVED" ? restaurant(body) : { callflow: [] }), 2],
  ];
  it.each(cases)("to %s ends the call as a hangup would: COMPLETED, lastAction HANGUP, no error", async (_name, press, vca, vcas) => {
    const { sim, receiver } = await setup({ vca });
    const call = await sim.dial({ to: NUMBER, press });
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
    expect(call.summary?.errorDetails).toBeUndefined();
    expect(call.transcript.filter((e) => e.kind === "hangup")).toMatchObject([{ by: "app" }]);
    expect(receiver.of("/vca")).toHaveLength(vcas);
    expect(receiver.of("/vss")[0]?.body.payload).not.toHaveProperty("errorDetails");
  });
});

describe("platform failures end the session with ERROR", () => {
  it("reports -2002 when the VCA endpoint is down, and still delivers the VSS", async () => {
    const { sim, receiver } = await setup();
    const down = await startReceiver();
    const downUrl = down.url("/vca");
    await down.close();
    sim.registerWebhook({ type: "VCA", url: downUrl });
    const call = await sim.dial({ to: NUMBER, press: ["1"] });
    expect(call.summary).toMatchObject({ sessionStatus: "ERROR", errorDetails: { errorCode: -2002 } });
    // ERROR is a session status only; the leg the platform answered and tore down completed.
    expect(call.vss?.payload.details.callA?.callStatus).toBe("COMPLETED");
    expect(receiver.of("/vss")[0]?.body.payload.errorDetails.errorCode).toBe(-2002);
  });

  it("reports -2002 when the VCA answer is not 2xx", async () => {
    const { sim } = await setup({ vca: () => ({ status: 500, body: { error: "boom" } }) });
    const call = await sim.dial({ to: NUMBER });
    expect(call.summary?.errorDetails).toMatchObject({ errorCode: -2002, errorMsg: expect.stringContaining("HTTP 500") });
  });

  it("reports -2002 when the VCA answer takes longer than vcaTimeoutMs", async () => {
    const { sim } = await setup({ vca: () => ({ hang: true }) }, { vcaTimeoutMs: 150 });
    const call = await sim.dial({ to: NUMBER });
    expect(call.summary?.errorDetails).toMatchObject({ errorCode: -2002, errorMsg: expect.stringContaining("150 ms") });
  });

  it.each([
    ["a callflow that breaks the rules", { callflow: [{ action: "say", params: { text: "Hi" } }] }],
    ["a body that is not JSON", { status: 200, body: "<html>oops</html>" }],
    ["an unknown voice profile", { callflow: [{ action: "say", params: { text: "Hi", voiceProfile: "xx-XX-Nobody" } }] }],
  ])("reports -2003 for %s", async (_name, answer) => {
    const { sim } = await setup({ vca: () => answer });
    const call = await sim.dial({ to: NUMBER });
    expect(call.summary).toMatchObject({ sessionStatus: "ERROR", errorDetails: { errorCode: -2003 } });
    expect(call.transcript.some((e) => e.kind === "error")).toBe(true);
    expect(Object.values(call.vss!.payload.details).map((leg) => leg.callStatus)).toEqual(["COMPLETED"]);
  });
});

describe("VSS delivery is at-least-once", () => {
  it("redelivers with backoff until the receiver answers 2xx", async () => {
    const { sim, receiver } = await setup({ vca: restaurant, vssStatuses: [500, 503] });
    const call = await sim.dial({ to: NUMBER, press: ["2"] });
    const attempts = call.transcript.filter((e) => e.kind === "webhook" && e.type === "VSS");
    expect(attempts.map((e) => (e as { status: number }).status)).toEqual([500, 503, 200]);
    // Backoff runs in simulated time: 1 s, then 2 s between attempts.
    expect(attempts[2]!.t - attempts[0]!.t).toBe(3_000);
    expect(new Set(receiver.of("/vss").map((d) => JSON.stringify(d.body))).size).toBe(1);
  });

  it("gives up after vssMaxAttempts", async () => {
    const { sim, receiver } = await setup({ vca: restaurant, vssStatuses: [500, 500, 500, 500] }, { vssMaxAttempts: 2 });
    await sim.dial({ to: NUMBER, press: ["2"] });
    expect(receiver.of("/vss")).toHaveLength(2);
  });

  it("sends injected duplicates with an identical body after the first 2xx", async () => {
    const { sim, receiver } = await setup({ vca: restaurant }, { vssDuplicates: 2 });
    const call = await sim.dial({ to: NUMBER, press: ["2"] });
    const bodies = receiver.of("/vss").map((d) => JSON.stringify(d.body));
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies).size).toBe(1);
    expect(call.transcript.filter((e) => (e as { duplicate?: boolean }).duplicate)).toHaveLength(2);
  });
});

describe("outbound sessions from Send Callflow", () => {
  const post = (path: string, body: unknown) =>
    fetch(`${sim!.url}${path}`, { method: "POST", headers: { authorization: "Bearer sandbox-key", "content-type": "application/json" }, body: JSON.stringify(body) });

  it("calls a scripted callee, runs the rest once answered and echoes clientActionId and clientRequestId", async () => {
    const { sim, receiver } = await setup({ vca: () => ({ callflow: [say("Your table is confirmed."), hangup] }) });
    sim.setCallee({ number: "+6591112222", behavior: "answer", press: ["2"] });
    const response = await post("/api/v1/subaccounts/sandbox/callflows", {
      clientRequestId: "booking-42",
      clientActionId: "confirm",
      callflow: [
        { action: "makeCall", params: { source: "+6560000001", destination: "+6591112222" } },
        capture("Press 1 to confirm, 2 to cancel", { maxDigits: 1 }),
      ],
    });
    expect(response.status).toBe(200);
    const { sessionId } = (await response.json()) as { sessionId: string };
    const call = await sim.waitForSession(sessionId);
    const vca = receiver.of("/vca")[0]!.body.payload;
    expect(vca).toMatchObject({ callStatus: "ACTION_COMPLETED", callDirection: "OUTBOUND", clientActionId: "confirm", eventData: { dtmf: "2" }, sourceRefId: "vn-sandbox-1", destinationRefId: null });
    expect(call.vss?.payload).toMatchObject({ sessionStatus: "COMPLETED", clientRequestId: "booking-42", callCount: 1, lastAction: "HANGUP" });
  });

  it.each([
    ["no-answer", "NO_ANSWER"],
    ["busy", "BUSY"],
  ] as const)("reports an outbound first leg that is %s as %s with lastAction MAKE_CALL and no VCA", async (behavior, status) => {
    const { sim, receiver } = await setup();
    sim.setCallee({ number: "+6591113333", behavior });
    const response = await post("/api/v1/subaccounts/sandbox/callflows", {
      callflow: [{ action: "makeCall", params: { source: "+6560000001", destination: "+6591113333" } }, say("Hello")],
    });
    const call = await sim.waitForSession(((await response.json()) as { sessionId: string }).sessionId);
    expect(call.summary).toMatchObject({ sessionStatus: status, callCount: 1, lastAction: "MAKE_CALL" });
    expect(receiver.of("/vca")).toHaveLength(0);
  });

  it("puts +E.164 numbers in every webhook when the request and the answers gave bare digits", async () => {
    const { sim, receiver } = await setup({ vca: () => ({ callflow: [makeCall("6590000002", "6560000001")] }) });
    const response = await post("/api/v1/subaccounts/sandbox/callflows", {
      callflow: [{ action: "makeCall", params: { source: "6560000001", destination: "6591112222" } }, say("Connecting you.")],
    });
    const call = await sim.waitForSession(((await response.json()) as { sessionId: string }).sessionId);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2 });
    const legs = receiver.deliveries.filter((d) => d.path !== "/vss").map((d) => d.body.payload);
    expect(new Set(legs.map((p) => `${p.source} > ${p.destination}`))).toEqual(new Set(["+6560000001 > +6591112222", "+6560000001 > +6590000002"]));
    expect(legs.every((p) => p.sourceRefId === "vn-sandbox-1" && p.sourceCountryCode === "SG")).toBe(true);
    const details = receiver.of("/vss")[0]!.body.payload.details;
    expect([details.callA, details.callB].map((leg) => [leg.source, leg.destination])).toEqual([
      ["+6560000001", "+6591112222"],
      ["+6560000001", "+6590000002"],
    ]);
  });

  it("refuses a validUntil in the past with -1015 and echoes a future one", async () => {
    await setup();
    const callflow = [{ action: "makeCall", params: { source: "+6560000001", destination: "+6591114444" } }, hangup];
    const expired = await post("/api/v1/subaccounts/sandbox/callflows", { validUntil: "2020-01-01T00:00:00.000Z", callflow });
    expect(expired.status).toBe(422);
    expect(await expired.json()).toMatchObject({ sessionStatus: "NOT_CREATED", statusCode: -1015 });
    const validUntil = new Date(Date.now() + 3_600_000).toISOString();
    const accepted = await post("/api/v1/subaccounts/sandbox/callflows", { validUntil, callflow });
    expect(await accepted.json()).toMatchObject({ sessionStatus: "CREATED", statusCode: 1, validUntil });
  });
});

describe("the transcript", () => {
  it("lists each webhook with its HTTP status, in order, and ends with the session outcome", async () => {
    const { sim } = await setup();
    const call = await sim.dial({ to: NUMBER, press: ["2"] });
    expect(kinds(call).slice(0, 2)).toEqual(["call", "answered"]);
    expect(call.transcript.filter((e) => e.kind === "webhook").every((e) => (e as { status: number }).status === 200)).toBe(true);
    expect(call.transcript.find((e) => e.kind === "ended")).toMatchObject({ sessionStatus: "COMPLETED" });
  });
});

describe("a configured platform", () => {
  it("routes a call to its subaccount and reports its refIds and countries from the numbers config", async () => {
    receiver = await startReceiver({ vca: () => ({ callflow: [say("Hello from Acme."), hangup] }) });
    const config = [
      "subaccounts:",
      "  - id: acme-uk",
      "    apiKeys: [acme-key]",
      "    numbers:",
      "      - { msisdn: '+442071838750', referenceId: vn-acme-london }",
      "      - { msisdn: '+6560000077', referenceId: vn-acme-sg, country: MY }",
    ].join("\n");
    const file = join(mkdtempSync(join(tmpdir(), "sim-")), "sim.yaml");
    writeFileSync(file, config);
    sim = await startSimulator({ config: file });
    sim.registerWebhook({ type: "VCA", url: receiver.url("/vca") });
    sim.registerWebhook({ type: "VSS", url: receiver.url("/vss"), subAccountId: "acme-uk" });
    await sim.dial({ to: "+442071838750" });
    const vca = receiver.of("/vca")[0]!.body.payload;
    expect(vca).toMatchObject({ subAccountId: "acme-uk", destinationRefId: "vn-acme-london", destinationCountryCode: "GB" });
    const numbers = await fetch(`${sim.url}/api/v1/subaccounts/acme-uk/numbers`, { headers: { authorization: "Bearer acme-key" } });
    const listed = ((await numbers.json()) as { numbers: { msisdn: string; countryCode: string }[] }).numbers;
    expect(listed.map((n) => [n.msisdn, n.countryCode])).toEqual([["+442071838750", "GB"], ["+6560000077", "MY"]]);
    expect((await fetch(`${sim.url}/api/v1/subaccounts/sandbox/numbers`, { headers: { authorization: "Bearer sandbox-key" } })).status).toBe(401);
  });
});
