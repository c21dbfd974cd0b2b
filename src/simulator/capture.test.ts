import { describe, expect, it } from "vitest";
import { captureSettings, runTry } from "./capture.js";
import { TIMING } from "./timing.js";

const base = { promptMessage: "Enter your PIN", voiceProfile: "en-GB-Emma" };
const settings = (extra: Record<string, unknown> = {}) => captureSettings({ ...base, ...extra });

describe("sayAndCapture, one try", () => {
  it("fills in the CAPTURE_DEFAULTS the SPEC chose (maxDigits 25, overallTimeout 30 s, 3 tries, hash ends input)", () => {
    expect(settings()).toEqual({ minDigits: 1, maxDigits: 25, digitTimeout: undefined, overallTimeout: 30_000, completeOnHash: true, noOfTries: 3 });
  });

  it("treats null settings, as 8x8's simple IVR guide sends them, as not given", () => {
    const nulls = { minDigits: null, maxDigits: null, digitTimeout: null, overallTimeout: null, completeOnHash: null, noOfTries: null } as unknown as Record<string, unknown>;
    expect(settings(nulls)).toEqual(settings());
  });

  it("ends input on # without capturing the hash", () => {
    const result = runTry("12#", settings());
    expect(result).toMatchObject({ digits: "12", keys: "12#", reason: "hash", valid: true });
    expect(result.elapsedMs).toBe(3 * TIMING.keyIntervalMs);
  });

  it("captures # as a key when completeOnHash is false", () => {
    expect(runTry("1#2", settings({ completeOnHash: false, maxDigits: 3 }))).toMatchObject({ digits: "1#2", reason: "max-digits", valid: true });
  });

  it("ends input as soon as maxDigits keys were pressed and ignores the rest", () => {
    expect(runTry("1234", settings({ maxDigits: 2 }))).toMatchObject({ digits: "12", keys: "12", reason: "max-digits", valid: true });
  });

  it("refuses fewer than minDigits digits", () => {
    expect(runTry("12#", settings({ minDigits: 3, maxDigits: 4 }))).toMatchObject({ digits: "12", valid: false, reason: "hash" });
  });

  it("treats a bare # as no digits, which is invalid", () => {
    expect(runTry("#", settings())).toMatchObject({ digits: "", valid: false });
  });

  it("ends input when the gap after a key exceeds digitTimeout", () => {
    // "1,,2": the second key comes 2.25 s after the first, beyond a 1.5 s digit timeout.
    const result = runTry("1,,2", settings({ digitTimeout: 1_500, overallTimeout: 10_000 }));
    expect(result).toMatchObject({ digits: "1", reason: "digit-timeout", valid: true });
    expect(result.elapsedMs).toBe(TIMING.keyIntervalMs + 1_500);
  });

  it("waits out digitTimeout after the caller's last key when no terminator came", () => {
    expect(runTry("42", settings({ digitTimeout: 2_000, overallTimeout: 10_000 }))).toMatchObject({ digits: "42", reason: "digit-timeout", elapsedMs: 2 * TIMING.keyIntervalMs + 2_000 });
  });

  it("waits out overallTimeout when no digitTimeout is set", () => {
    expect(runTry("42", settings())).toMatchObject({ digits: "42", reason: "overall-timeout", elapsedMs: 30_000, valid: true });
  });

  it("stops at overallTimeout even while the caller is still pressing", () => {
    expect(runTry("1,,,2", settings({ overallTimeout: 2_000 }))).toMatchObject({ digits: "1", reason: "overall-timeout", elapsedMs: 2_000 });
  });

  it("reports a silent caller as no-input after overallTimeout", () => {
    for (const entry of ["-", "silence"]) {
      expect(runTry(entry, settings({ overallTimeout: 5_000 }))).toEqual({ digits: "", keys: "", reason: "no-input", valid: false, elapsedMs: 5_000 });
    }
  });
});
