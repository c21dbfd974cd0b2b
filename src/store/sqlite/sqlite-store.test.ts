import Database from "better-sqlite3";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { storeContract } from "../../../test/store-contract.js";
import { outboundContract } from "../../../test/outbound-contract.js";
import { STORE_ERROR_CODES } from "../errors.js";
import type { Store, StoreIncident, VcaExchange } from "../types.js";
import { openInThreadWriteBehind } from "../../../test/in-thread-sqlite.js";
import { openDirectSqliteStore } from "./direct-store.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
let current = "";
/** The contract, run against each way the SQLite store can be opened. */
function sqliteContract(name: string, open: (path: string) => Promise<Store>): void {
  storeContract(name, {
    open: async () => {
      current = join(dir, `contract-${++counter}.db`);
      return open(current);
    },
    reopen: async () => open(current),
  });
}
sqliteContract("SQLite (worker thread, write-behind)", (path) => openSqliteStore({ path }));
// The write-behind rules in sync mode over the same SQL, without a worker to start per store.
sqliteContract("SQLite (write-behind in-thread, sync VCA writes)", (path) => openInThreadWriteBehind(path, { vcaWrites: "sync" }));
sqliteContract("SQLite (plain operations, in-thread)", async (path) => openDirectSqliteStore({ path }));

let outboundCounter = 0;
let outboundCurrent = "";
outboundContract("SQLite (worker thread)", {
  open: async () => openSqliteStore({ path: (outboundCurrent = join(dir, `outbound-${++outboundCounter}.db`)) }),
  reopen: async () => openSqliteStore({ path: outboundCurrent }),
});

describe("SQLite store file", () => {
  it("creates the file and its folder on first open, in WAL mode, with the migrations recorded", async () => {
    const path = join(dir, "nested", "first-run.db");
    const store = await openSqliteStore({ path });
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const versions = db.prepare("SELECT version FROM schema_migrations ORDER BY version").all();
      expect(versions).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version })));
    } finally {
      db.close();
    }
  });

  it("opens an existing database without migrating it again", async () => {
    const path = join(dir, "twice.db");
    await (await openSqliteStore({ path })).close();
    await (await openSqliteStore({ path })).close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM schema_migrations").get()).toEqual({ n: SQLITE_MIGRATIONS.length });
    db.close();
  });

  it("refuses a database migrated by a newer Switchboard", async () => {
    const path = join(dir, "newer.db");
    await (await openSqliteStore({ path })).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')").run();
    db.close();
    await expect(openSqliteStore({ path })).rejects.toMatchObject({ code: STORE_ERROR_CODES.SCHEMA_TOO_NEW });
  });

  it("refuses a second store on a file another one holds, naming the reason", async () => {
    const path = join(dir, "held.db");
    const first = await openSqliteStore({ path });
    try {
      await expect(openSqliteStore({ path, busyTimeoutMs: 50 })).rejects.toThrow(/in use by another process/);
      await expect(openSqliteStore({ path, busyTimeoutMs: 50 })).rejects.toMatchObject({ name: "StoreError", code: STORE_ERROR_CODES.UNAVAILABLE });
    } finally {
      await first.close();
    }
    await (await openSqliteStore({ path })).close();
  });

  it("reports a path it cannot open as unavailable", async () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "not a folder");
    await expect(openSqliteStore({ path: join(file, "x.db") })).rejects.toMatchObject({ code: STORE_ERROR_CODES.UNAVAILABLE });
    expect(() => openDirectSqliteStore({ path: join(file, "x.db") })).toThrow(expect.objectContaining({ code: STORE_ERROR_CODES.UNAVAILABLE }));
  });
});

const at = new Date("2026-03-01T10:00:00.000Z");
const say = (text: string) => ({ clientActionId: text, callflow: [{ action: "say" as const, params: { text, voiceProfile: "en-US-BenjaminRUS" } }] });
function exchange(eventId: string, sessionId: string, extra: Partial<VcaExchange> = {}): VcaExchange {
  return {
    eventId, sessionId, subAccountId: "acme", callDirection: "INBOUND", source: null, destination: null,
    received: { eventId }, receivedAt: at, answer: say(eventId), answeredAt: at, fallbackReason: null, vars: { last: eventId }, ...extra,
  };
}

