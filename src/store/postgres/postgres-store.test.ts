import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { dropSchema, findTestPostgres, freshSchemaName } from "../../../test/postgres.js";
import { storeContract } from "../../../test/store-contract.js";
import { STORE_ERROR_CODES } from "../errors.js";
import { openStore } from "../open-store.js";
import { openPostgresStore } from "./postgres-store.js";

const url = await findTestPostgres();
const schema = freshSchemaName("sb_store_test");

async function truncateAll(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`TRUNCATE "${schema}".sessions, "${schema}".vca_exchanges, "${schema}".summaries, "${schema}".call_statuses`);
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

  it("lets many instances open and migrate one schema at the same time", async () => {
    const shared = freshSchemaName("sb_race");
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ connectionString, schema: shared })));
      await Promise.all(stores.map((s) => s.close()));
      const client = new pg.Client({ connectionString });
      await client.connect();
      const { rows } = await client.query(`SELECT version FROM "${shared}".schema_migrations`);
      await client.end();
      expect(rows).toEqual([{ version: 1 }]);
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
});
