/**
 * The dashboard's server side over real HTTP: its page and assets, the sign-in that trades the
 * read secret (or a one-time code) for a session cookie, that cookie reading the API, the CSRF
 * token on changes, the throttle on guessing, and the live event stream, including that stopping
 * the server ends it. The browser itself is tested in test/browser/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Writable } from "node:stream";
import Fastify from "fastify";
import pino from "pino";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { echoApp } from "../../test/echo-app.js";
import { SECRET, vca, vss } from "../../test/fixtures/webhooks.js";
import { startServer, tempDir, type Harness } from "../../test/server-harness.js";
import { openSqliteStore } from "../store/index.js";
import { switchboardPlugin } from "./plugin.js";

const READ_SECRET = "read-secret-3a9f0c1e7b";
const dir = tempDir("switchboard-dashboard-");
afterAll(() => dir.remove());
let n = 0;
const freshDb = () => `${dir.path}/dashboard-${++n}.db`;

/** A stand-in build: the page and one script large enough to be served gzipped. */
const assetsDir = `${dir.path}/built`;
mkdirSync(`${assetsDir}/assets`, { recursive: true });
writeFileSync(`${assetsDir}/index.html`, '<!doctype html><script type="module" src="assets/main-TEST1234.js"></script>');
const SCRIPT = `console.log(${JSON.stringify("switchboard ".repeat(300))});`;
writeFileSync(`${assetsDir}/assets/main-TEST1234.js`, SCRIPT);

function collectingLogger(): { logger: pino.Logger; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: "debug" }, sink), text: () => lines.join("") };
}

const json = { "content-type": "application/json" };
const cookieOf = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0]!;

