import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDirectSqliteStore, type NextDueQuery, type OutboundStore } from "../store/index.js";
import { Dispatcher } from "./dispatcher.js";
import { instantClock, realClock, STALLED_STEP_MS } from "./followup-clock.js";
import { parseRetryPolicy } from "./retry-policy.js";
import { UNKNOWN_AFTER_MS } from "./settle.js";
import { summaryJobs } from "./summary-jobs.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-clock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = new Date("2027-01-15T11:59:00.000Z");

/** A store that answers only `nextDueAt`, with what the test says, and remembers what it was asked. */
function dueStore(due: () => Date | null) {
  const asked: NextDueQuery[] = [];
  const store = { nextDueAt: async (query: NextDueQuery) => (asked.push(query), due()) } as unknown as OutboundStore;
  return { store, asked };
}

describe("instantClock", () => {
  it("stands at its start until told the scheduler is idle, then jumps to the next due time", async () => {
    const clock = instantClock(T0);
    const next = new Date(T0.getTime() + 30 * 60_000);
    const { store, asked } = dueStore(() => next);
    expect(clock.now()).toEqual(T0);
    expect(clock.now()).toEqual(T0);
    await clock.idle(store, ["summary"]);
    expect(clock.now()).toEqual(next);
    expect(asked).toEqual([{ jobKinds: ["summary"], openAttemptGraceMs: UNKNOWN_AFTER_MS }]);
  });

  it("stays put when nothing will ever be due", async () => {
    const clock = instantClock(T0);
    await clock.idle(dueStore(() => null).store, ["summary"]);
    expect(clock.now()).toEqual(T0);
  });

  it("moves on a second only when something due was left undone by two idle rounds in a row", async () => {
    const clock = instantClock(T0);
    const { store } = dueStore(() => T0);
    await clock.idle(store, []);
    expect(clock.now()).toEqual(T0);
    // A round that did something in between: the next idle round starts counting again.
    clock.busy();
    await clock.idle(store, []);
    expect(clock.now()).toEqual(T0);
    await clock.idle(store, []);
    expect(clock.now()).toEqual(new Date(T0.getTime() + STALLED_STEP_MS));
  });

  it("realClock reads the wall clock and never asks the store", async () => {
    const { store, asked } = dueStore(() => T0);
    const before = Date.now();
    const clock = realClock();
    await clock.idle(store, ["summary"]);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(asked).toEqual([]);
  });
});

describe("a dispatcher on an instant clock", () => {
  it("holds time while an attempt is open, then opens the retry at exactly its backoff", async () => {
    const store = openDirectSqliteStore({ path: join(dir, "clock.db") });
    const clock = instantClock(T0);
    const sent: string[] = [];
    const dispatcher = new Dispatcher({
      store: store.outbound,
      clock,
      maxCallRate: 100,
      send: async (input) => {
        sent.push(input.clientRequestId ?? "");
        return { sessionId: `session-${sent.length}`, sessionStatus: "CREATED", callFlowRequestId: "cf", statusCode: 1, statusMessage: "Created", clientRequestId: input.clientRequestId ?? "" };
      },
      callflowFor: (request) => ({ callflow: [{ action: "makeCall", params: { source: request.from, destination: request.to } }] }),
    });
    const round = async () => {
      await dispatcher.tick();
      await dispatcher.idle();
    };
    const policy = parseRetryPolicy({ backoff: ["10m"], jitter: 0 });
    await store.outbound.addOutboundRequests([
      { requestId: "r1", campaign: null, contactId: null, to: "+6590000002", from: "+6560000001", flow: "reminder", vars: {}, policy, timezone: null, validForMs: 600_000, notBefore: T0, createdAt: T0 },
    ]);
    await round();
    expect(sent).toEqual(["r1-1"]);
    // The attempt is open: however many rounds pass, time stands still (no expiry, no retry).
    for (let i = 0; i < 5; i++) await round();
    expect(clock.now()).toEqual(T0);
    // Its BUSY summary comes, stored on the same clock; settled; then the idle round jumps 10 minutes.
    const payload = { sessionId: "session-1", sessionStatus: "BUSY", clientRequestId: "r1-1", details: { callA: { callDirection: "OUTBOUND", callStatus: "BUSY" } } };
    await store.saveSummary({ sessionId: "session-1", subAccountId: "acme", sessionStatus: "BUSY", payload, receivedAt: clock.now(), jobs: summaryJobs({ sessionId: "session-1", payload, receivedAt: clock.now() }) });
    for (let i = 0; i < 4 && sent.length < 2; i++) await round();
    expect(sent).toEqual(["r1-1", "r1-2"]);
    const found = await store.outbound.getOutboundRequest("r1");
    expect(found?.attempts.map((a) => a.openedAt)).toEqual([T0.toISOString(), new Date(T0.getTime() + 10 * 60_000).toISOString()]);
    await store.close();
  });
});
