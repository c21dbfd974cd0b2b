/**
 * Draining on stop: what `createServer`'s `close()` does before Fastify closes the instance, so a
 * stop (SIGTERM from `switchboard serve`) never answers a caller with a 503. In order:
 *
 * 1. Stop listening: no new connection is accepted. Open connections stay open, and every
 *    response from now on carries `Connection: close`, so the platform sends its next webhook
 *    elsewhere instead of racing our close of an idle keep-alive connection.
 * 2. Answer what comes: requests in flight and requests arriving on open connections are answered
 *    as usual, against an open store (a VCA gets its real answer, a VSS is stored before its 200).
 * 3. Once no request is in flight, close the store (when the server owns it). A request arriving
 *    after that takes the routes' store-failure path: a VCA still gets the fallback callflow, a
 *    VSS or VCS gets 503 with `Retry-After`.
 * 4. Close the remaining connections: idle ones at once, busy ones once answered.
 *
 * The whole drain is bounded by `drainTimeoutMs`: when it runs out, every remaining connection
 * is destroyed (a request still in flight gets no answer; the platform retries it) and the stop
 * goes on without waiting any longer for the store.
 *
 * @example
 * const drain = new Drain(10_000);
 * server.addHook("onRequest", drain.onRequest);
 * server.addHook("preClose", () => drain.run(server.server, () => store.close(), server.log));
 */
import type { Server, ServerResponse } from "node:http";
import { Server as NetServer } from "node:net";
import type { FastifyBaseLogger, onRequestHookHandler } from "fastify";
import { ServerConfigError } from "./errors.js";

/** How long a stop may drain by default: 10 s, then remaining connections are destroyed. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** Checks a `drainTimeoutMs` option: a whole number of milliseconds, 0 or more (0 drains nothing). */
export function drainTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_DRAIN_TIMEOUT_MS;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ServerConfigError("SB_SERVER_BAD_OPTION", `drainTimeoutMs: ${value} is invalid; expected a whole number of milliseconds, 0 or more (default ${DEFAULT_DRAIN_TIMEOUT_MS})`);
  }
  return value;
}

/** Resolves when `promise` settles or `deadline` passes, whichever is first; never rejects. */
function until(promise: Promise<unknown>, deadline: Promise<void>): Promise<void> {
  const settled = promise.then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([settled, deadline]);
}

/** Stops `server` listening, without closing its idle connections as `http.Server.close()` does. */
function stopListening(server: Server): Promise<void> {
  return new Promise((done) => {
    // net.Server's close: new connections are refused, open ones are left alone, and the callback
    // runs once they have all ended (at once, with an error, when the server never listened).
    NetServer.prototype.close.call(server, () => done());
  });
}

/**
 * The drain of one server: counts the requests in flight (an `onRequest` hook, one listener on the
 * response) and, on stop, runs the steps above.
 */
export class Drain {
  /** Responses not yet closed: the requests in flight. */
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private idle: (() => void) | undefined;
  /** Listens on each response; the response is `this`, so no closure is made per request. */
  private readonly responseClosed: (this: ServerResponse) => void;

  constructor(readonly timeoutMs: number) {
    const inFlight = this.inFlight;
    const whenIdle = () => this.idle?.();
    this.responseClosed = function responseClosed(this: ServerResponse) {
      inFlight.delete(this);
      if (inFlight.size === 0) whenIdle();
    };
  }

  /** The `onRequest` hook that counts a request until its response closes (sent or aborted). */
  readonly onRequest: onRequestHookHandler = (_request, reply, done) => {
    const response = reply.raw;
    this.inFlight.add(response);
    response.on("close", this.responseClosed);
    if (this.draining) response.setHeader("connection", "close");
    done();
  };

  /**
   * Runs the drain of `server` (the instance's `http.Server`), closing the store with
   * `closeStore` when given; resolves once done or when `timeoutMs` has run out.
   */
  async run(server: Server, closeStore: (() => Promise<void>) | undefined, log: FastifyBaseLogger): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const deadline = new Promise<void>((expire) => {
      timer = setTimeout(() => {
        timedOut = true;
        expire();
      }, this.timeoutMs);
    });
    try {
      const listening = server.listening;
      const closed = stopListening(server);
      // Responses already on their way close their connection too.
      for (const response of this.inFlight) if (!response.headersSent) response.setHeader("connection", "close");
      if (listening || this.inFlight.size > 0) {
        log.info({ inFlight: this.inFlight.size, drainTimeoutMs: this.timeoutMs }, "stopping: no new connections; answering requests on open connections, then closing the store");
      }

      await until(this.noneInFlight(), deadline);
      let storeOpen = closeStore !== undefined;
      if (closeStore) {
        const storeClosed = Promise.resolve()
          .then(closeStore)
          .catch((error: unknown) => log.error({ err: error }, "could not close the store while stopping"))
          .finally(() => (storeOpen = false));
        await until(storeClosed, deadline);
      }
      // Idle connections now; busy ones end after their answer (Connection: close).
      server.closeIdleConnections();
      await until(closed, deadline);

      if (timedOut) {
        const left = this.inFlight.size;
        server.closeAllConnections();
        log.warn({ inFlight: left, drainTimeoutMs: this.timeoutMs }, `drain timeout: ${this.timeoutMs} ms passed; destroyed the remaining connections (${left} request(s) in flight)${storeOpen ? "; the store is still closing" : ""}`);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once no request is in flight. */
  private noneInFlight(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((done) => {
      this.idle = () => {
        this.idle = undefined;
        done();
      };
    });
  }
}
