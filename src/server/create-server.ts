/** `createServer`: the webhook receiver as a Fastify instance. See docs/server.md. */
import type { Server } from "node:http";
import Fastify, { LogController, type FastifyHttpOptions, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from "fastify";
import type pino from "pino";
import type { IvrApps } from "./ivr-apps.js";
import type { ServerMetrics } from "./metrics.js";
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from "./framework-errors.js";
import { Drain, drainTimeout } from "./drain.js";
import { DEFAULT_BODY_LIMIT, REDACTED_PATHS, type ServerOptions } from "./options.js";
import { rootSwitchboard, type DashboardHandle, type LiveEvents } from "./plugin.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The server's own Prometheus registry and counters. */
    switchboardMetrics: ServerMetrics;
    /** The IVR apps it answers with: `use(app)` gives new calls another one (hot reload). */
    switchboardApps: IvrApps;
    /** The dashboard: `signInCode()` makes a one-time sign-in code for a `/?code=` link. */
    switchboardDashboard: DashboardHandle;
    /** The live feed of `GET /api/events`. */
    switchboardEvents: LiveEvents;
  }
}

const DEFAULT_PLUGIN_TIMEOUT_MS = 10_000;
const PLUGIN_TIMEOUT_MARGIN_MS = 5_000;

const REDACTION = { paths: REDACTED_PATHS, censor: "[redacted]" };

function isLoggerInstance(value: unknown): value is FastifyBaseLogger {
  return typeof value === "object" && value !== null && typeof (value as { child?: unknown }).child === "function";
}

function loggerOptions(logger: ServerOptions["logger"]): Pick<FastifyServerOptions, "logger" | "loggerInstance"> {
  // pino children accept their own redaction, so a logger passed in is made safe too.
  if (isLoggerInstance(logger)) return { loggerInstance: (logger as pino.Logger).child({}, { redact: REDACTION }) as FastifyBaseLogger };
  if (logger === false) return { logger: false };
  const base = typeof logger === "object" ? logger : {};
  return { logger: { level: "info", ...base, redact: REDACTION } };
}

/** How long a request may take to arrive, headers and body (408 after). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Builds the webhook receiver: a Fastify instance with the three webhook routes
 * (`POST /webhooks/vca`, `/vss`, `/vcs`), the read API (`GET /api/sessions`), `/healthz` and
 * `/metrics`, ready to `listen()` or to be exercised in-process with `inject()`. A VCA is answered
 * by the IVR app within the handler budget, or with the fallback (the caller never hears
 * silence); a repeated `eventId` gets the first answer again; a VSS is stored durably before its
 * 200. Throws a `ServerConfigError` for an unsafe or broken configuration (no secret without
 * `insecure`, an invalid fallback, a bad limit). The store stays the caller's to close unless
 * `closeStore` is set. It is `Fastify(options)` with the routes of `switchboardPlugin` mounted at
 * its root (to mount them in an app of your own, use that plugin); `server.switchboardMetrics`
 * and `server.switchboardApps` are the plugin's `metrics` and `apps`.
 *
 * @example
 * const server = createServer({ app, store: await openStore("sqlite:./ivr.db"), authHeader: process.env.SECRET });
 * await server.listen({ port: 3000, host: "127.0.0.1" });
 * // or, in a test:
 * const res = await server.inject({ method: "POST", url: "/webhooks/vca", headers: { authorization: secret }, payload: vca });
 */
export function createServer(options: ServerOptions): FastifyInstance {
  // Checked before the instance exists, so a bad option throws here and nothing is left open.
  // The drain closes the store (with closeStore) between the last request and the last
  // connection, so the routes' own onClose must not.
  const switchboard = rootSwitchboard({ ...options, closeStore: false });
  const drain = new Drain(drainTimeout(options.drainTimeoutMs));

  const fastifyOptions: FastifyHttpOptions<Server> = {
    ...loggerOptions(options.logger),
    // The routes' parser has this limit of its own; the instance's covers anything added beside them.
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    // One log line per request would dominate the hot path; we log refusals and failures ourselves.
    logController: new LogController({ disableRequestLogging: true }),
    // No pino child per request (it costs more than the rest of a VCA's logging): the routes
    // bind what identifies a request (sessionId, eventId, url) to the lines they write.
    childLoggerFactory: (logger) => logger,
    // Fastify's default answers 503 to any request that arrives on an open connection once
    // close() has begun: a caller on the line would hear nothing. The drain answers them instead.
    return503OnClosing: false,
    // Fastify bounds each preClose hook by pluginTimeout (10 s by default) and then closes under
    // the drain; the drain bounds itself, so the limit only needs to be longer than it.
    pluginTimeout: Math.max(DEFAULT_PLUGIN_TIMEOUT_MS, drain.timeoutMs + PLUGIN_TIMEOUT_MARGIN_MS),
    // Refusals before any route, in the one error shape with an SB_ code (framework-errors.ts).
    frameworkErrors,
    clientErrorHandler,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A request must arrive whole within this; Fastify's 0 let a client trickling its body hold a
    // connection until a stop's drain timeout. 8x8's deliveries are a few KB.
    requestTimeout: REQUEST_TIMEOUT_MS,
  };
  const server: FastifyInstance = Fastify(fastifyOptions);
  server.decorate("switchboardMetrics", switchboard.metrics);
  server.decorate("switchboardApps", switchboard.apps);
  server.decorate("switchboardDashboard", switchboard.dashboard);
  server.decorate("switchboardEvents", switchboard.events);
  server.addHook("onRequest", drain.onRequest);
  // Before the drain: an open event stream is a request that never ends, which the drain would wait for.
  server.addHook("preClose", (done) => {
    switchboard.closeStreams();
    done();
  });
  const store = options.store;
  server.addHook("preClose", () => drain.run(server.server, options.closeStore ? () => store.close() : undefined, server.log));
  server.register(switchboard.plugin);
  return server;
}