async function signIn(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/api/session`, { method: "POST", headers: json, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
}

/** Reads an event stream until `done(text so far)` holds; bounded by a timeout. */
async function readEvents(response: Response, done: (text: string) => boolean): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value);
  }
  reader.releaseLock();
  return text;
}

describe("the dashboard's page and assets", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("serves the page uncached and the hashed assets cached for a year, gzipped, with a CSP of this origin only", async () => {
    h = await startServer(echoApp(), { dbPath: freshDb(), dashboard: { assetsDir } });
    const page = await fetch(`${h.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'; script-src 'self'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await page.text()).toContain("assets/main-TEST1234.js");

    const script = await fetch(`${h.url}/assets/main-TEST1234.js`, { headers: { "accept-encoding": "gzip" } });
    expect(script.status).toBe(200);
    expect(script.headers.get("content-encoding")).toBe("gzip");
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await script.text()).toBe(SCRIPT);
    const again = await fetch(`${h.url}/assets/main-TEST1234.js`, { headers: { "if-none-match": script.headers.get("etag")! } });
    expect(again.status).toBe(304);

    const missing = await fetch(`${h.url}/assets/main-OLD.js`);
    expect(missing.status).toBe(404);
  });

  it("says how to build it when the assets are missing, and logs it once at start", async () => {
    const log = collectingLogger();
    h = await startServer(echoApp(), { dbPath: freshDb(), dashboard: { assetsDir: `${dir.path}/nowhere` }, logger: log.logger });
    const page = await fetch(`${h.url}/`);
    expect(page.status).toBe(404);
    expect(((await page.json()) as { error: { message: string } }).error.message).toContain("run npm run build");
    expect(log.text()).toContain("dashboard not served at /");
  });

  it("leaves / alone with dashboard: false", async () => {
    h = await startServer(echoApp(), { dbPath: freshDb(), dashboard: false });
    const page = await fetch(`${h.url}/`);
    expect(page.status).toBe(404);
    expect(((await page.json()) as { error: { message: string } }).error.message).toContain("no route GET /");
  });

  it("under a plugin prefix: redirects /ivr to /ivr/, and scopes the cookie to the prefix", async () => {
    const store = await openSqliteStore({ path: freshDb() });
    const host = Fastify();
    await host.register(switchboardPlugin({ app: echoApp(), store, authHeader: SECRET, readAuthHeader: READ_SECRET, dashboard: { assetsDir } }), { prefix: "/ivr" });
    await host.listen({ port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(host.server.address() as { port: number }).port}`;
    try {
      const bare = await fetch(`${url}/ivr?x=1`, { redirect: "manual" });
      expect(bare.status).toBe(308);
      expect(bare.headers.get("location")).toBe("/ivr/?x=1");
      expect((await fetch(`${url}/ivr/`)).status).toBe(200);
      expect((await fetch(`${url}/ivr/assets/main-TEST1234.js`)).status).toBe(200);
      const signedIn = await signIn(`${url}/ivr`, { secret: READ_SECRET });
      expect(signedIn.headers.get("set-cookie")).toMatch(/; Path=\/ivr; HttpOnly; SameSite=Strict$/);
      expect((await fetch(`${url}/ivr/api/sessions`, { headers: { cookie: cookieOf(signedIn) } })).status).toBe(200);
    } finally {
      await host.close();
      await store.close();
    }
  });
});

describe("signing in to the dashboard", () => {
  let h: Harness;
  afterEach(async () => h?.close());
  const start = async (logger?: pino.Logger) => {
    h = await startServer(echoApp(), { dbPath: freshDb(), readAuthHeader: READ_SECRET, dashboard: false, ...(logger ? { logger } : {}) });
    return h;
  };

  it("refuses a wrong secret with 401 and a message that says so", async () => {
    await start();
    const refused = await signIn(h.url, { secret: "guess" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(await refused.json()).toEqual({ error: { code: "SB_SERVER_AUTH_REQUIRED", message: expect.stringContaining("wrong secret") } });
  });

  it("refuses a sign-in without a secret, naming the field", async () => {
    await start();
    const refused = await signIn(h.url, {});
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "SB_SERVER_INVALID_FIELD", field: "secret" } });
  });

  it("trades the read secret for an HttpOnly session cookie that reads the API; the Authorization header still works", async () => {
    await start();
    expect((await fetch(`${h.url}/api/session`).then((r) => r.json())) as object).toMatchObject({ authRequired: true, signedIn: false, csrfToken: null });
    const signedIn = await signIn(h.url, { secret: READ_SECRET });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("set-cookie")).toMatch(/^switchboard_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const state = (await signedIn.json()) as { signedIn: boolean; csrfToken: string; filters: string[] };
    expect(state).toMatchObject({ signedIn: true, filters: ["status", "since", "outcome", "direction", "q"] });
    const cookie = cookieOf(signedIn);

    await h.post("/webhooks/vca", vca({ sessionId: "s-cookie" }));
    const list = await fetch(`${h.url}/api/sessions`, { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { sessions: { sessionId: string }[] }).sessions.map((s) => s.sessionId)).toEqual(["s-cookie"]);
    expect((await fetch(`${h.url}/api/sessions/s-cookie`, { headers: { cookie } })).status).toBe(200);
    expect(await fetch(`${h.url}/api/session`, { headers: { cookie } }).then((r) => r.json())).toMatchObject({ signedIn: true, csrfToken: state.csrfToken });

    expect((await fetch(`${h.url}/api/sessions`, { headers: { authorization: READ_SECRET } })).status).toBe(200);
    expect((await fetch(`${h.url}/api/sessions`, { headers: { cookie: "switchboard_session=forged" } })).status).toBe(401);
    // A wrong header is refused even beside a good cookie: a script's mistake is not hidden.
    expect((await fetch(`${h.url}/api/sessions`, { headers: { cookie, authorization: "wrong" } })).status).toBe(401);
  });

  it("signs out only with the session's CSRF token; the cookie then reads nothing", async () => {
    await start();
    const signedIn = await signIn(h.url, { secret: READ_SECRET });
    const cookie = cookieOf(signedIn);
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };

    const forged = await fetch(`${h.url}/api/session`, { method: "DELETE", headers: { cookie } });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: "SB_SERVER_CSRF_REQUIRED" } });
    expect((await fetch(`${h.url}/api/sessions`, { headers: { cookie } })).status).toBe(200);

    const out = await fetch(`${h.url}/api/session`, { method: "DELETE", headers: { cookie, "x-switchboard-csrf": csrfToken } });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    const after = await fetch(`${h.url}/api/sessions`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { message: string } }).error.message).toContain("sign in again");
  });

  it("signs in once with a one-time code, which cannot be used again", async () => {
    await start();
    const code = h.server.switchboardDashboard.signInCode();
    const first = await signIn(h.url, { code });
    expect(first.status).toBe(200);
    expect((await fetch(`${h.url}/api/sessions`, { headers: { cookie: cookieOf(first) } })).status).toBe(200);
    const second = await signIn(h.url, { code });
    expect(second.status).toBe(401);
    expect(((await second.json()) as { error: { message: string } }).error.message).toContain("expired");
  });

  it("answers 429 with Retry-After after ten wrong secrets from one address, even for the right one", async () => {
    await start();
    for (let i = 0; i < 10; i++) expect((await signIn(h.url, { secret: `guess-${i}` })).status).toBe(401);
    const throttled = await signIn(h.url, { secret: READ_SECRET });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await throttled.json()).toMatchObject({ error: { code: "SB_SERVER_TOO_MANY_SIGN_INS" } });
  });

  it("never writes the secret, a code or the session cookie to the log", async () => {
    const log = collectingLogger();
    await start(log.logger);
    const code = h.server.switchboardDashboard.signInCode()!;
    await signIn(h.url, { secret: `${READ_SECRET}-wrong` });
    const signedIn = await signIn(h.url, { secret: READ_SECRET });
    const cookie = cookieOf(signedIn);
    await signIn(h.url, { code });
    await signIn(h.url, { code });
    await fetch(`${h.url}/api/sessions`, { headers: { cookie: `${cookie}x` } });
    await fetch(`${h.url}/api/session`, { method: "DELETE", headers: { cookie } });
    await fetch(`${h.url}/api/session`, { method: "POST", headers: json, body: `{"secret":"${READ_SECRET}"` });
    const written = log.text();
    expect(written).toContain("dashboard sign-in refused: wrong secret");
    for (const secret of [READ_SECRET, code, cookie.split("=")[1]!]) expect(written).not.toContain(secret);
  });

  it("without a read secret, needs no sign-in but still a CSRF token for changes", async () => {
    const store = await openSqliteStore({ path: freshDb() });
    const { createServer } = await import("./create-server.js");
    const server = createServer({ app: echoApp(), store, insecure: true, logger: false, dashboard: false });
    try {
      const state = (await (await server.inject({ method: "GET", url: "/api/session" })).json()) as { authRequired: boolean; signedIn: boolean; csrfToken: string };
      expect(state).toMatchObject({ authRequired: false, signedIn: true });
      expect((await server.inject({ method: "GET", url: "/api/sessions" })).statusCode).toBe(200);
      expect((await server.inject({ method: "DELETE", url: "/api/session" })).statusCode).toBe(403);
      expect((await server.inject({ method: "DELETE", url: "/api/session", headers: { "x-switchboard-csrf": state.csrfToken } })).statusCode).toBe(200);
      expect(server.switchboardDashboard.signInCode()).toBeNull();
    } finally {
      await server.close();
      await store.close();
    }
  });
});

describe("the live event stream", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("needs the read API's auth", async () => {
    h = await startServer(echoApp(), { dbPath: freshDb(), readAuthHeader: READ_SECRET, dashboard: false });
    const refused = await fetch(`${h.url}/api/events`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/json");
  });

  it("sends vca, answer, summary and outcome events as webhooks are answered, to a signed-in dashboard", async () => {
    h = await startServer(echoApp(), { dbPath: freshDb(), readAuthHeader: READ_SECRET, dashboard: false });
    const cookie = cookieOf(await signIn(h.url, { secret: READ_SECRET }));
    const abort = new AbortController();
    const stream = await fetch(`${h.url}/api/events`, { headers: { cookie }, signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await readEvents(stream, (text) => text.includes(": connected"));

    expect((await h.post("/webhooks/vca", vca({ sessionId: "s-live" }))).status).toBe(200);
    expect((await h.post("/webhooks/vss", vss("s-live"))).status).toBe(200);
    const text = await readEvents(stream, (t) => t.includes("event: outcome"));
    abort.abort();

    const events = text
      .split("\n\n")
      .filter((frame) => frame.includes("event: "))
      .map((frame) => ({ type: /event: (\w+)/.exec(frame)![1], data: JSON.parse(/data: (.*)/.exec(frame)![1]!) as Record<string, unknown> }));
    expect(events.map((e) => e.type)).toEqual(["vca", "answer", "summary", "outcome"]);
    expect(events[0]!.data).toMatchObject({ sessionId: "s-live", callStatus: "CALL_RECEIVED", digits: null, source: "+6591234567", direction: "INBOUND" });
    expect(events[1]!.data).toMatchObject({ sessionId: "s-live", answer: { clientActionId: "step:1" } });
    expect(events[2]!.data).toEqual({ sessionId: "s-live", sessionStatus: "COMPLETED", duplicate: false });
    expect(events[3]!.data).toMatchObject({ sessionId: "s-live", outcome: "completed", sessionStatus: "COMPLETED", errorCode: null });
  });

  it("is ended when the server stops, without holding up the drain", async () => {
    // A drain timeout longer than the test's: the stop must not wait for the stream to end by itself.
    h = await startServer(echoApp(), { dbPath: freshDb(), readAuthHeader: READ_SECRET, dashboard: false, drainTimeoutMs: 600_000 });
    const stream = await fetch(`${h.url}/api/events`, { headers: { authorization: READ_SECRET } });
    await readEvents(stream, (text) => text.includes(": connected"));
    await h.server.close();
    const rest = await readEvents(stream, () => false);
    expect(rest).toBe("");
  });
});
