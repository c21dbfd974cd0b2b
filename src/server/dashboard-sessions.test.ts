import { describe, expect, it } from "vitest";
import { clearedCookie, readCookie, sessionCookie } from "./cookies.js";
import { DashboardSessions, SESSION_TTL_MS, SIGN_IN_CODE_TTL_MS } from "./dashboard-sessions.js";
import { MAX_SIGN_IN_FAILURES, SIGN_IN_WINDOW_MS, SignInThrottle } from "./sign-in-throttle.js";

const SECRET = "read-secret-for-tests";
const check = (secret: string) => secret === SECRET;

function clocked() {
  let now = 1_000_000;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe("dashboard sign-ins", () => {
  it("starts a session only for the read secret, each with its own id and CSRF token", () => {
    const sessions = new DashboardSessions(check);
    expect(sessions.signIn("wrong")).toBeNull();
    expect(sessions.signIn("")).toBeNull();
    const a = sessions.signIn(SECRET)!;
    const b = sessions.signIn(SECRET)!;
    expect(a.id).not.toBe(b.id);
    expect(a.csrfToken).not.toBe(a.id);
    expect(sessions.find(a.id)).toBe(a);
    expect(sessions.find("not-a-session")).toBeNull();
    expect(sessions.find(undefined)).toBeNull();
  });

  it("accepts a sign-in code once, within 60 s", () => {
    const time = clocked();
    const sessions = new DashboardSessions(check, { clock: time.clock });
    const code = sessions.mintCode()!;
    expect(sessions.redeemCode(code)).not.toBeNull();
    expect(sessions.redeemCode(code)).toBeNull();

    const late = sessions.mintCode()!;
    time.advance(SIGN_IN_CODE_TTL_MS);
    expect(sessions.redeemCode(late)).toBeNull();

    const justInTime = sessions.mintCode()!;
    time.advance(SIGN_IN_CODE_TTL_MS - 1);
    expect(sessions.redeemCode(justInTime)).not.toBeNull();
  });

  it("ends a session after 12 hours and on sign-out", () => {
    const time = clocked();
    const sessions = new DashboardSessions(check, { clock: time.clock });
    const session = sessions.signIn(SECRET)!;
    time.advance(SESSION_TTL_MS - 1);
    expect(sessions.find(session.id)).toBe(session);
    time.advance(1);
    expect(sessions.find(session.id)).toBeNull();

    const other = sessions.signIn(SECRET)!;
    sessions.end(other.id);
    expect(sessions.find(other.id)).toBeNull();
  });

  it("holds at most maxSessions, forgetting the oldest first", () => {
    const sessions = new DashboardSessions(check, { maxSessions: 3 });
    const started = [1, 2, 3, 4].map(() => sessions.signIn(SECRET)!);
    expect(sessions.find(started[0]!.id)).toBeNull();
    for (const session of started.slice(1)) expect(sessions.find(session.id)).toBe(session);
  });

  it("checks the CSRF token of the session, or the server's own when it has no read secret", () => {
    const sessions = new DashboardSessions(check);
    const session = sessions.signIn(SECRET)!;
    expect(sessions.csrfMatches(session, session.csrfToken)).toBe(true);
    expect(sessions.csrfMatches(session, sessions.signIn(SECRET)!.csrfToken)).toBe(false);
    expect(sessions.csrfMatches(session, undefined)).toBe(false);
    expect(sessions.csrfMatches(null, sessions.openCsrfToken)).toBe(false);

    const open = new DashboardSessions(null);
    expect(open.authRequired).toBe(false);
    expect(open.signIn(SECRET)).toBeNull();
    expect(open.mintCode()).toBeNull();
    expect(open.csrfMatches(null, open.openCsrfToken)).toBe(true);
    expect(open.csrfMatches(null, "guess")).toBe(false);
  });
});

describe("the sign-in throttle", () => {
  it("lets an address fail 10 times a minute, then asks it to wait until its oldest failure is a minute old", () => {
    const time = clocked();
    const throttle = new SignInThrottle(time.clock);
    for (let i = 0; i < MAX_SIGN_IN_FAILURES; i++) {
      expect(throttle.waitSeconds("10.0.0.1")).toBe(0);
      throttle.failed("10.0.0.1");
      time.advance(1000);
    }
    expect(throttle.waitSeconds("10.0.0.1")).toBe((SIGN_IN_WINDOW_MS - MAX_SIGN_IN_FAILURES * 1000) / 1000);
    expect(throttle.waitSeconds("10.0.0.2")).toBe(0);
    time.advance(SIGN_IN_WINDOW_MS - MAX_SIGN_IN_FAILURES * 1000);
    expect(throttle.waitSeconds("10.0.0.1")).toBe(0);
  });
});

describe("the session cookie", () => {
  it("is HttpOnly and SameSite=Strict, scoped to the mount, Secure over https", () => {
    expect(sessionCookie("s", "abc", { path: "/", secure: false })).toBe("s=abc; Path=/; HttpOnly; SameSite=Strict");
    expect(sessionCookie("s", "abc", { path: "/ivr", secure: true })).toBe("s=abc; Path=/ivr; HttpOnly; SameSite=Strict; Secure");
    expect(clearedCookie("s", { path: "/ivr", secure: false })).toBe("s=; Path=/ivr; Max-Age=0; HttpOnly; SameSite=Strict");
  });

  it("is read from a Cookie header among others", () => {
    expect(readCookie("a=1; s=abc; b=2", "s")).toBe("abc");
    expect(readCookie("as=1", "s")).toBeUndefined();
    expect(readCookie(undefined, "s")).toBeUndefined();
    expect(readCookie(["s=1", "s=2"], "s")).toBeUndefined();
  });
});
