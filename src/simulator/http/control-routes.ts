/**
 * The control API under `/_sim/`: place inbound calls, script callees, list every call the
 * platform placed or received, read a session's transcript and VSS (optionally waiting for it to
 * end, so callers need no polling sleeps), and the OpenAPI description of everything the
 * simulator answers.
 *
 * @example
 * POST /_sim/calls { "to": "+6560000001", "press": ["1"] }   → 201 { sessionId, subAccountId }
 * POST /_sim/calls { "to": "+6560000001", "interactive": true } → 201 (keys sent as it runs: live-routes.ts)
 * GET  /_sim/sessions/<id>?wait=true                        → 200 { state: "ended", transcript, vss, ... }
 */
import type { TSchema } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "@sinclair/typebox";
import { callRecord, CallList } from "../call-records.js";
import { sessionView, SessionView } from "../view.js";
import { INVALID_JSON, type RouteContext } from "./context.js";
import { CalleeList, CalleeRequest, ControlError, DEFAULT_CALLER, PlaceCallRequest, PlaceCallResponse, SessionList, SessionQuery } from "./control-schemas.js";
import { buildOpenApi } from "./openapi.js";
import type { RouteTable } from "./route-table.js";
import { checkAgainst } from "./validator.js";

const DEFAULT_WAIT_MS = 30_000;
const MAX_WAIT_MS = 600_000;
const LISTED_SESSIONS = 1_000;

function badRequest(reply: FastifyReply, problems: string[]) {
  return reply.code(400).send({ statusCode: 400, code: "SB_SIM_INVALID_REQUEST", message: problems[0] ?? "invalid request", problems });
}

/** The body, checked against a schema; undefined after answering 400. */
function checked<T>(schema: TSchema, body: unknown, reply: FastifyReply): T | undefined {
  if (body === INVALID_JSON) {
    void badRequest(reply, ["(body): is not valid JSON"]);
    return undefined;
  }
  const problems = checkAgainst(schema, body ?? {});
  if (problems.length > 0) {
    void badRequest(reply, problems);
    return undefined;
  }
  return body as T;
}

/** The simulator's virtual numbers, for a refusal to name (the first ten; they are not secret). */
function knownNumbers(ctx: RouteContext): string {
  const numbers = [...ctx.platform.subaccounts.keys()].flatMap((id) => ctx.platform.numbersOf(id).map((n) => n.msisdn));
  if (numbers.length === 0) return "none is configured";
  return numbers.length <= 10 ? numbers.join(", ") : `${numbers.slice(0, 10).join(", ")} and ${numbers.length - 10} more`;
}

export function registerControlRoutes(app: FastifyInstance, table: RouteTable, ctx: RouteContext, version: string): void {
  const error400 = { description: "Invalid body; names the field", schema: ControlError };

  table.add(
    app,
    { method: "POST", url: "/_sim/calls", summary: "Place an inbound call to a virtual number (scripted with press, or interactive)", tag: "simulator", body: PlaceCallRequest, responses: { 201: { description: "Call placed", schema: PlaceCallResponse }, 400: error400 } },
    async (request, reply) => {
      const body = checked<PlaceCallRequest>(PlaceCallRequest, request.body, reply);
      if (!body) return reply;
      if (body.interactive === true && body.press !== undefined) {
        return badRequest(reply, ["press: cannot be given with interactive: true; an interactive caller's keys are sent while the call runs (POST /_sim/sessions/{sessionId}/keys)"]);
      }
      if (!ctx.platform.numberOwner(body.to)) return badRequest(reply, [`to: "${body.to}" is invalid; expected a virtual number of a configured subaccount: ${knownNumbers(ctx)}`]);
      const session = ctx.engine.placeInbound({ ...body, from: body.from ?? DEFAULT_CALLER });
      return reply.code(201).send({ sessionId: session.id, subAccountId: session.subAccountId });
    },
  );

  table.add(
    app,
    {
      method: "GET",
      url: "/_sim/calls",
      summary: "Every call, inbound and outbound, as the platform recorded it (oldest first)",
      tag: "simulator",
      responses: { 200: { description: "The calls: direction, numbers, clientRequestId, start and end time, outcome", schema: CallList } },
    },
    async () => ({ calls: [...ctx.platform.sessions.values()].map(callRecord) }),
  );

  table.add(
    app,
    { method: "POST", url: "/_sim/callees", summary: "Script how an outbound destination behaves", tag: "simulator", body: CalleeRequest, responses: { 200: { description: "Callee scripted", schema: CalleeRequest }, 400: error400 } },
    async (request, reply) => {
      const body = checked<CalleeRequest>(CalleeRequest, request.body, reply);
      if (!body) return reply;
      ctx.platform.setCallee(body);
      return ctx.platform.callee(body.number);
    },
  );

  table.add(
    app,
    { method: "GET", url: "/_sim/callees", summary: "List scripted callees", tag: "simulator", responses: { 200: { description: "Callees", schema: CalleeList } } },
    async () => ({ callees: [...ctx.platform.callees.values()] }),
  );

  table.add(
    app,
    { method: "GET", url: "/_sim/sessions", summary: "List recent sessions", tag: "simulator", responses: { 200: { description: "Sessions, newest last", schema: SessionList } } },
    async () => ({
      sessions: [...ctx.platform.sessions.values()].slice(-LISTED_SESSIONS).map((s) => ({
        sessionId: s.id,
        subAccountId: s.subAccountId,
        state: s.state,
        sessionStatus: s.state === "ended" ? (s.vss?.payload.sessionStatus ?? null) : null,
      })),
    }),
  );

  table.add(
    app,
    {
      method: "GET",
      url: "/_sim/sessions/:sessionId",
      summary: "A session's transcript, summary and VSS (?wait=true waits for it to end)",
      tag: "simulator",
      query: SessionQuery,
      responses: { 200: { description: "The session", schema: SessionView }, 400: error400, 404: { description: "Unknown session", schema: ControlError } },
    },
    async (request, reply) => {
      const { sessionId } = request.params as { sessionId: string };
      const query = request.query as { wait?: string; timeoutMs?: string };
      const session = ctx.platform.sessions.get(sessionId);
      if (!session) return reply.code(404).send({ statusCode: 404, code: "SB_SIM_UNKNOWN_SESSION", message: `sessionId: "${sessionId}" is not a known session`, problems: [] });
      if (query.timeoutMs !== undefined && !/^\d{1,7}$/.test(query.timeoutMs)) {
        return badRequest(reply, [`timeoutMs: "${query.timeoutMs}" is invalid; expected milliseconds, at most ${MAX_WAIT_MS}`]);
      }
      if (query.wait === "true" || query.wait === "1") {
        const limit = Math.min(Number(query.timeoutMs ?? DEFAULT_WAIT_MS), MAX_WAIT_MS);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([session.done, new Promise((resolve) => (timer = setTimeout(resolve, limit)))]);
        clearTimeout(timer);
      }
      return sessionView(session);
    },
  );

  table.add(
    app,
    { method: "GET", url: "/_sim/health", summary: "Liveness", tag: "simulator", responses: { 200: { description: "Up", schema: Type.Object({ ok: Type.Boolean() }) } } },
    async () => ({ ok: true }),
  );

  table.add(
    app,
    { method: "GET", url: "/_sim/openapi.json", summary: "This description", tag: "simulator", responses: { 200: { description: "OpenAPI 3.1 document" } } },
    async () => buildOpenApi(table.specs, version),
  );
}
