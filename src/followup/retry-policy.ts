/**
 * When a failed outbound call is tried again: which statuses and error codes, how many attempts,
 * how long to wait between them (with jitter, so a list of callees that all failed together does
 * not come back together), and the calling window the retry must fall in. Written in a flow file's
 * `retry:` block, overridable per campaign.
 *
 * Some failures are never retried whatever the policy says, because calling again cannot change
 * them and may cost money or a blocked caller ID: -2003 (the callflow is invalid), -2004 (no
 * coverage for the area), -2008 (caller ID not whitelisted), -2009 (scenario parameters invalid),
 * and a request the platform refused with a -10xx code. A callee who answered is never called
 * again.
 *
 * @example
 * const policy = parseRetryPolicy({ maxAttempts: 4, backoff: ["1m", "5m"] });
 * retryReason(policy, classifySummary(vss.payload)); // "BUSY", or null when it is not retried
 * nextAttemptAt(policy, 1, now); // now + 1m ± jitter, moved into the window if there is one
 */
import { parseDuration } from "../util/index.js";
import { nextCallTime, parseCallingWindow, CallingWindowError, type CallingWindow, type CallingWindowSpec } from "./calling-window.js";
import type { ClassifiedSummary } from "../voice/index.js";

/** A retry policy ready to use (see `parseRetryPolicy` for the written form). */
export interface RetryPolicy {
  /** Session statuses retried (ERROR is judged by `errorCodes`). */
  statuses: readonly string[];
  /** `errorDetails.errorCode` values of an ERROR session that are retried. */
  errorCodes: readonly number[];
  /** Attempts in all, the first included (1 means never retry). */
  maxAttempts: number;
  /** Wait before attempt n+1 is `backoffMs[n-1]`; the last entry repeats. */
  backoffMs: readonly number[];
  /** Each wait is scaled by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  /** Calls are placed only inside this window, when there is one. */
  window: CallingWindow | null;
}

/** A retry policy as written in a flow file's `retry:` block or a campaign's options; absent fields keep the base's. */
export interface RetryPolicySpec {
  statuses?: readonly string[];
  errorCodes?: readonly number[];
  maxAttempts?: number;
  backoff?: readonly string[];
  jitter?: number;
  window?: CallingWindowSpec | null;
}

/** Statuses a policy may list: the failures that a later call can change. */
export const RETRYABLE_STATUSES = ["NO_ANSWER", "BUSY", "FAILED", "CANCELED"] as const;
/** Error codes never retried: calling again cannot change them (see the module comment). */
export const NEVER_RETRIED_CODES: readonly number[] = [-2003, -2004, -2008, -2009];

/** The policy when a flow says nothing: NO_ANSWER, BUSY, FAILED and four transient errors, 3 attempts, 2m/10m/30m. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  statuses: Object.freeze(["NO_ANSWER", "BUSY", "FAILED"]),
  errorCodes: Object.freeze([-2001, -2002, -2010, -9999]),
  maxAttempts: 3,
  backoffMs: Object.freeze([120_000, 600_000, 1_800_000]),
  jitter: 0.1,
  window: null,
});

const MAX_ATTEMPTS_LIMIT = 20;
const MAX_BACKOFF_MS = 7 * 86_400_000;

/** A policy that cannot be used; `field` is its path within the `retry:` block (`backoff[1]`, `window.timezone`). */
export class RetryPolicyError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`retry.${field}: ${message}`);
    this.name = "RetryPolicyError";
  }
}

/** Checks a written policy over `base` (the flow's, or the default) and returns it ready to use. */
export function parseRetryPolicy(spec: RetryPolicySpec, base: RetryPolicy = DEFAULT_RETRY_POLICY): RetryPolicy {
  return {
    statuses: spec.statuses === undefined ? base.statuses : checkStatuses(spec.statuses),
    errorCodes: spec.errorCodes === undefined ? base.errorCodes : checkErrorCodes(spec.errorCodes),
    maxAttempts: spec.maxAttempts === undefined ? base.maxAttempts : checkMaxAttempts(spec.maxAttempts),
    backoffMs: spec.backoff === undefined ? base.backoffMs : checkBackoff(spec.backoff),
    jitter: spec.jitter === undefined ? base.jitter : checkJitter(spec.jitter),
    window: spec.window === undefined ? base.window : spec.window === null ? null : checkWindow(spec.window),
  };
}

