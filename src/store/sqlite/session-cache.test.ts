import { describe, expect, it } from "vitest";
import { SessionCache, hotSession, type HotSession } from "./session-cache.js";

describe("SQLite session cache", () => {
  it("makes an entry from a stored session, or an empty one for a session the database lacks", () => {
    expect(hotSession("s-1", { rowKey: 7, varsText: '{"a":1}', eventIds: ["e-1", "e-2"] })).toEqual({
      sessionId: "s-1", rowKey: 7, varsText: '{"a":1}', eventIds: new Set(["e-1", "e-2"]), queued: 0,
    });
    expect(hotSession("s-2", null)).toEqual({ sessionId: "s-2", rowKey: null, varsText: "{}", eventIds: new Set(), queued: 0 });
  });

  it("drops the least recently used entry beyond its capacity; a get counts as a use, has does not", () => {
    const cache = new SessionCache(2, () => undefined);
    cache.add(hotSession("a", null));
    cache.add(hotSession("b", null));
    expect(cache.get("a")?.sessionId).toBe("a");
    expect(cache.has("b")).toBe(true);
    cache.add(hotSession("c", null));
    expect([cache.has("a"), cache.has("b"), cache.has("c")]).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });

  it("has the queue sent before it drops an entry whose exchanges are still queued, and only then", () => {
    const sent: string[] = [];
    const cache = new SessionCache(1, (session) => sent.push(session.sessionId));
    const busy: HotSession = { ...hotSession("busy", null), queued: 2 };
    cache.add(busy);
    cache.add(hotSession("idle", null));
    cache.add(hotSession("other", null));
    expect(sent).toEqual(["busy"]);
  });

  it("forgets an entry only if it is still the one cached for its session", () => {
    const cache = new SessionCache(10, () => undefined);
    const old = hotSession("s", null);
    const current = hotSession("s", null);
    cache.add(old);
    cache.add(current);
    cache.forget(old);
    expect(cache.get("s")).toBe(current);
    cache.forget(current);
    expect(cache.has("s")).toBe(false);
  });

  it("keeps at least one entry whatever capacity it is given", () => {
    const cache = new SessionCache(0, () => undefined);
    cache.add(hotSession("a", null));
    expect(cache.has("a")).toBe(true);
  });
});
