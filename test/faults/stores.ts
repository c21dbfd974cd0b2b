/**
 * The stores every fault suite runs against: a SQLite file in a fresh temp folder, and a fresh
 * schema in the local PostgreSQL (`test/postgres.ts`; skipped with a message when none answers,
 * except in CI). Each `open()` gives a `--db` URL of its own and a cleanup.
 *
 * @example
 * describe.each(await faultStores())("over $name", ({ skip, open }) => { ... });
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropSchema, findTestPostgres, freshSchemaName } from "../postgres.js";

/** A store URL of its own, and how to remove what it left. */
export interface OpenedStore {
  url: string;
  /** The SQLite file's folder (SQLite only). */
  dir?: string;
  cleanup(): Promise<void>;
}

export interface FaultStore {
  name: "SQLite" | "PostgreSQL";
  /** True when the store is not available here (no local Postgres). */
  skip: boolean;
  open(): Promise<OpenedStore>;
}

/** `postgres://...` with `?schema=` of a fresh schema. */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}

export async function faultStores(): Promise<FaultStore[]> {
  const pg = await findTestPostgres();
  return [
    {
      name: "SQLite",
      skip: false,
      async open() {
        const dir = mkdtempSync(join(tmpdir(), "switchboard-faults-"));
        return { url: `sqlite:${join(dir, "faults.db")}`, dir, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
    {
      name: "PostgreSQL",
      skip: pg === null,
      async open() {
        const schema = freshSchemaName("sb_faults");
        return { url: withSchema(pg!, schema), cleanup: () => dropSchema(pg!, schema) };
      },
    },
  ];
}
