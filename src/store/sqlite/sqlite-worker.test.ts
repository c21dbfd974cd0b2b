import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openCrashableSqliteStore } from "../../../test/crashable-sqlite.js";
import { STORE_ERROR_CODES, StoreError } from "../errors.js";
import type { Store, StoreIncident, VcaExchange } from "../types.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-sqlite-worker-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = new Date("2026-03-01T10:00:00.000Z");
function exchange(eventId: string, sessionId: string): VcaExchange {
  return {
    eventId, sessionId, subAccountId: "acme", callDirection: "INBOUND", source: null, destination: null, received: { eventId },
    receivedAt: at, answer: { clientActionId: eventId, callflow: [] }, answeredAt: at, fallbackReason: null, vars: { last: eventId },
  };
}

/** Every incident the store reports. */
function incidents(store: Store): StoreIncident[] {
  const reports: StoreIncident[] = [];
  store.onIncident((incident) => reports.push(incident));
  return reports;
}

const lostWrites = (reports: StoreIncident[]) => reports.filter((r) => r.kind === "writes-lost");
const totalLost = (reports: StoreIncident[]) => lostWrites(reports).reduce((sum, r) => sum + r.count, 0);

function exchangeCount(path: string): number {
  const db = new Database(path);
  try {
    return (db.prepare("SELECT count(*) AS n FROM vca_exchanges").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("SQLite store worker thread", () => {
  it("refuses every operation as unavailable once its worker crashes, reports the queued exchanges as lost, and still closes", async () => {
    const path = join(dir, "crash.db");
    const { store, stop } = await openCrashableSqliteStore({ path, flushIntervalMs: 60_000 });
    const reports = incidents(store);
    await store.recordExchange(exchange("e-1", "s-1"));
    await store.recordExchange(exchange("e-2", "s-1"));
    await store.recordExchange(exchange("e-3", "s-2"));

    await stop("crash");

    expect(totalLost(reports)).toBe(3);
    const failures = reports.filter((r) => r.kind === "stopped");
    expect(failures).toHaveLength(1);
    expect(failures[0]?.error).toMatchObject({ code: STORE_ERROR_CODES.UNAVAILABLE, message: expect.stringMatching(/worker.*told to crash/) });
    expect(lostWrites(reports)[0]?.error).toBeInstanceOf(StoreError);
    expect(lostWrites(reports)[0]?.error).toMatchObject({ code: STORE_ERROR_CODES.UNAVAILABLE, message: expect.stringMatching(/SQLite worker stopped/) });
    const refused = { code: STORE_ERROR_CODES.UNAVAILABLE };
    await expect(store.loadForEvent("e-1", "s-1")).rejects.toBeInstanceOf(StoreError);
    await expect(store.loadForEvent("e-1", "s-1")).rejects.toMatchObject(refused);
    await expect(store.loadForEvent("e-9", "s-9")).rejects.toMatchObject(refused);
    await expect(store.recordExchange(exchange("e-4", "s-1"))).rejects.toMatchObject(refused);
    await expect(store.saveSummary({ sessionId: "s-1", subAccountId: null, sessionStatus: "COMPLETED", payload: {}, receivedAt: at })).rejects.toMatchObject(refused);
    await expect(store.recordCallStatus({ eventId: "v-1", sessionId: "s-1", callId: null, callStatus: "CALL_CONNECTED", payload: {}, receivedAt: at }))
      .rejects.toMatchObject(refused);
    await expect(store.listSessions({ limit: 10 })).rejects.toMatchObject(refused);
    await expect(store.getSession("s-1")).rejects.toMatchObject(refused);
    await expect(store.ping()).rejects.toMatchObject(refused);
    await store.close();
    await store.close();

    // The dead worker let go of the file: a new store opens it, without the lost exchanges.
    const again = await openSqliteStore({ path });
    try {
      expect(await again.getSession("s-1")).toBeNull();
    } finally {
      await again.close();
    }
  });

  it("keeps what was committed before its worker was killed and reports only the queue as lost", async () => {
    const path = join(dir, "killed.db");
    const { store, stop } = await openCrashableSqliteStore({ path, flushIntervalMs: 60_000 });
    const reports = incidents(store);
    await store.recordExchange(exchange("e-1", "s-1"));
    // A read sends the queue first, so e-1 is committed when it answers.
    expect((await store.getSession("s-1"))?.session.vcaCount).toBe(1);
    await store.recordExchange(exchange("e-2", "s-1"));

    await stop("terminate");

    expect(totalLost(reports)).toBe(1);
    await expect(store.loadForEvent("e-3", "s-1")).rejects.toMatchObject({ code: STORE_ERROR_CODES.UNAVAILABLE });
    await store.close();
    expect(exchangeCount(path)).toBe(1);
  });

  it("does not keep the process alive once idle, and commits what was recorded before the process ends", async () => {
    const path = join(dir, "never-closed.db");
    const storeModule = fileURLToPath(new URL("./sqlite-store.ts", import.meta.url));
    // No close(): the process must still end on its own, once the exchange is committed.
    const script = `
      import { openSqliteStore } from ${JSON.stringify(storeModule)};
      const store = await openSqliteStore({ path: ${JSON.stringify(path)} });
      await store.recordExchange(${JSON.stringify(exchange("e-1", "s-1"))});
    `.replace(/"(\d{4}-\d\d-\d\dT[^"]+)"/g, 'new Date("$1")');
    const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(timer);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(exchangeCount(path)).toBe(1);
  });
});
