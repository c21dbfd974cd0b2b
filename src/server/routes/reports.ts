/**
 * The read API's reports, with its auth: `GET /api/stats?since=` (the store's `sessionStats`:
 * counts by outcome and direction, completion rate, average duration and MOS, fallbacks by
 * reason, retries scheduled and placed) and `GET /api/flows/edges?fingerprint=&since=` (the
 * store's `flowEdgeCounts`: how many sessions took each edge of each flow, and where ended sessions
 * hung up) and `GET /api/stats/series?since=&bucket=` (the store's `outcomeSeries`: sessions by
 * outcome in buckets of time, with `until`, the server's clock, so a chart can show the empty
 * buckets up to now). `since` is a span back from the server's clock (`1h`, `7d`) or an ISO-8601
 * time; a bad parameter is 400 naming it.
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { isStoreError, STORE_ERROR_CODES, type Store } from "../../store/index.js";
import { sendError } from "../errors.js";
import type { Guard } from "../guards.js";
import type { ServerMetrics } from "../metrics.js";
import { bucketParam, fingerprintParam, sinceParam, type FieldError } from "../report-params.js";

export interface ReportRouteDeps {
  store: Store;
  metrics: ServerMetrics;
  /** The server's clock, which a relative `since` counts back from. */
  now: () => Date;
  guards: { onRequest: Guard[] };
}

/** `GET /api/stats`, `GET /api/stats/series` and `GET /api/flows/edges` as an encapsulated plugin. */
export const reportRoutes: FastifyPluginCallback<ReportRouteDeps> = function reportRoutes(server, deps, done) {
  const { store, metrics } = deps;
  const refused = (reply: FastifyReply, error: FieldError) => sendError(reply, "SB_SERVER_INVALID_FIELD", error.message, error.field);
  const failed = (reply: FastifyReply, request: FastifyRequest, operation: string, error: unknown) => {
    if (isStoreError(error) && error.code === STORE_ERROR_CODES.VALUE_REFUSED) return sendError(reply, "SB_SERVER_VALUE_REFUSED", error.message);
    metrics.storeErrors.inc({ operation });
    request.log.error({ err: error }, "store unavailable for the read API");
    return sendError(reply, "SB_SERVER_STORE_UNAVAILABLE", "the store is unavailable; try again later");
  };

  server.get("/api/stats", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const read = sinceParam(request.query as Record<string, unknown>, deps.now());
    if ("error" in read) return refused(reply, read.error);
    try {
      return await store.sessionStats(read.since === undefined ? {} : { since: read.since });
    } catch (error) {
      return failed(reply, request, "sessionStats", error);
    }
  });

  server.get("/api/stats/series", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const now = deps.now();
    const read = sinceParam(query, now);
    if ("error" in read) return refused(reply, read.error);
    const bucket = bucketParam(query, read.since, now);
    if ("error" in bucket) return refused(reply, bucket.error);
    try {
      const series = await store.outcomeSeries({ bucketSeconds: bucket.bucketSeconds, ...(read.since === undefined ? {} : { since: read.since }) });
      return { since: series.since, until: now.toISOString(), bucketSeconds: series.bucketSeconds, buckets: series.buckets };
    } catch (error) {
      return failed(reply, request, "outcomeSeries", error);
    }
  });

  server.get("/api/flows/edges", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const since = sinceParam(query, deps.now());
    if ("error" in since) return refused(reply, since.error);
    const flow = fingerprintParam(query);
    if ("error" in flow) return refused(reply, flow.error);
    try {
      return await store.flowEdgeCounts({
        ...(flow.fingerprint === undefined ? {} : { fingerprint: flow.fingerprint }),
        ...(since.since === undefined ? {} : { since: since.since }),
      });
    } catch (error) {
      return failed(reply, request, "flowEdgeCounts", error);
    }
  });

  done();
};
