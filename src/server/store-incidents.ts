/**
 * What the server does when the store reports trouble it met outside a request: answered VCA
 * exchanges it could not commit (counted and logged), or the store stopping for good (said once,
 * loudly; `/healthz` then answers 503).
 *
 * @example
 * reportStoreIncidents(store, metrics, server.log);
 */
import type { FastifyBaseLogger } from "fastify";
import type { Store } from "../store/index.js";
import type { ServerMetrics } from "./metrics.js";

export function reportStoreIncidents(store: Store, metrics: ServerMetrics, log: FastifyBaseLogger): void {
  store.onIncident((incident) => {
    if (incident.kind === "writes-lost") {
      metrics.storeErrors.inc({ operation: incident.operation }, incident.count);
      log.error({ err: incident.error, lost: incident.count }, "could not commit answered VCA exchanges; their timeline entries are lost");
    } else {
      metrics.storeErrors.inc({ operation: "store" });
      log.fatal({ err: incident.error }, "the store stopped working: every VCA now gets the fallback and no VSS can be stored; restart the server");
    }
  });
}
