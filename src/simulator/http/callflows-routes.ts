/**
 * Send Callflow (SPEC section 4): the full validation table with 8x8's codes, messages and HTTP
 * statuses (the same `validateCallflow` + `httpStatusForCallflowCode` the client pre-flights
 * with), the configured calls-per-second limit (429 with Retry-After, SPEC section 5a), then an
 * outbound session started in the background.
 *
 * @example
 * POST /api/v1/subaccounts/sandbox/callflows { "callflow": [{ "action": "makeCall", "params": {...} }] }
 * // 200 { sessionId, sessionStatus: "CREATED", callFlowRequestId, statusCode: 1, statusMessage: "Created" }
 */
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import {
  CALLFLOW_STATUS,
  CALLFLOW_STATUS_MEANING,
  httpStatusForCallflowCode,
  SendCallflowAccepted,
  SendCallflowRejected,
  SendCallflowRequest,
  toE164,
  validateCallflow,
  type Callflow,
  type CallflowStatusCode,
} from "../../voice/index.js";
import { retryAfterSeconds } from "../limits.js";
import type { SubaccountState } from "../platform.js";
import { authorize } from "./auth.js";
import { INVALID_JSON, type RouteContext } from "./context.js";
import type { RouteTable } from "./route-table.js";

const KNOWN_FIELDS = new Set(["validUntil", "clientRequestId", "clientActionId", "callflow"]);

type Refusal = { statusCode: CallflowStatusCode; statusMessage: string };

const refuse = (statusCode: CallflowStatusCode, statusMessage?: string): Refusal => ({
  statusCode,
  statusMessage: statusMessage ?? CALLFLOW_STATUS_MEANING[statusCode],
});

/** 8x8's -1009 messages name the path after this sentence (SPEC section 4, its status-code page). */
const ENTRY_PREFIX = `${CALLFLOW_STATUS_MEANING[CALLFLOW_STATUS.INVALID_ENTRY]}. `;

/** A refusal worded as the platform words it: -1009 reads `Invalid call flow entry provided. $.path: ...`. */
function inPlatformWords<T extends { statusCode: number; statusMessage: string }>(refusal: T): T {
  if (refusal.statusCode !== CALLFLOW_STATUS.INVALID_ENTRY || refusal.statusMessage.startsWith(ENTRY_PREFIX)) return refusal;
  return { ...refusal, statusMessage: `${ENTRY_PREFIX}${refusal.statusMessage}` };
}

/** The checks around the callflow itself: the body's shape and its other fields. */
function checkEnvelope(body: unknown): Refusal | undefined {
  if (body === INVALID_JSON || typeof body !== "object" || body === null || Array.isArray(body)) return refuse(CALLFLOW_STATUS.INVALID_JSON);
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!KNOWN_FIELDS.has(key)) {
      return refuse(CALLFLOW_STATUS.INVALID_ENTRY, `$.${key}: is not defined in the schema and the schema does not allow additional properties`);
    }
  }
  for (const key of ["clientRequestId", "clientActionId"] as const) {
    if (fields[key] !== undefined && typeof fields[key] !== "string") return refuse(CALLFLOW_STATUS.INVALID_ENTRY, `$.${key}: ${typeof fields[key]} found, string expected`);
  }
  if (typeof fields.clientRequestId === "string" && fields.clientRequestId.length > 100) {
    return refuse(CALLFLOW_STATUS.INVALID_ENTRY, "$.clientRequestId: may only be 100 characters long");
  }
  return undefined;
}

/** -1014 when the subaccount restricts caller IDs and a makeCall uses another one. */
function checkSources(sub: SubaccountState, callflow: Callflow): Refusal | undefined {
  const allowed = sub.config.allowedSources;
  if (!allowed) return undefined;
  const permitted = new Set([...allowed, ...(sub.config.numbers ?? []).map((n) => n.msisdn)].map(toE164));
  for (const [index, action] of callflow.entries()) {
    if (action.action === "makeCall" && !permitted.has(toE164(action.params.source))) {
      return refuse(CALLFLOW_STATUS.SOURCE_NOT_ALLOWED, `${CALLFLOW_STATUS_MEANING[-1014]} (at $.callflow[${index}].params.source)`);
    }
  }
  return undefined;
}

