import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateSqlite } from "./migrate.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const answer = (text: string) => JSON.stringify({ clientActionId: text, callflow: [{ action: "say", params: { text } }] });

/** A file as a version 1 Switchboard left it: two sessions, their exchanges, a summary, a call status. */
function writeVersion1Database(path: string): void {
  const db = new Database(path);
  migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version === 1));
  const session = db.prepare(`INSERT INTO sessions (session_id, sub_account_id, status, call_direction, source, destination, vars, vca_count, created_at, updated_at)
    VALUES (?, 'acme', ?, 'INBOUND', '+6591110001', '+6568880000', ?, ?, ?, ?)`);
  const exchange = db.prepare(`INSERT INTO vca_exchanges (event_id, session_id, received_at, received, answered_at, answer, fallback_reason)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  // Interleaved, as two concurrent calls leave them.
  session.run("s-b", "COMPLETED", '{"digits":"12"}', 2, "2026-03-01T10:00:01.000Z", "2026-03-01T10:00:09.000Z");
  session.run("s-a", "ACTIVE", '{"step":1}', 1, "2026-03-01T10:00:02.000Z", "2026-03-01T10:00:02.000Z");
  exchange.run("e-b1", "s-b", "2026-03-01T10:00:01.000Z", '{"n":1}', "2026-03-01T10:00:01.000Z", answer("b1"), null);
  exchange.run("e-a1", "s-a", "2026-03-01T10:00:02.000Z", '{"n":2}', "2026-03-01T10:00:02.000Z", answer("a1"), null);
  exchange.run("e-b2", "s-b", "2026-03-01T10:00:03.000Z", '{"n":3}', "2026-03-01T10:00:03.000Z", answer("b2"), "timeout");
  // A v1 store never wrote an exchange without its session; a hand-edited file might have one.
  exchange.run("e-o1", "s-orphan", "2026-03-01T10:00:04.000Z", '{"n":4}', "2026-03-01T10:00:05.000Z", answer("o1"), null);
  db.prepare("INSERT INTO summaries (session_id, session_status, payload, received_at) VALUES ('s-b', 'COMPLETED', '{\"callCount\":1}', '2026-03-01T10:00:09.000Z')").run();
  db.prepare("INSERT INTO call_statuses (event_id, session_id, call_id, call_status, at, payload) VALUES ('v-1', 's-b', 'c-1', 'CALL_CONNECTED', '2026-03-01T10:00:01.000Z', '{}')").run();
  db.close();
}

describe("SQLite migration 2 (sequential session keys)", () => {
  it("upgrades a version 1 database: sessions, timelines, summaries and replays read as before", async () => {
    const path = join(dir, "v1.db");
    writeVersion1Database(path);
    const store = await openSqliteStore({ path });
    try {
      const listed = await store.listSessions({ limit: 10 });
      expect(listed.sessions.map((s) => [s.sessionId, s.status, s.vcaCount, s.vars])).toEqual([
        ["s-orphan", "ACTIVE", 1, {}],
        ["s-a", "ACTIVE", 1, { step: 1 }],
        ["s-b", "COMPLETED", 2, { digits: "12" }],
      ]);
      const page = await store.listSessions({ limit: 1, status: "ACTIVE" });
      expect((await store.listSessions({ limit: 5, status: "ACTIVE", cursor: page.nextCursor ?? "" })).sessions.map((s) => s.sessionId)).toEqual(["s-a"]);

      const b = await store.getSession("s-b");
      expect(b?.timeline.map((t) => [t.kind, t.eventId, t.body])).toEqual([
        ["vca", "e-b1", { n: 1 }],
        ["answer", "e-b1", { answer: JSON.parse(answer("b1")), fallbackReason: null }],
        ["vca", "e-b2", { n: 3 }],
        ["answer", "e-b2", { answer: JSON.parse(answer("b2")), fallbackReason: "timeout" }],
      ]);
      expect(b?.summary).toEqual({ sessionStatus: "COMPLETED", receivedAt: "2026-03-01T10:00:09.000Z", payload: { callCount: 1 } });
      expect(b?.callStatuses.map((s) => s.callStatus)).toEqual(["CALL_CONNECTED"]);
      expect((await store.getSession("s-orphan"))?.session).toMatchObject({ createdAt: "2026-03-01T10:00:04.000Z", updatedAt: "2026-03-01T10:00:05.000Z" });

      // Answers recorded before the upgrade are still replayed, and still win over a second one.
      expect(await store.loadForEvent("e-b2", "s-b")).toEqual({ cachedAnswer: JSON.parse(answer("b2")), vars: { digits: "12" } });
      const again = await store.recordExchange({
        eventId: "e-a1", sessionId: "s-a", subAccountId: "acme", callDirection: "INBOUND", source: null, destination: null,
        received: { n: 9 }, receivedAt: new Date("2026-03-01T10:00:10.000Z"), answer: JSON.parse(answer("late")),
        answeredAt: new Date("2026-03-01T10:00:10.000Z"), fallbackReason: null, vars: { step: 9 },
      });
      expect(again).toEqual({ recorded: false, answer: JSON.parse(answer("a1")) });

      // A new exchange follows the old ones in its session's timeline.
      await store.recordExchange({
        eventId: "e-a2", sessionId: "s-a", subAccountId: "acme", callDirection: "INBOUND", source: null, destination: null,
        received: { n: 5 }, receivedAt: new Date("2026-03-01T10:00:11.000Z"), answer: JSON.parse(answer("a2")),
        answeredAt: new Date("2026-03-01T10:00:11.000Z"), fallbackReason: null, vars: { step: 2 },
      });
      const a = await store.getSession("s-a");
      expect(a?.timeline.filter((t) => t.kind === "vca").map((t) => t.eventId)).toEqual(["e-a1", "e-a2"]);
      expect(a?.session).toMatchObject({ vcaCount: 2, vars: { step: 2 }, updatedAt: "2026-03-01T10:00:11.000Z" });
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all()).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%_v1'").all()).toEqual([]);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
  });
});

describe("SQLite migration 3 (a session's count and last answer time from its exchanges)", () => {
  it("drops the stored count of a version 2 database and reads the same counts and times from the exchanges", async () => {
    const path = join(dir, "v2.db");
    writeVersion1Database(path);
    const db = new Database(path);
    migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version <= 2));
    // A count that disagrees with the exchanges, as a crash between two v2 writes could never
    // leave but a hand edit could: the exchanges are what counts.
    db.prepare("UPDATE sessions SET vca_count = 7 WHERE session_id = 's-a'").run();
    db.close();
    const store = await openSqliteStore({ path });
    try {
      const listed = await store.listSessions({ limit: 10 });
      expect(listed.sessions.map((s) => [s.sessionId, s.vcaCount, s.updatedAt])).toEqual([
        ["s-orphan", 1, "2026-03-01T10:00:05.000Z"],
        ["s-a", 1, "2026-03-01T10:00:02.000Z"],
        // Its VSS came after its last answer: the row's own time wins.
        ["s-b", 2, "2026-03-01T10:00:09.000Z"],
      ]);
    } finally {
      await store.close();
    }
    const after = new Database(path, { readonly: true });
    try {
      expect(after.prepare("SELECT name FROM pragma_table_info('sessions')").pluck().all()).not.toContain("vca_count");
      expect(after.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      after.close();
    }
  });
});

describe("SQLite migration 4 (the flow of a session; each exchange's menu, keys and next menu)", () => {
  it("adds the columns, leaves older sessions' flow unknown, and reads each older exchange's step from its JSON", async () => {
    const path = join(dir, "v3.db");
    const db = new Database(path);
    migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version <= 3));
    db.prepare("INSERT INTO sessions (session_id, status, created_at, updated_at) VALUES ('s-1', 'ACTIVE', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z')").run();
    const exchange = db.prepare(`INSERT INTO vca_exchanges (session_no, event_id, received_at, received, answered_at, answer)
      VALUES (1, ?, '2026-03-01T10:00:00.000Z', ?, '2026-03-01T10:00:00.000Z', ?)`);
    const vca = (payload: object) => JSON.stringify({ eventType: "CALL_ACTION", payload });
    const reply = (clientActionId?: string) => JSON.stringify({ ...(clientActionId ? { clientActionId } : {}), callflow: [] });
    exchange.run("e-1", vca({ callStatus: "CALL_RECEIVED" }), reply("sb1.main.-.AAAAAAAA"));
    exchange.run("e-2", vca({ callStatus: "ACTION_COMPLETED", clientActionId: "sb1.main.-.AAAAAAAA", eventData: { dtmf: "1" } }), reply("sb1.main~book.-.BBBBBBBB"));
    // Keys in another case and digits at the top level, as some deliveries have them.
    exchange.run("e-3", vca({ CallStatus: "ACTION_COMPLETED", ClientActionId: "sb1.main~book.i1.CCCCCCCC", Dtmf: "42" }), reply("sb1.main~book.x2.DDDDDDDD"));
    exchange.run("e-4", vca({ callStatus: "ACTION_COMPLETED", clientActionId: "my-own-id", eventData: "7" }), reply());
    db.close();

    const store = await openSqliteStore({ path });
    try {
      const detail = await store.getSession("s-1");
      expect(detail?.session.flowFingerprint).toBeNull();
      expect(detail?.timeline.filter((t) => t.kind === "answer").map((t) => [t.eventId, t.step])).toEqual([
        ["e-1", { menu: null, keys: null, nextMenu: "main" }],
        ["e-2", { menu: "main", keys: "1", nextMenu: "book" }],
        // A transfer leads out of the menus.
        ["e-3", { menu: "book", keys: "42", nextMenu: null }],
        ["e-4", { menu: null, keys: "7", nextMenu: null }],
      ]);
    } finally {
      await store.close();
    }
  });
});

describe("SQLite migration 5 (session outcomes; outbound tables; job leases)", () => {
  it("gives summaries stored before it their outcome, error code, duration and MOS, and makes their jobs claimable", async () => {
    const path = join(dir, "v4.db");
    const db = new Database(path);
    migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version <= 4));
    const session = db.prepare("INSERT INTO sessions (session_id, status, created_at, updated_at) VALUES (?, ?, '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z')");
    const summary = db.prepare("INSERT INTO summaries (session_id, session_status, payload, received_at) VALUES (?, ?, ?, '2026-03-01T10:01:00.000Z')");
    const leg = (callStatus: string, extra: object = {}) => ({ callA: { callDirection: "OUTBOUND", callStatus, callDuration: 12, ...extra } });
    session.run("s-done", "COMPLETED");
    summary.run("s-done", "COMPLETED", JSON.stringify({ sessionStatus: "COMPLETED", details: leg("COMPLETED", { callQuality: { mos: 4.1 } }) }));
    session.run("s-error", "ERROR");
    summary.run("s-error", "ERROR", JSON.stringify({ sessionStatus: "ERROR", clientRequestId: "r-1", errorDetails: { errorCode: -2010, errorMsg: "x" }, details: leg("FAILED") }));
    session.run("s-active", "ACTIVE");
    db.prepare("INSERT INTO jobs (job_key, kind, session_id, run_at, payload, created_at) VALUES ('j1', 'retry', 's-error', '2026-03-01T10:01:00.000Z', '{}', '2026-03-01T10:01:00.000Z')").run();
    db.close();

    const store = await openSqliteStore({ path });
    try {
      const claimed = await store.outbound.claimJobs({ kinds: ["retry"], now: new Date("2026-03-01T11:00:00.000Z"), leaseMs: 1000, owner: "me", limit: 5 });
      expect(claimed.map((j) => [j.key, j.tries])).toEqual([["j1", 0]]);
    } finally {
      await store.close();
    }
    const after = new Database(path, { readonly: true });
    try {
      const rows = after.prepare("SELECT session_id, outcome, error_code, client_request_id, duration_seconds, mos FROM sessions ORDER BY session_id").all();
      expect(rows).toEqual([
        { session_id: "s-active", outcome: null, error_code: null, client_request_id: null, duration_seconds: null, mos: null },
        { session_id: "s-done", outcome: "completed", error_code: null, client_request_id: null, duration_seconds: 12, mos: 4.1 },
        { session_id: "s-error", outcome: "error", error_code: -2010, client_request_id: "r-1", duration_seconds: 12, mos: null },
      ]);
      expect(after.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      after.close();
    }
  });
});

describe("SQLite migration 6 (sessions by direction; a session's direction and numbers from its summary)", () => {
  it("fills the direction and numbers of sessions no VCA described from their summaries, and keeps what a VCA wrote", async () => {
    const path = join(dir, "v5.db");
    const db = new Database(path);
    migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version <= 5));
    const session = db.prepare(`INSERT INTO sessions (session_id, status, call_direction, source, destination, created_at, updated_at, outcome)
      VALUES (?, ?, ?, ?, ?, ?, '2026-03-01T10:01:00.000Z', ?)`);
    const summary = db.prepare("INSERT INTO summaries (session_id, session_status, payload, received_at) VALUES (?, ?, ?, '2026-03-01T10:01:00.000Z')");
    const leg = { callA: { callDirection: "OUTBOUND", callStatus: "NO_ANSWER", source: "+6560000001", destination: "+6591234567" } };
    // An outbound call nobody answered: a summary, no VCA, so no direction or numbers.
    session.run("s-unanswered", "NO_ANSWER", null, null, null, "2026-03-01T10:00:01.000Z", "unreachable");
    summary.run("s-unanswered", "NO_ANSWER", JSON.stringify({ sessionStatus: "NO_ANSWER", details: leg }));
    // An inbound call its VCAs described: they win over the summary's leg.
    session.run("s-answered", "COMPLETED", "INBOUND", "+6591110001", "+6568880000", "2026-03-01T10:00:02.000Z", "completed");
    summary.run("s-answered", "COMPLETED", JSON.stringify({ sessionStatus: "COMPLETED", details: { callA: { callDirection: "OUTBOUND", source: "+1", destination: "+2" } } }));
    db.close();

    const store = await openSqliteStore({ path });
    try {
      const outbound = await store.listSessions({ direction: "OUTBOUND", limit: 10 });
      expect(outbound.sessions.map((s) => [s.sessionId, s.source, s.destination])).toEqual([["s-unanswered", "+6560000001", "+6591234567"]]);
      expect((await store.listSessions({ q: "1234567", limit: 10 })).sessions.map((s) => s.sessionId)).toEqual(["s-unanswered"]);
      expect((await store.getSession("s-answered"))?.session).toMatchObject({ callDirection: "INBOUND", source: "+6591110001", destination: "+6568880000" });
    } finally {
      await store.close();
    }
  });
});

describe("SQLite migration 8 (a flow's edge and hang-up counts kept per day)", () => {
  it("counts what ended sessions already took, leaves sessions in progress to the exchanges, and keeps counting after the upgrade", async () => {
    const path = join(dir, "v7.db");
    const db = new Database(path);
    migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version <= 7));
    const session = db.prepare(`INSERT INTO sessions (session_id, status, flow_fingerprint, created_at, updated_at) VALUES (?, ?, 'fp', ?, ?)`);
    const exchange = db.prepare(`INSERT INTO vca_exchanges (session_no, event_id, received_at, received, answered_at, answer, menu, keys, next_menu)
      VALUES ((SELECT session_no FROM sessions WHERE session_id = ?), ?, '2026-03-01T10:00:00.000Z', '{}', '2026-03-01T10:00:00.000Z', '{}', ?, ?, ?)`);
    // Two ended sessions on two days, one of them through the same edge twice, and one in progress.
    session.run("s-1", "COMPLETED", "2026-03-01T10:00:00.000Z", "2026-03-01T10:01:00.000Z");
    session.run("s-2", "COMPLETED", "2026-03-02T10:00:00.000Z", "2026-03-02T10:01:00.000Z");
    session.run("s-3", "ACTIVE", "2026-03-02T11:00:00.000Z", "2026-03-02T11:00:00.000Z");
    for (const id of ["s-1", "s-2", "s-3"]) exchange.run(id, `${id}-0`, null, null, "main");
    exchange.run("s-1", "s-1-1", "main", "1", "main");
    exchange.run("s-1", "s-1-2", "main", "1", "main");
    exchange.run("s-2", "s-2-1", "main", "2", "hours");
    db.close();

    const store = await openSqliteStore({ path });
    try {
      const edge = (menu: string | null, keys: string | null, nextMenu: string | null, count: number) => ({ fingerprint: "fp", menu, keys, nextMenu, count });
      expect(await store.flowEdgeCounts({ fingerprint: "fp" })).toEqual({
        edges: [edge(null, null, "main", 3), edge("main", "1", "main", 1), edge("main", "2", "hours", 1)],
        hangups: [{ fingerprint: "fp", menu: "hours", sessions: 1 }, { fingerprint: "fp", menu: "main", sessions: 1 }],
      });
      await store.saveSummary({ sessionId: "s-3", subAccountId: null, sessionStatus: "COMPLETED", payload: {}, receivedAt: new Date("2026-03-02T11:01:00.000Z") });
      expect((await store.flowEdgeCounts({ fingerprint: "fp", since: new Date("2026-03-02T00:00:00.000Z") })).hangups).toEqual([
        { fingerprint: "fp", menu: "hours", sessions: 1 },
        { fingerprint: "fp", menu: "main", sessions: 1 },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe("SQLite migration 8 with sessions of no known flow", () => {
  it("counts them under none, and under their flow once a VCA after the upgrade names it; a summary-only session counts nothing", async () => {
    const path = join(dir, "v7-no-flow.db");
    const db = new Database(path);
    migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version <= 7));
    const at = "2026-03-05T10:00:00.000Z";
    // Ended before schema 4 recorded flows (no fingerprint), and an outbound call nobody answered (its VSS only).
    db.prepare(`INSERT INTO sessions (session_id, sub_account_id, status, call_direction, source, destination, created_at, updated_at)
      VALUES (?, 'acme', 'COMPLETED', 'INBOUND', '+6591110001', '+6568880000', ?, ?)`).run("old", at, at);
    db.prepare(`INSERT INTO sessions (session_id, status, created_at, updated_at) VALUES ('vss-only', 'NO_ANSWER', ?, ?)`).run(at, at);
    db.prepare(`INSERT INTO vca_exchanges (session_no, event_id, received_at, received, answered_at, answer, menu, keys, next_menu)
      VALUES ((SELECT session_no FROM sessions WHERE session_id = 'old'), 'old-0', ?, '{}', ?, '{}', NULL, NULL, 'main')`).run(at, at);
    db.close();

    const store = await openSqliteStore({ path });
    try {
      expect(await store.flowEdgeCounts({})).toEqual({
        edges: [{ fingerprint: null, menu: null, keys: null, nextMenu: "main", count: 1 }],
        hangups: [{ fingerprint: null, menu: "main", sessions: 1 }],
      });
      const late = (sessionId: string, eventId: string) =>
        store.recordExchange({
          eventId, sessionId, subAccountId: "acme", callDirection: "INBOUND", source: "+6591110001", destination: "+6568880000",
          received: {}, receivedAt: new Date(at), answer: { clientActionId: "a", callflow: [] }, answeredAt: new Date(at),
          fallbackReason: null, vars: {}, flowFingerprint: "fp", menu: "main", keys: "1", nextMenu: "hours",
        });
      await late("old", "old-1");
      await late("vss-only", "vss-only-0");
      const edge = (menu: string | null, keys: string | null, nextMenu: string, count: number) => ({ fingerprint: "fp", menu, keys, nextMenu, count });
      const counted = { edges: [edge(null, null, "main", 1), edge("main", "1", "hours", 2)], hangups: [{ fingerprint: "fp", menu: "hours", sessions: 2 }] };
      expect(await store.flowEdgeCounts({})).toEqual(counted);
      expect(await store.flowEdgeCounts({ since: new Date("2026-03-05T00:00:00.000Z") })).toEqual(counted);
    } finally {
      await store.close();
    }
  });
});
