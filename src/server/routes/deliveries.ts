/**
 * `POST /webhooks/vss` and `POST /webhooks/vcs`: store, then acknowledge. A summary is answered
 * 200 only after its commit; when the store cannot take it the answer is 503, so the platform
 * delivers it again rather than losing it. 503 means only that: a value the store refuses
 * (SB_STORE_VALUE_REFUSED) would be refused again, so it is a 400, as intake's refusals are.
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { STORE_ERROR_CODES, isStoreError, type JobInput, type Store } from "../../store/index.js";
import { sendError } from "../errors.js";
import type { Guard } from "../guards.js";
import { callStatusLabel, sessionStatusLabel, type ServerMetrics } from "../metrics.js";
import { rawJsonText } from "../raw-json.js";
import { readVcs, readVss } from "../read-webhook.js";

export interface DeliveryRouteDeps {
  store: Store;
  now: () => Date;
  metrics: ServerMetrics;
  guards: { onRequest: Guard[] };
  /** The jobs a new summary leaves (see `SwitchboardOptions.summaryJobs`). */
  summaryJobs?: (summary: { sessionId: string; payload: unknown; receivedAt: Date }) => JobInput[];
}

/** A value the store refused: delivered again, it would be refused again. */
const isRefusal = (error: unknown): error is Error => isStoreError(error) && error.code === STORE_ERROR_CODES.VALUE_REFUSED;

/** Seconds the platform is asked to wait before delivering again. */
const RETRY_AFTER_SECONDS = "5";

/** `POST /webhooks/vss` and `/webhooks/vcs` as an encapsulated plugin. */
export const deliveryRoutes: FastifyPluginCallback<DeliveryRouteDeps> = function deliveryRoutes(server, deps, done) {
  const { store, now, metrics } = deps;

  /** The store did not take the delivery: 400 when it refused a value, else 503 with Retry-After. */
  const storeFailed = (reply: FastifyReply, request: FastifyRequest, operation: string, sessionId: string, error: unknown) => {
    const webhook = operation === "saveSummary" ? "VSS" : "VCS";
    if (isRefusal(error)) {
      request.log.warn({ err: error, sessionId }, `the store refused a value of the ${webhook}; answered 400`);
      return sendError(reply, "SB_SERVER_VALUE_REFUSED", `${error.message}; delivering it again will not help`);
    }
    metrics.storeErrors.inc({ operation });
    request.log.error({ err: error, sessionId }, `store unavailable: answered 503 so the platform delivers the ${webhook} again`);
    reply.header("retry-after", RETRY_AFTER_SECONDS);
    return sendError(reply, "SB_SERVER_STORE_UNAVAILABLE", "the store is unavailable; deliver again later");
  };

  server.post("/webhooks/vss", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const read = readVss(request.body, rawJsonText(request));
    if (!read.ok) return sendError(reply, "SB_SERVER_INVALID_FIELD", read.message, read.field);
    const summary = read.value;
    const status = sessionStatusLabel(summary.sessionStatus);
    try {
      const receivedAt = now();
      const jobs = deps.summaryJobs?.({ sessionId: summary.sessionId, payload: summary.payload, receivedAt });
      const { created } = await store.saveSummary({ ...summary, receivedAt, ...(jobs && jobs.length > 0 ? { jobs } : {}) });
      metrics.summaries.inc({ session_status: status, outcome: created ? "stored" : "duplicate" });
      return { ok: true, sessionId: summary.sessionId, duplicate: !created };
    } catch (error) {
      metrics.summaries.inc({ session_status: status, outcome: isRefusal(error) ? "refused" : "failed" });
      return storeFailed(reply, request, "saveSummary", summary.sessionId, error);
    }
  });

  server.post("/webhooks/vcs", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const read = readVcs(request.body, rawJsonText(request));
    if (!read.ok) return sendError(reply, "SB_SERVER_INVALID_FIELD", read.message, read.field);
    const status = read.value;
    try {
      await store.recordCallStatus({ ...status, receivedAt: now() });
      metrics.callStatuses.inc({ call_status: callStatusLabel(status.callStatus) });
      return { ok: true };
    } catch (error) {
      return storeFailed(reply, request, "recordCallStatus", status.sessionId, error);
    }
  });

  done();
};
