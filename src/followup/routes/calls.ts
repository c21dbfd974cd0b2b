/**
 * The control API for single outbound calls, behind the control secret (never the read secret:
 * reading call logs and placing calls are different powers):
 *
 * - `POST /api/calls` `{ to, from, flow?, vars?, validFor?, timezone?, retry? }`: stores the request
 *   (the dispatcher places it on its next tick) and answers 201 with its requestId and its first
 *   attempt's clientRequestId;
 * - `GET /api/calls/:requestId`: the request with its attempts, for `switchboard call --wait`.
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import { sendError } from "../../server/index.js";
import type { OutboundStore } from "../../store/index.js";
import { CallRequestError, readCallRequest } from "../call-request.js";
import type { OutboundFlows } from "../outbound-flows.js";
import type { RetryPolicy } from "../retry-policy.js";

export interface CallRoutesDeps {
  store: OutboundStore;
  flows: OutboundFlows;
  now: () => Date;
  /** The retry policy of a flow (its `retry:` block over the defaults). */
  policyOf: (flow: string) => RetryPolicy;
  /** The control secret's guard (and the allowlist, if any). */
  guards: onRequestHookHandler[];
}

/** The control API's calls routes, as an encapsulated plugin. */
export const callRoutes: FastifyPluginCallback<CallRoutesDeps> = function callRoutes(server, deps, done) {
  const unavailable = (reply: FastifyReply, request: FastifyRequest, error: unknown) => {
    request.log.error({ err: error }, "store unavailable for the control API");
    reply.header("retry-after", "5");
    return sendError(reply, "SB_SERVER_STORE_UNAVAILABLE", "the store is unavailable; try again later");
  };

  server.post("/api/calls", { onRequest: deps.guards }, async (request, reply) => {
    let input;
    try {
      input = readCallRequest(request.body, deps.flows, deps.now(), deps.policyOf);
    } catch (error) {
      if (error instanceof CallRequestError) return sendError(reply, "SB_SERVER_INVALID_FIELD", error.message, error.field);
      throw error;
    }
    try {
      await deps.store.addOutboundRequests([input]);
    } catch (error) {
      return unavailable(reply, request, error);
    }
    request.log.info({ requestId: input.requestId, flow: input.flow }, "outbound call requested");
    return reply.code(201).send({
      requestId: input.requestId,
      clientRequestId: `${input.requestId}-1`,
      flow: input.flow,
      to: input.to,
      from: input.from,
      state: "scheduled",
    });
  });

  server.get<{ Params: { requestId: string } }>("/api/calls/:requestId", { onRequest: deps.guards }, async (request, reply) => {
    let found;
    try {
      found = await deps.store.getOutboundRequest(request.params.requestId);
    } catch (error) {
      return unavailable(reply, request, error);
    }
    if (!found) return sendError(reply, "SB_SERVER_NOT_FOUND", `no outbound call ${JSON.stringify(request.params.requestId)}`);
    return found;
  });

  done();
};
