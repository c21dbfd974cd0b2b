/**
 * The duration flags (`--drain-timeout`): what a user may type, what it means in milliseconds,
 * and the refusal that names the flag, the value and what is expected.
 */
import { describe, expect, it } from "vitest";
import { durationFlag, formatDuration } from "./serve-flags.js";
import { UsageError } from "./usage-error.js";

const parse = durationFlag("--drain-timeout");

describe("duration flags", () => {
  it.each([
    ["10s", 10_000],
    ["1.5s", 1500],
    ["1.001s", 1001],
    ["500ms", 500],
    ["2m", 120_000],
    ["2500", 2500],
    ["0", 0],
    ["10m", 600_000],
  ])("reads %s as %i ms", (text, ms) => {
    expect(parse(text)).toBe(ms);
  });

  it.each(["soon", "", "-1s", "10 s", "1.5ms", "1h", "11m", "0.0001s", "1e3"])("refuses %j, naming the flag, the value and what is expected", (text) => {
    const refusal = (() => {
      try {
        parse(text);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(UsageError);
    expect((refusal as UsageError).code).toBe("SB_CLI_INVALID_FLAG");
    expect((refusal as Error).message).toBe(`--drain-timeout: "${text}" is invalid; expected a duration from 0 to 10m, such as 10s, 500ms, 1m or plain milliseconds (2500)`);
  });

  it("prints a duration as it would be typed", () => {
    expect([10_000, 1500, 250, 120_000, 0].map(formatDuration)).toEqual(["10s", "1.5s", "250ms", "2m", "0ms"]);
  });
});
