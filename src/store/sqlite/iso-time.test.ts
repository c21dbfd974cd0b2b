import { describe, expect, it } from "vitest";
import { epochMsToIso } from "./iso-time.js";

describe("epochMsToIso", () => {
  it("gives exactly what Date#toISOString gives, within a second and across seconds", () => {
    const base = Date.UTC(2026, 10, 26, 21, 45, 7, 0);
    const times = [base, base + 1, base + 9, base + 10, base + 99, base + 100, base + 999, base + 1000, base + 1042, base - 1, base + 86_400_000];
    for (const ms of times) expect(epochMsToIso(ms)).toBe(new Date(ms).toISOString());
  });

  it("agrees with Date#toISOString on random instants, before 1970 and after 9999 included", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const samples = [0, -1, -999, -1000, -1001, 253_402_300_800_000, 253_402_300_800_123, -62_198_755_200_001];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor((random() - 0.3) * 4e12), Date.UTC(2026, 0, 1) + Math.floor(random() * 5000));
    for (const ms of samples) expect(epochMsToIso(ms)).toBe(new Date(ms).toISOString());
  });
});
