/**
 * The read API's report parameters and routes (issue 10): `GET /api/sessions` filtered by since,
 * outcome, direction and a number; `GET /api/sessions/:id` with its outbound call; `GET /api/stats`
 * and `GET /api/flows/edges`. The store's side of each is the contract suite's; these hold what
 * the HTTP layer adds: the parameters read (a span counts back from the server's clock), each bad
 * one a 400 naming it, and the read API's auth.
 */
import { afterEach, describe, expect, it } from "vitest";
import { echoApp } from "../../test/echo-app.js";
import { SECRET } from "../../test/fixtures/webhooks.js";
import { openSqliteStore, type Store, type StoreWithOutbound, type VcaExchange } from "../store/index.js";
import { createServer } from "./create-server.js";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const auth = { authorization: SECRET };

function exchange(sessionId: string, minutesAgo: number, overrides: Partial<VcaExchange> = {}): VcaExchange {
  const at = ago(minutesAgo);
  return {
    eventId: `${sessionId}-e`, sessionId, subAccountId: "acme", callDirection: "INBOUND", source: "+6591110001", destination: "+6568880000",
    received: {}, receivedAt: at, answer: { callflow: [] }, answeredAt: at, fallbackReason: null, vars: {}, ...overrides,
  };
}

const ended = (sessionId: string, minutesAgo: number, sessionStatus: string, leg: Record<string, unknown>) => ({
  sessionId, subAccountId: "acme", sessionStatus, receivedAt: ago(minutesAgo), payload: { sessionStatus, details: { callA: leg } },
});

