/** `createServer`: the webhook receiver as a Fastify instance. See docs/server.md. */
import type { Server } from "node:http";
import Fastify, { LogController, type FastifyHttpOptions, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from "fastify";
import type pino from "pino";
import { secretChecker } from "./auth.js";
import { installErrorHandlers } from "./error-handler.js";
import { checkFallback, DEFAULT_FALLBACK } from "./fallback.js";
import { createMetrics, type ServerMetrics } from "./metrics.js";
import { REDACTED_PATHS, resolveOptions, type ServerOptions } from "./options.js";
import { registerDeliveryRoutes } from "./routes/deliveries.js";
import { registerReadApi } from "./routes/read-api.js";
import { registerVcaRoute } from "./routes/vca.js";
import { allowlistGuard, secretGuard, type Guard } from "./guards.js";
import { keepRawJsonText } from "./raw-json.js";
import { IvrApps } from "./ivr-apps.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The server's own Prometheus registry and counters. */
    switchboardMetrics: ServerMetrics;
    /** The IVR apps it answers with: `use(app)` gives new calls another one (hot reload). */
    switchboardApps: IvrApps;
  }
}

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

/**
 * Builds the webhook receiver: a Fastify instance with the three webhook routes
 * (`POST /webhooks/vca`, `/vss`, `/vcs`), the read API (`GET /api/sessions`), `/healthz` and
 * `/metrics`, ready to `listen()` or to be exercised in-process with `inject()`. A VCA is answered
 * by the IVR app within the handler budget, or with the fallback (the caller never hears
 * silence); a repeated `eventId` gets the first answer again; a VSS is stored durably before its
 * 200. Throws a `ServerConfigError` for an unsafe or broken configuration (no secret without
 * `insecure`, an invalid fallback, a bad limit). The store stays the caller's to close unless
 * `closeStore` is set.
 *
 * @example
 * const server = createServer({ app, store: await openStore("sqlite:./ivr.db"), authHeader: process.env.SECRET });
 * await server.listen({ port: 3000, host: "127.0.0.1" });
 * // or, in a test:
 * const res = await server.inject({ method: "POST", url: "/webhooks/vca", headers: { authorization: secret }, payload: vca });
 */
export function createServer(options: ServerOptions): FastifyInstance {
  const resolved = resolveOptions(options);
  const apps = new IvrApps(options.app, options.fallback ? checkFallback(options.fallback, "the server's") : DEFAULT_FALLBACK);
  for (const app of options.apps ?? []) apps.add(app);

  const fastifyOptions: FastifyHttpOptions<Server> = {
    ...loggerOptions(options.logger),
    bodyLimit: resolved.bodyLimit,
    trustProxy: options.trustProxy ?? false,
    // One log line per request would dominate the hot path; we log refusals and failures ourselves.
    logController: new LogController({ disableRequestLogging: true }),
    // No pino child per request (it costs more than the rest of a VCA's logging): the routes
    // bind what identifies a request (sessionId, eventId, url) to the lines they write.
    childLoggerFactory: (logger) => logger,
    return503OnClosing: true,
  };
  const server: FastifyInstance = Fastify(fastifyOptions);
  // Webhooks are JSON only: without the text/plain parser such bodies get 415 like any other type.
  server.removeContentTypeParser("text/plain");
  keepRawJsonText(server);

  const metrics = createMetrics();
  server.decorate("switchboardMetrics", metrics);
  server.decorate("switchboardApps", apps);
  installErrorHandlers(server);
  options.store.onIncident((incident) => {
    if (incident.kind === "writes-lost") {
      metrics.storeErrors.inc({ operation: incident.operation }, incident.count);
      server.log.error({ err: incident.error, lost: incident.count }, "could not commit answered VCA exchanges; their timeline entries are lost");
    } else {
      // The store stopped for good: say so once, loudly; /healthz turns 503.
      metrics.storeErrors.inc({ operation: "store" });
      server.log.fatal({ err: incident.error }, "the store stopped working: every VCA now gets the fallback and no VSS can be stored; restart the server");
    }
  });

  server.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.requests.inc({ route, method: request.method, status_code: String(reply.statusCode) });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
    done();
  });

  const webhookGuards: Guard[] = [];
  if (options.allowlist && options.allowlist.length > 0) webhookGuards.push(allowlistGuard(options.allowlist));
  if (resolved.secret) webhookGuards.push(secretGuard(secretChecker(resolved.secret), "webhook"));
  const readGuards: Guard[] = resolved.readSecret ? [secretGuard(secretChecker(resolved.readSecret), "read API")] : [];

  const now = resolved.now;
  registerVcaRoute(server, {
    apps,
    store: options.store,
    handlerTimeoutMs: resolved.handlerTimeoutMs,
    now,
    metrics,
    guards: { onRequest: webhookGuards },
  });
  registerDeliveryRoutes(server, { store: options.store, now, metrics, guards: { onRequest: webhookGuards } });
  registerReadApi(server, { store: options.store, metrics, guards: { onRequest: readGuards } });

  server.get("/healthz", async (_request, reply) => {
    try {
      await options.store.ping();
      return { status: "ok", store: options.store.kind, app: apps.current.name };
    } catch {
      return reply.code(503).send({ status: "unavailable", store: options.store.kind, app: apps.current.name });
    }
  });

  server.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  if (options.closeStore) server.addHook("onClose", async () => options.store.close());
  return server;
}
