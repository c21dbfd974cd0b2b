/**
 * Who is signed in to the dashboard: sessions held in memory, each a random id (the cookie) with
 * its own CSRF token, made when the read secret or a one-time sign-in code is handed over. Nothing
 * here is stored: a restart signs everyone out, which for a local or single-instance dashboard is
 * the safe default.
 *
 * - `signIn(secret)` compares the secret with the read secret in constant time.
 * - `mintCode()` makes a code valid once, for 60 s (`switchboard dev` prints a link carrying one);
 *   `redeemCode(code)` trades it for a session.
 * - Sessions expire after 12 h; at most `maxSessions` are held, the oldest going first.
 * - Without a read secret (an `insecure` server with no read secret) there is nothing to sign in
 *   to; state-changing requests still need the server's CSRF token (`openCsrfToken`).
 *
 * @example
 * const sessions = new DashboardSessions(secretChecker(readSecret));
 * const session = sessions.signIn(body.secret); // null when wrong
 * sessions.find(readCookie(request.headers.cookie, SESSION_COOKIE)); // the session, or null
 */
import { randomBytes } from "node:crypto";
import { constantTimeEqual } from "../util/index.js";

/** The cookie that carries a dashboard session's id. */
export const SESSION_COOKIE = "switchboard_session";
/** The request header that carries the CSRF token on state-changing dashboard requests. */
export const CSRF_HEADER = "x-switchboard-csrf";

/** How long a sign-in code is valid: 60 s. */
export const SIGN_IN_CODE_TTL_MS = 60_000;
/** How long a dashboard session lasts from sign-in: 12 h. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
const DEFAULT_MAX_SESSIONS = 1_000;
const MAX_CODES = 100;

/** A signed-in browser: its cookie's value and the CSRF token its page sends back. */
export interface DashboardSession {
  readonly id: string;
  readonly csrfToken: string;
  /** Milliseconds on the sessions' clock. */
  readonly expiresAt: number;
}

/** Tuning for tests; the defaults are the documented ones. */
export interface DashboardSessionsOptions {
  /** Milliseconds; default `Date.now`. */
  clock?: () => number;
  maxSessions?: number;
}

/** 32 random bytes as base64url: unguessable, and safe in a cookie and a header. */
function token(): string {
  return randomBytes(32).toString("base64url");
}

/** Deletes the entries of `map` (in insertion order, so oldest first) that have expired, and the oldest beyond `max`. */
function prune<T extends { expiresAt: number }>(map: Map<string, T>, now: number, max: number): void {
  for (const [key, value] of map) {
    if (value.expiresAt > now && map.size <= max) break;
    map.delete(key);
  }
}

/** The dashboard's sign-ins for one mount of the server. */
export class DashboardSessions {
  private readonly sessions = new Map<string, DashboardSession>();
  private readonly codes = new Map<string, { expiresAt: number }>();
  private readonly clock: () => number;
  private readonly maxSessions: number;
  /** The CSRF token of a server without a read secret, where nobody signs in. */
  readonly openCsrfToken = token();

  /**
   * `checkSecret` is the read API's secret check (`secretChecker(readSecret)`), or null when the
   * server has no read secret (nothing to sign in to).
   */
  constructor(
    private readonly checkSecret: ((secret: string) => boolean) | null,
    options: DashboardSessionsOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  }

  /** Whether the read API needs a secret, so the dashboard needs a sign-in. */
  get authRequired(): boolean {
    return this.checkSecret !== null;
  }

  /** A new session when `secret` is the read secret; null otherwise (or when no secret is set). */
  signIn(secret: string): DashboardSession | null {
    if (this.checkSecret === null || !this.checkSecret(secret)) return null;
    return this.start();
  }

  /** A sign-in code, valid once for 60 s; null when no read secret is set (nothing to sign in to). */
  mintCode(): string | null {
    if (this.checkSecret === null) return null;
    const now = this.clock();
    prune(this.codes, now, MAX_CODES - 1);
    const code = token();
    this.codes.set(code, { expiresAt: now + SIGN_IN_CODE_TTL_MS });
    return code;
  }

  /** A new session for a code `mintCode` made, unused and under 60 s old; null otherwise. The code is spent either way. */
  redeemCode(code: string): DashboardSession | null {
    const held = this.codes.get(code);
    if (held === undefined) return null;
    this.codes.delete(code);
    return held.expiresAt > this.clock() ? this.start() : null;
  }

  /** The live session with this id (a cookie's value); null when unknown or expired. */
  find(id: string | undefined): DashboardSession | null {
    if (id === undefined || id === "") return null;
    const session = this.sessions.get(id);
    if (session === undefined) return null;
    if (session.expiresAt <= this.clock()) {
      this.sessions.delete(id);
      return null;
    }
    return session;
  }

  /** Whether `given` is `session`'s CSRF token (or, without a read secret, the server's), compared in constant time. */
  csrfMatches(session: DashboardSession | null, given: string | string[] | undefined): boolean {
    if (typeof given !== "string") return false;
    const expected = session?.csrfToken ?? (this.checkSecret === null ? this.openCsrfToken : null);
    return expected !== null && constantTimeEqual(given, expected);
  }

  /** Signs the session out; unknown ids are ignored. */
  end(id: string): void {
    this.sessions.delete(id);
  }

  private start(): DashboardSession {
    const now = this.clock();
    prune(this.sessions, now, this.maxSessions - 1);
    const session: DashboardSession = { id: token(), csrfToken: token(), expiresAt: now + SESSION_TTL_MS };
    this.sessions.set(session.id, session);
    return session;
  }
}
