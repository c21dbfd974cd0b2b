/**
 * The read API for the CLI and the dashboard: `GET /api/sessions` (newest first, filtered by
 * status, since, outcome, direction and a number (`q`), cursor-paginated; a status neither 8x8's
 * nor ACTIVE nor any stored session's is 400) and `GET /api/sessions/:id` (the session, its summary, its timeline
 * of VCAs received and answers sent, its call status telemetry, and for an outbound call its
 * request and attempts).
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { ACTIVE_STATUS, MAX_PAGE_SIZE, STORE_ERROR_CODES, isStoreError, type Store } from "../../store/index.js";
import { SESSION_STATUSES } from "../../voice/index.js";
import { sendError } from "../errors.js";
import type { Guard } from "../guards.js";
import type { ServerMetrics } from "../metrics.js";
import { DEFAULT_READ_PAGE_SIZE } from "../options.js";
import { outboundOfSession } from "../outbound-detail.js";
import { sessionFilters } from "../report-params.js";

export interface ReadApiDeps {
  store: Store;
  metrics: ServerMetrics;
  guards: { onRequest: Guard[] };
  /** The server's clock, which a relative `since` (`1h`) counts back from; default the system's. */
  now?: () => Date;
}

const STATUS_PATTERN = /^[A-Z_]{1,40}$/;

/**
 * The query parameters `GET /api/sessions` filters on. The dashboard shows a filter control only
 * for the parameters listed here (it reads them from `GET /api/session`), so a filter added to the
 * route below is added to this list in the same change.
 */
export const SESSION_FILTERS: readonly string[] = Object.freeze(["status", "since", "outcome", "direction", "q"]);

/** The statuses a session can have that need no store to know: ACTIVE (no summary yet) and those 8x8 documents. */
const KNOWN_STATUSES: ReadonlySet<string> = new Set([ACTIVE_STATUS, ...SESSION_STATUSES]);
const unknownStatus = (status: unknown) =>
  `status: ${JSON.stringify(status)} is not a session status: expected ${[...KNOWN_STATUSES].join(", ")}, or one a stored session has`;

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
      return sendError(reply, "SB_SERVER_INVALID_FIELD", unknownStatus(status), "status");
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
    const read = sessionFilters(query, (deps.now ?? (() => new Date()))());
    if ("error" in read) return sendError(reply, "SB_SERVER_INVALID_FIELD", read.error.message, read.error.field);
    const filtered = Object.keys(read.filters).length > 0;
    try {
      const page = await store.listSessions({ limit, ...(status ? { status } : {}), ...read.filters, ...(cursor ? { cursor } : {}) });
      // A status we do not know is refused only when no stored session has it: one 8x8 adds later
      // stays queryable once stored, and a typo (BOGUS) gets 400 rather than an empty list. With
      // other filters, an empty page says nothing of the status: ask for it alone.
      if (status !== undefined && cursor === undefined && page.sessions.length === 0 && !KNOWN_STATUSES.has(status)) {
        const stored = filtered ? await store.listSessions({ limit: 1, status }) : page;
        if (stored.sessions.length === 0) return sendError(reply, "SB_SERVER_INVALID_FIELD", unknownStatus(status), "status");
      }
      return page;
    } catch (error) {
      return failed(reply, request, "listSessions", error);
    }
  });

  server.get("/api/sessions/:id", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      const detail = await store.getSession(id);
      if (!detail) return sendError(reply, "SB_SERVER_NOT_FOUND", `no session ${JSON.stringify(id)} in the store`);
      const outbound = await outboundOfSession(store, id);
      return outbound === undefined ? detail : { ...detail, outbound };
    } catch (error) {
      return failed(reply, request, "getSession", error);
    }
  });

  done();
};
