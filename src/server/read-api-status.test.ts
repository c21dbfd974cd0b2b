/**
 * `GET /api/sessions?status=` over real HTTP: a status that is neither one 8x8 documents, nor
 * ACTIVE, nor one a stored session has is a 400 naming the known ones (it used to answer an empty
 * list, so a typo looked like "no sessions"); a status 8x8 adds later stays queryable once stored.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { echoApp } from "../../test/echo-app.js";
import { vca, vss } from "../../test/fixtures/webhooks.js";
import { startServer, tempDir, type Harness } from "../../test/server-harness.js";

const dir = tempDir("switchboard-read-status-");
afterAll(() => dir.remove());
let n = 0;

describe("read API: the status filter", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startServer(echoApp(), { dbPath: `${dir.path}/status-${++n}.db` });
  });
  afterEach(async () => {
    await h.close();
  });

  it("answers 400 naming the known statuses for one that is neither 8x8's, nor ACTIVE, nor stored", async () => {
    await h.post("/webhooks/vca", vca({ sessionId: "s-1" }));
    const res = await h.get("/api/sessions?status=BOGUS");
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: {
        code: "SB_SERVER_INVALID_FIELD",
        field: "status",
        message:
          'status: "BOGUS" is not a session status: expected ACTIVE, COMPLETED, BUSY, NO_ANSWER, FAILED, CANCELED, ERROR, COMPLETED_UNSUBSCRIBED, COMPLETED_UNSUB_ERROR, UNSUBSCRIBED_CONTACT, or one a stored session has',
      },
    });
  });

  it("answers an empty page for a documented status no session has yet, and for ACTIVE", async () => {
    for (const status of ["NO_ANSWER", "ACTIVE"]) {
      const res = await h.get(`/api/sessions?status=${status}`);
      expect(res.status, status).toBe(200);
      expect(res.json).toEqual({ sessions: [], nextCursor: null });
    }
  });

  it("keeps a status 8x8 adds later queryable once a stored session has it", async () => {
    await h.post("/webhooks/vca", vca({ sessionId: "s-new" }));
    expect((await h.post("/webhooks/vss", vss("s-new", "VOICEMAIL_LEFT"))).status).toBe(200);
    const res = await h.get("/api/sessions?status=VOICEMAIL_LEFT");
    expect(res.status).toBe(200);
    expect((res.json as { sessions: { sessionId: string; status: string }[] }).sessions).toMatchObject([{ sessionId: "s-new", status: "VOICEMAIL_LEFT" }]);
  });
});
