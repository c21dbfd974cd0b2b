/**
 * Closing attempts: from their summary (a `summary` job) or, when none came by `validUntil` plus
 * a grace period, as `unknown`. Each close is conditional on the attempt still being open, and the
 * request's next step is written with it, so a summary delivered three times, a job run twice
 * after a crash, or two instances at once, all yield one retry.
 */
import type { ClaimedJob, OutboundStore } from "../store/index.js";
import { nextStep, policyOf } from "./next-step.js";
import { retryReason } from "./retry-policy.js";
import type { SummaryJobPayload } from "./summary-jobs.js";

/** How long after its `validUntil` an attempt without a summary becomes `unknown` (issue 10: 5 minutes). */
export const UNKNOWN_AFTER_MS = 5 * 60_000;

/** What settling did, for logs and tests. */
export interface Settled {
  clientRequestId: string;
  requestId: string;
  outcome: string;
  /** When the request is tried again; null when it ended. */
  retryAt: Date | null;
}

/**
 * Closes the attempt a summary job names (by clientRequestId, else by sessionId) and schedules its
 * retry or ends its request. Null when the summary is none of ours or its attempt was already closed.
 */
export async function settleSummary(store: OutboundStore, job: ClaimedJob, now: Date, random?: () => number): Promise<Settled | null> {
  const summary = job.payload as SummaryJobPayload;
  const found = await store.findAttempt({ clientRequestId: summary.clientRequestId, sessionId: summary.sessionId });
  if (!found || (found.attempt.state !== "sending" && found.attempt.state !== "placed")) return null;
  const { request, attempt } = found;
  const reason = retryReason(policyOf(request), summary);
  const next = nextStep(request, attempt.attempt, summary.outcome, reason, now, random);
  const closed = await store.closeAttempt({
    clientRequestId: attempt.clientRequestId,
    state: "ended",
    at: now,
    sessionId: summary.sessionId,
    sessionStatus: summary.sessionStatus,
    outcome: summary.outcome,
    errorCode: summary.errorCode,
    next,
  });
  if (!closed) return null;
  return { clientRequestId: attempt.clientRequestId, requestId: request.requestId, outcome: summary.outcome, retryAt: "retryAt" in next ? next.retryAt : null };
}

/**
 * Attempts still open `UNKNOWN_AFTER_MS` after their `validUntil` become `unknown`: 8x8 will not
 * start them any more, so a retry cannot make a second call. Retryable like a failure.
 */
export async function expireAttempts(store: OutboundStore, now: Date, limit: number, random?: () => number): Promise<Settled[]> {
  const expired = await store.listExpiredAttempts({ validBefore: new Date(now.getTime() - UNKNOWN_AFTER_MS), limit });
  const settled: Settled[] = [];
  for (const { request, attempt } of expired) {
    const next = nextStep(request, attempt.attempt, "unknown", "unknown", now, random);
    const detail = `no session summary by validUntil ${attempt.validUntil} plus ${UNKNOWN_AFTER_MS / 60_000} minutes`;
    const closed = await store.closeAttempt({ clientRequestId: attempt.clientRequestId, state: "unknown", at: now, outcome: "unknown", detail, next });
    if (closed) settled.push({ clientRequestId: attempt.clientRequestId, requestId: request.requestId, outcome: "unknown", retryAt: "retryAt" in next ? next.retryAt : null });
  }
  return settled;
}
