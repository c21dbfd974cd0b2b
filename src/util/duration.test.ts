import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it("reads each unit", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("10m")).toBe(600_000);
    expect(parseDuration("2h")).toBe(7_200_000);
    expect(parseDuration("1d")).toBe(86_400_000);
  });

  it("adds parts written together and reads decimals", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("1.5s")).toBe(1_500);
    expect(parseDuration(" 2m ")).toBe(120_000);
  });

  it("refuses bare numbers, unknown units, signs and leftovers", () => {
    for (const text of ["", "10", "10x", "-5s", "5 s", "m", "10m!", "1h 30m", "NaNs"]) {
      expect(parseDuration(text), text).toBeNull();
    }
  });
});

describe("formatDuration", () => {
  it("writes the largest units that divide it", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(250)).toBe("250ms");
    expect(formatDuration(90_000)).toBe("1m30s");
    expect(formatDuration(86_400_000 + 3_600_000)).toBe("1d1h");
  });

  it("reads back what it writes", () => {
    for (const ms of [1, 999, 1_000, 61_000, 3_723_004]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
