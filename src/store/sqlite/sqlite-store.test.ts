import Database from "better-sqlite3";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { storeContract } from "../../../test/store-contract.js";
import { STORE_ERROR_CODES } from "../errors.js";
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
      expect(versions).toEqual([{ version: 1 }]);
    } finally {
      db.close();
    }
  });

  it("opens an existing database without migrating it again", async () => {
    const path = join(dir, "twice.db");
    await openSqliteStore({ path }).close();
    await openSqliteStore({ path }).close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM schema_migrations").get()).toEqual({ n: 1 });
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
      expect(() => openSqliteStore({ path, busyTimeoutMs: 50 })).toThrow(/in use by another process/);
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
