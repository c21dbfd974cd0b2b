import { describe, expect, it } from "vitest";
import { summaryColumns } from "./summary-columns.js";

describe("summaryColumns", () => {
  it("reads the outcome, code, request, duration and MOS of the caller's leg", () => {
    const payload = {
      sessionStatus: "ERROR",
      clientRequestId: "call-1-2",
      errorDetails: { errorCode: -2010, errorMsg: "x" },
      details: { callA: { callDirection: "OUTBOUND", callStatus: "FAILED", callDuration: 0, callQuality: { mos: 3.9 } } },
    };
    expect(summaryColumns(payload)).toEqual({ outcome: "error", errorCode: -2010, clientRequestId: "call-1-2", durationSeconds: 0, mos: 3.9, direction: "OUTBOUND", source: null, destination: null });
  });

  it("leaves null what no column could hold, so the summary is never refused for a report's column", () => {
    const payload = {
      sessionStatus: "COMPLETED",
      clientRequestId: "bad\u0000id",
      errorDetails: { errorCode: 1e12 },
      details: { callA: { callStatus: "COMPLETED", callDuration: 1e300, callQuality: { mos: 42 } } },
    };
    expect(summaryColumns(payload)).toEqual({ outcome: "completed", errorCode: null, clientRequestId: null, durationSeconds: null, mos: null, direction: null, source: null, destination: null });
    expect(summaryColumns({ clientRequestId: "x".repeat(257) }).clientRequestId).toBeNull();
  });

  it("reads the first leg's direction and numbers, for a session no VCA described", () => {
    const payload = { sessionStatus: "NO_ANSWER", details: { callA: { callDirection: "OUTBOUND", source: "+6560000001", destination: "+6591234567" } } };
    expect(summaryColumns(payload)).toMatchObject({ direction: "OUTBOUND", source: "+6560000001", destination: "+6591234567" });
    const odd = { details: { callA: { callDirection: "sideways", source: "+65\u0000", destination: 6591234567 } } };
    expect(summaryColumns(odd)).toMatchObject({ direction: null, source: null, destination: null });
  });
});
