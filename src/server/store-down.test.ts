/**
 * When the store cannot load a session (docs/server.md, "When the store is down"): a caller in
 * the middle of a menu keeps navigating, answered from the bookmark in `clientActionId` and
 * counted as unrecorded; a step that needs the session's variables (a template reading them, a
 * handler) gets the fallback; once the store is back, steps are recorded again. Over HTTP, with a
 * real SQLite store behind a switch that makes its VCA operations fail as an unreachable database's do.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { echoApp, metricValue } from "../../test/echo-app.js";
import { vca, vcaDigits } from "../../test/fixtures/webhooks.js";
import { startServer, tempDir, type Harness } from "../../test/server-harness.js";
import { compileFlow, type Flow } from "../ivr/index.js";
import { openSqliteStore, unavailable, type Store } from "../store/index.js";
import type { VcaAnswer } from "../voice/index.js";
import { DEFAULT_FALLBACK } from "./fallback.js";

const dir = tempDir("switchboard-store-down-");
afterAll(() => dir.remove());
let n = 0;

const flow: Flow = {
  version: 1,
  name: "store-down",
  entry: "main",
  fallback: { say: "Sorry, please call again later." },
  menus: {
    main: {
      prompt: "Main menu. Press 1 for hours, 2 for your booking, 3 to look it up.",
      options: { "1": "hours", "2": "booking", "3": { handler: "lookup", store: "booking", then: "booking" }, "9": "hangup" },
    },
    hours: { prompt: "We open at nine. Press 0 to go back.", options: { "0": "back", "9": "hangup" } },
    booking: { prompt: "Your booking is for {{vars.booking}}.", options: { "0": "main", "9": "hangup" } },
  },
};

/** What the store does with VCAs: `up`, `down` (nothing answers, as with a stopped database) or `recordFails` (reads work, writes fail). */
type StoreState = "up" | "down" | "recordFails";

/** The real store, with its VCA operations failing as an unreachable database's do while `state` says so. */
function switchable(inner: Store): { store: Store; set(state: StoreState): void } {
  let state: StoreState = "up";
  const refused = (operation: string) => () => Promise.reject(unavailable(operation, Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })));
  const store = new Proxy(inner, {
    get(target, property) {
      if (property === "loadForEvent" && state === "down") return refused("loadForEvent");
      if (property === "recordExchange" && state !== "up") return refused("recordExchange");
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, set: (next) => void (state = next) };
}

const said = (answer: unknown) => ((answer as VcaAnswer).callflow[0]?.params as { promptMessage?: string; text?: string } | undefined) ?? {};

describe("a VCA while the store is down", () => {
  let h: Harness;
  let switched: ReturnType<typeof switchable>;
  let lookups = 0;
  beforeEach(async () => {
    lookups = 0;
    const app = compileFlow(flow, { handlers: { lookup: () => ((lookups += 1), "Friday") } });
    switched = switchable(await openSqliteStore({ path: `${dir.path}/down-${++n}.db` }));
    h = await startServer(app, { dbPath: "unused", store: switched.store });
  });
  afterEach(async () => {
    await h.close();
  });
  const metric = async (sample: string) => metricValue((await h.get("/metrics")).text, sample);
  const press = (sessionId: string, from: unknown, dtmf: string) => h.post("/webhooks/vca", vcaDigits(sessionId, (from as VcaAnswer).clientActionId, dtmf));

  it("answers a mid-menu press from the bookmark, records nothing and counts it; once the store is back, steps are recorded again", async () => {
    const opening = (await h.post("/webhooks/vca", vca({ sessionId: "s-nav" }))).json;
    switched.set("down");
    const hours = await press("s-nav", opening, "1");
    expect(hours.status).toBe(200);
    expect(said(hours.json).promptMessage).toBe("We open at nine. Press 0 to go back.");
    expect(await metric('switchboard_vca_unrecorded_total{reason="store_unavailable"}')).toBe(1);
    expect(await metric('switchboard_vca_answers_total{source="bookmark"}')).toBe(1);
    expect(await metric('switchboard_vca_fallbacks_total{reason="store_unavailable"}')).toBe(0);
    expect(await metric('switchboard_store_errors_total{operation="loadForEvent"}')).toBe(1);

    switched.set("up");
    const back = await press("s-nav", hours.json, "0");
    expect(said(back.json).promptMessage).toBe(said(opening).promptMessage);
    const detail = (await h.get("/api/sessions/s-nav")).json as { session: { vcaCount: number }; timeline: { kind: string; step?: { menu: string | null; nextMenu: string | null } }[] };
    // The first and the last exchange: the one answered while the store was down is not there.
    expect(detail.session.vcaCount).toBe(2);
    expect(detail.timeline.filter((t) => t.kind === "answer").map((t) => t.step)).toEqual([
      { menu: null, keys: null, nextMenu: "main" },
      { menu: "hours", keys: "0", nextMenu: "main" },
    ]);
    expect(await metric('switchboard_vca_unrecorded_total{reason="store_unavailable"}')).toBe(1);
  });

  it("sends the fallback for a step that needs the session's variables or a handler, without calling the handler", async () => {
    const opening = (await h.post("/webhooks/vca", vca({ sessionId: "s-vars" }))).json;
    switched.set("down");
    for (const dtmf of ["2", "3"]) {
      const res = await press("s-vars", opening, dtmf);
      expect(res.status).toBe(200);
      expect(said(res.json).text).toBe("Sorry, please call again later.");
    }
    expect(lookups).toBe(0);
    expect(await metric('switchboard_vca_fallbacks_total{reason="store_unavailable"}')).toBe(2);
    expect(await metric('switchboard_vca_unrecorded_total{reason="store_unavailable"}')).toBe(2);
    expect(await metric('switchboard_vca_answers_total{source="bookmark"}')).toBe(0);
  });

  it("sends the app's answer when only recording fails, and counts the exchange as unrecorded", async () => {
    const opening = (await h.post("/webhooks/vca", vca({ sessionId: "s-rec" }))).json;
    switched.set("recordFails");
    const res = await press("s-rec", opening, "3");
    expect(said(res.json).promptMessage).toBe("Your booking is for Friday.");
    expect(lookups).toBe(1);
    expect(await metric('switchboard_vca_unrecorded_total{reason="record_failed"}')).toBe(1);
    expect(await metric('switchboard_store_errors_total{operation="recordExchange"}')).toBe(1);
  });
});

describe("an app written as code while the store is down", () => {
  it("gets the fallback: nothing says it can answer without the session's variables", async () => {
    const switched = switchable(await openSqliteStore({ path: `${dir.path}/down-code.db` }));
    const h = await startServer(echoApp(), { dbPath: "unused", store: switched.store });
    try {
      switched.set("down");
      const res = await h.post("/webhooks/vca", vcaDigits("s-code", "step:1", "1"));
      expect(res.json).toEqual(DEFAULT_FALLBACK);
      expect(metricValue((await h.get("/metrics")).text, 'switchboard_vca_unrecorded_total{reason="store_unavailable"}')).toBe(1);
    } finally {
      await h.close();
    }
  });
});
