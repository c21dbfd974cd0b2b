/**
 * Runs our webhook server for an IVR on a port: loads the flow (or takes an app), opens the store,
 * listens, and closes all of it in the right order. `switchboard dev` and the testing kit both
 * start their server with it, so it lives here rather than in the kit (dev must not build on the
 * test kit). The IVR compiler is imported on first use, so importing the server for an app that is
 * already built never loads it.
 *
 * @example
 * const ivr = await startIvrServer({ flow: "examples/restaurant.yaml", authHeader: secret });
 * console.log(ivr.url); // http://127.0.0.1:41234
 * await ivr.close();
 */
import type { FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import type { IvrApp } from "../ivr/index.js";
import { openSqliteStore, openStore, type Store } from "../store/index.js";
import { createServer } from "./create-server.js";
import { ServerConfigError } from "./errors.js";
import type { ServerOptions } from "./options.js";

/** What `startIvrServer` runs and where. */
export interface IvrServerOptions {
  /** A flow file (.yaml/.yml/.json) or a handlers module (.ts/.js), loaded with `loadIvr`. */
  flow?: string;
  /** An IVR already built (wins over `flow`). */
  app?: IvrApp;
  /** The webhook secret the server requires as the Authorization header. */
  authHeader: string;
  /** The read API's secret (`/api/*`); defaults to `authHeader`. */
  readAuthHeader?: string;
  /** A store URL (`sqlite:PATH`, `postgres://...`) or a Store; default an in-memory SQLite store. */
  db?: string | Store;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Anything else createServer takes (handlerTimeoutMs, fallback, logger, drainTimeoutMs...).
   * Logging is off by default.
   */
  server?: Partial<Omit<ServerOptions, "app" | "store" | "authHeader" | "readAuthHeader">>;
  /** Registers more on the instance before it is ready: routes of your own, the followup module's. */
  setup?: (fastify: FastifyInstance) => Promise<void> | void;
}

/** A running server: where it listens, what it runs, and how to stop it. */
export interface IvrServer {
  /** e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  readonly app: IvrApp;
  readonly store: Store;
  readonly fastify: FastifyInstance;
  /**
   * Stops and drains: no new connections; requests on open connections are answered; then the
   * store is closed if this helper opened it; then the last connections. Resolves within the
   * drain timeout (`server.drainTimeoutMs`, default 10 s) whatever requests are still open.
   */
  close(): Promise<void>;
}

/** A server built and ready but not listening (see `buildIvrServer`). */
export interface BuiltIvrServer {
  readonly app: IvrApp;
  readonly store: Store;
  readonly fastify: FastifyInstance;
  /** Drains and closes the server, closing the store in the drain if it was opened here. */
  close(): Promise<void>;
}

async function openGivenStore(db: IvrServerOptions["db"]): Promise<{ store: Store; owned: boolean }> {
  if (db !== undefined && typeof db !== "string") return { store: db, owned: false };
  return { store: db === undefined ? await openSqliteStore({ path: ":memory:" }) : await openStore(db), owned: true };
}

/**
 * Everything `startIvrServer` does but listen: loads the flow (or takes the app), opens the store,
 * builds the server and waits until it is ready. For a server reached through `fastify.inject()`
 * (the test kit's in-process platform). Rejects, having closed what it opened, when the flow or
 * the store fails.
 *
 * @example
 * const built = await buildIvrServer({ flow: "examples/restaurant.yaml", authHeader: secret });
 * await built.fastify.inject({ method: "GET", url: "/healthz" });
 * await built.close();
 */
export async function buildIvrServer(options: Omit<IvrServerOptions, "port" | "host">): Promise<BuiltIvrServer> {
  let app = options.app;
  if (!app) {
    if (options.flow === undefined) throw new ServerConfigError("SB_SERVER_BAD_OPTION", "startIvrServer: flow and app are both missing; expected a flow path or an app");
    const { loadIvr } = await import("../ivr/index.js");
    app = await loadIvr(options.flow);
  }
  const { store, owned } = await openGivenStore(options.db);
  let fastify: FastifyInstance | undefined;
  try {
    fastify = createServer({
      logger: false,
      ...options.server,
      app,
      store,
      // The drain closes a store opened here once the last request is answered.
      closeStore: owned || options.server?.closeStore === true,
      authHeader: options.authHeader,
      ...(options.readAuthHeader !== undefined ? { readAuthHeader: options.readAuthHeader } : {}),
    });
    await options.setup?.(fastify);
    await fastify.ready();
  } catch (error) {
    await fastify?.close().catch(() => undefined);
    if (owned) await store.close().catch(() => undefined);
    throw error;
  }
  const server = fastify;
  return {
    app,
    store,
    fastify: server,
    close: () => server.close(),
  };
}

/**
 * Starts the server; rejects (having closed what it opened) when the flow, the store or the port fails.
 * A port in use rejects with an error whose `code` is `EADDRINUSE`.
 */
export async function startIvrServer(options: IvrServerOptions): Promise<IvrServer> {
  const built = await buildIvrServer(options);
  try {
    await built.fastify.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  } catch (error) {
    await built.close().catch(() => undefined);
    throw error;
  }
  const address = built.fastify.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return { ...built, url: `http://${host}:${address.port}`, port: address.port };
}
