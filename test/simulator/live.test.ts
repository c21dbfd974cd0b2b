/**
 * The interactive caller through the simulator's control API over real HTTP, with a bare
 * webhook receiver as the app: keys typed ahead during a prompt reach the capture, keys with no
 * capture listening are noted and ignored, a caller left alone meets the capture's timeout in
 * real time (on an instant simulator) and the flow's end, a hang-up ends the call with a VSS,
 * and the refusals name what is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { openEventStream } from "../sse-reader.js";
import { capture, hangup, say, startReceiver, type Receiver } from "./receiver.js";

let sim: Simulator;
let receiver: Receiver;

// A menu with short prompts and a 1.5 s capture timeout, so a test waits on real time briefly.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function app(body: any): object {
  const payload = body.payload;
  const menu = capture("Menu.", { maxDigits: 1, noOfTries: 2, overallTimeout: 1_500, failureMessage: "Again." });
  if (payload.callStatus === "CALL_RECEIVED") return { callflow: [say("Hi."), menu] };
  const dtmf = payload.eventData?.dtmf ?? null;
  if (dtmf === "1") return { callflow: [capture("Next.", { maxDigits: 2, overallTimeout: 20_000 })] };
  if (dtmf === null) return { callflow: [say("Bye."), hangup] };
  return { callflow: [say(`You pressed ${dtmf}.`), hangup] };
}

beforeAll(async () => {
  receiver = await startReceiver({ vca: app });
  sim = await startSimulator({ clock: "instant" });
  for (const type of ["VCA", "VSS", "VCS"] as const) sim.registerWebhook({ type, url: receiver.url(`/${type.toLowerCase()}`) });
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

async function post(path: string, body?: unknown) {
  const response = await fetch(`${sim.url}${path}`, {
    method: "POST",
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function placeLive(): Promise<string> {
  const placed = await post("/_sim/calls", { to: "+6560000001", interactive: true });
  expect(placed.status).toBe(201);
  return placed.body.sessionId as string;
}

describe("an interactive call", () => {
  it("streams its transcript; keys pressed with no capture listening are ignored, keys typed ahead reach the capture", async () => {
    const id = await placeLive();
    const stream = await openEventStream(`${sim.url}/_sim/sessions/${id}/events`);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await stream.until((f) => f.event === "entry" && f.data.kind === "prompt" && f.data.text === "Hi.");
    // "Hi." is a plain say: no capture listens yet.
    expect(await post(`/_sim/sessions/${id}/keys`, { keys: "9" })).toEqual({ status: 202, body: { accepted: "9" } });
    await stream.until((f) => f.event === "entry" && f.data.kind === "prompt" && f.data.text === "Menu.");
    // While the menu's prompt plays: type-ahead.
    expect((await post(`/_sim/sessions/${id}/keys`, { keys: "1" })).status).toBe(202);
    await stream.until((f) => f.event === "entry" && f.data.kind === "prompt" && f.data.text === "Next.");
    expect((await post(`/_sim/sessions/${id}/hangup`)).body).toEqual({ hungUp: true });
    const end = await stream.until((f) => f.event === "end");
    expect(end.data.summary).toMatchObject({ sessionStatus: "COMPLETED" });
    const entries = stream.frames.filter((f) => f.event === "entry").map((f) => f.data);
    expect(entries.filter((e) => e.kind === "press")).toEqual([
      expect.objectContaining({ keys: "9", ignored: true }),
      expect.not.objectContaining({ ignored: true }),
    ]);
    expect(entries.find((e) => e.kind === "capture")).toMatchObject({ dtmf: "1", reason: "max-digits" });
    expect(entries.find((e) => e.kind === "hangup")).toMatchObject({ by: "caller", leg: "callA" });
    expect(end.data.vss.payload.sessionStatus).toBe("COMPLETED");
    expect(receiver.of("/vss").some((d) => d.body.payload.sessionId === id)).toBe(true);
    // The stream ended with its session.
    await expect.poll(() => stream.ended, { timeout: 5_000 }).toBe(true);
  });

  it("left alone, meets the capture's timeout in real time, the retry, and the flow's end", async () => {
    const id = await placeLive();
    const stream = await openEventStream(`${sim.url}/_sim/sessions/${id}/events`);
    const end = await stream.until((f) => f.event === "end", 20_000);
    stream.close();
    const entries = end.data.transcript as { kind: string; reason?: string; text?: string; by?: string }[];
    expect(entries.filter((e) => e.kind === "capture").map((e) => e.reason)).toEqual(["no-input", "no-input"]);
    expect(entries.filter((e) => e.kind === "prompt").map((e) => e.text)).toEqual(["Hi.", "Menu.", "Again.", "Menu.", "Bye."]);
    expect(entries.find((e) => e.kind === "hangup")?.by).toBe("app");
    expect(end.data.state).toBe("ended");
  });

  it("refuses keys and a hang-up once the call has ended, with 409 SB_SIM_SESSION_ENDED", async () => {
    const id = await placeLive();
    expect((await post(`/_sim/sessions/${id}/hangup`)).status).toBe(202);
    await sim.waitForSession(id, 10_000);
    const keys = await post(`/_sim/sessions/${id}/keys`, { keys: "1" });
    expect(keys).toMatchObject({ status: 409, body: { code: "SB_SIM_SESSION_ENDED" } });
    expect(keys.body.message).toContain(id);
    expect(await post(`/_sim/sessions/${id}/hangup`)).toMatchObject({ status: 409, body: { code: "SB_SIM_SESSION_ENDED" } });
    // A finished session's stream replays it and ends at once.
    const stream = await openEventStream(`${sim.url}/_sim/sessions/${id}/events`);
    const end = await stream.until((f) => f.event === "end", 5_000);
    expect(end.data.transcript.at(-1).kind).toBe(stream.frames.filter((f) => f.event === "entry").at(-1)!.data.kind);
  });

  it("refuses a scripted call's keys with 409 SB_SIM_SESSION_NOT_INTERACTIVE, unknown sessions with 404", async () => {
    const placed = await post("/_sim/calls", { to: "+6560000001", press: ["2"] });
    expect(await post(`/_sim/sessions/${placed.body.sessionId as string}/keys`, { keys: "1" })).toMatchObject({ status: 409, body: { code: "SB_SIM_SESSION_NOT_INTERACTIVE" } });
    expect(await post("/_sim/sessions/nope/keys", { keys: "1" })).toMatchObject({ status: 404, body: { code: "SB_SIM_UNKNOWN_SESSION" } });
    expect(await post("/_sim/sessions/nope/hangup")).toMatchObject({ status: 404, body: { code: "SB_SIM_UNKNOWN_SESSION" } });
    expect((await fetch(`${sim.url}/_sim/sessions/nope/events`)).status).toBe(404);
  });

  it.each([
    [{ keys: "12a" }, /^keys: "12a" is invalid; expected 1 to 32 keys of 0-9, \* and #/],
    [{ keys: "" }, /^keys: "" is invalid/],
    [{ keys: "1".repeat(33) }, /^keys: "1{33}" is invalid/],
    [{}, /^keys: is missing/],
    [{ keys: 1 }, /^keys: 1 is invalid/],
    ["{oops", /not valid JSON/],
  ])("refuses keys %j with 400 naming the field", async (body, message) => {
    const id = await placeLive();
    const answer = await post(`/_sim/sessions/${id}/keys`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("SB_SIM_INVALID_REQUEST");
    expect(answer.body.message).toMatch(message);
    await post(`/_sim/sessions/${id}/hangup`);
  });

  it("refuses press with interactive, naming both", async () => {
    const answer = await post("/_sim/calls", { to: "+6560000001", interactive: true, press: ["1"] });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^press: .*interactive/);
  });

  it("is described in /_sim/openapi.json", async () => {
    const doc = (await (await fetch(`${sim.url}/_sim/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>> };
    expect(Object.keys(doc.paths["/_sim/sessions/{sessionId}/keys"]!)).toEqual(["post"]);
    expect(Object.keys(doc.paths["/_sim/sessions/{sessionId}/hangup"]!)).toEqual(["post"]);
    expect(Object.keys(doc.paths["/_sim/sessions/{sessionId}/events"]!.get!.responses["200"]!.content!)).toEqual(["text/event-stream"]);
    expect(JSON.stringify(doc.paths["/_sim/calls"]!.post)).toContain('"interactive"');
  });
});
