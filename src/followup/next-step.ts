/**
 * What a request does after an attempt closes: scheduled again (when its policy retries this
 * outcome and allows another attempt) or ended in its final state. Shared by the summary that
 * closes an attempt and by the expiry of an attempt whose summary never came.
 */
import type { CloseAttemptInput, OutboundRequest, OutboundState } from "../store/index.js";
import { DEFAULT_RETRY_POLICY, nextAttemptAt, type RetryPolicy } from "./retry-policy.js";

/** The stored policy of a request, or the default for one stored without a readable policy. */
export function policyOf(request: OutboundRequest): RetryPolicy {
  const stored = request.policy as Partial<RetryPolicy> | null;
  if (stored === null || typeof stored !== "object" || !Array.isArray(stored.backoffMs) || typeof stored.maxAttempts !== "number") {
    return DEFAULT_RETRY_POLICY;
  }
  return { ...DEFAULT_RETRY_POLICY, ...stored };
}

/** The final state for an outcome (`unknown` ends as failed: nobody knows if the call happened). */
export function finalStateFor(outcome: string): OutboundState {
  return outcome === "completed" || outcome === "unreachable" || outcome === "error" ? outcome : "failed";
}

/**
 * The request's next step after attempt `attemptNumber` ended with `outcome`: a retry at the time
 * the policy gives (with `reason`), or the final state when `reason` is null or no attempt is left.
 */
export function nextStep(
  request: OutboundRequest,
  attemptNumber: number,
  outcome: string,
  reason: string | null,
  now: Date,
  random?: () => number,
): CloseAttemptInput["next"] {
  if (reason !== null) {
    const retryAt = nextAttemptAt(policyOf(request), attemptNumber, now, { timezone: request.timezone, ...(random ? { random } : {}) });
    if (retryAt !== null) return { retryAt, reason };
  }
  return { final: finalStateFor(outcome) };
}
