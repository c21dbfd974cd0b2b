/**
 * `switchboardPlugin` mounted under a prefix in a host Fastify app that has routes, a JSON
 * parser, a body limit and error and 404 handlers of its own: the webhooks and the read API answer
 * under the prefix exactly as the standalone server does, and the host keeps everything it had.
 * In-process (`inject`): no socket is needed to show any of it.
 */
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { echoApp, metricValue } from "../../test/echo-app.js";
import { SECRET, vca, vcaDigits, vss } from "../../test/fixtures/webhooks.js";
import { openDirectSqliteStore, type Store } from "../store/index.js";
import { createServer } from "./create-server.js";
import { switchboardPlugin, type SwitchboardPlugin } from "./plugin.js";

const HOST_BODY_LIMIT = 256 * 1024;
const READER = "reader-secret-0123";

const stores: Store[] = [];
const instances: FastifyInstance[] = [];
const memoryStore = () => {
  const store = openDirectSqliteStore({ path: ":memory:" });
  stores.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.close()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** A host app with a JSON parser, a body limit, an error handler and a 404 handler of its own. */
function hostApp(): FastifyInstance {
  const host = Fastify({ logger: false, bodyLimit: HOST_BODY_LIMIT });
  host.removeContentTypeParser("application/json");
  host.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, { parsedByHost: JSON.parse(body as string) as unknown });
    } catch {
      done(Object.assign(new Error("host: not JSON"), { statusCode: 400 }), undefined);
    }
  });
  host.setErrorHandler((error: FastifyError, _request, reply) => reply.code(error.statusCode ?? 500).send({ hostError: error.message }));
  host.setNotFoundHandler((request, reply) => reply.code(404).send({ hostNotFound: request.url }));
  host.post("/orders", async (request) => ({ received: request.body }));
  host.post("/orders/small", { bodyLimit: 100 }, async () => ({ ok: true }));
  host.get("/status", async () => ({ host: "up" }));
  instances.push(host);
  return host;
}

async function mounted(prefix = "/ivr"): Promise<{ host: FastifyInstance; switchboard: SwitchboardPlugin }> {
  const host = hostApp();
  const switchboard = switchboardPlugin({ app: echoApp(), store: memoryStore(), authHeader: SECRET, readAuthHeader: READER });
  await host.register(switchboard, { prefix });
  await host.ready();
  return { host, switchboard };
}

function standalone(): FastifyInstance {
  const server = createServer({ app: echoApp(), store: memoryStore(), authHeader: SECRET, readAuthHeader: READER, logger: false });
  instances.push(server);
  return server;
}

const post = (server: FastifyInstance, url: string, payload: unknown, headers: Record<string, string> = { authorization: SECRET, "content-type": "application/json" }) =>
  server.inject({ method: "POST", url, headers, payload: typeof payload === "string" ? payload : JSON.stringify(payload) });

describe("the webhooks and the read API under a prefix", () => {
  it("answers a VCA under the prefix as the standalone server does, and refuses one without the secret", async () => {
    const { host } = await mounted();
    const res = await post(host, "/ivr/webhooks/vca", vca({ sessionId: "s-m" }));
    const alone = await post(standalone(), "/webhooks/vca", vca({ sessionId: "s-m" }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(alone.body);
    expect(res.headers["content-type"]).toBe(alone.headers["content-type"]);
    const refused = await post(host, "/ivr/webhooks/vca", vca(), { "content-type": "application/json" });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: "SB_SERVER_AUTH_REQUIRED" } });
  });

  it("stores a VSS and shows the session through the read API, which wants the read secret", async () => {
    const { host } = await mounted();
    await post(host, "/ivr/webhooks/vca", vca({ sessionId: "s-read" }));
    await post(host, "/ivr/webhooks/vca", vcaDigits("s-read", "step:1", "4"));
    expect((await post(host, "/ivr/webhooks/vss", vss("s-read"))).json()).toMatchObject({ ok: true, duplicate: false });
    const detail = await host.inject({ method: "GET", url: "/ivr/api/sessions/s-read", headers: { authorization: READER } });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ session: { status: "COMPLETED", vcaCount: 2 } });
    const list = await host.inject({ method: "GET", url: "/ivr/api/sessions", headers: { authorization: READER } });
    expect((list.json() as { sessions: { sessionId: string }[] }).sessions.map((s) => s.sessionId)).toEqual(["s-read"]);
    expect((await host.inject({ method: "GET", url: "/ivr/api/sessions" })).statusCode).toBe(401);
    expect((await host.inject({ method: "GET", url: "/ivr/api/sessions", headers: { authorization: SECRET } })).statusCode).toBe(401);
  });

  it("answers /healthz and /metrics under the prefix", async () => {
    const { host } = await mounted();
    expect((await host.inject({ method: "GET", url: "/ivr/healthz" })).json()).toEqual({ status: "ok", store: "sqlite", app: "echo" });
    expect((await host.inject({ method: "GET", url: "/ivr/metrics" })).body).toContain("# TYPE switchboard_http_requests_total counter");
  });
});

