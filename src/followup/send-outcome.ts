/**
 * What a Send Callflow's result means for an attempt already recorded as `sending`:
 *
 * - **placed**: 8x8 returned a sessionId.
 * - **withdrawn**: certainly not started (429, or the connection was refused before anything was
 *   sent): the attempt is taken back and the request scheduled again; a 429 also tells the
 *   pacer to slow down (its Retry-After).
 * - **refused**: 8x8 refused the request (400/422, a -10xx code, or our own pre-flight check with
 *   8x8's rules, or the account's credentials): never retried, since the same request is refused
 *   again.
 * - **in doubt**: sent, but no answer (timeout, dropped connection, a 5xx): the call may have been
 *   placed, so it is never resent blind. The attempt stays `sending` until its VSS names it by
 *   clientRequestId or it expires (`validUntil` plus a grace period) and becomes `unknown`.
 */
import {
  VoiceAuthenticationError,
  VoiceConfigurationError,
  VoiceInvalidRequestError,
  VoiceNetworkError,
  VoiceNotFoundError,
  VoiceRateLimitError,
  type VoiceClientError,
} from "../client/index.js";

/** How one send ended (see the module comment). */
export type SendOutcome =
  | { kind: "placed"; sessionId: string }
  | { kind: "withdrawn"; retryAfterMs: number; rateLimited: boolean; detail: string }
  | { kind: "refused"; errorCode: number | null; detail: string }
  | { kind: "in-doubt"; detail: string };

/** Wait before resending a request that never left (the platform could not be reached). */
const NOT_SENT_RETRY_MS = 5_000;
/** Wait after a 429 without Retry-After. */
const RATE_LIMIT_RETRY_MS = 1_000;

/** Reads what `client.callflows.send()` threw (anything else is in doubt: it may have been sent). */
export function sendFailure(error: unknown): SendOutcome {
  if (error instanceof VoiceRateLimitError) {
    return { kind: "withdrawn", retryAfterMs: error.retryAfterMs ?? RATE_LIMIT_RETRY_MS, rateLimited: true, detail: error.message };
  }
  if (error instanceof VoiceNetworkError) {
    // The transport raises this for Send Callflow only when nothing was sent (connection refused,
    // DNS); a send that may have left is VoiceSendOutcomeUnknownError.
    return { kind: "withdrawn", retryAfterMs: NOT_SENT_RETRY_MS, rateLimited: false, detail: error.message };
  }
  if (
    error instanceof VoiceInvalidRequestError ||
    error instanceof VoiceAuthenticationError ||
    error instanceof VoiceNotFoundError ||
    error instanceof VoiceConfigurationError
  ) {
    return { kind: "refused", errorCode: statusCodeOf(error), detail: error.message };
  }
  return { kind: "in-doubt", detail: error instanceof Error ? error.message : String(error) };
}

function statusCodeOf(error: VoiceClientError): number | null {
  const code = Number(error.statusCode);
  return Number.isInteger(code) && error.statusCode !== undefined ? code : null;
}
