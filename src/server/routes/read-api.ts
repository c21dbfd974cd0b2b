/**
 * The read API for the CLI and the dashboard: `GET /api/sessions` (newest first, filtered by
 * status, cursor-paginated) and `GET /api/sessions/:id` (the session, its summary, its timeline
 * of VCAs received and answers sent, and its call status telemetry).
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { MAX_PAGE_SIZE, STORE_ERROR_CODES, isStoreError, type Store } from "../../store/index.js";
import { sendError } from "../errors.js";
import type { Guard } from "../guards.js";
import type { ServerMetrics } from "../metrics.js";
import { DEFAULT_READ_PAGE_SIZE } from "../options.js";

export interface ReadApiDeps {
  store: Store;
  metrics: ServerMetrics;
  guards: { onRequest: Guard[] };
}

const STATUS_PATTERN = /^[A-Z_]{1,40}$/;

/** `GET /api/sessions` and `/api/sessions/:id` as an encapsulated plugin. */
export const readApiRoutes: FastifyPluginCallback<ReadApiDeps> = function readApiRoutes(server, deps, done) {
  const { store, metrics } = deps;

  const failed = (reply: FastifyReply, request: FastifyRequest, operation: string, error: unknown) => {
    if (isStoreError(error) && error.code === STORE_ERROR_CODES.BAD_CURSOR) {
      return sendError(reply, "SB_SERVER_INVALID_FIELD", error.message, "cursor");
    }
    // A value the database refuses is the request's fault: asking again would fail again.
    if (isStoreError(error) && error.code === STORE_ERROR_CODES.VALUE_REFUSED) {
      return sendError(reply, "SB_SERVER_VALUE_REFUSED", error.message);
    }
    metrics.storeErrors.inc({ operation });
    request.log.error({ err: error }, "store unavailable for the read API");
    return sendError(reply, "SB_SERVER_STORE_UNAVAILABLE", "the store is unavailable; try again later");
  };

  server.get("/api/sessions", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const status = query.status === undefined || query.status === "" ? undefined : query.status;
    if (status !== undefined && (typeof status !== "string" || !STATUS_PATTERN.test(status))) {
      return sendError(reply, "SB_SERVER_INVALID_FIELD", `status: ${JSON.stringify(status)} is not a session status such as ACTIVE or COMPLETED`, "status");
    }
    let limit = DEFAULT_READ_PAGE_SIZE;
    if (query.limit !== undefined) {
      limit = typeof query.limit === "string" && /^\d+$/.test(query.limit) ? Number(query.limit) : Number.NaN;
      if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) {
        return sendError(reply, "SB_SERVER_INVALID_FIELD", `limit: ${JSON.stringify(query.limit)} is not a whole number from 1 to ${MAX_PAGE_SIZE}`, "limit");
      }
    }
    const cursor = query.cursor;
    if (cursor !== undefined && typeof cursor !== "string") {
      return sendError(reply, "SB_SERVER_INVALID_FIELD", "cursor: give it once, as returned in nextCursor", "cursor");
    }
    try {
      return await store.listSessions({ limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    } catch (error) {
      return failed(reply, request, "listSessions", error);
    }
  });

  server.get("/api/sessions/:id", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      const detail = await store.getSession(id);
      if (!detail) return sendError(reply, "SB_SERVER_NOT_FOUND", `no session ${JSON.stringify(id)} in the store`);
      return detail;
    } catch (error) {
      return failed(reply, request, "getSession", error);
    }
  });

  done();
};
