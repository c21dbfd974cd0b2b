/**
 * The work a session summary leaves for the followup module, written in the summary's own
 * transaction (so it survives restarts and a redelivered summary adds none):
 *
 * - a `summary` job for each outbound session (or every session, when code listens with
 *   `onSessionEnd`), which the dispatcher turns into the attempt's outcome and, when the policy
 *   says so, its retry;
 * - a `forward-outcome` job for every session when outcomes are forwarded (`--forward-outcomes`).
 *
 * @example
 * createServer({ ..., summaryJobs: summaryJobsFor({ everySession: false, forward: true }) });
 */
import type { JobInput } from "../store/index.js";
import { classifySummary, type ClassifiedSummary } from "../voice/index.js";
import { FORWARD_JOB } from "./outcome-forwarder.js";

/** The kind of the job a summary of an outbound session leaves. */
export const SUMMARY_JOB = "summary";

/** What a summary job carries: the classified summary and its session. */
export interface SummaryJobPayload extends ClassifiedSummary {
  sessionId: string;
}

/** What a forwarded outcome looks like: the classified summary, its session, and when it arrived. */
export interface ForwardedOutcome extends ClassifiedSummary {
  sessionId: string;
  /** When the summary arrived (ISO-8601). */
  endedAt: string;
}

/** Which jobs summaries leave (see the module comment). */
export interface SummaryJobsSettings {
  /** A `summary` job for inbound sessions too (for `onSessionEnd`). */
  everySession: boolean;
  /** A `forward-outcome` job for every session. */
  forward: boolean;
}

/** The `summaryJobs` option of createServer, for these settings. */
export function summaryJobsFor(settings: SummaryJobsSettings): (summary: { sessionId: string; payload: unknown; receivedAt: Date }) => JobInput[] {
  return ({ sessionId, payload, receivedAt }) => {
    const classified = classifySummary(payload);
    const jobs: JobInput[] = [];
    if (settings.everySession || classified.clientRequestId !== null || classified.direction === "OUTBOUND") {
      const summary: SummaryJobPayload = { sessionId, ...classified };
      jobs.push({ key: `${SUMMARY_JOB}:${sessionId}`, kind: SUMMARY_JOB, runAt: receivedAt, payload: summary });
    }
    if (settings.forward) {
      const outcome: ForwardedOutcome = { sessionId, ...classified, endedAt: receivedAt.toISOString() };
      jobs.push({ key: `${FORWARD_JOB}:${sessionId}`, kind: FORWARD_JOB, runAt: receivedAt, payload: outcome });
    }
    return jobs;
  };
}

/** The jobs for one stored summary when only outbound calls are followed up: a `summary` job for an outbound session. */
export const summaryJobs = summaryJobsFor({ everySession: false, forward: false });
