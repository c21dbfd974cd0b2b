/**
 * What a session came to, in four words a report can count: `completed`, `unreachable` (NO_ANSWER,
 * BUSY), `failed` (FAILED, CANCELED and statuses this version does not know) or `error` (ERROR, with
 * its errorDetails code). Read from a VSS payload as stored (camel-cased keys, any shape: a
 * summary from an older or newer platform must still get an outcome, never an exception). Pure,
so the server stores each session's outcome with its summary whatever else is plugged in.
 *
 * An outbound session is judged by the callee's leg (callA): a callee who answered was reached,
 * so the session is `completed` even when its status is BUSY because a transfer target was busy
 * (SPEC 5), and is never called again.
 *
 * @example
 * classifySummary({ sessionStatus: "BUSY", details: { callA: { callDirection: "OUTBOUND", callStatus: "COMPLETED" } } });
 * // { outcome: "completed", reached: true, direction: "OUTBOUND", sessionStatus: "BUSY", errorCode: null, ... }
 */

/** The outcomes, in the order reports list them. */
export const OUTCOMES = ["completed", "unreachable", "failed", "error"] as const;
/** What a session came to (see `OUTCOMES`). */
export type Outcome = (typeof OUTCOMES)[number];

/** A classified session summary. */
export interface ClassifiedSummary {
  outcome: Outcome;
  /** The VSS `sessionStatus` as delivered (`UNKNOWN` when absent). */
  sessionStatus: string;
  /** `errorDetails.errorCode` when the summary carries one, else null. */
  errorCode: number | null;
  /** INBOUND or OUTBOUND, from the first leg; null when the summary does not say. */
  direction: "INBOUND" | "OUTBOUND" | null;
  /** Whether the first leg (the callee of an outbound call, the caller of an inbound one) was answered. */
  reached: boolean;
  /** The echoed Send Callflow `clientRequestId`, when present. */
  clientRequestId: string | null;
  /** Seconds the first leg was connected, when the summary says. */
  durationSeconds: number | null;
  /** The first leg's MOS (call quality, 1.0-5.0), when measured. */
  mos: number | null;
}

const BY_STATUS: Readonly<Record<string, Outcome>> = {
  COMPLETED: "completed",
  COMPLETED_UNSUBSCRIBED: "completed",
  COMPLETED_UNSUB_ERROR: "completed",
  NO_ANSWER: "unreachable",
  BUSY: "unreachable",
  FAILED: "failed",
  CANCELED: "failed",
  UNSUBSCRIBED_CONTACT: "failed",
  ERROR: "error",
};

/** Classifies a stored VSS payload (see the module comment for the rules). */
export function classifySummary(payload: unknown): ClassifiedSummary {
  const summary = record(payload);
  const sessionStatus = text(summary.sessionStatus) ?? "UNKNOWN";
  const firstLeg = record(record(summary.details).callA);
  const direction = directionOf(text(firstLeg.callDirection));
  const reached = text(firstLeg.connectedTimestamp) !== null || text(firstLeg.callStatus) === "COMPLETED";
  const byStatus = BY_STATUS[sessionStatus] ?? "failed";
  return {
    outcome: direction === "OUTBOUND" && reached ? "completed" : byStatus,
    sessionStatus,
    errorCode: integer(record(summary.errorDetails).errorCode),
    direction,
    reached,
    clientRequestId: text(summary.clientRequestId),
    durationSeconds: finite(firstLeg.callDuration),
    mos: finite(record(firstLeg.callQuality).mos),
  };
}

function directionOf(value: string | null): ClassifiedSummary["direction"] {
  return value === "INBOUND" || value === "OUTBOUND" ? value : null;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function finite(value: unknown): number | null {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : null;
}

function integer(value: unknown): number | null {
  const number = finite(value);
  return number !== null && Number.isInteger(number) ? number : null;
}
