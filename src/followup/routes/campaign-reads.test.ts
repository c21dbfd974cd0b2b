/**
 * The campaigns' read routes (`GET /api/campaigns[/:name[/export]]`) as the dashboard uses them:
 * the read secret or a signed-in dashboard's cookie reads, as the control secret does; neither the
 * read secret nor the cookie changes anything; a wrong or absent secret is 401; an unknown campaign
 * 404; the export's page parameters are checked and name the field. Through `inject`, on a real
 * SQLite file, with the dispatcher idle.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { compileFlow, type Flow } from "../../ivr/index.js";
import { createServer, switchboardPlugin } from "../../server/index.js";
import { openDirectSqliteStore } from "../../store/index.js";
import { OutboundFlows } from "../outbound-flows.js";
import { createFollowup } from "../plugin.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-campaign-reads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONTROL = "control-secret-0123456789";
const READ = "read-secret-0123456789abc";
const WEBHOOK = "webhook-secret-0123456789";
const NOW = new Date("2026-03-02T12:00:00.000Z");
const reminder: Flow = {
  version: 1,
  name: "reminder",
  entry: "confirm",
  menus: { confirm: { prompt: "Hello {{vars.name}}, press 1.", options: { "1": { say: "Thanks.", then: "hangup" } } } },
};
const CSV = "id,phone,name\nc1,+6590000002,Ada\nc2,+6590000003,Bo\nc3,+6590000004,Cy\n";

let counter = 0;
const servers: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server with a read secret of its own; `control: false` serves no control API (serve --forward-outcomes alone). */
async function start(options: { control?: boolean; followup?: boolean } = {}): Promise<FastifyInstance> {
  const store = openDirectSqliteStore({ path: join(dir, `reads-${++counter}.db`) });
  const app = compileFlow(reminder);
  const flows = new OutboundFlows();
  flows.add("reminder", null, app);
  const followup = createFollowup({
    store,
    flows,
    send: async () => ({ sessionId: "never" }) as never,
    ...(options.control === false ? {} : { controlAuthHeader: CONTROL }),
    now: () => NOW,
    intervalMs: 60_000,
  });
  const server = createServer({ app, store, authHeader: WEBHOOK, readAuthHeader: READ, logger: false, closeStore: true, ...followup.serverOptions });
  if (options.followup !== false) await followup.register(server);
  servers.push(server);
  if (options.control === false) {
    // No control API: the campaign is stored as an earlier run with one would have left it.
    const { readCampaignRequest } = await import("../campaigns/campaign-request.js");
    const plan = readCampaignRequest({ name: "spring", from: "+6560000001", csv: CSV }, flows, NOW, (flow) => flows.policyOf(flow));
    await store.outbound.createCampaign(plan.campaign, plan.requests);
  } else {
    const created = await send(server, "POST", "/api/campaigns", { authorization: CONTROL }, { name: "spring", from: "+6560000001", csv: CSV });
    expect(created.status).toBe(201);
  }
  return server;
}

async function send(server: FastifyInstance, method: "GET" | "POST", url: string, headers: Record<string, string> = {}, payload?: object) {
  const response = await server.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  const json = response.headers["content-type"]?.toString().startsWith("application/json");
  return { status: response.statusCode, body: json ? response.json() : response.body, headers: response.headers };
}

/** Signs a browser in with the read secret; its session cookie. */
async function signIn(server: FastifyInstance): Promise<string> {
  const response = await server.inject({ method: "POST", url: "/api/session", payload: { secret: READ } });
  expect(response.statusCode).toBe(200);
  return String(response.headers["set-cookie"]).split(";")[0]!;
}

