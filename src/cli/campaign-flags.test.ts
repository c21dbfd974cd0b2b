import { describe, expect, it } from "vitest";
import { nameFromFile, parseConcurrency, parseMaxAttempts, parseRate, parseTimezone, parseWindow } from "./campaign-flags.js";

describe("campaign start's flags", () => {
  it("reads a rate per second or per minute", () => {
    expect([parseRate("2"), parseRate("2/s"), parseRate("0.5/s"), parseRate("30/m")]).toEqual([2, 2, 0.5, 0.5]);
  });

  it.each([
    [() => parseRate("fast"), '--rate "fast": expected calls per second from 0.01 to 1000'],
    [() => parseRate("0/s"), "--rate"],
    [() => parseConcurrency("0"), '--concurrency "0": expected a whole number of calls in progress at once from 1 to 1000'],
    [() => parseConcurrency("2.5"), "--concurrency"],
    [() => parseMaxAttempts("21"), '--max-attempts "21": expected a whole number of attempts per contact from 1 to 20'],
    [() => parseWindow("9-17"), '--window "9-17": expected a daily calling window HH:MM-HH:MM'],
    [() => parseWindow("09:00-24:00"), "--window"],
    [() => parseTimezone("Mars/Olympus"), '--timezone "Mars/Olympus": expected an IANA time zone'],
  ])("refuses a bad value naming the flag (exit 2): %#", (parse, message) => {
    expect(parse).toThrow(expect.objectContaining({ code: "SB_CLI_INVALID_FLAG", exitCode: 2, message: expect.stringContaining(message) }));
  });

  it("names a campaign after its file", () => {
    expect(nameFromFile("lists/spring 2026.csv")).toBe("spring-2026");
    expect(nameFromFile("_.csv")).toBe("campaign");
    expect(nameFromFile(`${"x".repeat(50)}.csv`)).toHaveLength(40);
  });
});