export function registerCallflowRoutes(app: FastifyInstance, table: RouteTable, ctx: RouteContext): void {
  const rejected = { description: "Refused (8x8 status code and message)", schema: SendCallflowRejected };
  const rateLimited = {
    description: "Over `maxCallsPerSecond` (simulator choice: 8x8 documents no rate limit): the call was not placed, so resending cannot double it; statusCode 429",
    schema: SendCallflowRejected,
    headers: { "Retry-After": { description: "whole seconds until a call fits in the one-second window again (at least 1)", schema: Type.Integer({ minimum: 1 }) } },
  };
  table.add(
    app,
    {
      method: "POST",
      url: "/api/v1/subaccounts/:subAccountId/callflows",
      summary: "Send Callflow: start an outbound session",
      tag: "8x8",
      secured: true,
      body: SendCallflowRequest,
      responses: { 200: { description: "Session created", schema: SendCallflowAccepted }, 400: rejected, 401: rejected, 403: rejected, 404: rejected, 422: rejected, 429: rateLimited, 500: rejected },
    },
    async (request, reply: FastifyReply) => {
      const callFlowRequestId = ctx.newId();
      const send = (status: number, refusal: { statusCode: number; statusMessage: string }) =>
        reply.code(status).send({ sessionStatus: "NOT_CREATED", callFlowRequestId, ...inPlatformWords(refusal) });
      const { subAccountId } = request.params as { subAccountId: string };
      const verdict = authorize(ctx.platform, request.headers.authorization, subAccountId);
      if (!verdict.ok) return send(verdict.status, { statusCode: verdict.status, statusMessage: verdict.message });
      const envelope = checkEnvelope(request.body);
      if (envelope) return send(httpStatusForCallflowCode(envelope.statusCode), envelope);
      const body = request.body as SendCallflowRequest;
      const validation = validateCallflow(body.callflow, {
        mode: "send",
        validUntil: body.validUntil,
        now: new Date(ctx.clock.now()),
        voiceProfiles: ctx.voiceProfiles,
      });
      if (!validation.ok) {
        return send(httpStatusForCallflowCode(validation.statusCode), { statusCode: validation.statusCode, statusMessage: validation.statusMessage });
      }
      const sources = checkSources(verdict.sub, body.callflow);
      if (sources) return send(httpStatusForCallflowCode(sources.statusCode), sources);
      // Only a request that would place a call counts towards the limit (SPEC section 5a, Choice).
      const rate = ctx.rateLimiter?.take(subAccountId, ctx.clock.now());
      if (rate && !rate.ok) {
        const seconds = retryAfterSeconds(rate.retryAfterMs);
        void reply.header("retry-after", String(seconds));
        const limit = ctx.rateLimiter!.perSecond;
        return send(429, { statusCode: 429, statusMessage: `Too many requests: subaccount ${subAccountId} may place ${limit} call${limit === 1 ? "" : "s"} per second; retry after ${seconds} s` });
      }
      const session = ctx.engine.startOutbound({
        subAccountId,
        callflow: body.callflow,
        ...(body.clientRequestId !== undefined ? { clientRequestId: body.clientRequestId } : {}),
        ...(body.clientActionId !== undefined ? { clientActionId: body.clientActionId } : {}),
      });
      return {
        sessionId: session.id,
        sessionStatus: "CREATED",
        callFlowRequestId,
        ...(body.validUntil !== undefined ? { validUntil: body.validUntil } : {}),
        statusCode: 1,
        statusMessage: "Created",
      };
    },
  );
}
