import { describe, expect, it } from "vitest";
import { Pacer } from "./pacer.js";

/** The most calls let go within any window of `ms` (a sliding window over the grant times). */
function busiest(times: number[], ms: number): number {
  let most = 0;
  for (const start of times) most = Math.max(most, times.filter((t) => t >= start && t < start + ms).length);
  return most;
}

describe("Pacer", () => {
  it("lets at most `rate` calls go in any second, the first second included", () => {
    const pacer = new Pacer(2);
    expect(pacer.take(0, 10)).toBe(2);
    expect(pacer.take(0, 10)).toBe(0);
    expect(pacer.take(500, 10)).toBe(0);
    expect(pacer.take(999, 10)).toBe(0);
    expect(pacer.nextAt(999)).toBe(1_050);
    expect(pacer.take(1_050, 10)).toBe(2);
    // A long quiet spell does not store up more than a second's worth.
    expect(pacer.take(60_000, 10)).toBe(2);
  });

  it("never puts more than the rate in any second when asked every 10 ms for a minute", () => {
    const pacer = new Pacer(5);
    const times: number[] = [];
    for (let now = 0; now < 60_000; now += 10) for (let n = pacer.take(now, 100); n > 0; n -= 1) times.push(now);
    expect(busiest(times, 1_000)).toBe(5);
    // And it keeps pace: close to 5 a second over the minute.
    expect(times.length).toBeGreaterThan(5 * 60 * 0.9);
  });

  it("paces rates below one call per second", () => {
    const pacer = new Pacer(0.5);
    expect(pacer.take(0, 5)).toBe(1);
    expect(pacer.take(1_000, 5)).toBe(0);
    expect(pacer.nextAt(1_000)).toBe(2_100);
    expect(pacer.take(2_100, 5)).toBe(1);
  });

  it("sends nothing while paused after a 429", () => {
    const pacer = new Pacer(10);
    pacer.pauseUntil(5_000);
    expect(pacer.take(4_999, 10)).toBe(0);
    expect(pacer.nextAt(1_000)).toBe(5_000);
    expect(pacer.take(5_000, 10)).toBe(10);
  });

  it("takes back what was not used", () => {
    const pacer = new Pacer(3);
    expect(pacer.take(0, 3)).toBe(3);
    pacer.giveBack(2);
    expect(pacer.take(0, 3)).toBe(2);
  });
});
