import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDirectSqliteStore, type StoreWithOutbound } from "../store/index.js";
import { OutcomeForwarder } from "./outcome-forwarder.js";
import { summaryJobsFor } from "./summary-jobs.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-forwarder-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A receiver on 127.0.0.1 that answers each POST with the next status of `statuses` (the last repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[]; headers: (string | undefined)[]; server: Server }> {
  const bodies: unknown[] = [];
  const headers: (string | undefined)[] = [];
  let n = 0;
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      bodies.push(JSON.parse(text));
      headers.push(request.headers.authorization);
      response.statusCode = statuses[Math.min(n++, statuses.length - 1)]!;
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/outcomes`, bodies, headers, server };
}

const opened: { store: StoreWithOutbound; server: Server }[] = [];
afterEach(async () => {
  for (const { store, server } of opened.splice(0)) {
    await store.close();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function summary(store: StoreWithOutbound, sessionId: string, sessionStatus: string, at: Date) {
  const payload = { sessionId, sessionStatus, details: { callA: { callDirection: "INBOUND", callStatus: "COMPLETED", callDuration: 42 } } };
  return store.saveSummary({ sessionId, subAccountId: "acme", sessionStatus, payload, receivedAt: at, jobs: summaryJobsFor({ everySession: false, forward: true })({ sessionId, payload, receivedAt: at }) });
}

describe("OutcomeForwarder", () => {
  it("posts each session's outcome once with the header, and tries a refused one again with backoff until it is taken", async () => {
    const target = await receiver([503, 200]);
    const store = openDirectSqliteStore({ path: join(dir, "f.db") });
    opened.push({ store, server: target.server });
    let now = Date.parse("2026-11-30T03:00:00.000Z");
    const failures: unknown[] = [];
    const forwarder = new OutcomeForwarder({ store: store.outbound, url: target.url, authHeader: "Bearer t0ken", now: () => new Date(now), onFailure: (f) => failures.push(f) });
    // Delivered three times by the platform: one outcome to forward.
    for (let i = 0; i < 3; i += 1) await summary(store, "s1", "COMPLETED", new Date(now));
    await forwarder.tick();
    expect(target.bodies).toHaveLength(1);
    expect(failures).toEqual([expect.objectContaining({ key: "forward-outcome:s1", tries: 1, reason: "HTTP 503" })]);
    expect(JSON.stringify(failures)).not.toContain("t0ken");
    await forwarder.tick();
    expect(target.bodies).toHaveLength(1);
    now += 1_000;
    await forwarder.tick();
    expect(target.bodies).toHaveLength(2);
    expect(target.bodies[1]).toMatchObject({ sessionId: "s1", outcome: "completed", sessionStatus: "COMPLETED", durationSeconds: 42, endedAt: "2026-11-30T03:00:00.000Z" });
    expect(target.headers).toEqual(["Bearer t0ken", "Bearer t0ken"]);
    now += 3_600_000;
    await forwarder.tick();
    expect(target.bodies).toHaveLength(2);
  });

  it("keeps an outcome the receiver cannot be reached for, across a restart of the process", async () => {
    const target = await receiver([200]);
    const path = join(dir, "restart.db");
    const first = openDirectSqliteStore({ path });
    const now = new Date("2026-11-30T03:00:00.000Z");
    await summary(first, "s2", "NO_ANSWER", now);
    await new OutcomeForwarder({ store: first.outbound, url: "http://127.0.0.1:9/nobody-listens", now: () => now }).tick();
    await first.close();
    const again = openDirectSqliteStore({ path });
    opened.push({ store: again, server: target.server });
    const later = new Date(now.getTime() + 2_000);
    await new OutcomeForwarder({ store: again.outbound, url: target.url, now: () => later }).tick();
    expect(target.bodies).toEqual([expect.objectContaining({ sessionId: "s2", outcome: "unreachable" })]);
  });
});
