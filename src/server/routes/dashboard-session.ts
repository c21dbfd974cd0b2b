/**
 * The dashboard's sign-in: `GET /api/session` (am I signed in; the CSRF token; what the read API
 * can filter on), `POST /api/session` with `{ "secret": "..." }` or `{ "code": "..." }` (a
 * one-time code from `switchboard dev`'s link) setting an `HttpOnly; SameSite=Strict` session
 * cookie, and `DELETE /api/session` signing out. The secret travels only in a POST body, which
 * is never logged; wrong secrets are throttled per client address (sign-in-throttle.ts).
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { clearedCookie, sessionCookie, type CookieScope } from "../cookies.js";
import { SESSION_COOKIE, type DashboardSession, type DashboardSessions } from "../dashboard-sessions.js";
import { sendError } from "../errors.js";
import type { Guard } from "../guards.js";
import { sessionOf } from "../read-access.js";
import { SignInThrottle } from "../sign-in-throttle.js";
import { SESSION_FILTERS } from "./read-api.js";

export interface DashboardSessionRouteDeps {
  sessions: DashboardSessions;
  /** The CSRF guard for sign-out (read-access.ts's `csrfGuard`). */
  csrf: Guard;
  /** Tests inject a clock for the throttle. */
  clock?: () => number;
}

/** The longest secret or code looked at; anything longer is wrong anyway. */
const MAX_SECRET_LENGTH = 4096;

/** `GET`, `POST` and `DELETE /api/session` as an encapsulated plugin. */
export const dashboardSessionRoutes: FastifyPluginCallback<DashboardSessionRouteDeps> = function dashboardSessionRoutes(server, deps, done) {
  const { sessions } = deps;
  const throttle = new SignInThrottle(deps.clock);
  // The cookie is scoped to the mount: `/` at the root, the prefix (`/ivr`) when mounted under one.
  const scopeOf = (request: FastifyRequest): CookieScope => ({ path: server.prefix === "" ? "/" : server.prefix, secure: request.protocol === "https" });

  const signedIn = (request: FastifyRequest, reply: FastifyReply, session: DashboardSession) => {
    reply.header("set-cookie", sessionCookie(SESSION_COOKIE, session.id, scopeOf(request)));
    return { authRequired: true, signedIn: true, csrfToken: session.csrfToken, filters: SESSION_FILTERS };
  };

  server.get("/api/session", async (request, reply) => {
    reply.header("cache-control", "no-store");
    if (!sessions.authRequired) return { authRequired: false, signedIn: true, csrfToken: sessions.openCsrfToken, filters: SESSION_FILTERS };
    const session = sessionOf(request, sessions);
    return { authRequired: true, signedIn: session !== null, csrfToken: session?.csrfToken ?? null, filters: SESSION_FILTERS };
  });

  server.post("/api/session", async (request, reply) => {
    reply.header("cache-control", "no-store");
    if (!sessions.authRequired) return { authRequired: false, signedIn: true, csrfToken: sessions.openCsrfToken, filters: SESSION_FILTERS };
    const wait = throttle.waitSeconds(request.ip);
    if (wait > 0) {
      reply.header("retry-after", String(wait));
      return sendError(reply, "SB_SERVER_TOO_MANY_SIGN_INS", `too many wrong sign-ins from this address; try again in ${wait} s`);
    }
    const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as { secret?: unknown; code?: unknown };
    if (typeof body.code === "string" && body.code !== "") {
      const session = body.code.length <= MAX_SECRET_LENGTH ? sessions.redeemCode(body.code) : null;
      if (session !== null) return signedIn(request, reply, session);
      throttle.failed(request.ip);
      request.log.warn({ ip: request.ip }, "dashboard sign-in refused: an unknown, used or expired sign-in code");
      return sendError(reply, "SB_SERVER_AUTH_REQUIRED", "this sign-in link has expired (links work once, within 60 s) or was already used; sign in with the read secret");
    }
    if (typeof body.secret !== "string" || body.secret === "") {
      return sendError(reply, "SB_SERVER_INVALID_FIELD", 'secret: is missing; expected { "secret": "<the read API secret>" }', "secret");
    }
    const session = body.secret.length <= MAX_SECRET_LENGTH ? sessions.signIn(body.secret) : null;
    if (session !== null) return signedIn(request, reply, session);
    throttle.failed(request.ip);
    // The secret tried is never logged: only that a sign-in failed, and from where.
    request.log.warn({ ip: request.ip }, "dashboard sign-in refused: wrong secret");
    return sendError(reply, "SB_SERVER_AUTH_REQUIRED", "wrong secret: enter the read API's secret (--read-auth-header or SWITCHBOARD_READ_AUTH; the webhook secret when none is set)");
  });

  server.delete("/api/session", { onRequest: [deps.csrf] }, async (request, reply) => {
    const session = sessionOf(request, sessions);
    if (session !== null) sessions.end(session.id);
    reply.header("cache-control", "no-store");
    reply.header("set-cookie", clearedCookie(SESSION_COOKIE, scopeOf(request)));
    return { authRequired: sessions.authRequired, signedIn: false, csrfToken: null, filters: SESSION_FILTERS };
  });

  done();
};
