/**
 * The dashboard's reading of a stored session (web/src/timeline.ts, call-facts.ts), over a
 * session the real server stored for a real simulated call, and over deliveries in the other
 * forms 8x8 sends (digits in another place, keys in another case, a fallback, an error).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../src/testing/index.js";
import type { SessionDetail } from "../../web/src/api-types.js";
import { callSeconds, legsOf, summaryError } from "../../web/src/call-facts.js";
import { buildTimeline, callStart, pathOf } from "../../web/src/timeline.js";

const FLOW = new URL("../../examples/restaurant.yaml", import.meta.url).pathname;

describe("a session's timeline", () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ flow: FLOW, inProcess: true, callees: [{ number: "+6561115777", behavior: "answer" }] });
  });
  afterAll(async () => platform?.close());

  it("reads a stored call in order: received, the prompt, the keys, what was said, the hangup and the summary with MOS", async () => {
    const call = await platform.dial({ press: ["3"] });
    const detail = (await platform.session(call.sessionId)) as unknown as SessionDetail;
    const items = buildTimeline(detail).filter((item) => item.kind !== "status");
    expect(items.map((item) => item.kind)).toEqual(["call", "prompt", "keys", "say", "hangup", "summary"]);
    expect(items[1]).toMatchObject({ title: "Prompt played, waiting for keys", menu: "main_menu", detail: expect.stringContaining("Welcome to ABC Restaurant") });
    expect(items[2]!.title).toBe("Caller pressed 3");
    expect(items[3]!.detail).toBe("Our restaurant hours are between 9AM and 9PM every day of the week.");
    expect(items[5]!.title).toBe("Session ended: COMPLETED");
    expect(items[5]!.detail).toMatch(/^last action HANGUP · 1 leg · \d+ s · MOS \d\.\d$/);
    // Offsets come from the platform's clock: the key comes seconds into the call, not at once.
    const start = callStart(detail, items);
    expect(Date.parse(items[2]!.callTime!) - start).toBeGreaterThan(1000);
    expect(pathOf(detail)).toEqual([
      { menu: null, keys: null, nextMenu: "main_menu" },
      { menu: "main_menu", keys: "3", nextMenu: null },
    ]);
  });

  it("shows a transfer and both legs with their call quality", async () => {
    const call = await platform.dial({ press: ["2", "1"] });
    const detail = (await platform.session(call.sessionId)) as unknown as SessionDetail;
    const transfer = buildTimeline(detail).find((item) => item.kind === "transfer");
    expect(transfer).toMatchObject({ title: "Transferred", detail: "to +6561115777 from +6568888888" });
    const legs = legsOf(detail.summary);
    expect(legs.map((leg) => [leg.name, leg.status])).toEqual([
      ["callA", "COMPLETED"],
      ["callB", "COMPLETED"],
    ]);
    expect(legs[0]!.mos).toBeGreaterThanOrEqual(1);
    expect(callSeconds(detail.summary)).toBe(legs[0]!.durationSeconds);
  });
});

describe("reading deliveries in other forms", () => {
  const base = { sessionId: "s1", subAccountId: null, status: "ERROR", callDirection: "INBOUND", source: "+1", destination: "+2", vcaCount: 2, flowFingerprint: null, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:01.000Z", vars: {} };
  const at = (s: number) => `2026-01-01T00:00:0${s}.000Z`;

  it("finds digits in a bare eventData or a top-level dtmf, marks a retry and a timeout, and names a fallback's reason", () => {
    const detail: SessionDetail = {
      session: base,
      summary: { sessionStatus: "ERROR", receivedAt: at(6), payload: { SessionStatus: "ERROR", ErrorDetails: { errorCode: -2003, errorMsg: "Call flow invalid" }, Details: {} } },
      callStatuses: [],
      timeline: [
        { seq: 1, kind: "vca", eventId: "e1", at: at(1), body: { payload: { callStatus: "CALL_RECEIVED", source: "+1", destination: "+2" } } },
        { seq: 2, kind: "answer", eventId: "e1", at: at(1), body: { answer: { callflow: [{ action: "sayAndCapture", params: { promptMessage: "Press 1" } }] }, fallbackReason: null }, step: { menu: null, keys: null, nextMenu: "m" } },
        { seq: 3, kind: "vca", eventId: "e2", at: at(2), body: { payload: { callStatus: "ACTION_COMPLETED", eventData: "7" } } },
        { seq: 4, kind: "answer", eventId: "e2", at: at(2), body: { answer: { callflow: [{ action: "sayAndCapture", params: { promptMessage: "Press 1" } }] }, fallbackReason: null }, step: { menu: "m", keys: "7", nextMenu: "m" } },
        { seq: 5, kind: "vca", eventId: "e3", at: at(3), body: { Payload: { CallStatus: "ACTION_COMPLETED", EventData: { Dtmf: null } } } },
        { seq: 6, kind: "answer", eventId: "e3", at: at(3), body: { answer: { callflow: [{ action: "say", params: { text: "Sorry" } }] }, fallbackReason: "timeout" } },
        { seq: 7, kind: "vca", eventId: "e4", at: at(4), body: { payload: { callStatus: "ACTION_COMPLETED", dtmf: "5" } } },
      ],
    };
    const items = buildTimeline(detail);
    expect(items.map((item) => item.title)).toEqual([
      "Inbound call received",
      "Prompt played, waiting for keys",
      "Caller pressed 7",
      "Prompt played again, waiting for keys",
      "No key pressed",
      "Fallback sent instead of the app's answer",
      "Said",
      "Caller pressed 5",
      "Session ended: ERROR",
      "Platform error",
    ]);
    expect(items[3]!.retry).toBe(true);
    expect(items[5]!.detail).toBe("reason: timeout (the app did not answer in time)");
    expect(summaryError(detail.summary)).toBe("-2003: Call flow invalid");
    expect(legsOf(detail.summary)).toEqual([]);
    expect(callSeconds(detail.summary)).toBeNull();
  });
});
