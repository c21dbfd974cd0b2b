/**
 * An outbound session's call as the session page tells it: each attempt (its clientRequestId,
 * when it was opened and sent, its session, how it ended) and, between two attempts, the retry
 * that was scheduled when the earlier one ended, with its reason; after the last one, the retry
 * still waiting, if any. In time order. Pure: built from `GET /api/sessions/:id`'s `outbound`,
 * tested in test/dashboard/outbound-attempts.test.ts.
 */
import type { OutboundAttemptView, SessionOutbound } from "./api-types.js";
import { words } from "./format.js";

/** One attempt, as a line of the list. */
export interface AttemptStep {
  kind: "attempt";
  attempt: OutboundAttemptView;
  /** Whether this attempt made the session the page shows. */
  current: boolean;
  /** How it ended, in words (`busy`, `completed`, `ERROR -2004: ...`), or where it stands. */
  result: string;
}

/** A retry scheduled after an attempt. */
export interface RetryStep {
  kind: "retry";
  /** The attempt it follows. */
  after: number;
  /** When it was scheduled: when that attempt ended; null when the store does not say. */
  scheduledAt: string | null;
  /** Why: `BUSY`, `NO_ANSWER`, `ERROR -2010`, `unknown` (no summary came). */
  reason: string;
  /** When the next attempt was opened, or may be (still waiting); null when unknown. */
  nextAt: string | null;
  /** Whether it is still waiting (the request is scheduled again). */
  waiting: boolean;
}

/** What the outbound part of the session page lists. */
export type OutboundStep = AttemptStep | RetryStep;

/** Why an attempt that ended was retried, as the follow-up module names it (retry-policy.ts). */
export function retryReasonOf(attempt: OutboundAttemptView): string {
  if (attempt.state === "unknown") return "unknown";
  if (attempt.sessionStatus === "ERROR") return attempt.errorCode === null ? "ERROR" : `ERROR ${attempt.errorCode}`;
  return attempt.sessionStatus ?? attempt.outcome ?? attempt.state;
}

/** An attempt's result in words. */
export function attemptResult(attempt: OutboundAttemptView): string {
  if (attempt.state === "sending") return "being sent";
  if (attempt.state === "placed") return "in progress";
  if (attempt.state === "unknown") return "unknown: no session summary came in time";
  const code = attempt.errorCode === null ? "" : ` ${attempt.errorCode}`;
  if (attempt.state === "refused") return `refused by the platform${code}${attempt.detail ? `: ${attempt.detail}` : ""}`;
  const status = attempt.sessionStatus ? words(attempt.sessionStatus) : "ended";
  const outcome = attempt.outcome && attempt.outcome !== status ? ` (${attempt.outcome})` : "";
  return `${status}${code}${outcome}${attempt.detail ? `: ${attempt.detail}` : ""}`;
}

/** The attempts and retries of `outbound`, oldest first; `sessionId` is the page's session. */
export function outboundSteps(outbound: SessionOutbound, sessionId: string): OutboundStep[] {
  const attempts = [...outbound.attempts].sort((a, b) => a.attempt - b.attempt);
  const steps: OutboundStep[] = [];
  attempts.forEach((attempt, index) => {
    steps.push({ kind: "attempt", attempt, current: attempt.sessionId === sessionId, result: attemptResult(attempt) });
    const next = attempts[index + 1];
    if (next) {
      steps.push({ kind: "retry", after: attempt.attempt, scheduledAt: attempt.endedAt, reason: retryReasonOf(attempt), nextAt: next.openedAt, waiting: false });
    }
  });
  const last = attempts.at(-1);
  const request = outbound.request;
  if (request.state === "scheduled" && request.retryReason !== null && last && last.attempt === request.attempts) {
    steps.push({ kind: "retry", after: last.attempt, scheduledAt: last.endedAt, reason: request.retryReason, nextAt: request.nextAttemptAt, waiting: true });
  }
  return steps;
}

/** The request's final outcome in words, or where it stands. */
export function requestOutcome(outbound: SessionOutbound): string {
  const { request } = outbound;
  const tries = `${request.attempts} attempt${request.attempts === 1 ? "" : "s"}`;
  if (request.state === "scheduled") return request.attempts === 0 ? "waiting for its first attempt" : `waiting for a retry after ${tries}`;
  if (request.state === "dialing") return `attempt ${request.attempts} in progress`;
  const code = request.lastErrorCode === null ? "" : ` ${request.lastErrorCode}`;
  return `${request.state}${code} after ${tries}`;
}
