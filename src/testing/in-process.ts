/**
 * Our server without a socket, for `startTestPlatform({ inProcess: true })`: `buildIvrServer`
 * (what `startIvrServer` does but listen). The simulator reaches it through a webhook transport that calls Fastify's
 * `inject()`, and the kit reads its read API the same way; each request still runs the server's
 * whole HTTP path (parsers, guards, routes, the answer's text), only the socket is skipped
 * (fastify's `inject`, hono's `app.request`).
 *
 * @example
 * const server = await startInProcessServer({ flow: "examples/restaurant.yaml", authHeader: secret });
 * const sim = await startSimulator({ webhookTransport: injectTransport(server.fastify, httpWebhookTransport()) });
 */
import type { FastifyInstance } from "fastify";
import type { IvrApp } from "../ivr/index.js";
import { buildIvrServer, type IvrServerOptions } from "../server/index.js";
import type { WebhookTransport } from "../simulator/index.js";
import type { Store } from "../store/index.js";
import { ReadApiError, TestingError } from "./errors.js";
import { parseBody, type ReadApiGet } from "./read-api.js";

/**
 * The origin registered on the simulator for the in-process server. `.invalid` never resolves
 * (RFC 2606), so only the transport below can reach it; `fetch` cannot.
 */
export const IN_PROCESS_ORIGIN = "http://switchboard-in-process.invalid";

/** What the in-process server runs: `startIvrServer`'s options without a port or host. */
export type InProcessServerOptions = Omit<IvrServerOptions, "port" | "host">;

/** A server built and ready, reachable only through `fastify.inject()`. */
export interface InProcessServer {
  /** `IN_PROCESS_ORIGIN`: the base of the webhook URLs the simulator is given. */
  readonly url: string;
  readonly app: IvrApp;
  readonly store: Store;
  readonly fastify: FastifyInstance;
  /** Closes the server, then the store if it was opened here. */
  close(): Promise<void>;
}

/** Builds the server and waits until it is ready; rejects (having closed what it opened) when the flow or the store fails. */
export async function startInProcessServer(options: InProcessServerOptions): Promise<InProcessServer> {
  if (!options.app && options.flow === undefined) {
    throw new TestingError("SB_TESTING_BAD_OPTION", "startInProcessServer: flow and app are both missing; expected a flow path or an app");
  }
  return { url: IN_PROCESS_ORIGIN, ...(await buildIvrServer(options)) };
}

/**
 * A webhook transport that hands deliveries to `IN_PROCESS_ORIGIN` to `fastify.inject()` and any
 * other URL (one a test registered by hand, a dead port) to `others`, which it closes on close.
 */
export function injectTransport(fastify: FastifyInstance, others: WebhookTransport): WebhookTransport {
  return {
    async deliver(url, request) {
      const target = new URL(url);
      if (target.origin !== IN_PROCESS_ORIGIN) return others.deliver(url, request);
      const response = await fastify.inject({
        method: "POST",
        url: `${target.pathname}${target.search}`,
        headers: request.headers,
        payload: request.body,
        signal: request.signal,
      });
      return { status: response.statusCode, headers: response.headers, text: response.body };
    },
    close: () => others.close?.(),
  };
}

/** One read API GET through `fastify.inject()`, with `authHeader` as the Authorization header. */
export function injectReadApiGet(fastify: FastifyInstance, authHeader: string | undefined): ReadApiGet {
  return async (path) => {
    let response;
    try {
      response = await fastify.inject({ method: "GET", url: path, headers: authHeader === undefined ? {} : { authorization: authHeader } });
    } catch (error) {
      throw new ReadApiError("SB_TESTING_READ_API_UNREACHABLE", `cannot reach the in-process read API (${(error as Error).message}); was the platform closed?`, null);
    }
    return { status: response.statusCode, body: parseBody(response.body) };
  };
}
