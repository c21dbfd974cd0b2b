import { describe, expect, it } from "vitest";
import { Pacer } from "./pacer.js";

describe("Pacer", () => {
  it("lets at most `rate` calls go in any second", () => {
    const pacer = new Pacer(2);
    expect(pacer.take(0, 10)).toBe(2);
    expect(pacer.take(0, 10)).toBe(0);
    expect(pacer.take(499, 10)).toBe(0);
    expect(pacer.take(500, 10)).toBe(1);
    expect(pacer.take(1_000, 10)).toBe(1);
    // A long quiet spell does not store up more than a second's worth.
    expect(pacer.take(60_000, 10)).toBe(2);
  });

  it("paces rates below one call per second", () => {
    const pacer = new Pacer(0.5);
    expect(pacer.take(0, 5)).toBe(1);
    expect(pacer.take(1_000, 5)).toBe(0);
    expect(pacer.nextAt(1_000)).toBe(2_000);
    expect(pacer.take(2_000, 5)).toBe(1);
  });

  it("sends nothing while paused after a 429, then starts from an empty bucket", () => {
    const pacer = new Pacer(10);
    pacer.pauseUntil(5_000);
    expect(pacer.take(4_999, 10)).toBe(0);
    expect(pacer.nextAt(1_000)).toBe(5_000);
    expect(pacer.take(5_000, 10)).toBe(0);
    expect(pacer.take(5_100, 10)).toBe(1);
  });

  it("takes back what was not used", () => {
    const pacer = new Pacer(3);
    expect(pacer.take(0, 3)).toBe(3);
    pacer.giveBack(2);
    expect(pacer.take(0, 3)).toBe(2);
  });
});
