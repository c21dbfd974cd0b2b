/**
 * Hostile or broken input gets the same answer on either store, and never a 503 (which tells the
 * platform "the store is down, deliver again"): identifiers a store cannot keep as they came are
 * refused at intake with a 400 naming the field; free text is stored as it came and read back
 * identical. Runs over SQLite and over PostgreSQL (skipped, with a message, without a local one).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoApp } from "../../test/echo-app.js";
import { vca, vcaDigits, vcs, vss } from "../../test/fixtures/webhooks.js";
import { dropSchema, findTestPostgres, freshSchemaName } from "../../test/postgres.js";
import { startServer, tempDir, type Harness } from "../../test/server-harness.js";
import { openPostgresStore, openSqliteStore, type Store } from "../store/index.js";
import { MAX_IDENTIFIER_LENGTH } from "./identifiers.js";

const dir = tempDir("switchboard-poison-");
const url = await findTestPostgres();
const schema = freshSchemaName("sb_poison_test");
afterAll(async () => {
  dir.remove();
  if (url) await dropSchema(url, schema);
});

const targets: { name: string; skip: boolean; open: () => Promise<Store> }[] = [
  { name: "SQLite", skip: false, open: () => openSqliteStore({ path: `${dir.path}/poison.db` }) },
  { name: "PostgreSQL", skip: url === null, open: () => openPostgresStore({ connectionString: url ?? "", schema }) },
];

/** Free text as a hostile or careless sender may write it: NUL, other controls, unpaired surrogates, an emoji. */
const TEXT = "Ana\u0000 O'Brien\u0007\n\ud800 half \udc00 \ud83d\ude00";

type Body = { payload: Record<string, unknown> };
const withPayload = (body: Record<string, unknown>, fields: Record<string, unknown>): Body => {
  const copy = structuredClone(body) as Body;
  Object.assign(copy.payload, fields);
  return copy;
};

for (const target of targets) {
  describe.skipIf(target.skip)(`hostile input on ${target.name}`, () => {
    let h: Harness;
    let n = 0;
    const session = () => `s-poison-${++n}`;
    const refused = (res: { status: number; json: unknown }, field: string) => {
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: "SB_SERVER_INVALID_FIELD", field, message: expect.stringContaining(`${field}: `) } });
    };

    beforeAll(async () => {
      h = await startServer(echoApp(), { dbPath: "unused", store: await target.open() });
    });
    afterAll(async () => {
      await h?.close();
    });

    it("refuses a VSS whose identifiers hold a control character or an unpaired surrogate, naming the field, and stores nothing", async () => {
      for (const [field, value] of [["sessionId", "s-\u0000-nul"], ["sessionStatus", "COMPLETED\u0000"], ["subAccountId", "acme\u001f"], ["sessionId", "s-\ud800"]] as const) {
        const id = session();
        const res = await h.post("/webhooks/vss", withPayload(vss(id), { [field]: value }));
        refused(res, `payload.${field}`);
        expect((await h.get(`/api/sessions/${id}`)).status).toBe(404);
      }
    });

    it("refuses a VCS whose identifiers hold a control character, naming the field", async () => {
      for (const field of ["sessionId", "callStatus", "eventId", "callId"]) {
        refused(await h.post("/webhooks/vcs", withPayload(vcs(session()), { [field]: "x\u0000y" })), `payload.${field}`);
      }
    });

    it("refuses a VCA whose identifiers or digits hold a control character, naming the field where it was", async () => {
      for (const field of ["eventId", "sessionId", "callId", "callStatus", "subAccountId", "callDirection", "source", "destination"]) {
        refused(await h.post("/webhooks/vca", withPayload(vca({ sessionId: session() }), { [field]: "x\u0000" })), `payload.${field}`);
      }
      refused(await h.post("/webhooks/vca", vcaDigits(session(), undefined, "1\u0000")), "payload.eventData.dtmf");
      refused(await h.post("/webhooks/vca", withPayload(vca({ sessionId: session() }), { eventData: null, dtmf: "\ud8001" })), "payload.dtmf");
    });

    it(`refuses identifiers longer than ${MAX_IDENTIFIER_LENGTH} characters, which a database index may not hold`, async () => {
      const long = `s-${"x".repeat(MAX_IDENTIFIER_LENGTH)}`;
      refused(await h.post("/webhooks/vss", vss(long)), "payload.sessionId");
      refused(await h.post("/webhooks/vcs", vcs(long)), "payload.sessionId");
      refused(await h.post("/webhooks/vca", vca({ sessionId: long })), "payload.sessionId");
      // Exactly at the limit, and with characters outside the BMP (a surrogate pair is no half), is fine.
      const atLimit = `${"\ud83d\ude00".repeat(3)}${"x".repeat(MAX_IDENTIFIER_LENGTH - 6)}`;
      expect((await h.post("/webhooks/vss", vss(atLimit))).status).toBe(200);
    });

    it("stores free text holding NUL, control characters and unpaired surrogates, and reads it back identical", async () => {
      const id = session();
      const call = withPayload(vca({ sessionId: id }), { callerName: TEXT, sipReason: { text: TEXT } });
      expect((await h.post("/webhooks/vca", call)).status).toBe(200);
      const summary = withPayload(vss(id, "ERROR"), { errorDetails: { errorCode: -2001, errorMsg: TEXT }, note: { text: TEXT } });
      const res = await h.post("/webhooks/vss", summary);
      expect(res.status).toBe(200);
      expect((await h.post("/webhooks/vcs", withPayload(vcs(id), { note: TEXT }))).status).toBe(200);

      const detail = (await h.get(`/api/sessions/${id}`)).json as {
        summary: { payload: Record<string, unknown> };
        timeline: { kind: string; body: unknown }[];
        callStatuses: { payload: Record<string, unknown> }[];
      };
      expect(detail.summary.payload).toEqual(summary.payload);
      expect(detail.timeline[0]?.body).toEqual(call);
      expect(detail.callStatuses[0]?.payload.note).toBe(TEXT);
    });

    it("answers the read API's questions about ids and cursors no store could hold with 404 and 400, not 503", async () => {
      expect((await h.get("/api/sessions/s-%00-nul")).status).toBe(404);
      const forged = Buffer.from(JSON.stringify(["not a time", "s-1"])).toString("base64url");
      const listed = await h.get(`/api/sessions?cursor=${forged}`);
      expect(listed.status).toBe(400);
      expect(listed.json).toMatchObject({ error: { code: "SB_SERVER_INVALID_FIELD", field: "cursor" } });
    });
  });
}
