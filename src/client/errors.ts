/**
 * The one error hierarchy of `VoiceClient`, split by cause the way stripe-node does, each error
 * with a stable `SB_CLIENT_*` code from the catalogue (src/util/error-codes.ts, explained in
 * docs/errors.md) and a message that says what to do.
 * Messages never contain the API key or a webhook's auth header: the client redacts both from
 * anything the platform echoes back before it builds an error.
 *
 * @example
 * try {
 *   await client.webhooks.list();
 * } catch (error) {
 *   if (error instanceof VoiceAuthenticationError) console.error(error.code, error.message);
 * }
 */

import { codesOf, SwitchboardError, type LayerErrorCode } from "../util/index.js";

/** Every code an error of this module can carry: the catalogue's `SB_CLIENT_*` codes. */
export const CLIENT_ERROR_CODES = codesOf("CLIENT");
/** A code a `VoiceClientError` can carry: one of the catalogue's `SB_CLIENT_*` codes. */
export type ClientErrorCode = LayerErrorCode<"CLIENT">;

/** What a `VoiceClientError` knows besides its code and message; every field is optional. */
export interface VoiceClientErrorDetails {
  /** HTTP status of the platform's answer; undefined when there was none (network, pre-flight). */
  httpStatus?: number;
  /** 8x8's `statusCode` from the body (a number, or the string "1001" of webhook errors). */
  statusCode?: number | string;
  /** 8x8's `statusMessage` from the body, redacted. */
  statusMessage?: string;
  /** The platform's id for the request: `callFlowRequestId`, `errorId` or a request-id header. */
  requestId?: string;
  /** Attempts made before giving up (1 when no retry happened). */
  attempts?: number;
  /** Send Callflow: the clientRequestId sent (given or generated), to reconcile with the VSS. */
  clientRequestId?: string;
  /** The underlying error (a network failure, an abort), kept as the error's `cause`. */
  cause?: unknown;
}

/** The base of every error `VoiceClient` throws. */
export class VoiceClientError extends SwitchboardError<ClientErrorCode> {
  override name = "VoiceClientError";
  /** HTTP status of the platform's answer; undefined when there was none. */
  readonly httpStatus: number | undefined;
  /** 8x8's `statusCode` from the body, or the callflow status code of a pre-flight refusal. */
  readonly statusCode: number | string | undefined;
  /** 8x8's `statusMessage`, redacted. */
  readonly statusMessage: string | undefined;
  /** The platform's id for the request, when it gave one. */
  readonly requestId: string | undefined;
  /** Attempts made before giving up (1 when no retry happened). */
  readonly attempts: number;
  /** Send Callflow: the clientRequestId sent, to reconcile with the VSS. */
  readonly clientRequestId: string | undefined;

  constructor(code: ClientErrorCode, message: string, details: VoiceClientErrorDetails = {}) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.httpStatus = details.httpStatus;
    this.statusCode = details.statusCode;
    this.statusMessage = details.statusMessage;
    this.requestId = details.requestId;
    this.attempts = details.attempts ?? 1;
    this.clientRequestId = details.clientRequestId;
  }
}

/** Options given to `new VoiceClient()` are unusable (missing key, bad subaccount, bad base URL). */
export class VoiceConfigurationError extends VoiceClientError {
  override name = "VoiceConfigurationError";
}

/** The platform refused the API key (401) or the key may not use this subaccount (403). */
export class VoiceAuthenticationError extends VoiceClientError {
  override name = "VoiceAuthenticationError";
}

/** The subaccount, webhook or number does not exist (404). */
export class VoiceNotFoundError extends VoiceClientError {
  override name = "VoiceNotFoundError";
}

/**
 * The request is invalid: refused by the platform (400/422), or caught before sending by the
 * client's own checks (code SB_CLIENT_INVALID_ARGUMENT or SB_CLIENT_CALLFLOW_INVALID, with 8x8's
 * callflow status code in `statusCode`).
 */
export class VoiceInvalidRequestError extends VoiceClientError {
  override name = "VoiceInvalidRequestError";
  /** For a refused callflow: the JSON path of the first problem, e.g. `$.callflow[1].params.text`. */
  readonly path: string | undefined;
  constructor(code: ClientErrorCode, message: string, details: VoiceClientErrorDetails & { path?: string } = {}) {
    super(code, message, details);
    this.path = details.path;
  }
}

/** The platform kept answering 429; `retryAfterMs` is its last Retry-After, when it sent one. */
export class VoiceRateLimitError extends VoiceClientError {
  override name = "VoiceRateLimitError";
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: VoiceClientErrorDetails & { retryAfterMs?: number } = {}) {
    super("SB_CLIENT_RATE_LIMITED", message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The platform failed (5xx) on every attempt. */
export class VoiceServerError extends VoiceClientError {
  override name = "VoiceServerError";
}

/** The platform could not be reached (DNS, refused or reset connection, TLS). */
export class VoiceNetworkError extends VoiceClientError {
  override name = "VoiceNetworkError";
}

/** No answer within `timeoutMs` on every attempt (only for requests that are safe to repeat). */
export class VoiceTimeoutError extends VoiceClientError {
  override name = "VoiceTimeoutError";
}

/**
 * Send Callflow was sent but no answer came back (timeout or dropped connection), so the call
 * may or may not have been placed. The client does not resend it; reconcile with
 * `clientRequestId`, which the session summary (VSS) of a placed call echoes.
 */
export class VoiceSendOutcomeUnknownError extends VoiceClientError {
  override name = "VoiceSendOutcomeUnknownError";
  declare readonly clientRequestId: string;
  constructor(message: string, details: VoiceClientErrorDetails & { clientRequestId: string }) {
    super("SB_CLIENT_SEND_OUTCOME_UNKNOWN", message, details);
  }
}

/** The platform answered something the client cannot read (not JSON, or an unexpected status). */
export class VoiceUnexpectedResponseError extends VoiceClientError {
  override name = "VoiceUnexpectedResponseError";
}
