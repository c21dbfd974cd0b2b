/**
 * The read API's guards once the dashboard exists: a request is let through with the read secret
 * in its `Authorization` header (scripts, `switchboard sessions`, as before) or with a dashboard
 * session cookie (the browser, which never holds the secret after signing in). Requests that
 * change something also need the session's CSRF token in the `x-switchboard-csrf` header, which a
 * page on another site cannot read and so cannot send.
 *
 * @example
 * server.get("/api/sessions", { onRequest: [readAccessGuard(check, sessions)] }, handler);
 * server.delete("/api/session", { onRequest: [csrfGuard(check, sessions)] }, handler);
 */
import type { FastifyRequest } from "fastify";
import { CSRF_HEADER, SESSION_COOKIE, type DashboardSession, type DashboardSessions } from "./dashboard-sessions.js";
import { readCookie } from "./cookies.js";
import { sendError } from "./errors.js";
import type { Guard } from "./guards.js";

/** The read secret's check on an `Authorization` header (`secretChecker(readSecret)`). */
export type HeaderCheck = (header: string | string[] | undefined) => boolean;

/** The dashboard session whose cookie `request` carries; null when none is valid. */
export function sessionOf(request: FastifyRequest, sessions: DashboardSessions): DashboardSession | null {
  return sessions.find(readCookie(request.headers.cookie, SESSION_COOKIE));
}

/**
 * Lets a read through with the secret in `Authorization` or a signed-in dashboard's cookie;
 * otherwise 401, saying what was missing or wrong (never the secret itself).
 */
export function readAccessGuard(check: HeaderCheck, sessions: DashboardSessions): Guard {
  return (request, reply, done) => {
    const header = request.headers.authorization;
    if (check(header)) return done();
    if (header === undefined && sessionOf(request, sessions) !== null) return done();
    const hasCookie = readCookie(request.headers.cookie, SESSION_COOKIE) !== undefined;
    const reason = header !== undefined ? "wrong Authorization header" : hasCookie ? "expired dashboard session" : "missing Authorization header";
    request.log.warn({ url: request.url.split("?")[0], ip: request.ip }, `read API request refused: ${reason}`);
    const message =
      header !== undefined
        ? "the Authorization header is wrong; send the secret configured for this read API"
        : hasCookie
          ? "the dashboard session has expired or the server restarted; sign in again"
          : "the Authorization header is missing; send the secret configured for this read API, or sign in to the dashboard";
    sendError(reply, "SB_SERVER_AUTH_REQUIRED", message);
  };
}

/**
 * For requests that change something: lets through the read secret in `Authorization` (not a
 * browser, so no forgery), or a dashboard session (or, without a read secret, anyone) whose
 * `x-switchboard-csrf` header holds its CSRF token; 401 without a session, 403 without the token.
 */
export function csrfGuard(check: HeaderCheck | null, sessions: DashboardSessions): Guard {
  return (request, reply, done) => {
    const header = request.headers.authorization;
    if (check !== null && header !== undefined) {
      if (check(header)) return done();
      return sendError(reply, "SB_SERVER_AUTH_REQUIRED", "the Authorization header is wrong; send the secret configured for this read API");
    }
    const session = sessionOf(request, sessions);
    if (sessions.authRequired && session === null) {
      return sendError(reply, "SB_SERVER_AUTH_REQUIRED", "not signed in to the dashboard (or the session expired); sign in again");
    }
    if (sessions.csrfMatches(session, request.headers[CSRF_HEADER])) return done();
    request.log.warn({ url: request.url.split("?")[0], ip: request.ip }, "dashboard request refused: missing or wrong CSRF token");
    sendError(reply, "SB_SERVER_CSRF_REQUIRED", `the ${CSRF_HEADER} header is missing or wrong; reload the dashboard and try again`);
  };
}
