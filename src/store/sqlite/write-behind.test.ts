import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inThreadRemote } from "../../../test/in-thread-remote.js";
import { STORE_ERROR_CODES } from "../errors.js";
import type { StoreIncident, VcaExchange } from "../types.js";
import { openSqliteDatabase } from "./database.js";
import { unpackExchanges } from "./exchange-batch.js";
import type { WorkerOperations } from "./records.js";
import { WriteBehindStore, type WriteBehindOptions } from "./write-behind.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-write-behind-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

const at = new Date("2026-03-01T10:00:00.000Z");
function exchange(eventId: string, sessionId: string, extra: Partial<VcaExchange> = {}): VcaExchange {
  return {
    eventId, sessionId, subAccountId: "acme", callDirection: "INBOUND", source: null, destination: null, received: { eventId },
    receivedAt: at, answer: { clientActionId: eventId, callflow: [] }, answeredAt: at, fallbackReason: null, vars: { last: eventId }, ...extra,
  };
}

/** A write-behind store over the plain operations in this thread, and a way to count committed exchanges. */
function open(options: WriteBehindOptions, path = join(dir, `wb-${++counter}.db`)) {
  const { writeExchanges, checkpoint: _, ...operations } = openSqliteDatabase({ path, exclusive: false, busyTimeoutMs: 1000, checkpointIntervalMs: 0 });
  const batches: number[] = [];
  const summaryGroups: number[] = [];
  const reads: string[] = [];
  const remote = inThreadRemote<WorkerOperations>({
    ...operations,
    loadSession: (sessionId) => {
      reads.push(sessionId);
      return operations.loadSession(sessionId);
    },
    saveSummaries: (group) => {
      summaryGroups.push(group.length);
      return operations.saveSummaries(group);
    },
    writePackedExchanges: (batch) => {
      const records = unpackExchanges(batch);
      batches.push(records.length);
      return writeExchanges(records);
    },
  });
  const store = new WriteBehindStore(remote, options);
  const incidents: StoreIncident[] = [];
  store.onIncident((incident) => incidents.push(incident));
  const committed = () => {
    const db = new Database(path, { readonly: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM vca_exchanges").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return { store, remote, incidents, committed, batches, summaryGroups, reads, path };
}

describe("write-behind store", () => {
  it("write-behind: answers before the commit, then commits the group within its window", async () => {
    const { store, committed } = open({ vcaWrites: "write-behind", flushIntervalMs: 60_000 });
    await store.recordExchange(exchange("e-1", "s-1"));
    await store.recordExchange(exchange("e-2", "s-1"));
    expect(committed()).toBe(0);
    // Visible to this store at once: a repeat gets the first answer from the queue.
    expect(await store.loadForEvent("e-1", "s-1")).toMatchObject({ cachedAnswer: { clientActionId: "e-1" } });
    await store.close();
    expect(committed()).toBe(2);
  });

  it("sync: resolves recordExchange only once its exchange is committed", async () => {
    const { store, committed } = open({ vcaWrites: "sync", flushIntervalMs: 60_000 });
    await store.recordExchange(exchange("e-1", "s-1"));
    expect(committed()).toBe(1);
    await store.close();
  });

  it("sync: exchanges that arrive while a commit is in flight share the next one", async () => {
    const { store, remote, committed, batches } = open({ vcaWrites: "sync" });
    await store.loadForEvent("e-0", "s-1");
    remote.hold();
    const first = store.recordExchange(exchange("e-1", "s-1"));
    const second = store.recordExchange(exchange("e-2", "s-1"));
    const third = store.recordExchange(exchange("e-3", "s-1"));
    expect(committed()).toBe(0);
    remote.release();
    await Promise.all([first, second, third]);
    expect(committed()).toBe(3);
    expect(batches).toEqual([1, 2]);
    await store.close();
  });

  it("sync: a commit that fails rejects its callers with a StoreError and reports no lost writes", async () => {
    const { store, incidents } = open({ vcaWrites: "sync" });
    // SQLite refuses the value (NOT NULL): a refusal, not the database being down.
    await expect(store.recordExchange(exchange("e-1", "s-1", { received: undefined, receivedText: undefined }))).rejects.toMatchObject({
      name: "StoreError",
      code: STORE_ERROR_CODES.VALUE_REFUSED,
    });
    expect(incidents).toEqual([]);
    // The session is read again from what the database holds: the failed exchange is not there.
    expect(await store.loadForEvent("e-1", "s-1")).toEqual({ cachedAnswer: null, vars: {} });
    await store.close();
  });

  it("write-behind: a commit that fails after the callers were answered is reported as lost writes", async () => {
    const { store, incidents } = open({ vcaWrites: "write-behind", flushIntervalMs: 60_000 });
    await store.recordExchange(exchange("e-1", "s-1", { received: undefined, receivedText: undefined }));
    await store.listSessions({ limit: 1 });
    expect(incidents).toEqual([{ kind: "writes-lost", operation: "recordExchange", count: 1, error: expect.objectContaining({ code: STORE_ERROR_CODES.VALUE_REFUSED }) }]);
    await store.close();
  });

  it("summaries that arrive while one commit is in flight share the next, each resolving once it is stored", async () => {
    const { store, remote, summaryGroups } = open({});
    remote.hold();
    const summary = (sessionId: string) => ({ sessionId, subAccountId: null, sessionStatus: "COMPLETED", payload: { sessionId }, receivedAt: at });
    const saved = ["s-1", "s-2", "s-3", "s-2"].map((id) => store.saveSummary(summary(id)));
    remote.release();
    expect(await Promise.all(saved)).toEqual([{ created: true }, { created: true }, { created: true }, { created: false }]);
    expect(summaryGroups).toEqual([1, 3]);
    expect((await store.getSession("s-3"))?.summary?.payload).toEqual({ sessionId: "s-3" });
    await store.close();
  });

  it("a summary that cannot be stored fails alone: the others of its group are stored", async () => {
    const { store, remote } = open({});
    remote.hold();
    const first = store.saveSummary({ sessionId: "s-0", subAccountId: null, sessionStatus: "COMPLETED", payload: {}, receivedAt: at });
    const good = store.saveSummary({ sessionId: "s-1", subAccountId: null, sessionStatus: "COMPLETED", payload: {}, receivedAt: at });
    const bad = store.saveSummary({ sessionId: "s-2", subAccountId: null, sessionStatus: null as unknown as string, payload: {}, receivedAt: at });
    const alsoGood = store.saveSummary({ sessionId: "s-3", subAccountId: null, sessionStatus: "BUSY", payload: {}, receivedAt: at });
    remote.release();
    await expect(first).resolves.toEqual({ created: true });
    await expect(good).resolves.toEqual({ created: true });
    await expect(bad).rejects.toMatchObject({ code: STORE_ERROR_CODES.VALUE_REFUSED });
    await expect(alsoGood).resolves.toEqual({ created: true });
    expect((await store.listSessions({ limit: 10 })).sessions.map((s) => s.sessionId).sort()).toEqual(["s-0", "s-1", "s-3"]);
    await store.close();
  });

  it("stores the summaries still waiting for their group when it closes", async () => {
    const { store, remote } = open({});
    remote.hold();
    const saved = ["s-1", "s-2"].map((sessionId) => store.saveSummary({ sessionId, subAccountId: null, sessionStatus: "COMPLETED", payload: {}, receivedAt: at }));
    const closed = store.close();
    remote.release();
    await closed;
    expect(await Promise.all(saved)).toEqual([{ created: true }, { created: true }]);
  });

  describe("the filter of sessions the file may hold", () => {
    it("starts a session it has never seen without reading it, and reads one the file holds", async () => {
      const first = open({});
      await first.store.recordExchange(exchange("e-1", "s-old"));
      await first.store.close();
      const { store, reads } = open({}, first.path);
      await store.trackSessions();
      expect(await store.loadForEvent("e-9", "s-new")).toEqual({ cachedAnswer: null, vars: {} });
      expect(await store.loadForEvent("e-1", "s-old")).toMatchObject({ cachedAnswer: { clientActionId: "e-1" }, vars: { last: "e-1" } });
      expect(reads).toEqual(["s-old"]);
      await store.close();
    });

    it("reads back a session dropped from a full cache, and one a summary made", async () => {
      const { store, reads } = open({ sessionCacheSize: 1 });
      await store.trackSessions();
      await store.recordExchange(exchange("a-1", "s-a"));
      await store.loadForEvent("b-1", "s-b"); // s-a leaves the cache of one
      await store.saveSummary({ sessionId: "s-c", subAccountId: null, sessionStatus: "NO_ANSWER", payload: {}, receivedAt: at });
      expect(await store.loadForEvent("a-1", "s-a")).toMatchObject({ cachedAnswer: { clientActionId: "a-1" } });
      await store.loadForEvent("c-1", "s-c");
      expect(reads).toEqual(["s-a", "s-c"]);
      await store.close();
    });

    it("keeps the sessions made while the filter was being built", async () => {
      const { store, remote, reads } = open({ sessionCacheSize: 1 });
      remote.hold();
      const tracked = store.trackSessions();
      const made = store.recordExchange(exchange("a-1", "s-a")); // read: no filter yet
      remote.release();
      await Promise.all([tracked, made]);
      await store.loadForEvent("b-1", "s-b"); // new: not read; s-a leaves the cache
      expect(await store.loadForEvent("a-1", "s-a")).toMatchObject({ cachedAnswer: { clientActionId: "a-1" } });
      expect(reads).toEqual(["s-a", "s-a"]);
      await store.close();
    });
  });
});
