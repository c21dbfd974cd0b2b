import { describe, expect, it } from "vitest";
import type { VcaExchange } from "../types.js";
import { ExchangeBatch, unpackExchanges } from "./exchange-batch.js";
import type { HotSession } from "./session-cache.js";

const session = (sessionId: string, rowKey: number | null): HotSession => ({ sessionId, rowKey, varsText: "{}", eventIds: new Set(), queued: 0 });

function exchange(eventId: string, sessionId: string, extra: Partial<VcaExchange> = {}): VcaExchange {
  return {
    eventId, sessionId, subAccountId: "acme", callDirection: "INBOUND", source: "+6591110001", destination: "+6568880000",
    received: { eventId }, receivedAt: new Date("2026-03-01T10:00:00.000Z"), answer: { clientActionId: eventId, callflow: [] },
    answeredAt: new Date("2026-03-01T10:00:01.500Z"), fallbackReason: null, vars: null, ...extra,
  };
}

describe("SQLite exchange batch", () => {
  it("unpacks in the worker to the exchanges queued: nulls, empty and non-ASCII texts, times and known keys", () => {
    const batch = new ExchangeBatch();
    const known = session("s-1", 41);
    const fresh = session("s-2", null);
    batch.add(known, exchange("e-1", "s-1", { receivedText: '{"say":"Grüße, 你好 👋"}', answerText: "", flowFingerprint: "fp-1", menu: "main", keys: "1#", nextMenu: "book" }), '{"k":"ü"}');
    batch.add(fresh, exchange("e-2", "s-2", { subAccountId: null, callDirection: null, source: null, destination: null, fallbackReason: "timeout" }), null);
    // Learned after queueing, before sending: the batch carries it.
    fresh.rowKey = 42;

    expect(unpackExchanges(structuredClone(batch.pack()))).toEqual([
      {
        sessionId: "s-1", sessionKey: 41, eventId: "e-1", subAccountId: "acme", callDirection: "INBOUND", source: "+6591110001",
        destination: "+6568880000", receivedAt: Date.parse("2026-03-01T10:00:00.000Z"), receivedText: '{"say":"Grüße, 你好 👋"}',
        answeredAt: Date.parse("2026-03-01T10:00:01.500Z"), answerText: "", fallbackReason: null, varsText: '{"k":"ü"}',
        flowFingerprint: "fp-1", menu: "main", keys: "1#", nextMenu: "book",
      },
      {
        sessionId: "s-2", sessionKey: 42, eventId: "e-2", subAccountId: null, callDirection: null, source: null, destination: null,
        receivedAt: Date.parse("2026-03-01T10:00:00.000Z"), receivedText: '{"eventId":"e-2"}',
        answeredAt: Date.parse("2026-03-01T10:00:01.500Z"), answerText: '{"clientActionId":"e-2","callflow":[]}', fallbackReason: "timeout", varsText: null,
        flowFingerprint: null, menu: null, keys: null, nextMenu: null,
      },
    ]);
  });

  it("finds a queued answer by session and eventId, not by eventId alone", () => {
    const batch = new ExchangeBatch();
    const a = session("s-a", 1);
    const b = session("s-b", 2);
    batch.add(a, exchange("e-1", "s-a", { answerText: "answer of a" }), null);
    batch.add(b, exchange("e-1", "s-b", { answerText: "answer of b" }), null);
    expect(batch.answerTextFor(b, "e-1")).toBe("answer of b");
    expect(batch.answerTextFor(a, "e-1")).toBe("answer of a");
    expect(batch.answerTextFor(a, "e-2")).toBeUndefined();
    expect(batch.size).toBe(2);
  });
});
