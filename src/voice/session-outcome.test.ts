import { describe, expect, it } from "vitest";
import { classifySummary } from "./session-outcome.js";

const leg = (fields: Record<string, unknown>) => ({ callId: "a", callDuration: 0, ...fields });
const summary = (sessionStatus: string, callA: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  sessionId: "s1",
  sessionStatus,
  details: { callA: leg(callA) },
  ...extra,
});

describe("classifySummary", () => {
  it("maps each documented status to its outcome", () => {
    const expected = {
      COMPLETED: "completed",
      COMPLETED_UNSUBSCRIBED: "completed",
      NO_ANSWER: "unreachable",
      BUSY: "unreachable",
      FAILED: "failed",
      CANCELED: "failed",
      ERROR: "error",
    };
    for (const [status, outcome] of Object.entries(expected)) {
      expect(classifySummary(summary(status, { callDirection: "INBOUND", callStatus: status === "ERROR" ? "FAILED" : status })).outcome, status).toBe(outcome);
    }
  });

  it("judges an outbound session by its callee: answered and transferred to a busy target is completed", () => {
    const transferredToBusy = summary("BUSY", { callDirection: "OUTBOUND", callStatus: "COMPLETED", connectedTimestamp: "2026-11-29T10:00:03.000Z" });
    expect(classifySummary(transferredToBusy)).toMatchObject({ outcome: "completed", reached: true, sessionStatus: "BUSY" });
    const calleeBusy = summary("BUSY", { callDirection: "OUTBOUND", callStatus: "BUSY" });
    expect(classifySummary(calleeBusy)).toMatchObject({ outcome: "unreachable", reached: false });
  });

  it("keeps the error code, the echoed clientRequestId, the duration and the caller's MOS", () => {
    const failed = summary(
      "ERROR",
      { callDirection: "OUTBOUND", callStatus: "FAILED", callDuration: 0, callQuality: { mos: 4.2 } },
      { errorDetails: { errorCode: -2010, errorMsg: "Your concurrent call limit has been reached." }, clientRequestId: "req-1-2" },
    );
    expect(classifySummary(failed)).toEqual({
      outcome: "error",
      sessionStatus: "ERROR",
      errorCode: -2010,
      direction: "OUTBOUND",
      reached: false,
      clientRequestId: "req-1-2",
      durationSeconds: 0,
      mos: 4.2,
    });
  });

  it("gives an outcome to any shape, never an exception", () => {
    for (const payload of [null, 42, "x", [], {}, { details: [] }, { sessionStatus: "NEW_STATUS", details: { callA: null } }]) {
      expect(classifySummary(payload).outcome).toBe("failed");
    }
    expect(classifySummary({}).sessionStatus).toBe("UNKNOWN");
  });
});
