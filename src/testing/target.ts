/**
 * The webhook server a test platform drives, whichever way it runs: a server already running at
 * a URL, ours on 127.0.0.1 (`startIvrServer`), or ours in process (`in-process.ts`). Each gives
 * the kit the same things: the base URL to register, the secret, a reader of its read API, and,
 * in process, the transport the simulator must deliver through.
 *
 * @example
 * const target = await startTarget({ flow: "examples/restaurant.yaml", inProcess: true });
 * await startSimulator({ webhookTransport: target.transport(httpWebhookTransport()) });
 */
import { generateSecret, startIvrServer, WEBHOOK_PATHS } from "../server/index.js";
import type { WebhookTransport } from "../simulator/index.js";
import type { Store } from "../store/index.js";
import { injectReadApiGet, injectTransport, startInProcessServer } from "./in-process.js";
import type { TestPlatformOptions } from "./options.js";
import { readApi, readApiOver, type ReadApi } from "./read-api.js";

/** A webhook server for the kit to register and read. */
export interface Target {
  /** The base URL the webhooks are registered under. */
  readonly url: string;
  /** The secret the platform must send; undefined when the server needs none. */
  readonly authHeader: string | undefined;
  /** Where each webhook type goes on the server (null: not registered). */
  readonly paths: Partial<Record<"VCA" | "VSS" | "VCS", string | null>>;
  readonly reader: ReadApi;
  /** The store of a server the kit started; undefined with `url`. */
  readonly store: Store | undefined;
  /** The simulator's transport: in process, one that reaches the server and sends other URLs to `others`; else `others` itself. */
  transport(others: WebhookTransport): WebhookTransport;
  /** Stops a server the kit started (and its store); nothing for `url`. */
  close(): Promise<void>;
}

/** Starts (or, for `url`, merely describes) the server the checked options name. */
export async function startTarget(options: TestPlatformOptions): Promise<Target> {
  if (options.url !== undefined) {
    return {
      url: options.url,
      authHeader: options.authHeader,
      paths: { ...WEBHOOK_PATHS, ...options.paths },
      reader: readApi(options.url, options.readAuthHeader ?? options.authHeader),
      store: undefined,
      transport: (others) => others,
      close: async () => undefined,
    };
  }
  const authHeader = options.authHeader ?? generateSecret();
  const readToken = generateSecret();
  const serverOptions = {
    ...(options.app ? { app: options.app } : { flow: options.flow! }),
    authHeader,
    readAuthHeader: readToken,
    ...(options.db !== undefined ? { db: options.db } : {}),
    ...(options.server ? { server: options.server } : {}),
  };
  if (options.inProcess) {
    const server = await startInProcessServer(serverOptions);
    return {
      url: server.url,
      authHeader,
      paths: WEBHOOK_PATHS,
      reader: readApiOver(injectReadApiGet(server.fastify, readToken)),
      store: server.store,
      transport: (others) => injectTransport(server.fastify, others),
      close: () => server.close(),
    };
  }
  const server = await startIvrServer(serverOptions);
  return {
    url: server.url,
    authHeader,
    paths: WEBHOOK_PATHS,
    reader: readApi(server.url, readToken),
    store: server.store,
    transport: (others) => others,
    close: () => server.close(),
  };
}
