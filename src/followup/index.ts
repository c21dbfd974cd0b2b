/**
 * `followup/`: what happens after a session: its outcome, retries of failed outbound calls,
 * calling windows, and (as they land) outbound requests and campaigns. It plugs its routes and
 * its summary listener into the server, which never imports it.
 */
export {
  parseRetryPolicy,
  retryReason,
  nextAttemptAt,
  DEFAULT_RETRY_POLICY,
  NEVER_RETRIED_CODES,
  RETRYABLE_STATUSES,
  RetryPolicyError,
  type RetryPolicy as CallRetryPolicy,
  type RetryPolicySpec as CallRetryPolicySpec,
} from "./retry-policy.js";
export {
  parseCallingWindow,
  nextCallTime,
  isTimeZone,
  assertTimeZone,
  CallingWindowError,
  type CallingWindow,
  type CallingWindowSpec,
} from "./calling-window.js";
export { Dispatcher, type DispatcherOptions, type CallflowFor, type AttemptEvent } from "./dispatcher.js";
export { OutboundFlows, UnknownFlowError } from "./outbound-flows.js";
export { summaryJobs, SUMMARY_JOB, type SummaryJobPayload } from "./summary-jobs.js";
export { createFollowup, type Followup, type FollowupOptions } from "./plugin.js";
export { readCallRequest, CallRequestError, type CallRequestBody } from "./call-request.js";
export { Pacer } from "./pacer.js";
export { UNKNOWN_AFTER_MS, type Settled } from "./settle.js";
export { placeCall, type PlaceCallOptions, type PlacedCall } from "./control-client.js";
