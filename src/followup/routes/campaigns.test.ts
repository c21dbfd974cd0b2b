/**
 * The campaign routes of the control API, through the server's own request handling (`inject`),
 * on a real SQLite file. The dispatcher is left idle (a tick a minute): what is tested is what the
 * routes store and answer, not the calls.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { compileFlow, type Flow } from "../../ivr/index.js";
import { createServer } from "../../server/index.js";
import { openDirectSqliteStore, type StoreWithOutbound } from "../../store/index.js";
import { createFollowup } from "../plugin.js";
import { OutboundFlows } from "../outbound-flows.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-campaign-routes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONTROL = "control-secret-0123456789";
const NOW = new Date("2026-03-02T12:00:00.000Z");
const reminder: Flow = {
  version: 1,
  name: "reminder",
  entry: "confirm",
  menus: { confirm: { prompt: "Hello {{vars.name}}, press 1.", options: { "1": { say: "Thanks.", then: "hangup" } } } },
};

let counter = 0;
const servers: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(): Promise<{ server: FastifyInstance; store: StoreWithOutbound }> {
  const store = openDirectSqliteStore({ path: join(dir, `routes-${++counter}.db`) });
  const app = compileFlow(reminder);
  const flows = new OutboundFlows();
  flows.add("reminder", null, app);
  const followup = createFollowup({ store, flows, send: async () => ({ sessionId: "never" }) as never, controlAuthHeader: CONTROL, now: () => NOW, intervalMs: 60_000 });
  const server = createServer({ app, store, authHeader: "webhook-secret-0123456789", logger: false, closeStore: true, ...followup.serverOptions });
  await followup.register(server);
  servers.push(server);
  return { server, store };
}

const CSV = "id,phone,name\nc1,+6590000002,Ada\nc2,+6590000003,Bo\n";
const body = (overrides: Record<string, unknown> = {}) => ({ name: "spring", from: "+6560000001", csv: CSV, file: "contacts.csv", ...overrides });

async function call(server: FastifyInstance, method: "GET" | "POST", url: string, payload?: unknown, secret = CONTROL) {
  const response = await server.inject({ method, url, headers: { authorization: secret }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: response.statusCode, body: response.headers["content-type"]?.toString().startsWith("application/json") ? response.json() : response.body, headers: response.headers };
}

describe("the campaigns control API", () => {
  it("creates a campaign with a request per contact (201), then starts, pauses, resumes and cancels it", async () => {
    const { server, store } = await start();
    const created = await call(server, "POST", "/api/campaigns", body());
    expect(created).toMatchObject({ status: 201, body: { name: "spring", state: "CREATED", flow: "reminder", total: 2, skipped: [], skippedCount: 0 } });
    expect((await store.outbound.listOutboundRequests({ campaign: "spring", limit: 10 })).map((r) => [r.requestId, r.contactId, r.to])).toEqual([
      ["spring:c1", "c1", "+6590000002"],
      ["spring:c2", "c2", "+6590000003"],
    ]);
    const status = await call(server, "GET", "/api/campaigns/spring");
    expect(status.body).toMatchObject({
      name: "spring",
      state: "CREATED",
      flow: "reminder",
      from: "+6560000001",
      rate: 2,
      concurrency: 20,
      maxAttempts: 3,
      file: "contacts.csv",
      total: 2,
      done: 0,
      progress: { placed: 0, inProgress: 0, completed: 0, retrying: 0, left: 2 },
    });
    expect(await call(server, "POST", "/api/campaigns/spring/resume")).toMatchObject({ status: 409, body: { error: { code: "SB_SERVER_CAMPAIGN_STATE", message: 'campaign "spring" is CREATED; resume needs PAUSED' } } });
    expect(await call(server, "POST", "/api/campaigns/spring/start")).toMatchObject({ status: 200, body: { state: "RUNNING", changed: true } });
    expect(await call(server, "POST", "/api/campaigns/spring/start")).toMatchObject({ status: 200, body: { state: "RUNNING", changed: false } });
    expect(await call(server, "POST", "/api/campaigns/spring/pause")).toMatchObject({ status: 200, body: { state: "PAUSED", changed: true } });
    expect(await call(server, "POST", "/api/campaigns/spring/resume")).toMatchObject({ status: 200, body: { state: "RUNNING", changed: true } });
    expect(await call(server, "POST", "/api/campaigns/spring/cancel")).toMatchObject({ status: 200, body: { state: "CANCELED", progress: { canceled: 2, left: 0 } } });
    expect(await call(server, "POST", "/api/campaigns/spring/pause")).toMatchObject({ status: 409, body: { error: { message: 'campaign "spring" is CANCELED; pause needs RUNNING' } } });
    expect((await call(server, "GET", "/api/campaigns")).body).toMatchObject({ campaigns: [{ name: "spring", state: "CANCELED", total: 2 }] });
  });

  it("refuses a file with bad rows (400, each with its line, field and reason) and stores nothing", async () => {
    const { server, store } = await start();
    const csv = "phone,name\n+6590000002,Ada\n12ab,Bo\n+6590000002,Cy\n";
    const refused = await call(server, "POST", "/api/campaigns", body({ csv }));
    expect(refused).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "SB_SERVER_INVALID_FIELD",
          field: "csv",
          problemCount: 2,
          skippable: true,
          problems: [
            { line: 3, field: "phone", reason: '"12ab" is not a phone number in E.164 form (e.g. +6590000002)' },
            { line: 4, field: "phone", reason: "+6590000002 is also on line 2: call each number once" },
          ],
        },
      },
    });
    expect(await store.outbound.getCampaign("spring")).toBeNull();
    expect(await store.outbound.listOutboundRequests({ campaign: "spring", limit: 10 })).toEqual([]);
    const skipped = await call(server, "POST", "/api/campaigns", body({ csv, skipInvalid: true }));
    expect(skipped).toMatchObject({ status: 201, body: { total: 1, skippedCount: 2, skipped: [{ line: 3 }, { line: 4 }] } });
  });

  it("refuses a name taken (409), a bad setting naming its field (400), an unknown campaign (404) and a wrong secret (401)", async () => {
    const { server } = await start();
    expect((await call(server, "POST", "/api/campaigns", body())).status).toBe(201);
    expect(await call(server, "POST", "/api/campaigns", body())).toMatchObject({ status: 409, body: { error: { code: "SB_SERVER_CAMPAIGN_EXISTS", message: 'campaign "spring" exists already (CREATED): choose another name' } } });
    expect(await call(server, "POST", "/api/campaigns", body({ name: "autumn", rate: -1 }))).toMatchObject({ status: 400, body: { error: { field: "rate" } } });
    expect(await call(server, "POST", "/api/campaigns", body({ name: "autumn", flow: "nope" }))).toMatchObject({ status: 400, body: { error: { field: "flow" } } });
    expect(await call(server, "GET", "/api/campaigns/autumn")).toMatchObject({ status: 404, body: { error: { code: "SB_SERVER_NOT_FOUND", field: "name" } } });
    expect(await call(server, "POST", "/api/campaigns/autumn/start")).toMatchObject({ status: 404, body: { error: { field: "name" } } });
    expect((await call(server, "POST", "/api/campaigns/spring/restart")).status).toBe(404);
    expect((await call(server, "POST", "/api/campaigns/spring/constructor")).status).toBe(404);
    expect((await call(server, "GET", "/api/campaigns/spring", undefined, "wrong")).status).toBe(401);
    expect((await call(server, "POST", "/api/campaigns", body({ name: "autumn" }), "wrong")).status).toBe(401);
  });

  it("takes 100,000 contacts, far over the webhooks' body limit, which stays as it was", async () => {
    const { server, store } = await start();
    const rows = Array.from({ length: 100_000 }, (_, i) => `c${i},+65${String(90_000_000 + i)},Someone called ${i}`);
    const csv = `id,phone,name\n${rows.join("\n")}\n`;
    expect(csv.length).toBeGreaterThan(3 * 1024 * 1024);
    const created = await call(server, "POST", "/api/campaigns", body({ csv }));
    expect(created).toMatchObject({ status: 201, body: { total: 100_000 } });
    expect((await store.outbound.getCampaign("spring"))?.total).toBe(100_000);
    // The webhooks keep their own limit.
    const vca = await server.inject({ method: "POST", url: "/webhooks/vca", headers: { authorization: "webhook-secret-0123456789", "content-type": "application/json" }, payload: `{"x":"${"a".repeat(1024 * 1024)}"}` });
    expect(vca.statusCode).toBe(413);
  });

  it("exports one row per contact as CSV or JSON, in request order", async () => {
    const { server } = await start();
    await call(server, "POST", "/api/campaigns", body());
    const csv = await call(server, "GET", "/api/campaigns/spring/export");
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toBe(
      "id,phone,outcome,attempts,last_session_id,last_status,error_code,duration_seconds,digits,variables\r\n" +
        "c1,+6590000002,scheduled,0,,,,,,\r\n" +
        "c2,+6590000003,scheduled,0,,,,,,\r\n",
    );
    const json = await call(server, "GET", "/api/campaigns/spring/export?format=json");
    expect(json.body).toEqual({
      campaign: "spring",
      rows: [
        { id: "c1", phone: "+6590000002", outcome: "scheduled", attempts: 0, lastSessionId: null, lastStatus: null, errorCode: null, durationSeconds: null, digits: [], variables: {} },
        { id: "c2", phone: "+6590000003", outcome: "scheduled", attempts: 0, lastSessionId: null, lastStatus: null, errorCode: null, durationSeconds: null, digits: [], variables: {} },
      ],
    });
    expect((await call(server, "GET", "/api/campaigns/spring/export?format=xml")).status).toBe(400);
    expect((await call(server, "GET", "/api/campaigns/autumn/export")).status).toBe(404);
  });
});
