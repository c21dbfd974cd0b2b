/**
 * `GET /api/stats/series` (issue 12, the dashboard's stats chart): sessions by outcome in buckets,
 * the bucket picked from the window when not given, `until` from the server's clock, each bad
 * parameter a 400 naming it, and the read API's auth. The store's side is the contract suite's.
 */
import { afterEach, describe, expect, it } from "vitest";
import { echoApp } from "../../test/echo-app.js";
import { SECRET } from "../../test/fixtures/webhooks.js";
import { openSqliteStore, type StoreWithOutbound, type VcaExchange } from "../store/index.js";
import { createServer } from "./create-server.js";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const auth = { authorization: SECRET };

function exchange(sessionId: string, minutesAgo: number): VcaExchange {
  const at = ago(minutesAgo);
  return {
    eventId: `${sessionId}-e`, sessionId, subAccountId: "acme", callDirection: "INBOUND", source: "+6591110001", destination: "+6568880000",
    received: {}, receivedAt: at, answer: { callflow: [] }, answeredAt: at, fallbackReason: null, vars: {},
  };
}

describe("GET /api/stats/series", () => {
  let store: StoreWithOutbound;
  let close = async () => {};
  afterEach(async () => {
    await close();
    await store?.close();
  });

  async function serve() {
    store = await openSqliteStore({ path: ":memory:" });
    const server = createServer({ app: echoApp(), store, authHeader: SECRET, logger: false, dashboard: false, now: () => NOW });
    close = () => server.close();
    return async (url: string, headers: Record<string, string> = auth) => {
      const res = await server.inject({ method: "GET", url, headers });
      return { status: res.statusCode, json: res.json() as Record<string, unknown> };
    };
  }

  it("counts sessions by outcome per bucket, picking the bucket from the window when none is given", async () => {
    const get = await serve();
    // Completed 2 h ago, unreachable 30 min ago, one in progress now.
    await store.recordExchange(exchange("s-old", 120));
    await store.saveSummary({ sessionId: "s-old", subAccountId: "acme", sessionStatus: "COMPLETED", receivedAt: ago(118), payload: { sessionStatus: "COMPLETED", details: { callA: { callDirection: "INBOUND", callStatus: "COMPLETED" } } } });
    await store.saveSummary({ sessionId: "s-out", subAccountId: "acme", sessionStatus: "NO_ANSWER", receivedAt: ago(30), payload: { sessionStatus: "NO_ANSWER", details: { callA: { callDirection: "OUTBOUND", callStatus: "NO_ANSWER" } } } });
    await store.recordExchange(exchange("s-now", 1));
    const none = { completed: 0, unreachable: 0, failed: 0, error: 0, none: 0 };

    expect(await get("/api/stats/series?since=1h")).toEqual({
      status: 200,
      json: {
        since: ago(60).toISOString(),
        until: NOW.toISOString(),
        bucketSeconds: 60,
        buckets: [
          { start: ago(30).toISOString(), sessions: 1, outcomes: { ...none, unreachable: 1 } },
          { start: ago(1).toISOString(), sessions: 1, outcomes: { ...none, none: 1 } },
        ],
      },
    });
    expect((await get("/api/stats/series?since=24h")).json).toMatchObject({ bucketSeconds: 1800 });
    expect((await get("/api/stats/series?since=7d")).json).toMatchObject({ bucketSeconds: 3 * 3600 });
    expect((await get("/api/stats/series?since=30d")).json).toMatchObject({ bucketSeconds: 12 * 3600 });
    const all = await get("/api/stats/series");
    expect(all.json).toMatchObject({ since: null, bucketSeconds: 86_400, buckets: [{ start: "2026-11-29T00:00:00.000Z", sessions: 3, outcomes: { ...none, completed: 1, unreachable: 1, none: 1 } }] });
    expect((await get("/api/stats/series?since=3h&bucket=1h")).json.buckets).toEqual([
      { start: "2026-11-29T10:00:00.000Z", sessions: 1, outcomes: { ...none, completed: 1 } },
      { start: "2026-11-29T11:00:00.000Z", sessions: 2, outcomes: { ...none, unreachable: 1, none: 1 } },
    ]);
  });

  it("answers 400 naming the parameter for a bad since or bucket, and 401 without the read secret", async () => {
    const get = await serve();
    const refusals: [string, string, string][] = [
      ["since=soon", "since", expect.stringContaining('since: "soon" is not a time') as unknown as string],
      ["bucket=hourly", "bucket", 'bucket: "hourly" is not a bucket width: expected a span such as 1m, 15m, 1h, 1d or 1w'],
      ["bucket=0m", "bucket", 'bucket: "0m" is not a bucket width: expected a span such as 1m, 15m, 1h, 1d or 1w'],
      ["bucket=400d", "bucket", 'bucket: "400d" is wider than a year: expected at most 366d'],
      ["bucket=1h", "bucket", 'bucket: "1h" is narrower than a day, which is the least without since: give since, or a bucket of 1d or more'],
      ["since=7d&bucket=1m", "bucket", `bucket: "1m" makes more than 1000 buckets since ${ago(7 * 1440).toISOString()}: expected a wider bucket, or a later since`],
      ["since=1h&bucket=1m&bucket=5m", "bucket", "bucket: give it once"],
    ];
    for (const [query, field, message] of refusals) {
      expect(await get(`/api/stats/series?${query}`), query).toEqual({ status: 400, json: { error: { code: "SB_SERVER_INVALID_FIELD", field, message } } });
    }
    expect((await get("/api/stats/series", {})).status).toBe(401);
  });
});