describe("SQLite store VCA path", () => {
  it("stores the received and answer texts exactly as given", async () => {
    const path = join(dir, "texts.db");
    const store = await openSqliteStore({ path });
    const receivedText = '{ "eventId" : "e-1",  "n": 1.0 }';
    const answerText = '{"clientActionId":"e-1","callflow":[{"action":"say","params":{"text":"e-1"}}]}';
    await store.recordExchange(exchange("e-1", "s-1", { receivedText, answerText }));
    await store.recordExchange(exchange("e-2", "s-1"));
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare("SELECT received, answer FROM vca_exchanges ORDER BY seq").all()).toEqual([
        { received: receivedText, answer: answerText },
        { received: JSON.stringify({ eventId: "e-2" }), answer: JSON.stringify(say("e-2")) },
      ]);
    } finally {
      db.close();
    }
  });

  it("stores the variables a handler saw even when the commit that first changed them failed", async () => {
    const store = await openSqliteStore({ path: join(dir, "failed-vars.db") });
    const incidents: StoreIncident[] = [];
    store.onIncident((incident) => incidents.push(incident));
    try {
      await store.loadForEvent("e-0", "s-1");
      await store.recordExchange(exchange("e-0", "s-1", { vars: {} }));
      await store.listSessions({ limit: 1 }); // committed: the session's key is known
      // A delivery SQLite refuses (no text: NOT NULL) fails the commit that changes vars to {a: 1}.
      await store.loadForEvent("e-1", "s-1");
      await store.recordExchange(exchange("e-1", "s-1", { vars: { a: 1 }, received: undefined, receivedText: undefined }));
      const failing = store.listSessions({ limit: 1 });
      // Queued before that failure is known: the handler saw {a: 1}, unchanged since e-1.
      await store.loadForEvent("e-2", "s-1");
      await store.recordExchange(exchange("e-2", "s-1", { vars: { a: 1 } }));
      await failing;
      expect(await store.getSession("s-1")).toMatchObject({ session: { vars: { a: 1 }, vcaCount: 2 } });
      // SQLite refused the value (it is not down): the incident says so.
      expect(incidents).toEqual([{ kind: "writes-lost", operation: "recordExchange", count: 1, error: expect.objectContaining({ code: STORE_ERROR_CODES.VALUE_REFUSED }) }]);
      expect((await store.loadForEvent("e-3", "s-1")).vars).toEqual({ a: 1 });
    } finally {
      await store.close();
    }
  });

  it("reads a session dropped from a full cache back whole: variables, and answers by eventId", async () => {
    const store = await openSqliteStore({ path: join(dir, "small-cache.db"), sessionCacheSize: 1 });
    try {
      await store.recordExchange(exchange("a-1", "s-a"));
      // s-b pushes s-a (its exchange still queued) out of a cache of one.
      await store.recordExchange(exchange("b-1", "s-b"));
      expect(await store.loadForEvent("a-1", "s-a")).toEqual({ cachedAnswer: say("a-1"), vars: { last: "a-1" } });
      expect(await store.loadForEvent("a-2", "s-a")).toEqual({ cachedAnswer: null, vars: { last: "a-1" } });
      expect(await store.recordExchange(exchange("b-1", "s-b", { answer: say("other") }))).toEqual({ recorded: false, answer: say("b-1") });
      expect((await store.getSession("s-b"))?.session.vcaCount).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("still recognises a repeated first event after its session was dropped from a full cache", async () => {
    const store = await openSqliteStore({ path: join(dir, "evicted.db"), sessionCacheSize: 2 });
    try {
      expect(await store.loadForEvent("a-open", "s-a")).toEqual({ cachedAnswer: null, vars: {} });
      await store.recordExchange(exchange("a-open", "s-a", { vars: { lang: "en", acct: "42" } }));
      for (const other of ["s-b", "s-c", "s-d"]) {
        await store.loadForEvent(`${other}-open`, other);
        await store.recordExchange(exchange(`${other}-open`, other));
      }
      // s-a was pushed out; the platform delivers its CALL_RECEIVED again.
      expect(await store.loadForEvent("a-open", "s-a")).toEqual({ cachedAnswer: say("a-open"), vars: { lang: "en", acct: "42" } });
      expect(await store.recordExchange(exchange("a-open", "s-a", { answer: say("other"), vars: {} }))).toEqual({ recorded: false, answer: say("a-open") });
      expect((await store.getSession("s-a"))?.session).toMatchObject({ vcaCount: 1, vars: { lang: "en", acct: "42" } });
    } finally {
      await store.close();
    }
  });

  it("after a restart, reads back a session whatever its age: a repeated event gets its first answer", async () => {
    const path = join(dir, "restart.db");
    const first = await openSqliteStore({ path });
    await first.recordExchange(exchange("old-1", "s-old", { receivedAt: new Date(at.getTime() - 60_000) }));
    await first.recordExchange(exchange("new-1", "s-new"));
    await first.close();
    const store = await openSqliteStore({ path, sessionCacheSize: 1 });
    try {
      expect(await store.loadForEvent("new-1", "s-new")).toEqual({ cachedAnswer: say("new-1"), vars: { last: "new-1" } });
      expect(await store.loadForEvent("old-1", "s-old")).toEqual({ cachedAnswer: say("old-1"), vars: { last: "old-1" } });
    } finally {
      await store.close();
    }
  });

  it("answers a read of a session whose stored delivery nests 50,000 levels deep (stored before intake refused such bodies)", async () => {
    const store = await openSqliteStore({ path: join(dir, "deep.db") });
    try {
      const receivedText = "[".repeat(50_000) + "]".repeat(50_000);
      await store.recordExchange(exchange("e-deep", "s-deep", { received: {}, receivedText }));
      const detail = await store.getSession("s-deep");
      expect(detail?.timeline[0]?.body).toEqual({ unreadable: expect.stringContaining("nested deeper than 256 levels"), bytes: 100_000 });
      expect(await store.ping()).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it("counts a late VCA into the session its summary created", async () => {
    const store = await openSqliteStore({ path: join(dir, "summary-first.db") });
    try {
      expect((await store.loadForEvent("e-1", "s-1")).vars).toEqual({});
      await store.saveSummary({ sessionId: "s-1", subAccountId: "acme", sessionStatus: "COMPLETED", payload: {}, receivedAt: at });
      await store.recordExchange(exchange("e-1", "s-1"));
      await store.recordExchange(exchange("e-2", "s-1", { vars: null }));
      expect((await store.getSession("s-1"))?.session).toMatchObject({ status: "COMPLETED", vcaCount: 2, vars: { last: "e-1" } });
      expect((await store.listSessions({ limit: 10 })).sessions).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
