/**
 * The refusals that happen before any route runs, in the one error shape with an `SB_` code like
 * every other refusal: requests Node's HTTP parser cannot read (a body cut short, a lying
 * Content-Length, a bad chunk, headers over 16 KB, a request that took too long to arrive) and
 * URLs the router cannot read (bad percent-encoding, a path segment too long). Fastify's defaults
 * answer those with bodies of their own shape, which a client cannot tell apart by code.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Socket } from "node:net";
import { errorBody, sendError, type ServerErrorCode } from "./errors.js";

/** The longest path segment the router reads (a session id of 256 characters, percent-encoded, fits). */
export const MAX_PARAM_LENGTH = 1_024;

/** What the router could not read: a 400 (bad URL) or 404 (a segment too long to be anything stored). */
export function frameworkErrors(error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    sendError(reply, "SB_SERVER_NOT_FOUND", `a path segment is over ${MAX_PARAM_LENGTH} characters: no such route or session`);
    return;
  }
  sendError(reply, "SB_SERVER_BAD_REQUEST", "the URL cannot be read: a path segment is not valid percent-encoded UTF-8");
}

const CLIENT_ERRORS: Readonly<Record<string, { status: number; text: string; code: ServerErrorCode; message: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, text: "Request Header Fields Too Large", code: "SB_SERVER_HEADERS_TOO_LARGE", message: "the request's headers are over 16 KB" },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, text: "Request Timeout", code: "SB_SERVER_REQUEST_TIMEOUT", message: "the request did not arrive in time" },
};
const MALFORMED = { status: 400, text: "Bad Request", code: "SB_SERVER_BAD_REQUEST" as const, message: "the request is not valid HTTP (a body cut short, a wrong Content-Length, a bad chunk or header)" };

/** Answers what Node's HTTP parser refused, then closes the connection (what follows cannot be trusted). */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const refusal = CLIENT_ERRORS[error.code ?? ""] ?? MALFORMED;
  if (socket.writable) {
    const body = JSON.stringify(errorBody(refusal.code, refusal.message));
    socket.write(
      `HTTP/1.1 ${refusal.status} ${refusal.text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
