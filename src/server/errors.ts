/**
 * Every refusal the server can answer, with a stable code, its HTTP status and a message that
 * says what to do. Each code has an entry in docs/server.md (a test fails when one is missing).
 *
 * @example
 * sendError(reply, "SWB_INVALID_FIELD", "payload.sessionId: is missing but it is required", "payload.sessionId");
 */
import type { FastifyReply } from "fastify";

export const SERVER_ERRORS = {
  SWB_AUTH_REQUIRED: 401,
  SWB_SOURCE_NOT_ALLOWED: 403,
  SWB_NOT_FOUND: 404,
  SWB_MALFORMED_JSON: 400,
  SWB_INVALID_FIELD: 400,
  SWB_BAD_REQUEST: 400,
  SWB_BODY_TOO_LARGE: 413,
  SWB_UNSUPPORTED_MEDIA_TYPE: 415,
  SWB_STORE_UNAVAILABLE: 503,
  SWB_INTERNAL: 500,
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;

/** The body of every refusal: `{ error: { code, message, field? } }`. */
export interface ErrorBody {
  error: { code: ServerErrorCode; message: string; field?: string };
}

export function errorBody(code: ServerErrorCode, message: string, field?: string): ErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

export function sendError(reply: FastifyReply, code: ServerErrorCode, message: string, field?: string): FastifyReply {
  return reply.code(SERVER_ERRORS[code]).send(errorBody(code, message, field));
}

/** A server misconfiguration found by createServer (no secret, an invalid fallback, ...). */
export class ServerConfigError extends Error {
  override readonly name = "ServerConfigError";
  constructor(
    readonly code: "SWB_NO_SECRET" | "SWB_BAD_FALLBACK" | "SWB_BAD_OPTION",
    message: string,
  ) {
    super(message);
  }
}
