import { describe, expect, it } from "vitest";
import { classifySummary } from "../voice/index.js";
import { DEFAULT_RETRY_POLICY, nextAttemptAt, parseRetryPolicy, retryReason, RetryPolicyError } from "./retry-policy.js";

const outbound = (sessionStatus: string, callStatus: string, errorCode?: number) =>
  classifySummary({
    sessionStatus,
    details: { callA: { callDirection: "OUTBOUND", callStatus } },
    ...(errorCode === undefined ? {} : { errorDetails: { errorCode, errorMsg: "x" } }),
  });

describe("retryReason with the default policy", () => {
  it("retries NO_ANSWER, BUSY, FAILED and ERROR -2001, -2002, -2010, -9999", () => {
    expect(retryReason(DEFAULT_RETRY_POLICY, outbound("NO_ANSWER", "NO_ANSWER"))).toBe("NO_ANSWER");
    expect(retryReason(DEFAULT_RETRY_POLICY, outbound("BUSY", "BUSY"))).toBe("BUSY");
    expect(retryReason(DEFAULT_RETRY_POLICY, outbound("FAILED", "FAILED"))).toBe("FAILED");
    for (const code of [-2001, -2002, -2010, -9999]) expect(retryReason(DEFAULT_RETRY_POLICY, outbound("ERROR", "FAILED", code))).toBe(`ERROR ${code}`);
  });

  it("does not retry what it does not list, nor what cannot change", () => {
    for (const code of [-2003, -2004, -2005, -2006, -2007, -2008, -2009, -1234]) {
      expect(retryReason(DEFAULT_RETRY_POLICY, outbound("ERROR", "FAILED", code)), String(code)).toBeNull();
    }
    expect(retryReason(DEFAULT_RETRY_POLICY, outbound("ERROR", "FAILED"))).toBeNull();
    expect(retryReason(DEFAULT_RETRY_POLICY, outbound("CANCELED", "CANCELED"))).toBeNull();
    expect(retryReason(DEFAULT_RETRY_POLICY, outbound("COMPLETED_UNSUB_ERROR", "COMPLETED"))).toBeNull();
  });

  it("never calls back a callee who answered, even in a BUSY session", () => {
    expect(retryReason(DEFAULT_RETRY_POLICY, outbound("BUSY", "COMPLETED"))).toBeNull();
  });
});

describe("parseRetryPolicy", () => {
  it("keeps the base's fields that the spec leaves out", () => {
    const policy = parseRetryPolicy({ maxAttempts: 5, backoff: ["30s"] });
    expect(policy).toMatchObject({ maxAttempts: 5, backoffMs: [30_000], statuses: DEFAULT_RETRY_POLICY.statuses });
    expect(parseRetryPolicy({ statuses: ["CANCELED"] }, policy)).toMatchObject({ maxAttempts: 5, statuses: ["CANCELED"] });
  });

  it("refuses what cannot work, naming the field and the value", () => {
    const refusals: Array<[Parameters<typeof parseRetryPolicy>[0], string, string]> = [
      [{ statuses: ["ERROR"] }, "retry.statuses[0]", "errorCodes"],
      [{ statuses: ["BUSY", "COMPLETED"] }, "retry.statuses[1]", '"COMPLETED"'],
      [{ errorCodes: [-2001, -2004] }, "retry.errorCodes[1]", "-2004 is never retried"],
      [{ errorCodes: [-1014] }, "retry.errorCodes[0]", "request refusal"],
      [{ maxAttempts: 0 }, "retry.maxAttempts", "0"],
      [{ backoff: ["2m", "10"] }, "retry.backoff[1]", '"10"'],
      [{ backoff: [] }, "retry.backoff", "empty"],
      [{ jitter: 2 }, "retry.jitter", "2"],
      [{ window: { from: "09:00", to: "20:00", timezone: "Nowhere/City" } }, "retry.window.timezone", "Nowhere/City"],
    ];
    for (const [spec, field, detail] of refusals) {
      expect(() => parseRetryPolicy(spec), field).toThrow(RetryPolicyError);
      expect(() => parseRetryPolicy(spec), field).toThrow(new RegExp(`^${field.replace(/[[\].]/g, "\\$&")}: .*${detail.replace(/[[\]-]/g, "\\$&")}`));
    }
  });

  it("refuses a list field given as one value (a request body is not type-checked), naming the field", () => {
    const refusals: Array<[unknown, string]> = [
      [{ statuses: "BUSY" }, "retry.statuses"],
      [{ errorCodes: -2001 }, "retry.errorCodes"],
      [{ backoff: "2m" }, "retry.backoff"],
    ];
    for (const [spec, field] of refusals) {
      expect(() => parseRetryPolicy(spec as never), field).toThrow(RetryPolicyError);
      expect(() => parseRetryPolicy(spec as never), field).toThrow(new RegExp(`^${field.replace(/[[\].]/g, "\\$&")}: .*is not a list`));
    }
  });
});

describe("nextAttemptAt", () => {
  const now = new Date("2026-11-30T03:00:00Z");
  const policy = parseRetryPolicy({ backoff: ["2m", "10m"], jitter: 0.5, maxAttempts: 4 });

  it("waits the backoff of the attempt just made, the last one repeating", () => {
    const noJitter = () => 0.5;
    expect(nextAttemptAt(policy, 1, now, { random: noJitter })).toEqual(new Date(now.getTime() + 120_000));
    expect(nextAttemptAt(policy, 2, now, { random: noJitter })).toEqual(new Date(now.getTime() + 600_000));
    expect(nextAttemptAt(policy, 3, now, { random: noJitter })).toEqual(new Date(now.getTime() + 600_000));
  });

  it("spreads the wait by the jitter", () => {
    expect(nextAttemptAt(policy, 1, now, { random: () => 0 })).toEqual(new Date(now.getTime() + 60_000));
    expect(nextAttemptAt(policy, 1, now, { random: () => 0.999_999 })!.getTime()).toBeCloseTo(now.getTime() + 180_000, -2);
  });

  it("stops at maxAttempts", () => {
    expect(nextAttemptAt(policy, 4, now)).toBeNull();
  });

  it("moves the attempt into the calling window, in the contact's own zone when given", () => {
    const windowed = parseRetryPolicy({ backoff: ["2m"], jitter: 0, window: { from: "09:00", to: "20:00", timezone: "Asia/Singapore" } });
    const lateEvening = new Date("2026-11-30T12:30:00Z"); // 20:30 in Singapore
    expect(nextAttemptAt(windowed, 1, lateEvening)).toEqual(new Date("2026-12-01T01:00:00Z"));
    expect(nextAttemptAt(windowed, 1, lateEvening, { timezone: "Europe/London" })).toEqual(new Date("2026-11-30T12:32:00Z"));
  });
});
