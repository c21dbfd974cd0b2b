import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { dropSchema, findTestPostgres, freshSchemaName } from "../../../test/postgres.js";
import { storeContract } from "../../../test/store-contract.js";
import { outboundContract } from "../../../test/outbound-contract.js";
import { STORE_ERROR_CODES } from "../errors.js";
import { openStore } from "../open-store.js";
import { migratePostgres } from "./migrate.js";
import { POSTGRES_MIGRATIONS } from "./migrations.js";
import { openPostgresStore } from "./postgres-store.js";

const url = await findTestPostgres();
const schema = freshSchemaName("sb_store_test");

async function truncateAll(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`TRUNCATE "${schema}".sessions, "${schema}".vca_exchanges, "${schema}".summaries, "${schema}".call_statuses, "${schema}".jobs, "${schema}".campaigns, "${schema}".outbound_requests, "${schema}".outbound_attempts`);
  } finally {
    await client.end();
  }
}

describe.skipIf(url === null)("PostgreSQL store", () => {
  const connectionString = url ?? "";
  afterAll(async () => {
    await dropSchema(connectionString, schema);
  });

  storeContract("PostgreSQL", {
    open: async () => {
      const store = await openPostgresStore({ connectionString, schema });
      await truncateAll(connectionString);
      return store;
    },
    reopen: () => openPostgresStore({ connectionString, schema }),
  });

  outboundContract("PostgreSQL", {
    open: async () => {
      const store = await openPostgresStore({ connectionString, schema });
      await truncateAll(connectionString);
      return store;
    },
    reopen: () => openPostgresStore({ connectionString, schema }),
  });

  it("lets many instances open and migrate one schema at the same time", async () => {
    const shared = freshSchemaName("sb_race");
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ connectionString, schema: shared })));
      await Promise.all(stores.map((s) => s.close()));
      const client = new pg.Client({ connectionString });
      await client.connect();
      const { rows } = await client.query(`SELECT version FROM "${shared}".schema_migrations`);
      await client.end();
      expect(rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })));
    } finally {
      await dropSchema(connectionString, shared);
    }
  });

  it("opens from a --db URL with a schema parameter", async () => {
    const store = await openStore(`${connectionString}?schema=${schema}`);
    expect(store.kind).toBe("postgres");
    await store.ping();
    await store.close();
  });

  it("reports an unreachable server as unavailable", async () => {
    await expect(openPostgresStore({ connectionString: "postgres://postgres@127.0.0.1:1/test", connectTimeoutMs: 500 }))
      .rejects.toMatchObject({ code: STORE_ERROR_CODES.UNAVAILABLE });
  });

  it("tells a value PostgreSQL refuses (U+0000 in text, a key too long for its index) from the database being down", async () => {
    const store = await openPostgresStore({ connectionString, schema });
    try {
      const at = new Date("2026-03-01T10:00:00.000Z");
      await expect(store.recordCallStatus({ eventId: "v-nul", sessionId: "s-1", callId: null, callStatus: "CALL\u0000CONNECTED", payload: {}, receivedAt: at }))
        .rejects.toMatchObject({ code: STORE_ERROR_CODES.VALUE_REFUSED });
      // Random text does not compress: a primary key of 3,000 of its characters is over btree's 2,704 bytes.
      let seed = 2463534242;
      const longId = Array.from({ length: 3000 }, () => {
        seed = (seed ^ (seed << 13)) >>> 0;
        seed = (seed ^ (seed >>> 17)) >>> 0;
        seed = (seed ^ (seed << 5)) >>> 0;
        return String.fromCharCode(33 + (seed % 90));
      }).join("");
      await expect(store.saveSummary({ sessionId: longId, subAccountId: null, sessionStatus: "COMPLETED", payload: {}, receivedAt: at }))
        .rejects.toMatchObject({ code: STORE_ERROR_CODES.VALUE_REFUSED });
      const cursor = Buffer.from(JSON.stringify([at.toISOString(), "s-\u0000"])).toString("base64url");
      await expect(store.listSessions({ limit: 2, cursor })).rejects.toMatchObject({ code: STORE_ERROR_CODES.BAD_CURSOR });
    } finally {
      await store.close();
    }
  });

  it("fails a group of summaries at once when the database fails, instead of trying each alone", async () => {
    // A proxy in front of PostgreSQL that counts connections and, once told, hangs up on each:
    // a database failing (no SQLSTATE), not one refusing a value.
    let hangUp = false;
    let connections = 0;
    const sockets = new Set<Socket>();
    const target = new URL(connectionString);
    const proxy = createServer((client) => {
      connections++;
      sockets.add(client);
      client.once("close", () => sockets.delete(client));
      client.on("error", () => client.destroy());
      if (hangUp) return void client.destroy();
      const upstream = connect({ host: target.hostname, port: Number(target.port || 5432) });
      upstream.on("error", () => client.destroy());
      client.once("close", () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxied = new URL(connectionString);
    proxied.port = String((proxy.address() as AddressInfo).port);
    const store = await openPostgresStore({ connectionString: proxied.href, schema });
    try {
      hangUp = true;
      for (const socket of sockets) socket.destroy();
      connections = 0;
      const at = new Date("2026-03-01T10:00:00.000Z");
      // The first is sent alone; the other five wait for it and go as one group.
      const results = await Promise.allSettled(["g-1", "g-2", "g-3", "g-4", "g-5", "g-6"].map((sessionId) =>
        store.saveSummary({ sessionId, subAccountId: null, sessionStatus: "COMPLETED", payload: {}, receivedAt: at })));
      expect(results.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "stored"))).toEqual(Array(6).fill(STORE_ERROR_CODES.UNAVAILABLE));
      // The first alone, the group, then its first summary alone: the other four are not tried.
      expect(connections).toBeLessThanOrEqual(3);
    } finally {
      await store.close();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it("migration 2 adds the flow and step columns and reads older exchanges' steps from their JSON", async () => {
    const old = freshSchemaName("sb_v1");
    const admin = new pg.Pool({ connectionString, options: `-c search_path=${old}` });
    try {
      const client = await admin.connect();
      try {
        await migratePostgres(client, old, POSTGRES_MIGRATIONS.filter((m) => m.version === 1));
        await client.query("INSERT INTO sessions (session_id, status, created_at, updated_at) VALUES ('s-1', 'ACTIVE', now(), now())");
        const exchange = "INSERT INTO vca_exchanges (event_id, session_id, received_at, received, answered_at, answer) VALUES ($1, 's-1', now(), $2::json, now(), $3)";
        await client.query(exchange, ["e-1", JSON.stringify({ payload: { callStatus: "CALL_RECEIVED" } }), JSON.stringify({ clientActionId: "sb1.main.-.AAAAAAAA", callflow: [] })]);
        await client.query(exchange, [
          "e-2",
          JSON.stringify({ payload: { callStatus: "ACTION_COMPLETED", clientActionId: "sb1.main.-.AAAAAAAA", eventData: { dtmf: "2" } } }),
          JSON.stringify({ clientActionId: "sb1.main~hours.-.BBBBBBBB", callflow: [] }),
        ]);
      } finally {
        client.release();
      }
      const store = await openPostgresStore({ connectionString, schema: old });
      try {
        const detail = await store.getSession("s-1");
        expect(detail?.session.flowFingerprint).toBeNull();
        expect(detail?.timeline.filter((t) => t.kind === "answer").map((t) => t.step)).toEqual([
          { menu: null, keys: null, nextMenu: "main" },
          { menu: "main", keys: "2", nextMenu: "hours" },
        ]);
      } finally {
        await store.close();
      }
    } finally {
      await admin.end();
      await dropSchema(connectionString, old);
    }
  });

  it("migration 4 fills the direction and numbers of sessions no VCA described from their summaries, and keeps what a VCA wrote", async () => {
    const old = freshSchemaName("sb_v3");
    const admin = new pg.Pool({ connectionString, options: `-c search_path=${old}` });
    try {
      const client = await admin.connect();
      try {
        await migratePostgres(client, old, POSTGRES_MIGRATIONS.filter((m) => m.version <= 3));
        const session = `INSERT INTO sessions (session_id, status, call_direction, source, destination, created_at, updated_at, outcome)
          VALUES ($1, $2, $3, $4, $5, $6, now(), $7)`;
        const summary = "INSERT INTO summaries (session_id, session_status, payload, received_at) VALUES ($1, $2, $3::json, now())";
        await client.query(session, ["s-unanswered", "NO_ANSWER", null, null, null, "2026-03-01T10:00:01.000Z", "unreachable"]);
        await client.query(summary, ["s-unanswered", "NO_ANSWER", JSON.stringify({ details: { callA: { callDirection: "OUTBOUND", source: "+6560000001", destination: "+6591234567" } } })]);
        await client.query(session, ["s-answered", "COMPLETED", "INBOUND", "+6591110001", "+6568880000", "2026-03-01T10:00:02.000Z", "completed"]);
        await client.query(summary, ["s-answered", "COMPLETED", JSON.stringify({ details: { callA: { callDirection: "OUTBOUND", source: "+1", destination: "+2" } } })]);
      } finally {
        client.release();
      }
      const store = await openPostgresStore({ connectionString, schema: old });
      try {
        const outbound = await store.listSessions({ direction: "OUTBOUND", limit: 10 });
        expect(outbound.sessions.map((s) => [s.sessionId, s.source, s.destination])).toEqual([["s-unanswered", "+6560000001", "+6591234567"]]);
        expect((await store.getSession("s-answered"))?.session).toMatchObject({ callDirection: "INBOUND", source: "+6591110001", destination: "+6568880000" });
      } finally {
        await store.close();
      }
    } finally {
      await admin.end();
      await dropSchema(connectionString, old);
    }
  });
});
