/**
 * How the session page tells an outbound call (web/src/outbound-attempts.ts): attempts and the
 * retries between them in order, each retry's reason as the follow-up module names it (the
 * status, `ERROR <code>`, `unknown`), a retry still waiting, and the request's outcome in words.
 * The browser test (test/browser/outbound.test.ts) reads the same from a real server.
 */
import { describe, expect, it } from "vitest";
import type { OutboundAttemptView, OutboundRequestView, SessionOutbound } from "../../web/src/api-types.js";
import { attemptResult, outboundSteps, requestOutcome, retryReasonOf } from "../../web/src/outbound-attempts.js";

const request: OutboundRequestView = {
  requestId: "call-1",
  campaign: null,
  contactId: null,
  to: "+6590000002",
  from: "+6560000001",
  flow: "reminder",
  vars: { name: "Ada" },
  timezone: null,
  state: "completed",
  attempts: 2,
  nextAttemptAt: null,
  retryReason: null,
  outcome: "completed",
  lastSessionId: "s2",
  lastErrorCode: null,
  createdAt: "2026-03-02T12:00:00.000Z",
  updatedAt: "2026-03-02T12:02:10.000Z",
};

function attempt(n: number, fields: Partial<OutboundAttemptView>): OutboundAttemptView {
  return {
    clientRequestId: `call-1-${n}`,
    requestId: "call-1",
    attempt: n,
    state: "ended",
    sessionId: `s${n}`,
    validUntil: "2026-03-02T12:10:00.000Z",
    openedAt: `2026-03-02T12:0${n}:00.000Z`,
    placedAt: `2026-03-02T12:0${n}:01.000Z`,
    endedAt: `2026-03-02T12:0${n}:09.000Z`,
    sessionStatus: "COMPLETED",
    outcome: "completed",
    errorCode: null,
    detail: null,
    ...fields,
  };
}

describe("an outbound session's attempts", () => {
  it("lists a busy attempt, the retry it caused (when and why), then the answered one, marking the page's own session", () => {
    const outbound: SessionOutbound = { request, attempts: [attempt(2, {}), attempt(1, { sessionStatus: "BUSY", outcome: "unreachable" })] };
    const steps = outboundSteps(outbound, "s2");
    expect(steps.map((step) => step.kind)).toEqual(["attempt", "retry", "attempt"]);
    expect(steps[0]).toMatchObject({ attempt: { attempt: 1 }, current: false, result: "busy (unreachable)" });
    expect(steps[1]).toEqual({ kind: "retry", after: 1, scheduledAt: "2026-03-02T12:01:09.000Z", reason: "BUSY", nextAt: "2026-03-02T12:02:00.000Z", waiting: false });
    expect(steps[2]).toMatchObject({ attempt: { attempt: 2 }, current: true, result: "completed" });
    expect(requestOutcome(outbound)).toBe("completed after 2 attempts");
  });

  it("shows a retry still waiting, with the request's reason and its next time", () => {
    const waiting: SessionOutbound = {
      request: { ...request, state: "scheduled", attempts: 1, retryReason: "ERROR -2010", nextAttemptAt: "2026-03-02T12:12:00.000Z", outcome: "error", lastErrorCode: -2010 },
      attempts: [attempt(1, { sessionStatus: "ERROR", outcome: "error", errorCode: -2010 })],
    };
    const steps = outboundSteps(waiting, "s1");
    expect(steps.at(-1)).toEqual({ kind: "retry", after: 1, scheduledAt: "2026-03-02T12:01:09.000Z", reason: "ERROR -2010", nextAt: "2026-03-02T12:12:00.000Z", waiting: true });
    expect(attemptResult(waiting.attempts[0]!)).toBe("error -2010");
    expect(requestOutcome(waiting)).toBe("waiting for a retry after 1 attempt");
  });

  it("names each reason as the retry policy does, and says where open or refused attempts stand", () => {
    expect(retryReasonOf(attempt(1, { state: "unknown", sessionStatus: null, outcome: "unknown" }))).toBe("unknown");
    expect(retryReasonOf(attempt(1, { sessionStatus: "NO_ANSWER" }))).toBe("NO_ANSWER");
    expect(retryReasonOf(attempt(1, { sessionStatus: "ERROR", errorCode: -2001 }))).toBe("ERROR -2001");
    expect(attemptResult(attempt(1, { state: "placed", endedAt: null }))).toBe("in progress");
    expect(attemptResult(attempt(1, { state: "refused", sessionStatus: null, errorCode: -1009, detail: "Invalid call flow entry provided." }))).toBe("refused by the platform -1009: Invalid call flow entry provided.");
    expect(requestOutcome({ request: { ...request, state: "error", attempts: 1, lastErrorCode: -2004 }, attempts: [] })).toBe("error -2004 after 1 attempt");
  });
});