function checkStatuses(statuses: readonly string[]): string[] {
  assertList("statuses", statuses, '["NO_ANSWER", "BUSY"]');
  statuses.forEach((status, index) => {
    if (!(RETRYABLE_STATUSES as readonly string[]).includes(status)) {
      const hint = status === "ERROR" ? " (list ERROR's codes in errorCodes instead)" : "";
      throw new RetryPolicyError(`statuses[${index}]`, `"${status}" cannot be retried${hint}; expected some of ${RETRYABLE_STATUSES.join(", ")}`);
    }
  });
  return [...statuses];
}

function checkErrorCodes(codes: readonly number[]): number[] {
  assertList("errorCodes", codes, "[-2001, -2002]");
  codes.forEach((code, index) => {
    if (!Number.isInteger(code) || code >= 0) throw new RetryPolicyError(`errorCodes[${index}]`, `${JSON.stringify(code)} is not a session error code (expected e.g. -2001)`);
    if (code <= -1000 && code > -2000) throw new RetryPolicyError(`errorCodes[${index}]`, `${code} is a request refusal: the same request is refused again, so it is never retried`);
    if (NEVER_RETRIED_CODES.includes(code)) throw new RetryPolicyError(`errorCodes[${index}]`, `${code} is never retried: calling again cannot change it (never retried: ${NEVER_RETRIED_CODES.join(", ")})`);
  });
  return [...codes];
}

function checkMaxAttempts(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_ATTEMPTS_LIMIT) {
    throw new RetryPolicyError("maxAttempts", `${JSON.stringify(value)} is not a whole number from 1 to ${MAX_ATTEMPTS_LIMIT}`);
  }
  return value;
}

function checkBackoff(backoff: readonly string[]): number[] {
  assertList("backoff", backoff, "[2m, 10m, 30m]");
  if (backoff.length === 0) throw new RetryPolicyError("backoff", "is empty: give at least one wait, e.g. [2m, 10m, 30m]");
  return backoff.map((text, index) => {
    const ms = typeof text === "string" ? parseDuration(text) : null;
    if (ms === null || ms > MAX_BACKOFF_MS) {
      throw new RetryPolicyError(`backoff[${index}]`, `${JSON.stringify(text)} is not a wait from 0s to 7d (expected a number with a unit, e.g. 2m)`);
    }
    return ms;
  });
}

/** A spec from a request body or YAML is not type-checked: a single value where a list belongs is refused by name. */
function assertList(field: string, value: unknown, example: string): void {
  if (!Array.isArray(value)) throw new RetryPolicyError(field, `${JSON.stringify(value)} is not a list (expected e.g. ${example})`);
}

function checkJitter(value: number): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw new RetryPolicyError("jitter", `${JSON.stringify(value)} is not a fraction from 0 to 1`);
  return value;
}

function checkWindow(spec: CallingWindowSpec): CallingWindow {
  try {
    return parseCallingWindow(spec);
  } catch (error) {
    if (error instanceof CallingWindowError) throw new RetryPolicyError(`window.${error.field}`, error.message);
    throw error;
  }
}

/**
 * Why this summary's call is retried (its status, or `ERROR <code>`), or null when it is not:
 * reached, completed, a status or code the policy does not list, or one never retried.
 */
export function retryReason(policy: RetryPolicy, summary: ClassifiedSummary): string | null {
  if (summary.outcome === "completed" || summary.reached) return null;
  if (summary.sessionStatus === "ERROR") {
    const code = summary.errorCode;
    if (code === null || NEVER_RETRIED_CODES.includes(code) || !policy.errorCodes.includes(code)) return null;
    return `ERROR ${code}`;
  }
  return policy.statuses.includes(summary.sessionStatus) ? summary.sessionStatus : null;
}

/**
 * When attempt `attemptsMade + 1` may be placed, or null when the policy allows no more. The wait
 * follows `backoffMs` with jitter from `random` (0 <= random() < 1), then moves into the calling
 * window, read in the contact's `timezone` when it has one.
 */
export function nextAttemptAt(
  policy: RetryPolicy,
  attemptsMade: number,
  now: Date,
  options: { random?: () => number; timezone?: string | null } = {},
): Date | null {
  if (attemptsMade >= policy.maxAttempts) return null;
  const base = policy.backoffMs[Math.min(attemptsMade, policy.backoffMs.length) - 1] ?? policy.backoffMs[0] ?? 0;
  const scale = 1 + policy.jitter * (2 * (options.random ?? Math.random)() - 1);
  const at = new Date(now.getTime() + Math.round(base * scale));
  return policy.window ? nextCallTime(policy.window, at, options.timezone ?? policy.window.timezone) : at;
}
