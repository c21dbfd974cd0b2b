/**
 * Conformance: every VCA, VCS and VSS the simulator delivers, checked field by field against
 * SPEC section 5 and validated with Ajv against the `VcaEvent`/`VcsEvent`/`VssEvent` schemas.
 * The receiver is a bare node:http server written here, not any server of ours.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countryOfNumber, VcaEvent, VcsEvent, VssEvent, VCS_CALL_STATUSES } from "../../src/voice/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { AGENT, restaurant } from "./menu-app.js";
import { startReceiver, type Delivery, type Receiver } from "./receiver.js";

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const schemas = { "/vca": ajv.compile(VcaEvent), "/vcs": ajv.compile(VcsEvent), "/vss": ajv.compile(VssEvent) };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CALLER = "+447700900123";
const SECRET = "Basic c2VjcmV0OnRva2Vu";

let sim: Simulator;
let receiver: Receiver;
let deliveries: Delivery[];

beforeAll(async () => {
  receiver = await startReceiver({ vca: restaurant });
  sim = await startSimulator({ clock: "instant" });
  for (const type of ["VCA", "VCS", "VSS"] as const) sim.registerWebhook({ type, url: receiver.url(`/${type.toLowerCase()}`), httpAuthHeader: SECRET });
  // A menu choice that bridges, and one that captures nothing, so every event type and status appears.
  await sim.dial({ from: CALLER, to: "+6560000001", press: ["1"] });
  await sim.dial({ from: CALLER, to: "+6560000001", press: ["-", "-"] });
  deliveries = receiver.deliveries;
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const of = (path: "/vca" | "/vcs" | "/vss") => deliveries.filter((d) => d.path === path);

describe("every delivery", () => {
  it("validates against the VcaEvent, VcsEvent and VssEvent schemas", () => {
    expect(of("/vca").length).toBeGreaterThanOrEqual(4);
    expect(of("/vcs").length).toBeGreaterThanOrEqual(8);
    expect(of("/vss")).toHaveLength(2);
    for (const delivery of deliveries) {
      const validate = schemas[delivery.path as keyof typeof schemas];
      expect(validate(delivery.body), `${delivery.path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it("carries the registered httpAuthHeader verbatim as the Authorization header, as JSON", () => {
    for (const delivery of deliveries) {
      expect(delivery.headers.authorization).toBe(SECRET);
      expect(delivery.headers["content-type"]).toBe("application/json");
    }
  });

  it("uses the VOICE namespace with the event type of its webhook", () => {
    const types = { "/vca": "CALL_ACTION", "/vcs": "CALL_STATUS", "/vss": "SESSION_SUMMARY" } as const;
    for (const delivery of deliveries) {
      expect(delivery.body.namespace).toBe("VOICE");
      expect(delivery.body.eventType).toBe(types[delivery.path as keyof typeof types]);
      expect(typeof delivery.body.description).toBe("string");
    }
  });
});

describe("VCA and VCS payloads", () => {
  const legEvents = () => [...of("/vca"), ...of("/vcs")].map((d) => d.body.payload);

  it("give every delivery a fresh uuid eventId", () => {
    const ids = legEvents().map((p) => p.eventId);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("carry ISO-8601 timestamps with milliseconds, sipCode 200 on answered legs and whole-second durations", () => {
    for (const p of legEvents()) {
      expect(p.timestamp).toMatch(ISO_MS);
      expect(Number.isInteger(p.callDuration) && p.callDuration >= 0).toBe(true);
      expect(Number.isInteger(p.sipCode)).toBe(true);
    }
    for (const p of of("/vca").map((d) => d.body.payload)) expect(p.sipCode).toBe(200);
  });

  it("derive country codes from the E.164 prefix and formats MSISDN, PSTN", () => {
    for (const p of legEvents()) {
      expect(p.sourceCountryCode).toBe(countryOfNumber(p.source));
      expect(p.destinationCountryCode).toBe(countryOfNumber(p.destination));
      expect([p.sourceFormat, p.destinationFormat, p.callType]).toEqual(["MSISDN", "MSISDN", "PSTN"]);
    }
    const inbound = of("/vca")[0]!.body.payload;
    expect([inbound.sourceCountryCode, inbound.destinationCountryCode]).toEqual(["GB", "SG"]);
  });

  it("set destinationRefId on the inbound leg and sourceRefId on the bridged leg from the numbers config", () => {
    for (const p of legEvents()) {
      if (p.callDirection === "INBOUND") expect([p.sourceRefId, p.destinationRefId]).toEqual([null, "vn-sandbox-1"]);
      else expect([p.sourceRefId, p.destinationRefId, p.destination]).toEqual(["vn-sandbox-1", null, AGENT]);
    }
  });

  it("keep callId and sessionId stable per leg and session, with the sandbox subaccount", () => {
    const vcas = of("/vca").map((d) => d.body.payload);
    const sessions = new Set(vcas.map((p) => p.sessionId));
    expect(sessions.size).toBe(2);
    for (const sessionId of sessions) {
      const legs = new Set(vcas.filter((p) => p.sessionId === sessionId).map((p) => p.callId));
      expect(legs.size).toBe(1);
    }
    for (const p of legEvents()) expect(p.subAccountId).toBe("sandbox");
  });

  it("send CALL_RECEIVED first, then ACTION_COMPLETED with the digits or dtmf null, echoing the app's clientActionId", () => {
    const first = of("/vca").slice(0, 2).map((d) => d.body.payload);
    expect(first[0]).toMatchObject({ callStatus: "CALL_RECEIVED", callDirection: "INBOUND", eventData: { dtmf: null } });
    expect(first[0]).not.toHaveProperty("clientActionId");
    expect(first[1]).toMatchObject({ callStatus: "ACTION_COMPLETED", eventData: { dtmf: "1" }, clientActionId: "main" });
    const silent = of("/vca").slice(2).map((d) => d.body.payload);
    expect(silent[1]).toMatchObject({ callStatus: "ACTION_COMPLETED", eventData: { dtmf: null }, clientActionId: "main" });
  });

  it("report leg progress in VCS with the documented call statuses", () => {
    const statuses = new Set(of("/vcs").map((d) => d.body.payload.callStatus));
    for (const status of statuses) expect(VCS_CALL_STATUSES).toContain(status);
    for (const expected of ["CALL_RECEIVED", "CALL_CONNECTED", "CALL_INITIATED", "DTMF_RECEIVED", "CALL_DISCONNECTED"]) expect(statuses).toContain(expected);
    for (const p of of("/vcs").map((d) => d.body.payload)) {
      expect(p).not.toHaveProperty("eventData");
      expect(p).not.toHaveProperty("clientActionId");
    }
  });
});

describe("VSS payloads", () => {
  const bridged = () => of("/vss")[0]!.body;
  const silent = () => of("/vss")[1]!.body;

  it("carry version 5, ISO times and one detail per leg", () => {
    for (const body of [bridged(), silent()]) {
      expect(body.version).toBe(5);
      expect(body.payload.startTime).toMatch(ISO_MS);
      expect(body.payload.endTime).toMatch(ISO_MS);
      expect(Date.parse(body.payload.endTime)).toBeGreaterThanOrEqual(Date.parse(body.payload.startTime));
      expect(Object.keys(body.payload.details)).toHaveLength(body.payload.callCount);
    }
  });

  it("derive sessionStatus and lastAction as SPEC describes (bridge answered; caller left the menu)", () => {
    expect(bridged().payload).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2, lastAction: "MAKE_CALL" });
    expect(silent().payload).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
    expect(bridged().payload).not.toHaveProperty("errorDetails");
    expect(bridged().payload).not.toHaveProperty("clientRequestId");
  });

  it("describe each leg fully: ids, timestamps, numbers, refIds, status, duration and call quality", () => {
    const { callA, callB } = bridged().payload.details;
    const vca = of("/vca")[0]!.body.payload;
    expect(callA).toMatchObject({ callId: vca.callId, callDirection: "INBOUND", source: CALLER, destination: "+6560000001", sourceCountryCode: "GB", destinationCountryCode: "SG", sourceRefId: null, destinationRefId: "vn-sandbox-1", callStatus: "COMPLETED" });
    expect(callB).toMatchObject({ callDirection: "OUTBOUND", source: "+6560000001", destination: AGENT, sourceRefId: "vn-sandbox-1", destinationRefId: null, callStatus: "COMPLETED" });
    for (const leg of [callA, callB]) {
      for (const field of ["initiatedTimestamp", "connectedTimestamp", "disconnectedTimestamp"]) expect(leg[field]).toMatch(ISO_MS);
      expect(leg.callDuration).toBe(Math.round((Date.parse(leg.disconnectedTimestamp) - Date.parse(leg.connectedTimestamp)) / 1000));
      expect(leg.callQuality.mos).toBeGreaterThanOrEqual(1);
      expect(leg.callQuality.mos).toBeLessThanOrEqual(5);
      expect(leg.callQuality.packetLossRate).toBeLessThanOrEqual(1);
    }
    expect(callA.callId).not.toBe(callB.callId);
  });
});

describe("the other observed dtmf forms", () => {
  it("route a menu for a receiver that reads payload.dtmf, as 8x8's sample Flask backend does, only with dtmfForm: top-level", async () => {
    // The sample reads `payload.dtmf` and nothing else (SPEC section 5): with the documented form
    // it never sees the caller's choice.
    const sample = await startReceiver({
      vca: (body) => {
        if (body.payload.callStatus === "CALL_RECEIVED") return { callflow: [{ action: "sayAndCapture", params: { promptMessage: "Press 1 for opening hours", voiceProfile: "en-GB-Emma", maxDigits: 1 } }] };
        const text = body.payload.dtmf === "1" ? "We are open from 9 to 5." : "No choice received.";
        return { callflow: [{ action: "say", params: { text, voiceProfile: "en-GB-Emma" } }, { action: "hangup" }] };
      },
    });
    const heard: string[][] = [];
    try {
      for (const dtmfForm of ["eventData", "top-level"] as const) {
        const local = await startSimulator({ clock: "instant", dtmfForm });
        local.registerWebhook({ type: "VCA", url: sample.url("/vca") });
        heard.push((await local.dial({ to: "+6560000001", press: ["1"] })).heard);
        await local.close();
      }
    } finally {
      await sample.close();
    }
    expect(heard).toEqual([
      ["Press 1 for opening hours", "No choice received."],
      ["Press 1 for opening hours", "We are open from 9 to 5."],
    ]);
  });

  it.each([
    ["string", (p: Record<string, unknown>) => p.eventData],
    ["top-level", (p: Record<string, unknown>) => p.dtmf],
  ] as const)("can send the digits in the %s form", async (dtmfForm, read) => {
    const other = await startReceiver({ vca: (body) => (body.payload.callStatus === "CALL_RECEIVED" ? { callflow: [{ action: "sayAndCapture", params: { promptMessage: "Press 1", voiceProfile: "en-GB-Emma", maxDigits: 1 } }] } : { callflow: [{ action: "hangup" }] }) });
    const local = await startSimulator({ clock: "instant", dtmfForm });
    try {
      local.registerWebhook({ type: "VCA", url: other.url("/vca") });
      await local.dial({ to: "+6560000001", press: ["1"] });
      const payload = other.of("/vca")[1]!.body.payload;
      expect(read(payload)).toBe("1");
      expect(dtmfForm === "string" ? payload.dtmf : payload.eventData).toBeUndefined();
    } finally {
      await local.close();
      await other.close();
    }
  });
});
