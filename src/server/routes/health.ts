/**
 * `GET /healthz` (200 while the store answers a ping, else 503) and `GET /metrics` (the
 * server's own Prometheus registry), as an encapsulated plugin. Neither needs a secret: they show
 * counts and the app's name, never session data.
 */
import type { FastifyPluginCallback } from "fastify";
import type { Store } from "../../store/index.js";
import type { IvrApps } from "../ivr-apps.js";
import type { ServerMetrics } from "../metrics.js";

export interface HealthRouteDeps {
  store: Store;
  apps: IvrApps;
  metrics: ServerMetrics;
}

export const healthRoutes: FastifyPluginCallback<HealthRouteDeps> = function healthRoutes(server, deps, done) {
  const { store, apps, metrics } = deps;

  server.get("/healthz", async (_request, reply) => {
    try {
      await store.ping();
      return { status: "ok", store: store.kind, app: apps.current.name };
    } catch {
      return reply.code(503).send({ status: "unavailable", store: store.kind, app: apps.current.name });
    }
  });

  server.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  done();
};
