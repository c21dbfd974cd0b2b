/**
 * Runs a real server on 127.0.0.1 (port 0) over a SQLite file in a temp folder, for tests that
 * talk HTTP like the platform does. Every request has a timeout so a hung server fails the test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { IvrApp } from "../src/ivr/types.js";
import { createServer, type ServerOptions } from "../src/server/index.js";
import { openSqliteStore, type Store } from "../src/store/index.js";
import { SECRET } from "./fixtures/webhooks.js";

export interface Harness {
  url: string;
  server: FastifyInstance;
  store: Store;
  dbPath: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string; json: unknown }>;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; text: string; json: unknown }>;
  close(): Promise<void>;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startServer(app: IvrApp, options: Partial<ServerOptions> & { dbPath: string }): Promise<Harness> {
  const store = options.store ?? (await openSqliteStore({ path: options.dbPath }));
  const server = createServer({ app, store, authHeader: SECRET, logger: false, ...options });
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  if (typeof address !== "object" || address === null) throw new Error("server did not bind a port");
  const url = `http://127.0.0.1:${address.port}`;
  const request = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(url + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  };
  return {
    url,
    server,
    store,
    dbPath: options.dbPath,
    post: (path, body, headers = { authorization: SECRET, "content-type": "application/json" }) => request("POST", path, body, headers),
    get: (path, headers = { authorization: SECRET }) => request("GET", path, undefined, headers),
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}
