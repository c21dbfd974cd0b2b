import { describe, expect, it } from "vitest";
import { createClock, parseClockMode } from "./clock.js";

describe("simulated clocks", () => {
  it("moves an instant session's time by the slept amount without waiting", async () => {
    const clock = createClock({ mode: "instant" }, () => 1_000_000);
    const session = clock.forSession();
    await session.sleep(30_000);
    await session.sleep(-5);
    expect(session.now()).toBe(1_030_000);
  });

  it("keeps each session's simulated time separate", async () => {
    const clock = createClock({ mode: "instant" }, () => 0);
    const [a, b] = [clock.forSession(), clock.forSession()];
    await a.sleep(10_000);
    expect([a.now(), b.now()]).toEqual([10_000, 0]);
  });

  it("advances a scaled session by simulated time too", async () => {
    const session = createClock({ mode: "scaled", factor: 1_000_000 }, () => 0).forSession();
    await session.sleep(5_000);
    expect(session.now()).toBe(5_000);
  });

  it("parses the CLI spellings and refuses others", () => {
    expect(parseClockMode("instant")).toEqual({ mode: "instant" });
    expect(parseClockMode("real")).toEqual({ mode: "real" });
    expect(parseClockMode("scaled:2.5")).toEqual({ mode: "scaled", factor: 2.5 });
    expect(parseClockMode("scaled:0")).toBeUndefined();
    expect(parseClockMode("fast")).toBeUndefined();
    expect(() => createClock({ mode: "scaled", factor: 0 })).toThrow(expect.objectContaining({ name: "ConfigError", code: "SB_SIM_INVALID_CONFIG" }));
  });
});
