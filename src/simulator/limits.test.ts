import { describe, expect, it } from "vitest";
import { CallRateLimiter, ConcurrentCalls, retryAfterSeconds } from "./limits.js";

describe("CallRateLimiter", () => {
  it("lets N calls into any one-second window per subaccount and says when the next fits", () => {
    const rate = new CallRateLimiter(2);
    expect([rate.take("a", 0), rate.take("a", 300)]).toEqual([{ ok: true }, { ok: true }]);
    expect(rate.take("a", 700)).toEqual({ ok: false, retryAfterMs: 300 });
    expect(rate.take("b", 700)).toEqual({ ok: true });
    expect(rate.take("a", 1_000)).toEqual({ ok: true });
    expect(rate.take("a", 1_200)).toEqual({ ok: false, retryAfterMs: 100 });
  });

  it("does not count a refused call: waiting Retry-After is always enough", () => {
    const rate = new CallRateLimiter(1);
    rate.take("a", 0);
    for (let t = 1; t < 1_000; t += 250) expect(rate.take("a", t).ok).toBe(false);
    expect(rate.take("a", 1_000).ok).toBe(true);
  });

  it("rounds Retry-After up to whole seconds, at least 1", () => {
    expect([retryAfterSeconds(1), retryAfterSeconds(1_000), retryAfterSeconds(1_001)]).toEqual([1, 1, 2]);
  });
});

describe("ConcurrentCalls", () => {
  it("refuses a place over the limit until one is released, and a second release frees nothing more", () => {
    const calls = new ConcurrentCalls(1);
    const release = calls.enter("a");
    expect(release).toBeTypeOf("function");
    expect(calls.enter("a")).toBeUndefined();
    expect(calls.enter("b")).toBeTypeOf("function");
    release!();
    release!();
    expect(calls.enter("a")).toBeTypeOf("function");
    expect(calls.enter("a")).toBeUndefined();
  });

  it("never refuses without a limit", () => {
    const calls = new ConcurrentCalls(undefined);
    for (let i = 0; i < 50; i += 1) expect(calls.enter("a")).toBeTypeOf("function");
  });
});
