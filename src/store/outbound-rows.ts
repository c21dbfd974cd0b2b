/**
 * Row shapes of the outbound tables and their mapping to the port's types, shared by SQLite and
 * Postgres so both hand the followup module identical objects. JSON columns are text in SQLite and
 * parsed by the driver in Postgres; times are ISO text in SQLite and Date in Postgres.
 */
import type { AttemptState, CampaignRecord, CampaignState, OutboundAttempt, OutboundRequest, OutboundState } from "./outbound-types.js";
import { isoTime, parseJson } from "./rows.js";

export interface OutboundRequestRow {
  request_id: string;
  campaign: string | null;
  contact_id: string | null;
  to_number: string;
  from_number: string;
  flow: string;
  vars: unknown;
  policy: unknown;
  timezone: string | null;
  valid_for_ms: number | string;
  state: string;
  attempts: number | string;
  next_attempt_at: string | Date | null;
  retry_reason: string | null;
  outcome: string | null;
  last_session_id: string | null;
  last_error_code: number | string | null;
  created_at: string | Date;
  updated_at: string | Date;
}

export interface OutboundAttemptRow {
  client_request_id: string;
  request_id: string;
  attempt: number | string;
  state: string;
  session_id: string | null;
  valid_until: string | Date;
  opened_at: string | Date;
  placed_at: string | Date | null;
  ended_at: string | Date | null;
  session_status: string | null;
  outcome: string | null;
  error_code: number | string | null;
  detail: string | null;
}

export interface CampaignRow {
  name: string;
  state: string;
  flow: string;
  from_number: string;
  rate: number | string;
  concurrency: number | string;
  policy: unknown;
  settings: unknown;
  created_at: string | Date;
  updated_at: string | Date;
}

/** The columns of `outbound_requests` in the order the row shape lists them. */
export const REQUEST_COLUMNS =
  "request_id, campaign, contact_id, to_number, from_number, flow, vars, policy, timezone, valid_for_ms, state, attempts, next_attempt_at, retry_reason, outcome, last_session_id, last_error_code, created_at, updated_at";

/** The columns of `outbound_attempts` in the order the row shape lists them. */
export const ATTEMPT_COLUMNS =
  "client_request_id, request_id, attempt, state, session_id, valid_until, opened_at, placed_at, ended_at, session_status, outcome, error_code, detail";

const optionalTime = (value: string | Date | null): string | null => (value === null ? null : isoTime(value));
const optionalNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

export function toOutboundRequest(row: OutboundRequestRow): OutboundRequest {
  return {
    requestId: row.request_id,
    campaign: row.campaign,
    contactId: row.contact_id,
    to: row.to_number,
    from: row.from_number,
    flow: row.flow,
    vars: parseJson<Record<string, string>>(row.vars),
    policy: parseJson<unknown>(row.policy),
    timezone: row.timezone,
    validForMs: Number(row.valid_for_ms),
    state: row.state as OutboundState,
    attempts: Number(row.attempts),
    nextAttemptAt: optionalTime(row.next_attempt_at),
    retryReason: row.retry_reason,
    outcome: row.outcome,
    lastSessionId: row.last_session_id,
    lastErrorCode: optionalNumber(row.last_error_code),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

export function toOutboundAttempt(row: OutboundAttemptRow): OutboundAttempt {
  return {
    clientRequestId: row.client_request_id,
    requestId: row.request_id,
    attempt: Number(row.attempt),
    state: row.state as AttemptState,
    sessionId: row.session_id,
    validUntil: isoTime(row.valid_until),
    openedAt: isoTime(row.opened_at),
    placedAt: optionalTime(row.placed_at),
    endedAt: optionalTime(row.ended_at),
    sessionStatus: row.session_status,
    outcome: row.outcome,
    errorCode: optionalNumber(row.error_code),
    detail: row.detail,
  };
}

export function toCampaignRecord(row: CampaignRow, counts: ReadonlyArray<{ state: string; count: number | string }>): CampaignRecord {
  const byState: Partial<Record<OutboundState, number>> = {};
  let total = 0;
  for (const { state, count } of counts) {
    byState[state as OutboundState] = Number(count);
    total += Number(count);
  }
  return {
    name: row.name,
    state: row.state as CampaignState,
    flow: row.flow,
    from: row.from_number,
    rate: Number(row.rate),
    concurrency: Number(row.concurrency),
    policy: parseJson<unknown>(row.policy),
    settings: parseJson<unknown>(row.settings),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    counts: byState,
    total,
  };
}

/** Attempt n of a request: what 8x8 echoes back in the VSS. */
export function clientRequestIdOf(requestId: string, attempt: number): string {
  return `${requestId}-${attempt}`;
}
