import { afterEach, describe, expect, it } from "vitest";
import { echoApp } from "../../test/echo-app.js";
import { SECRET } from "../../test/fixtures/webhooks.js";
import { loadIvr } from "../ivr/index.js";
import { openSqliteStore, type Store } from "../store/index.js";
import { createServer } from "./create-server.js";

const RESTAURANT = new URL("../../examples/restaurant.yaml", import.meta.url).pathname;
const SIMPLE = new URL("../../examples/simple-ivr.yaml", import.meta.url).pathname;

interface Listed {
  flows: { fingerprint: string | null; name: string; current: boolean; graph: { entry: string; nodes: { id: string }[] } | null }[];
}

describe("GET /api/flows", () => {
  let store: Store;
  let close = async () => {};
  afterEach(async () => {
    await close();
    await store?.close();
  });

  async function serve(app: Parameters<typeof createServer>[0]["app"]) {
    store = await openSqliteStore({ path: ":memory:" });
    const server = createServer({ app, store, authHeader: SECRET, logger: false, dashboard: false });
    close = () => server.close();
    return server;
  }

  it("needs the read API's auth", async () => {
    const server = await serve(await loadIvr(RESTAURANT));
    expect((await server.inject({ method: "GET", url: "/api/flows" })).statusCode).toBe(401);
  });

  it("lists the flow new calls get first, with its graph, then the flows it replaced", async () => {
    const restaurant = await loadIvr(RESTAURANT);
    const server = await serve(restaurant);
    const first = (await server.inject({ method: "GET", url: "/api/flows", headers: { authorization: SECRET } })).json() as Listed;
    expect(first.flows).toHaveLength(1);
    expect(first.flows[0]).toMatchObject({ fingerprint: restaurant.fingerprint, name: "abc-restaurant", current: true, graph: { entry: "main_menu" } });
    expect(first.flows[0]!.graph!.nodes.map((n) => n.id)).toContain("menu:reservations");

    const simple = await loadIvr(SIMPLE);
    server.switchboardApps.use(simple);
    const second = (await server.inject({ method: "GET", url: "/api/flows", headers: { authorization: SECRET } })).json() as Listed;
    expect(second.flows.map((f) => [f.fingerprint, f.current])).toEqual([
      [simple.fingerprint, true],
      [restaurant.fingerprint, false],
    ]);
  });

  it("has no graph for an app of code handlers", async () => {
    const server = await serve(echoApp());
    const listed = (await server.inject({ method: "GET", url: "/api/flows", headers: { authorization: SECRET } })).json() as Listed;
    expect(listed.flows).toEqual([{ fingerprint: null, name: "echo", current: true, graph: null }]);
  });
});
