/**
 * Two server instances sharing one PostgreSQL schema, as `--db postgres://...` is meant for:
 * a delivery answered by one is replayed identically by the other, and what one stores the
 * other serves. Skipped (with a message) only when no local Postgres answers and CI is unset.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoApp } from "../../test/echo-app.js";
import { SECRET, vca, vcaDigits, vss } from "../../test/fixtures/webhooks.js";
import { dropSchema, findTestPostgres, freshSchemaName } from "../../test/postgres.js";
import { startServer, type Harness } from "../../test/server-harness.js";
import type { IvrApp } from "../ivr/index.js";
import { openPostgresStore } from "../store/index.js";

/** The echo app, with the instance's tag in what the caller hears, so answers differ by instance. */
function tagged(tag: string): IvrApp {
  const inner = echoApp();
  return {
    name: `echo-${tag}`,
    async answer(event, ctx) {
      const answer = await inner.answer(event, ctx);
      const [first, ...rest] = answer.callflow;
      if (first?.action !== "sayAndCapture") return answer;
      return { ...answer, callflow: [{ ...first, params: { ...first.params, promptMessage: `[${tag}] ${first.params.promptMessage}` } }, ...rest] };
    },
  };
}

const url = await findTestPostgres();
const schema = freshSchemaName("sb_server_test");

describe.skipIf(url === null)("two servers sharing a Postgres store", () => {
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    const [storeA, storeB] = await Promise.all([openPostgresStore({ connectionString: url!, schema }), openPostgresStore({ connectionString: url!, schema })]);
    a = await startServer(tagged("A"), { dbPath: "unused", store: storeA });
    b = await startServer(tagged("B"), { dbPath: "unused", store: storeB });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (url) await dropSchema(url, schema);
  });

  it("answers a repeated VCA identically whichever instance gets it, even at the same time", async () => {
    const first = vca({ sessionId: "pg-s1" });
    const [fromA, fromB] = await Promise.all([a.post("/webhooks/vca", first), b.post("/webhooks/vca", first)]);
    expect(fromA.status).toBe(200);
    expect(fromB.text).toBe(fromA.text);
    expect(fromA.text).toMatch(/\[(A|B)\] Step 1/);
    const later = await b.post("/webhooks/vca", first);
    expect(later.text).toBe(fromA.text);
  });

  it("carries a session's variables from one instance to the other", async () => {
    const start = (await a.post("/webhooks/vca", vca({ sessionId: "pg-s2" }))).json as { clientActionId: string };
    const next = (await b.post("/webhooks/vca", vcaDigits("pg-s2", start.clientActionId, "4"))).json as { clientActionId: string };
    const third = await a.post("/webhooks/vca", vcaDigits("pg-s2", next.clientActionId, "2"));
    expect(third.text).toContain("You typed 4,2.");
  });

  it("stores a VSS once across instances and serves it from either", async () => {
    const [one, two] = await Promise.all([a.post("/webhooks/vss", vss("pg-s2")), b.post("/webhooks/vss", vss("pg-s2"))]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect([(one.json as { duplicate: boolean }).duplicate, (two.json as { duplicate: boolean }).duplicate].sort()).toEqual([false, true]);
    const detail = (await b.get("/api/sessions/pg-s2", { authorization: SECRET })).json as { session: { status: string }; timeline: unknown[] };
    expect(detail.session.status).toBe("COMPLETED");
    expect(detail.timeline).toHaveLength(6);
  });
});
