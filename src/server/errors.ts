/**
 * Every refusal the server can answer, with a stable `SB_SERVER_*` code from the catalogue
 * (src/util/, explained in docs/errors.md), its HTTP status and a message that says what to do.
 *
 * @example
 * sendError(reply, "SB_SERVER_INVALID_FIELD", "payload.sessionId: is missing but it is required", "payload.sessionId");
 */
import type { FastifyReply } from "fastify";
import { SwitchboardError, type LayerErrorCode } from "../util/index.js";

/** The HTTP status of each code the server answers with (the codes themselves are the catalogue's). */
export const SERVER_ERRORS = {
  SB_SERVER_AUTH_REQUIRED: 401,
  SB_SERVER_SOURCE_NOT_ALLOWED: 403,
  SB_SERVER_NOT_FOUND: 404,
  SB_SERVER_MALFORMED_JSON: 400,
  SB_SERVER_INVALID_FIELD: 400,
  SB_SERVER_BAD_REQUEST: 400,
  SB_SERVER_HEADERS_TOO_LARGE: 431,
  SB_SERVER_REQUEST_TIMEOUT: 408,
  SB_SERVER_BODY_TOO_LARGE: 413,
  SB_SERVER_BODY_TOO_DEEP: 400,
  SB_SERVER_UNSUPPORTED_MEDIA_TYPE: 415,
  SB_SERVER_STORE_UNAVAILABLE: 503,
  SB_SERVER_VALUE_REFUSED: 400,
  SB_SERVER_INTERNAL: 500,
  SB_SERVER_CSRF_REQUIRED: 403,
  SB_SERVER_TOO_MANY_SIGN_INS: 429,
  SB_SERVER_TOO_MANY_STREAMS: 503,
} as const satisfies Partial<Record<LayerErrorCode<"SERVER">, number>>;

/** A code the server answers a refused request with (a key of `SERVER_ERRORS`), e.g. `SB_SERVER_AUTH_REQUIRED`. */
export type ServerErrorCode = keyof typeof SERVER_ERRORS;

/** The body of every refusal: `{ error: { code, message, field? } }`. */
export interface ErrorBody {
  error: { code: ServerErrorCode; message: string; field?: string };
}

export function errorBody(code: ServerErrorCode, message: string, field?: string): ErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** Answers with the code's HTTP status and the one error body shape (`{ error: { code, message, field? } }`). */
export function sendError(reply: FastifyReply, code: ServerErrorCode, message: string, field?: string): FastifyReply {
  return reply.code(SERVER_ERRORS[code]).send(errorBody(code, message, field));
}

/** A server misconfiguration found by createServer (no secret, an invalid fallback, ...). */
export class ServerConfigError extends SwitchboardError<"SB_SERVER_NO_SECRET" | "SB_SERVER_BAD_FALLBACK" | "SB_SERVER_BAD_OPTION"> {
  override readonly name = "ServerConfigError";
}
