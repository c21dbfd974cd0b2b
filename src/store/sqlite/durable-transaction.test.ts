import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { durableTransaction } from "./durable-transaction.js";

const FULL = 2;
const NORMAL = 1;

describe("durableTransaction", () => {
  let dir: string;
  let db: Database.Database;
  const synchronous = () => db.pragma("synchronous", { simple: true });
  const count = () => db.prepare("SELECT count(*) FROM t").pluck().get();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "sb-durable-"));
    db = new Database(join(dir, "t.db"));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec("CREATE TABLE t (x INTEGER)");
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("commits the work at synchronous=FULL and leaves the connection at NORMAL", () => {
    const durably = durableTransaction(db);
    const seen = durably(() => {
      db.prepare("INSERT INTO t VALUES (1)").run();
      return { synchronous: synchronous(), inTransaction: db.inTransaction };
    });
    expect(seen).toEqual({ synchronous: FULL, inTransaction: true });
    expect(synchronous()).toBe(NORMAL);
    expect(db.inTransaction).toBe(false);
    expect(count()).toBe(1);
  });

  it("rolls back all of the work when it throws, and still goes back to NORMAL", () => {
    const durably = durableTransaction(db);
    expect(() =>
      durably(() => {
        db.prepare("INSERT INTO t VALUES (1)").run();
        throw new Error("half-way");
      }),
    ).toThrow("half-way");
    expect(synchronous()).toBe(NORMAL);
    expect(count()).toBe(0);
  });

  it("can be used again and again on one connection", () => {
    const durably = durableTransaction(db);
    for (let i = 0; i < 3; i++) durably(() => db.prepare("INSERT INTO t VALUES (?)").run(i));
    expect(count()).toBe(3);
  });
});
