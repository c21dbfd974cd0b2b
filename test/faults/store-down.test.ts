/**
 * The store unavailable, for real: PostgreSQL reached through a TCP proxy the test cuts (new
 * connections refused, open ones reset, as a database that went down), and a SQLite store whose
 * worker thread has died. Meanwhile senders must be told to deliver again (VSS and VCS: 503 with
 * Retry-After), callers must still hear a callflow (a plain menu press mid-call gets the next menu
 * from its bookmark; anything else the fallback), and /healthz must say so. Once PostgreSQL is
 * back, the VSS it refused are stored when delivered again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openPostgresStore, type Store } from "../../src/store/index.js";
import { startIvrServer, type IvrServer } from "../../src/server/index.js";
import { openCrashableSqliteStore, type CrashableStore } from "../crashable-sqlite.js";
import { SECRET, vca, vcaDigits, vcs, vss } from "../fixtures/webhooks.js";
import { dropSchema, findTestPostgres, freshSchemaName } from "../postgres.js";
import { isValidCallflow, send } from "./attack.js";
import { RESTAURANT } from "./serve-child.js";
import { FAULT_TIMEOUTS, sized } from "./size.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

vi.setConfig(FAULT_TIMEOUTS);

const SENDERS = sized({ small: 10, full: 100 });

interface Answer {
  clientActionId?: string;
  callflow: unknown[];
}

/** The first VCA of `sessionId`, then a press of `digit` on the menu it got: both answers. */
async function pressFromMainMenu(url: string, sessionId: string, digit: string): Promise<{ first: Answer; next: Answer }> {
  const first = (await send(url, "POST", "/webhooks/vca", vca({ sessionId }))).json as Answer;
  const next = (await send(url, "POST", "/webhooks/vca", vcaDigits(sessionId, first.clientActionId, digit))).json as Answer;
  return { first, next };
}

/** What every sender and caller gets while the store is down; one shared check for both stores. */
function whileDown(context: () => { url: string; bookmark: string; nextMenu: Answer }, label: string) {
  it("VSS and VCS from concurrent senders: 503 with Retry-After and SB_SERVER_STORE_UNAVAILABLE", async () => {
    const { url } = context();
    const answers = await Promise.all(
      Array.from({ length: SENDERS }, (_, n) => send(url, "POST", n % 2 ? "/webhooks/vcs" : "/webhooks/vss", n % 2 ? vcs(`${label}-down-${n}`) : vss(`${label}-down-${n}`))),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((answer.json as { error: { code: string } }).error.code).toBe("SB_SERVER_STORE_UNAVAILABLE");
    }
  });

  it("concurrent callers, new and mid-call: every one answered with a valid callflow", async () => {
    const { url, bookmark } = context();
    const answers = await Promise.all(
      Array.from({ length: SENDERS }, (_, n) =>
        send(url, "POST", "/webhooks/vca", n % 2 ? vca({ sessionId: `${label}-caller-${n}` }) : vcaDigits(`${label}-caller-${n}`, bookmark, String((n % 4) + 1))),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(isValidCallflow(answer.json), answer.text).toBe(true);
    }
  });

  it("a plain menu press mid-call gets the next menu from its bookmark, as when the store is up", async () => {
    const { url, bookmark, nextMenu } = context();
    const answer = await send(url, "POST", "/webhooks/vca", vcaDigits(`${label}-mid-call`, bookmark, "1"));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(nextMenu);
  });

  it("/healthz answers 503 naming the store", async () => {
    const health = await send(context().url, "GET", "/healthz");
    expect(health.status).toBe(503);
    expect(health.json).toMatchObject({ status: "unavailable" });
  });

  it("the read API answers 503 SB_SERVER_STORE_UNAVAILABLE", async () => {
    const list = await send(context().url, "GET", "/api/sessions");
    expect(list.status).toBe(503);
    expect((list.json as { error: { code: string } }).error.code).toBe("SB_SERVER_STORE_UNAVAILABLE");
  });
}

const pg = await findTestPostgres();

describe.skipIf(pg === null)("PostgreSQL refusing connections", () => {
  const schema = freshSchemaName("sb_faults_down");
  let proxy: TcpProxy;
  let store: Store;
  let server: IvrServer;
  let bookmark = "";
  let nextMenu: Answer;

  beforeAll(async () => {
    const target = new URL(pg!);
    proxy = await startTcpProxy(Number(target.port || 5432));
    target.port = String(proxy.port);
    store = await openPostgresStore({ connectionString: target.toString(), schema, connectTimeoutMs: 1_000 });
    server = await startIvrServer({ flow: RESTAURANT, db: store, authHeader: SECRET });
    // While the store is up: the main menu's bookmark, and what pressing 1 there answers.
    const up = await pressFromMainMenu(server.url, "pg-up", "1");
    bookmark = up.first.clientActionId!;
    nextMenu = up.next;
    expect((await send(server.url, "GET", "/healthz")).status).toBe(200);
    await proxy.cut();
  });

  afterAll(async () => {
    await server?.close();
    await store?.close().catch(() => undefined);
    await proxy?.close();
    await dropSchema(pg!, schema);
  });

  whileDown(() => ({ url: server.url, bookmark, nextMenu }), "pg");

  it("once PostgreSQL is back: /healthz answers 200 and the VSS refused while it was down are stored when delivered again", async () => {
    await proxy.restore();
    // Bounded: the pool reconnects on its next query; 50 tries of 100 ms.
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await send(server.url, "GET", "/healthz")).status;
      if (health !== 200) await new Promise((done) => setTimeout(done, 100));
    }
    expect(health).toBe(200);
    for (let n = 0; n < SENDERS; n += 2) {
      const again = await send(server.url, "POST", "/webhooks/vss", vss(`pg-down-${n}`));
      expect(again.json).toMatchObject({ ok: true, duplicate: false });
      const stored = await send(server.url, "GET", `/api/sessions/pg-down-${n}`);
      expect(stored.json).toMatchObject({ summary: { sessionStatus: "COMPLETED" } });
    }
  });
});

describe("SQLite whose worker thread has died", () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-down-"));
  let crashable: CrashableStore;
  let server: IvrServer;
  let bookmark = "";
  let nextMenu: Answer;

  beforeAll(async () => {
    crashable = await openCrashableSqliteStore({ path: join(dir, "down.db") });
    server = await startIvrServer({ flow: RESTAURANT, db: crashable.store, authHeader: SECRET });
    const up = await pressFromMainMenu(server.url, "sqlite-up", "1");
    bookmark = up.first.clientActionId!;
    nextMenu = up.next;
    await crashable.stop("terminate");
  });

  afterAll(async () => {
    await server?.close();
    await crashable?.store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  whileDown(() => ({ url: server.url, bookmark, nextMenu }), "sqlite");
});
