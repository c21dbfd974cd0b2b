/**
 * Configuration safety: no secret means no server, the allowlist and proxy trust, the secret
 * never logged, fallbacks checked at startup. In-process (`inject`) where a socket adds nothing.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { echoApp, VOICE } from "../../test/echo-app.js";
import { SECRET, vca, vcaDigits } from "../../test/fixtures/webhooks.js";
import { openDirectSqliteStore, type Store } from "../store/index.js";
import { EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES } from "./allowlist.js";
import { createServer } from "./create-server.js";
import type { ServerOptions } from "./options.js";

const stores: Store[] = [];
const memoryStore = () => {
  const store = openDirectSqliteStore({ path: ":memory:" });
  stores.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

const build = (options: Partial<ServerOptions> = {}) =>
  createServer({ app: echoApp(), store: memoryStore(), authHeader: SECRET, logger: false, ...options });

const postVca = (server: ReturnType<typeof build>, headers: Record<string, string> = { authorization: SECRET }, remoteAddress?: string) =>
  server.inject({ method: "POST", url: "/webhooks/vca", headers, payload: vca(), ...(remoteAddress ? { remoteAddress } : {}) });

describe("starting safely", () => {
  it("refuses to start without a secret unless insecure is given", () => {
    expect(() => createServer({ app: echoApp(), store: memoryStore(), logger: false })).toThrow(expect.objectContaining({ code: "SB_SERVER_NO_SECRET" }));
    expect(() => createServer({ app: echoApp(), store: memoryStore(), authHeader: "", logger: false })).toThrow(expect.objectContaining({ code: "SB_SERVER_NO_SECRET" }));
  });

  it("accepts webhooks without a header when started insecure", async () => {
    const server = build({ authHeader: undefined, insecure: true });
    expect((await postVca(server, {})).statusCode).toBe(200);
  });

  it("refuses an invalid fallback at startup instead of during a call", () => {
    const broken = { callflow: [{ action: "say", params: { text: "" } }] } as unknown as ServerOptions["fallback"];
    expect(() => build({ fallback: broken })).toThrow(expect.objectContaining({ code: "SB_SERVER_BAD_FALLBACK" }));
  });

  it("refuses a handler timeout that is not a positive whole number", () => {
    expect(() => build({ handlerTimeoutMs: 0 })).toThrow(expect.objectContaining({ code: "SB_SERVER_BAD_OPTION" }));
  });
});

describe("fallback choice", () => {
  const serverFallback = { callflow: [{ action: "say" as const, params: { text: "Server says sorry.", voiceProfile: VOICE } }, { action: "hangup" as const }] };
  const appFallback = { callflow: [{ action: "say" as const, params: { text: "App says sorry.", voiceProfile: VOICE } }, { action: "hangup" as const }] };

  it("prefers the app's fallback, then the server's", async () => {
    const withApp = createServer({ app: echoApp(appFallback), store: memoryStore(), authHeader: SECRET, logger: false, fallback: serverFallback });
    const withServer = build({ fallback: serverFallback });
    const payload = vcaDigits("s-f", "step:1", "9");
    const a = await withApp.inject({ method: "POST", url: "/webhooks/vca", headers: { authorization: SECRET }, payload });
    const b = await withServer.inject({ method: "POST", url: "/webhooks/vca", headers: { authorization: SECRET }, payload });
    expect(a.json()).toEqual(appFallback);
    expect(b.json()).toEqual(serverFallback);
  });
});

describe("source allowlist", () => {
  it("lets the listed addresses in and answers 403 to others", async () => {
    const server = build({ allowlist: EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES });
    expect((await postVca(server, undefined, "18.140.80.2")).statusCode).toBe(200);
    expect((await postVca(server, undefined, "::ffff:52.74.232.241")).statusCode).toBe(200);
    const refused = await postVca(server, undefined, "203.0.113.9");
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: "SB_SERVER_SOURCE_NOT_ALLOWED" } });
  });

  it("ignores X-Forwarded-For unless trustProxy is set", async () => {
    const forwarded = { authorization: SECRET, "x-forwarded-for": "18.140.80.2" };
    const untrusting = build({ allowlist: EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES });
    expect((await postVca(untrusting, forwarded, "10.0.0.5")).statusCode).toBe(403);
    const trusting = build({ allowlist: EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES, trustProxy: true });
    expect((await postVca(trusting, forwarded, "10.0.0.5")).statusCode).toBe(200);
  });

  it("does not apply to the read API, which has its own secret", async () => {
    const server = build({ allowlist: EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES, readAuthHeader: "reader-secret" });
    const res = await server.inject({ method: "GET", url: "/api/sessions", headers: { authorization: "reader-secret" }, remoteAddress: "127.0.0.1" });
    expect(res.statusCode).toBe(200);
    const webhookSecret = await server.inject({ method: "GET", url: "/api/sessions", headers: { authorization: SECRET } });
    expect(webhookSecret.statusCode).toBe(401);
  });
});

describe("logging", () => {
  it("never writes the secret to the log, and logs a failing app with its sessionId", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: "debug" }, stream);
    const server = build({ logger: { level: "debug", stream } as never });
    const withInstance = build({ logger });
    for (const s of [server, withInstance]) {
      await postVca(s, { authorization: `${SECRET}-wrong` });
      await s.inject({ method: "POST", url: "/webhooks/vca", headers: { authorization: SECRET }, payload: vcaDigits("s-log", "step:1", "9") });
      s.log.info({ req: { headers: { authorization: SECRET } } }, "a careless log line");
      s.log.info({ headers: { authorization: SECRET }, authorization: SECRET }, "another careless log line");
    }
    const all = lines.join("");
    expect(all).not.toContain(SECRET);
    expect(lines.filter((l) => l.includes("another careless log line") && l.includes("[redacted]"))).toHaveLength(2);
    const failure = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.reason === "error");
    expect(failure).toMatchObject({ sessionId: "s-log", level: 50 });
  });
});

describe("unknown routes and methods", () => {
  it("answers 404 with the webhook routes named", async () => {
    const res = await build().inject({ method: "POST", url: "/webhook/vca", payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: "SB_SERVER_NOT_FOUND" } });
  });
});