describe("read API reports", () => {
  let store: StoreWithOutbound;
  let close = async () => {};
  afterEach(async () => {
    await close();
    await store?.close();
  });

  /** A server over a new store (as `wrap` shows it, when given). */
  async function serve(wrap?: (opened: StoreWithOutbound) => Store) {
    store = await openSqliteStore({ path: ":memory:" });
    const server = createServer({ app: echoApp(), store: wrap ? wrap(store) : store, authHeader: SECRET, logger: false, dashboard: false, now: () => NOW });
    close = () => server.close();
    const get = async (url: string, headers: Record<string, string> = auth) => {
      const res = await server.inject({ method: "GET", url, headers });
      return { status: res.statusCode, json: res.json() as Record<string, unknown> };
    };
    return { get };
  }

  /** An inbound call two hours ago (completed), an unanswered outbound call 30 minutes ago, an inbound one active now. */
  async function storeCalls(): Promise<void> {
    await store.recordExchange(exchange("s-old", 120));
    await store.saveSummary(ended("s-old", 118, "COMPLETED", { callDirection: "INBOUND", callStatus: "COMPLETED", callDuration: 40 }));
    await store.saveSummary(ended("s-out", 30, "NO_ANSWER", { callDirection: "OUTBOUND", callStatus: "NO_ANSWER", source: "+6568880000", destination: "+6597771234" }));
    await store.recordExchange(exchange("s-now", 1, { source: "+6591112222" }));
  }

  const ids = (json: Record<string, unknown>) => (json.sessions as { sessionId: string }[]).map((s) => s.sessionId);

  it("filters sessions by a span back from the server's clock, an ISO time, outcome, direction and a number, in any case", async () => {
    const { get } = await serve();
    await storeCalls();
    expect(ids((await get("/api/sessions?since=1h")).json)).toEqual(["s-now", "s-out"]);
    expect(ids((await get("/api/sessions?since=2026-11-29T11:45:00%2B00:00")).json)).toEqual(["s-now"]);
    expect(ids((await get("/api/sessions?since=2026-11-29")).json)).toEqual(["s-now", "s-out", "s-old"]);
    expect(ids((await get("/api/sessions?outcome=UNREACHABLE")).json)).toEqual(["s-out"]);
    expect(ids((await get("/api/sessions?direction=outbound")).json)).toEqual(["s-out"]);
    expect(ids((await get("/api/sessions?direction=INBOUND&since=3h&q=659111")).json)).toEqual(["s-now", "s-old"]);
    expect(ids((await get("/api/sessions?q=%2B6597")).json)).toEqual(["s-out"]);
    const listed = (await get("/api/sessions?outcome=completed")).json.sessions as Record<string, unknown>[];
    expect(listed[0]).toMatchObject({ sessionId: "s-old", outcome: "completed", durationSeconds: 40, mos: null, errorCode: null });
  });

  it("answers 400 naming the parameter for an unknown outcome or direction, a bad since, and a q that is not part of a number", async () => {
    const { get } = await serve();
    const refusals: [string, string, string][] = [
      ["outcome=maybe", "outcome", 'outcome: "maybe" is not an outcome: expected completed, unreachable, failed, error'],
      ["direction=sideways", "direction", 'direction: "sideways" is not a direction: expected INBOUND or OUTBOUND'],
      ["since=yesterday", "since", 'since: "yesterday" is not a time: expected a span back from now (90s, 30m, 1h, 7d, 2w) or an ISO-8601 date or date-time with its offset (2026-11-29, 2026-11-29T08:00:00Z)'],
      // A time without its offset would mean the server's own zone.
      ["since=2026-11-29T08:00:00", "since", expect.stringContaining('since: "2026-11-29T08:00:00" is not a time') as unknown as string],
      ["since=2026-02-31", "since", expect.stringContaining("is not a time") as unknown as string],
      ["since=999999w", "since", 'since: "999999w" reaches more than 100 years back'],
      ["since=9999-12-31T23:00:00-05:00", "since", 'since: "9999-12-31T23:00:00-05:00" is after the year 9999'],
      ["q=65-91", "q", 'q: "65-91" is not part of a phone number: expected 1 to 15 digits, optionally after a +'],
      [`q=${"6".repeat(16)}`, "q", expect.stringContaining("expected 1 to 15 digits") as unknown as string],
      ["q=6591&q=6592", "q", "q: give it once"],
    ];
    for (const [query, field, message] of refusals) {
      const res = await get(`/api/sessions?${query}`);
      expect(res, query).toEqual({ status: 400, json: { error: { code: "SB_SERVER_INVALID_FIELD", field, message } } });
    }
  });

  it("still refuses a status no session has when other filters are given, and does not refuse a stored one they exclude", async () => {
    const { get } = await serve();
    await storeCalls();
    await store.saveSummary(ended("s-new-status", 300, "VOICEMAIL_LEFT", { callDirection: "INBOUND" }));
    expect((await get("/api/sessions?status=BOGUS&since=1h")).json).toMatchObject({ error: { field: "status" } });
    expect(await get("/api/sessions?status=VOICEMAIL_LEFT&since=1h")).toEqual({ status: 200, json: { sessions: [], nextCursor: null } });
  });

  it("shows an outbound session's request and attempts, null for an inbound one, and nothing from a store without the outbound port", async () => {
    const { get } = await serve();
    await storeCalls();
    await store.outbound.addOutboundRequests([{
      requestId: "r1", campaign: null, contactId: null, to: "+6597771234", from: "+6568880000", flow: "reminder", vars: {}, policy: {}, timezone: null,
      validForMs: 600_000, notBefore: ago(40), createdAt: ago(40),
    }]);
    await store.outbound.openDueAttempts({ now: ago(31), limit: 1 });
    await store.outbound.placeAttempt("r1-1", "s-out", ago(31));
    const out = (await get("/api/sessions/s-out")).json;
    expect(out.outbound).toMatchObject({ request: { requestId: "r1", to: "+6597771234", attempts: 1 }, attempts: [{ clientRequestId: "r1-1", sessionId: "s-out", state: "placed" }] });
    expect((await get("/api/sessions/s-now")).json.outbound).toBeNull();

    await close();
    await store.close();
    const again = await serve((opened) => new Proxy(opened, { get: (target, property) => (property === "outbound" ? undefined : Reflect.get(target, property, target)) }));
    await store.recordExchange(exchange("s-in", 1));
    const detail = await again.get("/api/sessions/s-in");
    expect(detail.status).toBe(200);
    expect(detail.json).not.toHaveProperty("outbound");
  });

  it("GET /api/stats counts the sessions since a span back from the server's clock", async () => {
    const { get } = await serve();
    await storeCalls();
    const all = await get("/api/stats");
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ since: null, sessions: 3, completionRate: 0.5, averageDurationSeconds: 40 });
    expect((await get("/api/stats?since=1h")).json).toMatchObject({
      since: ago(60).toISOString(),
      sessions: 2,
      counts: [{ direction: "INBOUND", outcome: null, sessions: 1 }, { direction: "OUTBOUND", outcome: "unreachable", sessions: 1 }],
      retries: { scheduled: 0, placed: 0 },
    });
    expect((await get("/api/stats?since=soon")).json).toMatchObject({ error: { code: "SB_SERVER_INVALID_FIELD", field: "since" } });
    expect((await get("/api/stats", {})).status).toBe(401);
  });

  it("GET /api/flows/edges counts one flow's edges since a time, and refuses a fingerprint no flow could have", async () => {
    const { get } = await serve();
    await store.recordExchange(exchange("s-a", 5, { flowFingerprint: "fp-a", nextMenu: "main" }));
    await store.recordExchange(exchange("s-a", 4, { eventId: "s-a-2", flowFingerprint: "fp-a", menu: "main", keys: "1", nextMenu: "hours" }));
    await store.recordExchange(exchange("s-b", 90, { flowFingerprint: "fp-a", nextMenu: "main" }));
    await store.recordExchange(exchange("s-c", 3, { flowFingerprint: "fp-b", nextMenu: "start" }));
    expect((await get("/api/flows/edges?fingerprint=fp-a&since=1h")).json).toEqual({
      edges: [
        { fingerprint: "fp-a", menu: null, keys: null, nextMenu: "main", count: 1 },
        { fingerprint: "fp-a", menu: "main", keys: "1", nextMenu: "hours", count: 1 },
      ],
      hangups: [],
    });
    expect(((await get("/api/flows/edges")).json.edges as unknown[]).length).toBe(3);
    expect((await get("/api/flows/edges?fingerprint=fp%20a")).json).toMatchObject({ error: { code: "SB_SERVER_INVALID_FIELD", field: "fingerprint" } });
    expect((await get("/api/flows/edges", {})).status).toBe(401);
  });
});
