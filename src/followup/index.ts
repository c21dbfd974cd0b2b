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
export { realClock, instantClock, clockFor, STALLED_STEP_MS, type FollowupClock, type ClockSpec } from "./followup-clock.js";
export { Dispatcher, type DispatcherOptions, type CallflowFor, type AttemptEvent } from "./dispatcher.js";
export { OutboundFlows, UnknownFlowError } from "./outbound-flows.js";
export { summaryJobs, summaryJobsFor, SUMMARY_JOB, type SummaryJobPayload, type ForwardedOutcome, type SummaryJobsSettings } from "./summary-jobs.js";
export { OutcomeForwarder, FORWARD_JOB, type OutcomeForwarderOptions } from "./outcome-forwarder.js";
export { createFollowup, type Followup, type FollowupOptions } from "./plugin.js";
export { readCallRequest, CallRequestError, type CallRequestBody } from "./call-request.js";
export { Pacer } from "./pacer.js";
export { UNKNOWN_AFTER_MS, type Settled } from "./settle.js";
export { placeCall, type PlaceCallOptions, type PlacedCall } from "./control-client.js";
export { readCampaignRequest, CampaignRequestError, DEFAULT_CAMPAIGN_RATE, DEFAULT_CAMPAIGN_CONCURRENCY, type CampaignRequestBody, type CampaignPlan, type CampaignSettings } from "./campaigns/campaign-request.js";
export { readContacts, MAX_CONTACTS, CONTACT_COLUMNS, type Contact, type ContactProblem, type ContactsReading, type ContactsRules } from "./campaigns/contacts.js";
export { campaignStatus, type CampaignStatus, type CampaignCounts } from "./campaigns/status.js";
export { EXPORT_COLUMNS, type ExportRow } from "./campaigns/export.js";
export { CAMPAIGN_BODY_LIMIT } from "./routes/campaigns.js";
