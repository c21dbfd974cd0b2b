/**
 * The work a session summary leaves for the followup module, written in the summary's own
 * transaction (so it survives restarts and a redelivered summary adds none): a `summary` job for
 * each outbound session, which the dispatcher turns into the attempt's outcome and, when the
 * policy says so, its retry.
 *
 * @example
 * server.switchboardSummaryJobs(summaryJobs); // the server asks it for each new summary
 */
import type { JobInput } from "../store/index.js";
import { classifySummary, type ClassifiedSummary } from "../voice/index.js";

/** The kind of the job a summary of an outbound session leaves. */
export const SUMMARY_JOB = "summary";

/** What a summary job carries: the classified summary and its session. */
export interface SummaryJobPayload extends ClassifiedSummary {
  sessionId: string;
}

/** The jobs for one stored summary: a `summary` job when the session is outbound or names a request. */
export function summaryJobs(summary: { sessionId: string; payload: unknown; receivedAt: Date }): JobInput[] {
  const classified = classifySummary(summary.payload);
  if (classified.clientRequestId === null && classified.direction !== "OUTBOUND") return [];
  const payload: SummaryJobPayload = { sessionId: summary.sessionId, ...classified };
  return [{ key: `${SUMMARY_JOB}:${summary.sessionId}`, kind: SUMMARY_JOB, runAt: summary.receivedAt, payload }];
}