describe("the campaigns' read routes", () => {
  it("let the read secret, a signed-in dashboard and the control secret read, and refuse a wrong or absent secret (401)", async () => {
    const server = await start();
    const cookie = await signIn(server);
    for (const headers of [{ authorization: READ }, { cookie }, { authorization: CONTROL }] as Record<string, string>[]) {
      expect(await send(server, "GET", "/api/campaigns", headers)).toMatchObject({ status: 200, body: { campaigns: [{ name: "spring", state: "CREATED", total: 3, progress: { left: 3 } }] } });
      expect(await send(server, "GET", "/api/campaigns/spring", headers)).toMatchObject({ status: 200, body: { name: "spring", flow: "reminder", from: "+6560000001" } });
      expect((await send(server, "GET", "/api/campaigns/spring/export?format=json", headers)).body).toMatchObject({ campaign: "spring", rows: [{ id: "c1" }, { id: "c2" }, { id: "c3" }] });
    }
    for (const headers of [{}, { authorization: "wrong" }, { authorization: WEBHOOK.slice(1) }, { cookie: "switchboard_session=forged" }] as Record<string, string>[]) {
      for (const path of ["/api/campaigns", "/api/campaigns/spring", "/api/campaigns/spring/export"]) {
        expect(await send(server, "GET", path, headers), `${path} ${JSON.stringify(headers)}`).toMatchObject({ status: 401, body: { error: { code: "SB_SERVER_AUTH_REQUIRED" } } });
      }
    }
  });

  it("never let the read secret or a dashboard session change a campaign: 401, and the campaign stays as it was", async () => {
    const server = await start();
    const cookie = await signIn(server);
    const csrf = ((await send(server, "GET", "/api/session", { cookie })).body as { csrfToken: string }).csrfToken;
    for (const headers of [{ authorization: READ }, { cookie, "x-switchboard-csrf": csrf }] as Record<string, string>[]) {
      expect((await send(server, "POST", "/api/campaigns/spring/start", headers)).status).toBe(401);
      expect((await send(server, "POST", "/api/campaigns/spring/cancel", headers)).status).toBe(401);
      expect((await send(server, "POST", "/api/campaigns", headers, { name: "autumn", from: "+6560000001", csv: CSV })).status).toBe(401);
    }
    expect((await send(server, "GET", "/api/campaigns", { authorization: READ })).body).toMatchObject({ campaigns: [{ name: "spring", state: "CREATED" }] });
    expect((await send(server, "POST", "/api/campaigns/spring/start", { authorization: CONTROL })).body).toMatchObject({ state: "RUNNING", changed: true });
  });

  it("answer 404 for an unknown campaign, naming it", async () => {
    const server = await start();
    for (const path of ["/api/campaigns/autumn", "/api/campaigns/autumn/export", "/api/campaigns/autumn/export?format=json&limit=10"]) {
      expect(await send(server, "GET", path, { authorization: READ })).toMatchObject({ status: 404, body: { error: { code: "SB_SERVER_NOT_FOUND", message: 'no campaign "autumn"', field: "name" } } });
    }
  });

  it("give the export a page at a time with format=json&limit, and refuse page parameters that make no sense (400 naming the field)", async () => {
    const server = await start();
    const read = (query: string) => send(server, "GET", `/api/campaigns/spring/export?${query}`, { authorization: READ });
    const first = await read("format=json&limit=2");
    expect(first).toMatchObject({ status: 200, body: { campaign: "spring", next: "spring:c2" } });
    expect((first.body as { rows: { id: string; phone: string; outcome: string; attempts: number }[] }).rows).toEqual([
      expect.objectContaining({ id: "c1", phone: "+6590000002", outcome: "scheduled", attempts: 0, lastSessionId: null }),
      expect.objectContaining({ id: "c2", phone: "+6590000003" }),
    ]);
    const second = await read("format=json&limit=2&after=spring%3Ac2");
    expect(second.body).toMatchObject({ rows: [{ id: "c3" }], next: null });
    expect((await read("format=json&limit=3")).body).toMatchObject({ next: null });

    const refused: [string, string, RegExp][] = [
      ["format=xml", "format", /format "xml" is not csv or json/],
      ["format=json&limit=0", "limit", /limit "0" is not a whole number from 1 to 500/],
      ["format=json&limit=501", "limit", /from 1 to 500/],
      ["format=json&limit=two", "limit", /limit "two"/],
      ["format=json&limit=1.5", "limit", /limit "1.5"/],
      ["format=json&limit=", "limit", /limit ""/],
      ["format=json&after=spring%3Ac1", "after", /after needs limit/],
      ["format=json&limit=2&after=", "after", /not a page cursor/],
      ["limit=2", "limit", /limit needs format=json/],
    ];
    for (const [query, field, message] of refused) {
      const answer = await read(query);
      expect(answer, query).toMatchObject({ status: 400, body: { error: { code: "SB_SERVER_INVALID_FIELD", field } } });
      expect((answer.body as { error: { message: string } }).error.message, query).toMatch(message);
    }
  });

  it("are served without a control API (reads only, with the read API's access), and absent without the followup module (404)", async () => {
    const reader = await start({ control: false });
    expect(await send(reader, "GET", "/api/campaigns", { authorization: READ })).toMatchObject({ status: 200, body: { campaigns: [{ name: "spring", total: 3 }] } });
    expect((await send(reader, "GET", "/api/campaigns", { authorization: CONTROL })).status).toBe(401);
    expect((await send(reader, "POST", "/api/campaigns/spring/start", { authorization: READ })).status).toBe(404);

    const store = openDirectSqliteStore({ path: join(dir, `reads-${++counter}.db`) });
    const plain = createServer({ app: compileFlow(reminder), store, authHeader: WEBHOOK, readAuthHeader: READ, logger: false, closeStore: true });
    servers.push(plain);
    expect(await send(plain, "GET", "/api/campaigns", { authorization: READ })).toMatchObject({ status: 404, body: { error: { code: "SB_SERVER_NOT_FOUND" } } });
  });

  it("in a host app, read with the read secret only when given the plugin's read access (readAccess), else with the control secret alone", async () => {
    for (const given of [true, false]) {
      const store = openDirectSqliteStore({ path: join(dir, `reads-${++counter}.db`) });
      const app = compileFlow(reminder);
      const flows = new OutboundFlows();
      flows.add("reminder", null, app);
      const switchboard = switchboardPlugin({ app, store, authHeader: WEBHOOK, readAuthHeader: READ });
      const followup = createFollowup({
        store,
        flows,
        send: async () => ({ sessionId: "never" }) as never,
        controlAuthHeader: CONTROL,
        now: () => NOW,
        intervalMs: 60_000,
        ...(given ? { readAccess: switchboard.dashboard.access.read } : {}),
      });
      const host = Fastify({ logger: false });
      servers.push(host);
      host.addHook("onClose", async () => store.close());
      await host.register(switchboard, { prefix: "/ivr" });
      await followup.register(host);
      expect((await send(host, "POST", "/api/campaigns", { authorization: CONTROL }, { name: "spring", from: "+6560000001", csv: CSV })).status).toBe(201);
      expect((await send(host, "GET", "/api/campaigns/spring", { authorization: READ })).status, `readAccess given: ${given}`).toBe(given ? 200 : 401);
      expect((await send(host, "GET", "/api/campaigns/spring", { authorization: CONTROL })).status).toBe(200);
      expect((await send(host, "POST", "/api/campaigns/spring/start", { authorization: READ })).status).toBe(401);
    }
  });
});
