/**
 * The checks a webhook or read request passes before its route runs: the source address
 * allowlist and the shared secret. They are callback-style `onRequest` hooks: every webhook runs
 * them, and a callback hook costs Fastify less than an async one.
 *
 * @example
 * server.post("/webhooks/vca", { onRequest: [secretGuard(secretChecker(secret), "webhook")] }, handler);
 */
import type { onRequestHookHandler } from "fastify";
import { addressMatcher } from "./allowlist.js";
import { sendError } from "./errors.js";

/** A check a request passes before its route runs: a callback-style Fastify `onRequest` hook. */
export type Guard = onRequestHookHandler;

/** Refuses (403) a request whose source address is not in `addresses`. */
export function allowlistGuard(addresses: readonly string[]): Guard {
  const allowed = addressMatcher(addresses);
  return (request, reply, done) => {
    if (allowed(request.ip)) return done();
    request.log.warn({ ip: request.ip, url: request.url }, "webhook refused: source address not in the allowlist");
    sendError(reply, "SB_SERVER_SOURCE_NOT_ALLOWED", `source address ${request.ip} is not allowed to post webhooks`);
  };
}

/** Refuses (401) a request whose Authorization header `check` rejects; `what` names the audience. */
export function secretGuard(check: (header: string | string[] | undefined) => boolean, what: string): Guard {
  return (request, reply, done) => {
    if (check(request.headers.authorization)) return done();
    // Never log the header itself: only that it was missing or wrong.
    const reason = request.headers.authorization === undefined ? "missing" : "wrong";
    request.log.warn({ url: request.url, ip: request.ip }, `${what} request refused: ${reason} Authorization header`);
    sendError(reply, "SB_SERVER_AUTH_REQUIRED", `the Authorization header is ${reason}; send the secret configured for this ${what}`);
  };
}
