import { describe, expect, it } from "vitest";
import { camelizeKeys, readDtmf } from "./normalize.js";

describe("camelizeKeys", () => {
  it("lowers the first letter of every key, at every depth and inside arrays", () => {
    const body = { EventType: "CALL_ACTION", payload: { CallA: { Id: 1 }, legs: [{ CallId: "x" }, { callId: "y" }], ÉTAT: 1 } };
    expect(camelizeKeys(body)).toEqual({ eventType: "CALL_ACTION", payload: { callA: { id: 1 }, legs: [{ callId: "x" }, { callId: "y" }], éTAT: 1 } });
  });

  it("returns parts that need no change as they are, and never changes its input", () => {
    const unchanged = { payload: { sessionId: "s", eventData: { dtmf: "1" } } };
    expect(camelizeKeys(unchanged)).toBe(unchanged);
    const mixed = { payload: { SessionId: "s", eventData: { dtmf: "1" } }, other: { a: 1 } };
    const copy = camelizeKeys(mixed) as typeof mixed & { payload: { sessionId: string } };
    expect(copy).not.toBe(mixed);
    expect(copy.payload.sessionId).toBe("s");
    expect(copy.other).toBe(mixed.other);
    expect(copy.payload.eventData).toBe(mixed.payload.eventData);
    expect(mixed.payload).toHaveProperty("SessionId");
  });

  it("keeps the documented-case key when a variant of it arrives too, whichever comes first", () => {
    expect(camelizeKeys({ CallId: "variant", callId: "documented" })).toEqual({ callId: "documented" });
    expect(camelizeKeys({ callId: "documented", CallId: "variant" })).toEqual({ callId: "documented" });
  });
});

describe("readDtmf", () => {
  it("prefers eventData.dtmf, then a string eventData, then dtmf", () => {
    expect(readDtmf({ eventData: { dtmf: "1" }, dtmf: "2" })).toBe("1");
    expect(readDtmf({ eventData: "3", dtmf: "2" })).toBe("3");
    expect(readDtmf({ dtmf: 4 })).toBe("4");
    expect(readDtmf({ eventData: { dtmf: "" } })).toBeNull();
  });
});
