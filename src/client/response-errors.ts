/**
 * Turns a non-2xx answer of the platform into the error class for its cause, with a message that
 * says what to do. 8x8 bodies differ by endpoint (`{ statusCode, statusMessage }`, webhook errors
 * with `errorId`, Send Callflow refusals with `callFlowRequestId`), so all shapes are read here.
 */
import {
  VoiceAuthenticationError,
  VoiceClientError,
  VoiceInvalidRequestError,
  VoiceNotFoundError,
  VoiceRateLimitError,
  VoiceServerError,
  VoiceUnexpectedResponseError,
  type VoiceClientErrorDetails,
} from "./errors.js";
import { redact } from "./redact.js";

/** What the failing request was, for messages. */
export interface RequestContext {
  /** What the request tried to do, e.g. "create the VCA webhook". */
  operation: string;
  subaccountId: string;
  /** A 404 message for this request when 404 means something specific (no such webhook, number). */
  notFound?: string;
  /** Secrets to remove from anything echoed back (API key, webhook auth header). */
  secrets: readonly (string | undefined)[];
  /** Send Callflow: the clientRequestId sent, kept on the error and named in its message. */
  clientRequestId?: string;
}

export interface PlatformAnswer {
  status: number;
  body: unknown;
  headers: Headers;
  attempts: number;
  retryAfterMs?: number;
}

const REQUEST_ID_HEADERS = ["x-request-id", "x-correlation-id", "x-amzn-requestid"];

/** The fields an error takes from an answer: 8x8's status code and message, and the request id. */
export function detailsOf(answer: PlatformAnswer, context: RequestContext): VoiceClientErrorDetails {
  const body = (typeof answer.body === "object" && answer.body !== null ? answer.body : {}) as Record<string, unknown>;
  // Everything the platform sent back is redacted: an echoing proxy could repeat the key anywhere.
  const clean = (value: string) => redact(value, context.secrets);
  const statusCode = typeof body.statusCode === "number" ? body.statusCode : typeof body.statusCode === "string" ? clean(body.statusCode) : undefined;
  const statusMessage = typeof body.statusMessage === "string" ? clean(body.statusMessage) : undefined;
  const headerId = REQUEST_ID_HEADERS.map((name) => answer.headers.get(name)).find((value) => value);
  const bodyId = [body.callFlowRequestId, body.errorId].find((value) => typeof value === "string") as string | undefined;
  const requestId = bodyId ?? headerId ?? undefined;
  return {
    httpStatus: answer.status,
    statusCode,
    statusMessage,
    requestId: requestId === undefined ? undefined : clean(requestId),
    attempts: answer.attempts,
    clientRequestId: context.clientRequestId,
  };
}

/** `(422, -1013 "First action ...")`: the status and what the platform said, for a message. */
function said(details: VoiceClientErrorDetails): string {
  const parts = [String(details.httpStatus)];
  if (details.statusCode !== undefined && String(details.statusCode) !== String(details.httpStatus)) {
    parts.push(String(details.statusCode));
  }
  const text = parts.join(", ");
  return details.statusMessage ? `${text} "${details.statusMessage}"` : text;
}

function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : "";
}

/** The error for a non-2xx answer. */
export function errorForAnswer(answer: PlatformAnswer, context: RequestContext): VoiceClientError {
  const error = errorByStatus(answer, context);
  if (context.clientRequestId !== undefined) error.message += ` (clientRequestId "${context.clientRequestId}")`;
  return error;
}

function errorByStatus(answer: PlatformAnswer, context: RequestContext): VoiceClientError {
  const details = detailsOf(answer, context);
  const status = answer.status;
  const sub = JSON.stringify(context.subaccountId);
  if (status === 401) {
    return new VoiceAuthenticationError("SB_CLIENT_AUTH", `the API key was refused (${said(details)}): check EIGHTX8_API_KEY (or the apiKey option)`, details);
  }
  if (status === 403) {
    return new VoiceAuthenticationError("SB_CLIENT_FORBIDDEN", `the API key may not ${context.operation} on subaccount ${sub} (${said(details)}): check EIGHTX8_SUBACCOUNT_ID and the key's access in the 8x8 Connect portal`, details);
  }
  if (status === 404) {
    const what = context.notFound ?? `could not ${context.operation}: subaccount ${sub} or the resource was not found`;
    return new VoiceNotFoundError("SB_CLIENT_NOT_FOUND", `${what} (${said(details)}): check EIGHTX8_SUBACCOUNT_ID`, details);
  }
  if (status === 400 || status === 422) {
    return new VoiceInvalidRequestError("SB_CLIENT_INVALID_REQUEST", `the platform refused to ${context.operation} (${said(details)}): fix the request values it names`, details);
  }
  if (status === 429) {
    const retryAfter = answer.retryAfterMs === undefined ? "" : ` (it asked to wait ${Math.ceil(answer.retryAfterMs / 1000)} s)`;
    return new VoiceRateLimitError(`rate limited while trying to ${context.operation} (${said(details)})${afterAttempts(answer.attempts)}${retryAfter}: wait and retry later`, { ...details, retryAfterMs: answer.retryAfterMs });
  }
  if (status >= 500) {
    return new VoiceServerError("SB_CLIENT_SERVER", `the 8x8 platform failed to ${context.operation} (${said(details)})${afterAttempts(answer.attempts)}: retry later`, details);
  }
  return new VoiceUnexpectedResponseError("SB_CLIENT_UNEXPECTED_RESPONSE", `unexpected answer while trying to ${context.operation} (${said(details)}): check that EIGHTX8_BASE_URL points at the 8x8 Voice API`, details);
}
