/**
 * Test access to a local PostgreSQL server (127.0.0.1:5432, trust auth, database `test`).
 * Tests that need it skip with a clear message when it is unreachable, except in CI (`CI` set),
 * where an unreachable server fails the run instead of hiding the Postgres tests.
 */
import pg from "pg";

export const TEST_PG_URLS = process.env.SWITCHBOARD_TEST_PG
  ? [process.env.SWITCHBOARD_TEST_PG]
  : ["postgres://postgres@127.0.0.1:5432/test", "postgres://root@127.0.0.1:5432/test"];

/** The first URL that connects, or null (after a warning) when none does outside CI. */
export async function findTestPostgres(): Promise<string | null> {
  const failures: string[] = [];
  for (const url of TEST_PG_URLS) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return url;
    } catch (error) {
      failures.push(`${url}: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const message = `PostgreSQL unreachable (${failures.join("; ")})`;
  if (process.env.CI) throw new Error(`${message}; CI is set, so the Postgres tests must run`);
  console.warn(`skipping Postgres tests: ${message}. Start a server on 127.0.0.1:5432 or set SWITCHBOARD_TEST_PG.`);
  return null;
}

/** A fresh schema name per test file, so files can run in parallel against one database. */
export function freshSchemaName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
