import Database from "better-sqlite3";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { storeContract } from "../../../test/store-contract.js";
import { STORE_ERROR_CODES } from "../errors.js";
import type { VcaExchange } from "../types.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
let current = "";
storeContract("SQLite", {
  open: async () => {
    current = join(dir, `contract-${++counter}.db`);
    return openSqliteStore({ path: current });
  },
  reopen: async () => openSqliteStore({ path: current }),
});

describe("SQLite store file", () => {
  it("creates the file and its folder on first open, in WAL mode, with the migrations recorded", async () => {
    const path = join(dir, "nested", "first-run.db");
    const store = openSqliteStore({ path });
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
    await openSqliteStore({ path }).close();
    await openSqliteStore({ path }).close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM schema_migrations").get()).toEqual({ n: SQLITE_MIGRATIONS.length });
    db.close();
  });

  it("refuses a database migrated by a newer Switchboard", async () => {
    const path = join(dir, "newer.db");
    await openSqliteStore({ path }).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')").run();
    db.close();
    expect(() => openSqliteStore({ path })).toThrow(expect.objectContaining({ code: STORE_ERROR_CODES.SCHEMA_TOO_NEW }));
  });

  it("refuses a second store on a file another one holds, naming the reason", async () => {
    const path = join(dir, "held.db");
    const first = openSqliteStore({ path });
    try {
      // Synchronously, though the file is opened by the store's worker thread.
      expect(() => openSqliteStore({ path, busyTimeoutMs: 50 })).toThrow(/in use by another process/);
      expect(() => openSqliteStore({ path, busyTimeoutMs: 50 })).toThrow(expect.objectContaining({ name: "StoreError", code: STORE_ERROR_CODES.UNAVAILABLE }));
    } finally {
      await first.close();
    }
    await openSqliteStore({ path }).close();
  });

  it("reports a path it cannot open as unavailable", () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "not a folder");
    expect(() => openSqliteStore({ path: join(file, "x.db") })).toThrow(expect.objectContaining({ code: STORE_ERROR_CODES.UNAVAILABLE }));
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
    const store = openSqliteStore({ path });
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
    const store = openSqliteStore({ path: join(dir, "failed-vars.db") });
    const lost: number[] = [];
    store.onWriteError?.((_error, count) => lost.push(count));
    try {
      await store.loadForEvent("e-0", "s-1", true);
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
      expect(lost).toEqual([1]);
      expect((await store.loadForEvent("e-3", "s-1")).vars).toEqual({ a: 1 });
    } finally {
      await store.close();
    }
  });

  it("reads a session dropped from a full cache back whole: variables, and answers by eventId", async () => {
    const store = openSqliteStore({ path: join(dir, "small-cache.db"), sessionCacheSize: 1 });
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

  it("still recognises a repeated session-opening event after its session was dropped from a full cache", async () => {
    const store = openSqliteStore({ path: join(dir, "evicted.db"), sessionCacheSize: 2 });
    try {
      await store.ping(); // the preload is in: unknown opening events are taken for new sessions
      expect(await store.loadForEvent("a-open", "s-a", true)).toEqual({ cachedAnswer: null, vars: {} });
      await store.recordExchange(exchange("a-open", "s-a", { vars: { lang: "en", acct: "42" } }));
      for (const other of ["s-b", "s-c", "s-d"]) {
        await store.loadForEvent(`${other}-open`, other, true);
        await store.recordExchange(exchange(`${other}-open`, other));
      }
      // s-a was pushed out; the platform delivers its CALL_RECEIVED again.
      expect(await store.loadForEvent("a-open", "s-a", true)).toEqual({ cachedAnswer: say("a-open"), vars: { lang: "en", acct: "42" } });
      expect(await store.recordExchange(exchange("a-open", "s-a", { answer: say("other"), vars: {} }))).toEqual({ recorded: false, answer: say("a-open") });
      expect((await store.getSession("s-a"))?.session).toMatchObject({ vcaCount: 1, vars: { lang: "en", acct: "42" } });
    } finally {
      await store.close();
    }
  });

  it("takes a session-opening event of a session older than its newest ones for a new session, without reading it", async () => {
    const path = join(dir, "preload.db");
    const first = openSqliteStore({ path });
    await first.recordExchange(exchange("old-1", "s-old", { receivedAt: new Date(at.getTime() - 60_000) }));
    await first.recordExchange(exchange("new-1", "s-new"));
    await first.close();
    // A cache of one preloads only the newest session: s-new, not s-old.
    const store = openSqliteStore({ path, sessionCacheSize: 1 });
    try {
      await store.ping();
      expect(await store.loadForEvent("new-1", "s-new", true)).toEqual({ cachedAnswer: say("new-1"), vars: { last: "new-1" } });
      // The documented limit: a repeat this late is not looked for...
      expect(await store.loadForEvent("old-1", "s-old", true)).toEqual({ cachedAnswer: null, vars: {} });
    } finally {
      await store.close();
    }
    // ...while without the hint it is.
    const reread = openSqliteStore({ path, sessionCacheSize: 1 });
    try {
      expect(await reread.loadForEvent("old-1", "s-old")).toEqual({ cachedAnswer: say("old-1"), vars: { last: "old-1" } });
    } finally {
      await reread.close();
    }
  });

  it("counts a late VCA into the session its summary created", async () => {
    const store = openSqliteStore({ path: join(dir, "summary-first.db") });
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
