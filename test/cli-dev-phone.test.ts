/**
 * The dev phone's API on `switchboard dev` (run in process, real HTTP over loopback): `/api/phone`
 * on the dashboard's origin places an interactive simulator call into the restaurant, streams
 * its transcript, sends keys and hangs up, with the dashboard's auth (401 without it) and CSRF
 * check (403 for a cookie session without the token); only its own calls are reachable through
 * it; plain `serve` has no phone (404).
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCli, tempDir, type RunningCli } from "./cli-helpers.js";
import { openEventStream } from "./sse-reader.js";

const FLOW = fileURLToPath(new URL("../examples/restaurant.yaml", import.meta.url));
const WELCOME = /^Welcome to ABC Restaurant, to book a table press 1/;
const RESERVATIONS = /^Press 1 to make a new reservation/;

describe("switchboard dev's phone API", () => {
  let dev: RunningCli;
  let base = "";
  let simulator = "";
  let token = "";
  let cookie = "";
  let csrf = "";

  beforeAll(async () => {
    const dir = tempDir();
    copyFileSync(FLOW, join(dir, "ivr.yaml"));
    dev = startCli(["dev", "ivr.yaml", "--port", "0", "--simulator-port", "0", "--db", "sqlite::memory:", "--no-watch"], { cwd: dir, env: { LOG_LEVEL: "warn" } });
    const [, url, code] = await dev.waitFor(/^ {2}dashboard {4}(http:\/\/127\.0\.0\.1:\d+)\/\?code=([\w-]+) /m);
    base = url!;
    [, token] = (await dev.waitFor(/SWITCHBOARD_READ_AUTH=(\S+) /)) as unknown as [string, string];
    [, simulator] = (await dev.waitFor(/^ {2}simulator {4}(\S+) /m)) as unknown as [string, string];
    await dev.waitFor(/^ready: /m);
    const signedIn = await fetch(`${base}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }) });
    cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    csrf = ((await signedIn.json()) as { csrfToken: string }).csrfToken;
  });
  afterAll(async () => {
    await dev?.stop();
  });

  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string; field?: string } } };
  }
  const signedIn = () => ({ cookie, "x-switchboard-csrf": csrf });

  it("offers the sandbox number, named for the flow, and the caller's number, to the read secret or a session", async () => {
    const expected = { numbers: [{ msisdn: "+6560000001", label: "abc-restaurant" }], from: "+6591234567" };
    expect(await call("GET", "/api/phone", { authorization: token })).toEqual({ status: 200, body: expected });
    expect(await call("GET", "/api/phone", { cookie })).toEqual({ status: 200, body: expected });
  });

  it("refuses without auth (401) and a cookie session's change without the CSRF token (403)", async () => {
    expect(await call("GET", "/api/phone", {})).toMatchObject({ status: 401, body: { error: { code: "SB_SERVER_AUTH_REQUIRED" } } });
    expect(await call("POST", "/api/phone/calls", {}, {})).toMatchObject({ status: 401, body: { error: { code: "SB_SERVER_AUTH_REQUIRED" } } });
    expect(await call("POST", "/api/phone/calls", { cookie }, {})).toMatchObject({ status: 403, body: { error: { code: "SB_SERVER_CSRF_REQUIRED" } } });
    expect(await call("POST", "/api/phone/calls", { cookie, "x-switchboard-csrf": "not-the-token" }, {})).toMatchObject({ status: 403 });
    expect(await call("POST", "/api/phone/calls", { authorization: "wrong" }, {})).toMatchObject({ status: 401 });
    expect((await fetch(`${base}/api/phone/calls/any/events`)).status).toBe(401);
  });

  it("calls the restaurant: hears the welcome, presses 1, hears the reservations menu, hangs up, and gets the end with a summary", async () => {
    const placed = await call("POST", "/api/phone/calls", signedIn(), {});
    expect(placed.status).toBe(201);
    const sessionId = placed.body.sessionId as string;
    expect(Object.keys(placed.body)).toEqual(["sessionId"]);
    const stream = await openEventStream(`${base}/api/phone/calls/${sessionId}/events`, { cookie });
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await stream.until((f) => f.event === "entry" && f.data.kind === "prompt" && WELCOME.test(f.data.text));
    // Pressed while the welcome plays: the capture takes it when the prompt ends, as a phone's type-ahead.
    expect(await call("POST", `/api/phone/calls/${sessionId}/keys`, signedIn(), { keys: "1" })).toEqual({ status: 202, body: { accepted: "1" } });
    await stream.until((f) => f.event === "entry" && f.data.kind === "prompt" && RESERVATIONS.test(f.data.text), 40_000);
    expect(await call("POST", `/api/phone/calls/${sessionId}/hangup`, signedIn())).toEqual({ status: 202, body: { hungUp: true } });
    const end = await stream.until((f) => f.event === "end", 20_000);
    expect(end.data).toMatchObject({ sessionId, state: "ended", summary: { sessionStatus: "COMPLETED" } });
    const entries = stream.frames.filter((f) => f.event === "entry").map((f) => f.data);
    expect(entries.find((e) => e.kind === "capture")).toMatchObject({ dtmf: "1" });
    expect(entries.find((e) => e.kind === "hangup")).toMatchObject({ by: "caller" });
    // The IVR server stored the session the phone placed.
    expect((await call("GET", `/api/sessions/${sessionId}`, { authorization: token })).status).toBe(200);

    const late = await call("POST", `/api/phone/calls/${sessionId}/keys`, signedIn(), { keys: "2" });
    expect(late).toMatchObject({ status: 409, body: { error: { code: "SB_SIM_SESSION_ENDED" } } });
    expect(await call("POST", `/api/phone/calls/${sessionId}/hangup`, { authorization: token })).toMatchObject({ status: 409 });
  });

  it("refuses bad keys with 400 naming keys, and a number it cannot call with 400 naming to", async () => {
    const placed = await call("POST", "/api/phone/calls", { authorization: token }, { to: "+6560000001" });
    expect(placed.status).toBe(201);
    const sessionId = placed.body.sessionId as string;
    const bad = await call("POST", `/api/phone/calls/${sessionId}/keys`, signedIn(), { keys: "1x" });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "SB_SIM_INVALID_REQUEST", field: "keys" } } });
    expect(bad.body.error!.message).toContain('"1x"');
    expect((await call("POST", `/api/phone/calls/${sessionId}/hangup`, signedIn())).status).toBe(202);

    const nowhere = await call("POST", "/api/phone/calls", signedIn(), { to: "+6569999999" });
    expect(nowhere).toMatchObject({ status: 400, body: { error: { field: "to" } } });
    expect(nowhere.body.error!.message).toMatch(/^to: "\+6569999999" is invalid; expected a virtual number/);
    expect(await call("POST", "/api/phone/calls", signedIn(), { from: 42 })).toMatchObject({ status: 400, body: { error: { code: "SB_SERVER_INVALID_FIELD", field: "from" } } });
    const form = await fetch(`${base}/api/phone/calls`, { method: "POST", headers: { authorization: token, "content-type": "text/plain" }, body: "to=+6560000001" });
    expect(form.status).toBe(415);
    expect(((await form.json()) as { error: { message: string } }).error.message).toMatch(/^request bodies must be sent as Content-Type: application\/json/);
  });

  it("reaches only the calls placed through it", async () => {
    const direct = await fetch(`${simulator}/_sim/calls`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ to: "+6560000001", interactive: true }) });
    const { sessionId } = (await direct.json()) as { sessionId: string };
    expect(await call("POST", `/api/phone/calls/${sessionId}/keys`, signedIn(), { keys: "1" })).toMatchObject({ status: 404, body: { error: { field: "sessionId" } } });
    expect((await fetch(`${base}/api/phone/calls/${sessionId}/events`, { headers: { cookie } })).status).toBe(404);
    await fetch(`${simulator}/_sim/sessions/${sessionId}/hangup`, { method: "POST" });
  });
});

describe("switchboard serve", () => {
  it("has no phone: /api/phone is 404", async () => {
    const dir = tempDir();
    copyFileSync(FLOW, join(dir, "ivr.yaml"));
    const secret = "serve-secret-for-the-phone-test";
    const serve = startCli(["serve", "ivr.yaml", "--port", "0", "--db", "sqlite::memory:"], { cwd: dir, env: { SWITCHBOARD_WEBHOOK_AUTH: secret, LOG_LEVEL: "warn" } });
    try {
      const base = (await serve.waitFor(/listening on\s+(\S+)/))[1]!;
      for (const [method, path] of [["GET", "/api/phone"], ["POST", "/api/phone/calls"]] as const) {
        const response = await fetch(`${base}${path}`, { method, headers: { authorization: secret } });
        expect(response.status, `${method} ${path}`).toBe(404);
      }
    } finally {
      await serve.stop();
    }
  });
});

describe("stopping switchboard dev during a phone call", () => {
  it("hangs the call up, ends its event stream with the end, and closes", async () => {
    const dir = tempDir();
    copyFileSync(FLOW, join(dir, "ivr.yaml"));
    const dev = startCli(["dev", "ivr.yaml", "--port", "0", "--simulator-port", "0", "--db", "sqlite::memory:", "--no-watch"], { cwd: dir, env: { LOG_LEVEL: "warn" } });
    try {
      const base = (await dev.waitFor(/^ {2}IVR server {3}(\S+) /m))[1]!;
      const token = (await dev.waitFor(/SWITCHBOARD_READ_AUTH=(\S+) /))[1]!;
      await dev.waitFor(/^ready: /m);
      const placed = await fetch(`${base}/api/phone/calls`, { method: "POST", headers: { authorization: token, "content-type": "application/json" }, body: "{}" });
      const { sessionId } = (await placed.json()) as { sessionId: string };
      const stream = await openEventStream(`${base}/api/phone/calls/${sessionId}/events`, { authorization: token });
      await stream.until((f) => f.event === "entry" && f.data.kind === "prompt");
      const stopped = await dev.stop();
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toMatch(/^closed$/m);
      const end = await stream.until((f) => f.event === "end", 5_000);
      expect(end.data.transcript.find((e: { kind: string }) => e.kind === "hangup")).toMatchObject({ by: "caller" });
      await expect.poll(() => stream.ended, { timeout: 5_000 }).toBe(true);
    } finally {
      await dev.stop();
    }
  });
});