describe("refusals match the standalone server's, byte for byte", () => {
  const padded = () => {
    const body = vca() as { payload: Record<string, unknown> };
    body.payload.padding = "x".repeat(70 * 1024);
    return body;
  };
  const cases: { what: string; status: number; send: (server: FastifyInstance, base: string) => ReturnType<typeof post> }[] = [
    { what: "a body over the limit (413)", status: 413, send: (s, base) => post(s, `${base}/webhooks/vca`, padded()) },
    { what: "a body sent as a form (415)", status: 415, send: (s, base) => post(s, `${base}/webhooks/vca`, "a=1", { authorization: SECRET, "content-type": "application/x-www-form-urlencoded" }) },
    { what: "a body sent as text (415)", status: 415, send: (s, base) => post(s, `${base}/webhooks/vss`, JSON.stringify(vss("s")), { authorization: SECRET, "content-type": "text/plain" }) },
    { what: "a body that is not JSON (400)", status: 400, send: (s, base) => post(s, `${base}/webhooks/vca`, '{"payload": {') },
    { what: "an empty JSON body (400)", status: 400, send: (s, base) => post(s, `${base}/webhooks/vca`, "") },
    { what: "a prototype-poisoning body (400)", status: 400, send: (s, base) => post(s, `${base}/webhooks/vca`, `{"__proto__":{"polluted":true},${JSON.stringify(vca()).slice(1)}`) },
    { what: "a missing field (400)", status: 400, send: (s, base) => post(s, `${base}/webhooks/vca`, { payload: {} }) },
    { what: "a bad read API parameter (400)", status: 400, send: (s, base) => s.inject({ method: "GET", url: `${base}/api/sessions?limit=0`, headers: { authorization: READER } }) },
  ];
  for (const { what, status, send } of cases) {
    it(`answers ${what} with the same body`, async () => {
      const { host } = await mounted();
      const inHost = await send(host, "/ivr");
      const alone = await send(standalone(), "");
      expect(inHost.statusCode).toBe(status);
      expect(alone.statusCode).toBe(status);
      expect(inHost.body).toBe(alone.body);
      expect(inHost.headers["content-type"]).toBe(alone.headers["content-type"]);
    });
  }

  it("answers an unknown route under the prefix with its 404 body, naming the prefixed webhook routes", async () => {
    const { host } = await mounted();
    const res = await host.inject({ method: "POST", url: "/ivr/webhook/vca", payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: "SB_SERVER_NOT_FOUND", message: "no route POST /ivr/webhook/vca; webhooks go to /ivr/webhooks/vca, /ivr/webhooks/vss and /ivr/webhooks/vcs" },
    });
  });
});

describe("the host app keeps what it had", () => {
  it("parses its own JSON with its own parser, and its routes are not guarded", async () => {
    const { host } = await mounted();
    const res = await post(host, "/orders", { pizza: 2 }, { "content-type": "application/json" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: { parsedByHost: { pizza: 2 } } });
  });

  it("keeps its own parsers for other types (text/plain), which the webhooks refuse", async () => {
    const { host } = await mounted();
    const text = await host.inject({ method: "POST", url: "/orders", headers: { "content-type": "text/plain" }, payload: "two pizzas" });
    expect(text.json()).toEqual({ received: "two pizzas" });
  });

  it("keeps its own body limits: the instance's, larger than the mount's, and a route's own", async () => {
    const { host } = await mounted();
    const large = { note: "x".repeat(100 * 1024) };
    expect((await post(host, "/orders", large, { "content-type": "application/json" })).statusCode).toBe(200);
    const tooLarge = await post(host, "/orders", { note: "x".repeat(HOST_BODY_LIMIT) }, { "content-type": "application/json" });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toEqual({ hostError: "Request body is too large" });
    const routeLimit = await post(host, "/orders/small", { note: "x".repeat(200) }, { "content-type": "application/json" });
    expect(routeLimit.statusCode).toBe(413);
    expect(routeLimit.json()).toEqual({ hostError: "Request body is too large" });
  });

  it("keeps its own error handler and its own 404 handler outside the prefix", async () => {
    const { host } = await mounted();
    const malformed = await post(host, "/orders", "{", { "content-type": "application/json" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ hostError: "host: not JSON" });
    const unknown = await host.inject({ method: "GET", url: "/nope" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ hostNotFound: "/nope" });
    expect((await host.inject({ method: "GET", url: "/status" })).json()).toEqual({ host: "up" });
  });

  it("keeps its own 404 handler for every path when mounted without a prefix", async () => {
    const { host } = await mounted("");
    expect((await post(host, "/webhooks/vca", vca())).statusCode).toBe(200);
    const unknown = await host.inject({ method: "GET", url: "/webhook/vca" });
    expect(unknown.json()).toEqual({ hostNotFound: "/webhook/vca" });
  });
});

