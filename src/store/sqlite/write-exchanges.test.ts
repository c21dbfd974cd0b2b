import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateSqlite } from "./migrate.js";
import type { ExchangeRecord } from "./records.js";
import { flowCounts } from "./flow-counts.js";
import { prepareStatements, type Statements } from "./statements.js";
import { prepareExchangeWriter, type ExchangeWriter } from "./write-exchanges.js";

const T = Date.parse("2026-03-01T10:00:00.000Z");

function record(eventId: string, sessionId: string, extra: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    sessionId, sessionKey: null, eventId, subAccountId: "acme", callDirection: "INBOUND", source: "+6591110001", destination: "+6568880000",
    receivedAt: T, receivedText: `{"eventId":"${eventId}"}`, answeredAt: T + 5, answerText: `{"callflow":[]}`, fallbackReason: null, varsText: "{}", flowFingerprint: null, menu: null, keys: null, nextMenu: null, ...extra,
  };
}

describe("SQLite row writer (group commit of VCA exchanges)", () => {
  let db: Database.Database;
  let sql: Statements;
  let write: ExchangeWriter;
  const sessions = () => db.prepare("SELECT session_no, session_id, vars, sub_account_id, source, status FROM sessions ORDER BY session_no").all();
  const exchanges = () => db.prepare("SELECT session_no, event_id, received_at, answered_at FROM vca_exchanges ORDER BY seq").all();

  beforeEach(() => {
    db = new Database(":memory:");
    migrateSqlite(db);
    sql = prepareStatements(db);
    write = prepareExchangeWriter(db, sql, flowCounts(db));
  });
  afterEach(() => db.close());

  it("inserts a new session once, and its later exchanges in the same batch use the key it learned", () => {
    const keys = write([record("e-1", "s-1"), record("e-2", "s-1", { varsText: '{"a":1}' }), record("e-3", "s-2")]);
    expect(keys).toEqual([1, 1, 2]);
    expect(sessions()).toEqual([
      { session_no: 1, session_id: "s-1", vars: '{"a":1}', sub_account_id: "acme", source: "+6591110001", status: "ACTIVE" },
      { session_no: 2, session_id: "s-2", vars: "{}", sub_account_id: "acme", source: "+6591110001", status: "ACTIVE" },
    ]);
    expect(exchanges()).toEqual([
      { session_no: 1, event_id: "e-1", received_at: "2026-03-01T10:00:00.000Z", answered_at: "2026-03-01T10:00:00.005Z" },
      { session_no: 1, event_id: "e-2", received_at: "2026-03-01T10:00:00.000Z", answered_at: "2026-03-01T10:00:00.005Z" },
      { session_no: 2, event_id: "e-3", received_at: "2026-03-01T10:00:00.000Z", answered_at: "2026-03-01T10:00:00.005Z" },
    ]);
  });

  it("keeps the stored variables when an exchange brings none (a fallback)", () => {
    const [rowKey] = write([record("e-1", "s-1", { varsText: '{"kept":true}' })]);
    write([record("e-2", "s-1", { sessionKey: rowKey as number, varsText: null })]);
    expect(sessions()).toMatchObject([{ vars: '{"kept":true}' }]);
  });

  it("fills the caller's details into a row a summary made first, keeping its status", () => {
    sql.upsertSessionStatus.run({ session_id: "s-1", sub_account_id: null, status: "COMPLETED", at: "2026-03-01T10:00:09.000Z", outcome: "completed", error_code: null, client_request_id: null, duration_seconds: null, mos: null, direction: null, source: null, destination: null });
    const [rowKey] = write([record("e-1", "s-1")]);
    expect(rowKey).toBe(1);
    expect(sessions()).toEqual([{ session_no: 1, session_id: "s-1", vars: "{}", sub_account_id: "acme", source: "+6591110001", status: "COMPLETED" }]);
  });

  it("writes all of a batch or none of it, and after a rollback writes a row it thought it knew again", () => {
    const [rowKey] = write([record("e-1", "s-1", { varsText: '{"v":1}' })]);
    // A NOT NULL column without a value fails the whole batch, the good exchange before it included.
    expect(() => write([record("e-2", "s-1", { sessionKey: rowKey as number, varsText: '{"v":2}' }), record("e-3", "s-1", { sessionKey: rowKey as number, receivedText: null as unknown as string })])).toThrow();
    expect(exchanges().map((row) => (row as { event_id: string }).event_id)).toEqual(["e-1"]);
    expect(sessions()).toMatchObject([{ vars: '{"v":1}' }]);
    // It may not trust what it remembered of the row: the same vars as the rolled-back batch still reach it.
    write([record("e-4", "s-1", { sessionKey: rowKey as number, varsText: '{"v":2}' })]);
    expect(sessions()).toMatchObject([{ vars: '{"v":2}' }]);
  });
});
