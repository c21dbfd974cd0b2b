/**
 * `summaryJobs`: how a module above the server (the followup module's retries) leaves work with
 * each new summary, in the summary's own transaction, without the server importing it.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { echoApp } from "../../test/echo-app.js";
import { vss } from "../../test/fixtures/webhooks.js";
import { startServer, tempDir, type Harness } from "../../test/server-harness.js";

const dir = tempDir("switchboard-summary-jobs-");
afterAll(() => dir.remove());
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("summaryJobs", () => {
  it("stores the jobs a new summary leaves, once however often the summary is delivered", async () => {
    const seen: string[] = [];
    harness = await startServer(echoApp(), {
      dbPath: `${dir.path}/jobs.db`,
      summaryJobs: ({ sessionId, payload, receivedAt }) => {
        seen.push(sessionId);
        return [{ key: `retry:${sessionId}`, kind: "retry", runAt: receivedAt, payload: { status: (payload as { sessionStatus: string }).sessionStatus } }];
      },
    });
    for (let delivery = 0; delivery < 3; delivery += 1) expect((await harness.post("/webhooks/vss", vss("s-busy", "BUSY"))).status).toBe(200);
    const jobs = await harness.store.listJobs({ limit: 10 });
    expect(jobs).toEqual([expect.objectContaining({ key: "retry:s-busy", kind: "retry", sessionId: "s-busy", payload: { status: "BUSY" } })]);
    expect(seen).toEqual(["s-busy", "s-busy", "s-busy"]);
  });

  it("stores a summary whose hook leaves nothing, as before", async () => {
    harness = await startServer(echoApp(), { dbPath: `${dir.path}/none.db`, summaryJobs: () => [] });
    expect((await harness.post("/webhooks/vss", vss("s-done"))).status).toBe(200);
    expect(await harness.store.listJobs({ limit: 10 })).toEqual([]);
    expect((await harness.store.getSession("s-done"))?.summary?.sessionStatus).toBe("COMPLETED");
  });
});