describe("metrics of a mount", () => {
  it("count the mounted routes under their prefixed path, and not the host's routes", async () => {
    const { host, switchboard } = await mounted();
    await post(host, "/ivr/webhooks/vca", vca());
    await post(host, "/ivr/webhooks/vca", vca(), { "content-type": "application/json" });
    await host.inject({ method: "GET", url: "/status" });
    await host.inject({ method: "GET", url: "/nope" });
    const text = (await host.inject({ method: "GET", url: "/ivr/metrics" })).body;
    expect(metricValue(text, 'switchboard_http_requests_total{route="/ivr/webhooks/vca",method="POST",status_code="200"}')).toBe(1);
    expect(metricValue(text, 'switchboard_http_requests_total{route="/ivr/webhooks/vca",method="POST",status_code="401"}')).toBe(1);
    expect(text).not.toContain('route="/status"');
    expect(text).not.toContain('route="unmatched"');
    expect(switchboard.metrics.answers.total()).toBe(1);
  });
});

describe("options and mounting", () => {
  it("refuses unsafe or broken options at the call, with createServer's errors", () => {
    const store = memoryStore();
    expect(() => switchboardPlugin({ app: echoApp(), store })).toThrow(expect.objectContaining({ code: "SB_SERVER_NO_SECRET" }));
    expect(() => switchboardPlugin({ app: echoApp(), store, authHeader: SECRET, bodyLimit: -1 })).toThrow(
      expect.objectContaining({ code: "SB_SERVER_BAD_OPTION", message: "bodyLimit: -1 is not a positive whole number" }),
    );
    expect(() => switchboardPlugin({ app: undefined as never, store, authHeader: SECRET })).toThrow(expect.objectContaining({ code: "SB_SERVER_BAD_OPTION", message: expect.stringMatching(/^app: undefined is not an IvrApp/) }));
    expect(() => switchboardPlugin({ app: echoApp(), store: {} as never, authHeader: SECRET })).toThrow(
      expect.objectContaining({ code: "SB_SERVER_BAD_OPTION", message: expect.stringMatching(/^store: an object without loadForEvent\(\) is not a Store/) }),
    );
  });

  it("says how to register it when registered without being called", async () => {
    const host = hostApp();
    host.register(switchboardPlugin as never, { prefix: "/ivr", app: echoApp(), store: memoryStore(), authHeader: SECRET } as never);
    await expect(host.ready()).rejects.toMatchObject({ code: "SB_SERVER_BAD_OPTION", message: expect.stringContaining("app.register(switchboardPlugin({") });
  });

  it("refuses a second mount of the same plugin", async () => {
    const host = hostApp();
    const switchboard = switchboardPlugin({ app: echoApp(), store: memoryStore(), authHeader: SECRET });
    host.register(switchboard, { prefix: "/a" });
    host.register(switchboard, { prefix: "/b" });
    await expect(host.ready()).rejects.toMatchObject({ code: "SB_SERVER_BAD_OPTION", message: expect.stringContaining('already mounted at "/a"') });
  });

  it("hands the host the apps it answers with: a flow put in use answers new calls", async () => {
    const { host, switchboard } = await mounted();
    const other = { ...echoApp(), name: "other" };
    switchboard.apps.use(other);
    expect((await host.inject({ method: "GET", url: "/ivr/healthz" })).json()).toMatchObject({ app: "other" });
  });

  it("closes the store with the host only when closeStore is set", async () => {
    const host = Fastify({ logger: false });
    const kept = memoryStore();
    const closed = openDirectSqliteStore({ path: ":memory:" });
    let closes = 0;
    const counting = new Proxy(closed, {
      get(target, key) {
        if (key === "close") return async () => {
          closes += 1;
          await target.close();
        };
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    await host.register(switchboardPlugin({ app: echoApp(), store: kept, authHeader: SECRET }), { prefix: "/a" });
    await host.register(switchboardPlugin({ app: echoApp(), store: counting, authHeader: SECRET, closeStore: true }), { prefix: "/b" });
    await host.close();
    expect(closes).toBe(1);
    await expect(kept.ping()).resolves.toBeUndefined();
  });
});
