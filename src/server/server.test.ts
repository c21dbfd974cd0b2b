/**
 * The webhook server over real HTTP on 127.0.0.1, with a SQLite file: what the 8x8 platform and
 * an operator rely on, one behaviour per test.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { echoApp, metricValue, type EchoApp } from "../../test/echo-app.js";
import { SECRET, vca, vcaDigits, vcs, vss } from "../../test/fixtures/webhooks.js";
import { startServer, tempDir, type Harness } from "../../test/server-harness.js";
import type { IvrApp } from "../ivr/index.js";
import { DEFAULT_FALLBACK } from "./fallback.js";
import { openCrashableSqliteStore } from "../../test/crashable-sqlite.js";

const dir = tempDir("switchboard-server-");
afterAll(() => dir.remove());
let n = 0;
const freshDb = () => `${dir.path}/server-${++n}.db`;

describe("webhook server over HTTP", () => {
  let app: EchoApp;
  let h: Harness;
  beforeEach(async () => {
    app = echoApp();
    h = await startServer(app, { dbPath: freshDb(), handlerTimeoutMs: 1000 });
  });
  afterEach(async () => {
    await h.close();
  });

  describe("answering VCAs", () => {
    it("answers an inbound CALL_RECEIVED with the app's callflow and hands the app the event as read", async () => {
      const res = await h.post("/webhooks/vca", vca({ sessionId: "s-in" }));
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        clientActionId: "step:1",
        callflow: [{ action: "sayAndCapture", params: { promptMessage: "Step 1. You typed nothing.", voiceProfile: "en-US-BenjaminRUS", maxDigits: 1 } }],
      });
      expect(app.events[0]).toMatchObject({
        sessionId: "s-in",
        callStatus: "CALL_RECEIVED",
        callDirection: "INBOUND",
        source: "+6591234567",
        destination: "+6568888888",
        destinationRefId: "vn-ref-6568888888",
        sourceRefId: null,
        dtmf: null,
        clientActionId: null,
        subAccountId: "acme_voice",
      });
    });

    it("carries the bookmark and the session's variables from one VCA to the next", async () => {
      await h.post("/webhooks/vca", vca({ sessionId: "s-vars" }));
      await h.post("/webhooks/vca", vcaDigits("s-vars", "step:1", "4"));
      const third = await h.post("/webhooks/vca", vcaDigits("s-vars", "step:2", "2"));
      expect(third.json).toMatchObject({ clientActionId: "step:3" });
      expect(JSON.stringify(third.json)).toContain("You typed 4,2.");
      expect(app.varsSeen[2]).toEqual({ digits: ["4"] });
    });

    it("reads the digits from eventData.dtmf, from a string eventData, and from a top-level dtmf", async () => {
      const documented = vcaDigits("s-d1", "step:1", "1");
      const bare = vcaDigits("s-d2", "step:1", null) as { payload: Record<string, unknown> };
      bare.payload.eventData = "2";
      const flask = vcaDigits("s-d3", "step:1", null) as { payload: Record<string, unknown> };
      delete flask.payload.eventData;
      flask.payload.dtmf = "3";
      for (const body of [documented, bare, flask]) expect((await h.post("/webhooks/vca", body)).status).toBe(200);
      expect(app.events.map((e) => e.dtmf)).toEqual(["1", "2", "3"]);
    });

    it("accepts key-case variants and unknown extra fields", async () => {
      const body = vca({ sessionId: "s-case" }) as { payload: Record<string, unknown> };
      const { sessionId, sourceRefId, callId, ...rest } = body.payload;
      const variant = {
        Namespace: "VOICE",
        EventType: "CALL_ACTION",
        Payload: { ...rest, SessionId: sessionId, SourceRefId: sourceRefId, CallId: callId, brandNewField: { x: 1 } },
        somethingElse: true,
      };
      const res = await h.post("/webhooks/vca", variant);
      expect(res.status).toBe(200);
      expect(app.events[0]).toMatchObject({ sessionId: "s-case", sourceRefId: null, callId: "a6d2f8a4-5c1b-11ee-8c99-0242ac120002" });
    });

    it("answers a repeated eventId with the identical answer without asking the app again", async () => {
      const body = vca({ sessionId: "s-dup" });
      const first = await h.post("/webhooks/vca", body);
      const second = await h.post("/webhooks/vca", body);
      expect(second.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(app.events).toHaveLength(1);
      const metrics = (await h.get("/metrics")).text;
      expect(metricValue(metrics, 'switchboard_vca_answers_total{source="replay"}')).toBe(1);
    });
  });

  describe("never leaving a caller in silence", () => {
    const cases = [
      { what: "throws", dtmf: "9", reason: "error" },
      { what: "outlives its time budget", dtmf: "8", reason: "timeout" },
      { what: "returns an invalid callflow", dtmf: "7", reason: "invalid" },
    ];
    for (const { what, dtmf, reason } of cases) {
      it(`answers the fallback and counts it when the app ${what}`, async () => {
        const res = await h.post("/webhooks/vca", vcaDigits(`s-fb-${reason}`, "step:1", dtmf));
        expect(res.status).toBe(200);
        expect(res.json).toEqual(DEFAULT_FALLBACK);
        const metrics = (await h.get("/metrics")).text;
        expect(metricValue(metrics, `switchboard_vca_fallbacks_total{reason="${reason}"}`)).toBe(1);
        const detail = (await h.get(`/api/sessions/s-fb-${reason}`)).json as { timeline: { kind: string; body: { fallbackReason?: string } }[] };
        expect(detail.timeline[1]?.body.fallbackReason).toBe(reason);
      });
    }

    it("keeps the session's variables as they were when the app fails", async () => {
      await h.post("/webhooks/vca", vca({ sessionId: "s-keep" }));
      await h.post("/webhooks/vca", vcaDigits("s-keep", "step:1", "5"));
      await h.post("/webhooks/vca", vcaDigits("s-keep", "step:2", "9"));
      const detail = (await h.get("/api/sessions/s-keep")).json as { session: { vars: unknown } };
      expect(detail.session.vars).toEqual({ digits: ["5"] });
    });
  });

  describe("refusing what the platform would never send", () => {
    it("answers 401 when the Authorization header is missing", async () => {
      const res = await h.post("/webhooks/vca", vca(), { "content-type": "application/json" });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ error: { code: "SB_SERVER_AUTH_REQUIRED" } });
      expect(app.events).toHaveLength(0);
    });

    it("answers 401 when the Authorization header differs from the secret", async () => {
      for (const wrong of [`${SECRET}x`, SECRET.slice(0, -1), `Bearer ${SECRET}`]) {
        const res = await h.post("/webhooks/vss", vss("s-x"), { authorization: wrong, "content-type": "application/json" });
        expect(res.status).toBe(401);
      }
    });

    it("answers 400 naming the field when a required field is missing", async () => {
      const body = vca() as { payload: Record<string, unknown> };
      delete body.payload.sessionId;
      const res = await h.post("/webhooks/vca", body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: { code: "SB_SERVER_INVALID_FIELD", field: "payload.sessionId", message: "payload.sessionId: is missing but it is required" } });
    });

    it("answers 400 naming the field when a field has the wrong type", async () => {
      const body = vca() as { payload: Record<string, unknown> };
      body.payload.eventId = 42;
      const res = await h.post("/webhooks/vca", body);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: "SB_SERVER_INVALID_FIELD", field: "payload.eventId" } });
      expect((res.json as { error: { message: string } }).error.message).toContain("42 found");
    });

    it("answers 400 naming the field when a summary is sent to the VCA URL", async () => {
      const res = await h.post("/webhooks/vca", vss("s-wrong-url"));
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { field: "eventType" } });
    });

    it("answers 400 for a body that is not JSON", async () => {
      const res = await h.post("/webhooks/vca", '{"payload": {', { authorization: SECRET, "content-type": "application/json" });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: "SB_SERVER_MALFORMED_JSON" } });
    });

    it("answers 400 for an empty JSON body and for one that tries to poison prototypes", async () => {
      const empty = await h.post("/webhooks/vca", "", { authorization: SECRET, "content-type": "application/json" });
      expect(empty.status).toBe(400);
      expect(empty.json).toMatchObject({ error: { code: "SB_SERVER_MALFORMED_JSON" } });
      const poisoned = `{"__proto__":{"polluted":true},${JSON.stringify(vca()).slice(1)}`;
      const res = await h.post("/webhooks/vca", poisoned, { authorization: SECRET, "content-type": "application/json" });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: "SB_SERVER_MALFORMED_JSON" } });
    });

    it("answers 400 SB_SERVER_BODY_TOO_DEEP to any webhook nested deeper than 64 levels, storing nothing, and stays healthy", async () => {
      const nest = (levels: number, open: string, close: string, inner = "1") => open.repeat(levels) + inner + close.repeat(levels);
      const headers = { authorization: SECRET, "content-type": "application/json" };
      for (const [path, body] of [
        ["/webhooks/vca", JSON.stringify(vca({ sessionId: "s-deep" })).replace('"sipCode":200', `"sipCode":200,"extra":${nest(10_000, "[", "]")}`)],
        ["/webhooks/vss", JSON.stringify(vss("s-deep")).replace('"callCount":1', `"callCount":1,"extra":${nest(5_000, '{"a":', "}")}`)],
        ["/webhooks/vcs", nest(8_000, "[", "]")],
      ] as const) {
        const res = await h.post(path, body, headers);
        expect({ path, status: res.status, json: res.json }).toMatchObject({ path, status: 400, json: { error: { code: "SB_SERVER_BODY_TOO_DEEP" } } });
      }
      expect((await h.get("/api/sessions/s-deep")).status).toBe(404);
      expect((await h.get("/healthz", {})).status).toBe(200);
      // 8x8's own nesting, and deeper still up to the limit, is read as before.
      const deepButFine = JSON.stringify(vca({ sessionId: "s-ok" })).replace('"sipCode":200', `"sipCode":200,"extra":${nest(55, "[", "]")}`);
      expect((await h.post("/webhooks/vca", deepButFine, headers)).status).toBe(200);
    });

    it("answers 415 for a body that is not sent as JSON", async () => {
      const res = await h.post("/webhooks/vca", "eventId=1", { authorization: SECRET, "content-type": "application/x-www-form-urlencoded" });
      expect(res.status).toBe(415);
      expect(res.json).toMatchObject({ error: { code: "SB_SERVER_UNSUPPORTED_MEDIA_TYPE" } });
      expect((res.json as { error: { message: string } }).error.message).toMatch(/^webhooks must be sent as Content-Type: application\/json/);
      const plain = await h.post("/webhooks/vss", JSON.stringify(vss("s")), { authorization: SECRET, "content-type": "text/plain" });
      expect(plain.status).toBe(415);
      // The API's own routes name themselves, not webhooks.
      const signIn = await h.post("/api/session", "secret=x", { "content-type": "application/x-www-form-urlencoded" });
      expect(signIn.status).toBe(415);
      expect((signIn.json as { error: { message: string } }).error.message).toMatch(/^request bodies must be sent as Content-Type: application\/json/);
    });

    it("answers 413 for a body over the limit and keeps serving", async () => {
      const body = vca() as { payload: Record<string, unknown> };
      body.payload.padding = "x".repeat(70 * 1024);
      const res = await h.post("/webhooks/vca", body);
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({ error: { code: "SB_SERVER_BODY_TOO_LARGE" } });
      expect((await h.post("/webhooks/vca", vca())).status).toBe(200);
    });
  });

  describe("session summaries", () => {
    it("stores a VSS and acknowledges it, and a repeated one is stored once", async () => {
      const first = await h.post("/webhooks/vss", vss("s-vss"));
      const second = await h.post("/webhooks/vss", vss("s-vss", "ERROR"));
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.json).toMatchObject({ duplicate: true });
      const detail = (await h.get("/api/sessions/s-vss")).json as { summary: { sessionStatus: string; payload: { callCount: number } } };
      expect(detail.summary.sessionStatus).toBe("COMPLETED");
      expect(detail.summary.payload.callCount).toBe(1);
      const metrics = (await h.get("/metrics")).text;
      expect(metricValue(metrics, 'switchboard_vss_received_total{session_status="COMPLETED",outcome="stored"}')).toBe(1);
      expect(metricValue(metrics, 'switchboard_vss_received_total{session_status="ERROR",outcome="duplicate"}')).toBe(1);
    });

    it("reads a VSS whose legs are spelled CallA with SourceRefId", async () => {
      const body = vss("s-caps") as { payload: { details: Record<string, Record<string, unknown>> } };
      const { sourceRefId, ...leg } = body.payload.details.callA!;
      body.payload.details = { CallA: { ...leg, SourceRefId: sourceRefId } };
      expect((await h.post("/webhooks/vss", body)).status).toBe(200);
      const detail = (await h.get("/api/sessions/s-caps")).json as { summary: { payload: { details: Record<string, unknown> } } };
      expect(Object.keys(detail.summary.payload.details)).toEqual(["callA"]);
      expect(detail.summary.payload.details.callA).toHaveProperty("sourceRefId", null);
    });

    it("stores call status telemetry", async () => {
      await h.post("/webhooks/vca", vca({ sessionId: "s-vcs" }));
      expect((await h.post("/webhooks/vcs", vcs("s-vcs", "CALL_CONNECTED"))).status).toBe(200);
      const detail = (await h.get("/api/sessions/s-vcs")).json as { callStatuses: { callStatus: string }[] };
      expect(detail.callStatuses.map((s) => s.callStatus)).toEqual(["CALL_CONNECTED"]);
    });
  });

  describe("read API", () => {
    it("requires the secret", async () => {
      expect((await h.get("/api/sessions", {})).status).toBe(401);
      expect((await h.get("/api/sessions/s-1", { authorization: "nope" })).status).toBe(401);
    });

    it("pages through sessions newest first and filters them by status", async () => {
      for (let i = 0; i < 5; i++) await h.post("/webhooks/vca", vca({ sessionId: `s-page-${i}` }));
      await h.post("/webhooks/vss", vss("s-page-1"));
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res = await h.get(`/api/sessions?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        const body = res.json as { sessions: { sessionId: string }[]; nextCursor: string | null };
        ids.push(...body.sessions.map((s) => s.sessionId));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      expect(new Set(ids).size).toBe(5);
      expect(ids).toHaveLength(5);
      const completed = (await h.get("/api/sessions?status=COMPLETED")).json as { sessions: { sessionId: string }[] };
      expect(completed.sessions.map((s) => s.sessionId)).toEqual(["s-page-1"]);
    });

    it("refuses a bad limit, status or cursor naming the parameter", async () => {
      for (const [query, field] of [["limit=0", "limit"], ["limit=abc", "limit"], ["status=no%20way", "status"], ["cursor=zzz", "cursor"]] as const) {
        const res = await h.get(`/api/sessions?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.json).toMatchObject({ error: { code: "SB_SERVER_INVALID_FIELD", field } });
      }
    });

    it("shows a session's timeline: each VCA received and each answer sent, in order", async () => {
      await h.post("/webhooks/vca", vca({ sessionId: "s-tl" }));
      await h.post("/webhooks/vca", vcaDigits("s-tl", "step:1", "3"));
      await h.post("/webhooks/vss", vss("s-tl"));
      const detail = (await h.get("/api/sessions/s-tl")).json as {
        session: { status: string; vcaCount: number };
        timeline: { kind: string; body: Record<string, unknown> }[];
      };
      expect(detail.session).toMatchObject({ status: "COMPLETED", vcaCount: 2 });
      expect(detail.timeline.map((t) => t.kind)).toEqual(["vca", "answer", "vca", "answer"]);
      expect((detail.timeline[2]?.body as { payload: { eventData: unknown } }).payload.eventData).toEqual({ dtmf: "3" });
      expect(detail.timeline[3]?.body).toMatchObject({ answer: { clientActionId: "step:2" }, fallbackReason: null });
    });

    it("answers 404 for an unknown session", async () => {
      const res = await h.get("/api/sessions/nope");
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: { code: "SB_SERVER_NOT_FOUND" } });
    });
  });

  it("exposes Prometheus metrics for requests, latency and answers by action", async () => {
    await h.post("/webhooks/vca", vca());
    await h.post("/webhooks/vca", vca(), { "content-type": "application/json" });
    const res = await h.get("/metrics", {});
    expect(res.status).toBe(200);
    expect(metricValue(res.text, 'switchboard_http_requests_total{route="/webhooks/vca",method="POST",status_code="200"}')).toBe(1);
    expect(metricValue(res.text, 'switchboard_http_requests_total{route="/webhooks/vca",method="POST",status_code="401"}')).toBe(1);
    expect(metricValue(res.text, 'switchboard_http_request_duration_seconds_count{route="/webhooks/vca"}')).toBe(2);
    expect(metricValue(res.text, 'switchboard_vca_answer_actions_total{action="sayAndCapture"}')).toBe(1);
  });

  it("reports healthy with the store it uses", async () => {
    const res = await h.get("/healthz", {});
    expect(res.json).toEqual({ status: "ok", store: "sqlite", app: "echo" });
  });
});

describe("idempotency under concurrency", () => {
  it("sends one answer to the same eventId delivered twice at the same time", async () => {
    let calls = 0;
    const counting: IvrApp = {
      name: "counting",
      async answer() {
        calls += 1;
        const n = calls;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { clientActionId: `answer-${n}`, callflow: [{ action: "hangup" }] };
      },
    };
    const h = await startServer(counting, { dbPath: freshDb() });
    try {
      const body = vca({ sessionId: "s-race" });
      const [one, two] = await Promise.all([h.post("/webhooks/vca", body), h.post("/webhooks/vca", body)]);
      expect(two.text).toBe(one.text);
      expect((await h.post("/webhooks/vca", body)).text).toBe(one.text);
      const detail = (await h.get("/api/sessions/s-race")).json as { timeline: unknown[] };
      expect(detail.timeline).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});

describe("durability", () => {
  it("keeps a VSS across a server restart on the same SQLite file", async () => {
    const dbPath = freshDb();
    const first = await startServer(echoApp(), { dbPath });
    expect((await first.post("/webhooks/vss", vss("s-restart"))).status).toBe(200);
    await first.close();

    const second = await startServer(echoApp(), { dbPath });
    try {
      const detail = (await second.get("/api/sessions/s-restart")).json as { summary: { sessionStatus: string } };
      expect(detail.summary.sessionStatus).toBe("COMPLETED");
      const again = await second.post("/webhooks/vss", vss("s-restart"));
      expect(again.json).toMatchObject({ duplicate: true });
    } finally {
      await second.close();
    }
  });

  it("answers 503 to a VSS when the store is unavailable, so the platform delivers it again", async () => {
    const h = await startServer(echoApp(), { dbPath: freshDb() });
    try {
      await h.store.close();
      const res = await h.post("/webhooks/vss", vss("s-down"));
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ error: { code: "SB_SERVER_STORE_UNAVAILABLE" } });
      expect((await h.get("/healthz", {})).status).toBe(503);
    } finally {
      await h.server.close();
    }
  });

  it("says once that the store stopped for good when its SQLite worker dies, and keeps answering with the fallback", async () => {
    const dbPath = freshDb();
    const crashable = await openCrashableSqliteStore({ path: dbPath });
    const h = await startServer(echoApp(), { dbPath, store: crashable.store });
    try {
      await crashable.stop("crash");
      expect(metricValue((await h.get("/metrics")).text, 'switchboard_store_errors_total{operation="store"}')).toBe(1);
      expect((await h.get("/healthz", {})).status).toBe(503);
      const res = await h.post("/webhooks/vca", vca());
      expect(res.json).toEqual(DEFAULT_FALLBACK);
    } finally {
      await h.server.close();
    }
  });

  it("still answers the caller with the fallback when the store is unavailable during a VCA", async () => {
    const h = await startServer(echoApp(), { dbPath: freshDb() });
    try {
      await h.store.close();
      const res = await h.post("/webhooks/vca", vca());
      expect(res.status).toBe(200);
      expect(res.json).toEqual(DEFAULT_FALLBACK);
      expect(metricValue((await h.get("/metrics")).text, 'switchboard_vca_fallbacks_total{reason="store_unavailable"}')).toBe(1);
    } finally {
      await h.server.close();
    }
  });
});
