import { afterEach, describe, expect, it } from "vitest";
import { SECRET, vca, vcaDigits } from "../../test/fixtures/webhooks.js";
import { compileFlow, type Flow, type IvrApp } from "../ivr/index.js";
import { openDirectSqliteStore, type Store } from "../store/index.js";
import type { VcaAnswer } from "../voice/index.js";
import { createServer } from "./create-server.js";
import { DEFAULT_FALLBACK } from "./fallback.js";
import { IvrApps } from "./ivr-apps.js";

const VOICE = "en-US-BenjaminRUS";

/** A two-menu flow whose prompts say which version of it is speaking. */
function flow(version: string, menus: Record<string, string> = { main: "book", book: "main" }): Flow {
  return {
    version: 1,
    name: `shop-${version}`,
    entry: "main",
    defaults: { voiceProfile: VOICE },
    menus: Object.fromEntries(
      Object.entries(menus).map(([name, next]) => [name, { prompt: `${version}: ${name}`, options: { "1": next, "9": { transfer: "+6561115777" } } }]),
    ),
  } as Flow;
}

const promptOf = (answer: VcaAnswer) => (answer.callflow.at(-1) as { params: { promptMessage?: string } }).params.promptMessage;

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function serve(app: IvrApp, others: IvrApp[] = []) {
  const store = openDirectSqliteStore({ path: ":memory:" });
  stores.push(store);
  const server = createServer({ app, apps: others, store, authHeader: SECRET, logger: false });
  const post = async (payload: Record<string, unknown>) =>
    (await server.inject({ method: "POST", url: "/webhooks/vca", headers: { authorization: SECRET }, payload })).json() as VcaAnswer;
  return { server, store, post };
}

describe("a server holding several flows", () => {
  it("answers a call in progress with the flow it started on after another flow is loaded, and new calls with the new one", async () => {
    const v1 = compileFlow(flow("v1"));
    const v2 = compileFlow(flow("v2", { main: "hours", hours: "main" }));
    const { server, store, post } = serve(v1);

    const first = await post(vca({ sessionId: "s-old" }));
    expect(promptOf(first)).toBe("v1: main");
    server.switchboardApps.use(v2);

    // The old call presses 1: v1 answers from its own menus (v2 has no "book").
    const next = await post(vcaDigits("s-old", first.clientActionId, "1"));
    expect(promptOf(next)).toBe("v1: book");
    const fresh = await post(vca({ sessionId: "s-new" }));
    expect(promptOf(fresh)).toBe("v2: main");

    expect((await store.getSession("s-old"))?.session.flowFingerprint).toBe(v1.fingerprint);
    expect((await store.getSession("s-new"))?.session.flowFingerprint).toBe(v2.fingerprint);
    expect(v1.fingerprint).not.toBe(v2.fingerprint);
    expect((await server.inject({ method: "GET", url: "/healthz" })).json()).toMatchObject({ app: "shop-v2" });
  });

  it("answers the calls an added flow's bookmarks belong to with that flow", async () => {
    const inbound = compileFlow(flow("in"));
    const outbound = compileFlow(flow("out"));
    const { post } = serve(inbound, [outbound]);
    const bookmark = outbound.entry().clientActionId;
    expect(promptOf(await post(vcaDigits("s-out", bookmark, "1")))).toBe("out: book");
    expect(promptOf(await post(vca({ sessionId: "s-in" })))).toBe("in: main");
  });

  it("stores each exchange's menu, keys and next menu as the flow saw them", async () => {
    const app = compileFlow(flow("v1"));
    const { store, post } = serve(app);
    const first = await post(vca({ sessionId: "s-1" }));
    const second = await post(vcaDigits("s-1", first.clientActionId, "1"));
    await post(vcaDigits("s-1", second.clientActionId, "7")); // not an option: replayed
    await post(vcaDigits("s-1", second.clientActionId, "9")); // a transfer leads out of the menus
    const steps = (await store.getSession("s-1"))?.timeline.filter((t) => t.kind === "answer").map((t) => t.step);
    expect(steps).toEqual([
      { menu: null, keys: null, nextMenu: "main" },
      { menu: "main", keys: "1", nextMenu: "book" },
      { menu: "book", keys: "7", nextMenu: "book" },
      { menu: "book", keys: "9", nextMenu: null },
    ]);
    // An outbound call's first VCA carries no bookmark: its Send Callflow played the entry menu.
    await post(vcaDigits("s-out", undefined, "1"));
    expect((await store.getSession("s-out"))?.timeline.at(-1)?.step).toEqual({ menu: "main", keys: "1", nextMenu: "book" });
  });

  it("stores no step for an app that cannot tell one, and still answers", async () => {
    const plain: IvrApp = { name: "plain", answer: async () => ({ callflow: [{ action: "hangup" }] }) };
    const { store, post } = serve(plain);
    await post(vca({ sessionId: "s-1" }));
    const detail = await store.getSession("s-1");
    expect(detail?.session.flowFingerprint).toBeNull();
    expect(detail?.timeline.at(-1)?.step).toEqual({ menu: null, keys: null, nextMenu: null });
  });
});

describe("IvrApps", () => {
  const event = (clientActionId: string | null) => ({ clientActionId }) as Parameters<IvrApps["forEvent"]>[0];

  it("gives the current app for a VCA without a bookmark or with one nobody owns", () => {
    const v1 = compileFlow(flow("v1"));
    const apps = new IvrApps(v1, DEFAULT_FALLBACK);
    apps.add(compileFlow(flow("other")));
    expect(apps.forEvent(event(null)).app).toBe(v1);
    expect(apps.forEvent(event("sb1.main.-.forged00")).app).toBe(v1);
  });

  it("keeps the apps it replaced, finds them by fingerprint, and takes back one made current again", () => {
    const [v1, v2] = [compileFlow(flow("v1")), compileFlow(flow("v2"))];
    const apps = new IvrApps(v1, DEFAULT_FALLBACK);
    apps.use(v2);
    expect(apps.byFingerprint(v1.fingerprint)).toBe(v1);
    apps.use(v1);
    expect(apps.all).toEqual([v1, v2]);
  });

  it("lets go of the oldest replaced apps past sixteen", () => {
    const versions = Array.from({ length: 18 }, (_, i) => compileFlow(flow(`v${i}`)));
    const apps = new IvrApps(versions[0]!, DEFAULT_FALLBACK);
    for (const app of versions.slice(1)) apps.use(app);
    expect(apps.all).toHaveLength(17);
    expect(apps.byFingerprint(versions[0]!.fingerprint)).toBeUndefined();
    expect(apps.byFingerprint(versions[1]!.fingerprint)).toBe(versions[1]);
  });

  it("refuses an app whose fallback is not a valid answer, keeping the current one", () => {
    const v1 = compileFlow(flow("v1"));
    const apps = new IvrApps(v1, DEFAULT_FALLBACK);
    const broken: IvrApp = { name: "broken", fallback: { callflow: [] } as unknown as VcaAnswer, answer: async () => DEFAULT_FALLBACK };
    expect(() => apps.use(broken)).toThrow(expect.objectContaining({ code: "SB_SERVER_BAD_FALLBACK" }));
    expect(apps.current).toBe(v1);
  });
});
