/**
 * The control API of a call as it runs: keys and hang-up for an interactive caller
 * (`POST /_sim/sessions/{id}/keys`, `.../hangup`) and any session's transcript as server-sent
 * events (`GET /_sim/sessions/{id}/events`). An interactive call is placed with
 * `POST /_sim/calls { "interactive": true }` (control-routes.ts).
 *
 * @example
 * POST /_sim/sessions/<id>/keys { "keys": "1" } → 202 { accepted: "1" }
 * POST /_sim/sessions/<id>/hangup               → 202 { hungUp: true }
 * GET  /_sim/sessions/<id>/events               → event: entry ... event: end
 */
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { LiveControls, Session } from "../session.js";
import { SessionView } from "../view.js";
import { TranscriptEntry } from "../transcript.js";
import { INVALID_JSON, type RouteContext } from "./context.js";
import { ControlError, HangupResponse, KeysRequest, KeysResponse } from "./control-schemas.js";
import type { RouteTable } from "./route-table.js";
import { SessionStreams } from "./session-streams.js";
import { checkAgainst } from "./validator.js";

function refuse(reply: FastifyReply, statusCode: number, code: string, message: string, problems: string[] = []) {
  return reply.code(statusCode).send({ statusCode, code, message, problems });
}

const unknownSession = (reply: FastifyReply, sessionId: string) => refuse(reply, 404, "SB_SIM_UNKNOWN_SESSION", `sessionId: "${sessionId}" is not a known session`);

/** The live controls of a running interactive session; undefined after answering 404 or 409. */
function liveOf(ctx: RouteContext, sessionId: string, reply: FastifyReply): LiveControls | undefined {
  const session: Session | undefined = ctx.platform.sessions.get(sessionId);
  if (!session) {
    void unknownSession(reply, sessionId);
    return undefined;
  }
  if (!session.live) {
    void refuse(reply, 409, "SB_SIM_SESSION_NOT_INTERACTIVE", `sessionId: "${sessionId}" is a scripted call; only a call placed with "interactive": true takes keys and hang-up while it runs`);
    return undefined;
  }
  if (!session.live.open) {
    void refuse(reply, 409, "SB_SIM_SESSION_ENDED", `sessionId: "${sessionId}" has ended (${session.endedBy ? `hung up by the ${session.endedBy}` : "the call is over"}); place a new call`);
    return undefined;
  }
  return session.live;
}

export function registerLiveRoutes(app: FastifyInstance, table: RouteTable, ctx: RouteContext): void {
  const streams = new SessionStreams();
  // Open streams never end by themselves before their session does: end them before the close waits for requests.
  app.addHook("preClose", (done) => {
    streams.close();
    done();
  });
  const notFound = { description: "Unknown session", schema: ControlError };
  const conflict = { description: "The session is not interactive (SB_SIM_SESSION_NOT_INTERACTIVE) or has ended (SB_SIM_SESSION_ENDED)", schema: ControlError };

  table.add(
    app,
    {
      method: "POST",
      url: "/_sim/sessions/:sessionId/keys",
      summary: "Press keys on an interactive call (type-ahead while a capture's prompt plays; noted and ignored when no capture listens)",
      tag: "simulator",
      body: KeysRequest,
      responses: { 202: { description: "Keys pressed", schema: KeysResponse }, 400: { description: "Invalid keys; names the field", schema: ControlError }, 404: notFound, 409: conflict },
    },
    async (request, reply) => {
      const { sessionId } = request.params as { sessionId: string };
      const body = request.body;
      const problems = body === INVALID_JSON ? ["(body): is not valid JSON"] : checkAgainst(KeysRequest, body ?? {});
      if (problems.length > 0) return refuse(reply, 400, "SB_SIM_INVALID_REQUEST", problems[0]!, problems);
      const live = liveOf(ctx, sessionId, reply);
      if (!live) return reply;
      const { keys } = body as KeysRequest;
      live.press(keys);
      return reply.code(202).send({ accepted: keys });
    },
  );

  table.add(
    app,
    {
      method: "POST",
      url: "/_sim/sessions/:sessionId/hangup",
      summary: "The interactive caller hangs up now (VCS disconnect and VSS follow as for any caller hang-up)",
      tag: "simulator",
      responses: { 202: { description: "Hung up", schema: HangupResponse }, 404: notFound, 409: conflict },
    },
    async (request, reply) => {
      const { sessionId } = request.params as { sessionId: string };
      const live = liveOf(ctx, sessionId, reply);
      if (!live) return reply;
      live.hangUp();
      return reply.code(202).send({ hungUp: true });
    },
  );

  table.add(
    app,
    {
      method: "GET",
      url: "/_sim/sessions/:sessionId/events",
      summary:
        "A session's transcript as server-sent events: the entries so far, then each as it is written (event: entry, data: a TranscriptEntry), then event: end (data: the SessionView) once it has ended and its VSS was delivered; the stream then closes. A `: keep-alive` comment every 15 s",
      tag: "simulator",
      responses: {
        200: {
          description: "text/event-stream: `event: entry` frames whose data is a TranscriptEntry, then one `event: end` whose data is the SessionView",
          contentType: "text/event-stream",
          schema: Type.String({ description: `event: entry (data: ${String(TranscriptEntry.title)}) ... event: end (data: ${String(SessionView.title)})` }),
        },
        404: notFound,
        503: { description: "Too many event streams are open, or the simulator is stopping", schema: ControlError },
      },
    },
    async (request, reply) => {
      const { sessionId } = request.params as { sessionId: string };
      const session = ctx.platform.sessions.get(sessionId);
      if (!session) return unknownSession(reply, sessionId);
      if (!streams.accepting) {
        reply.header("retry-after", "5");
        return refuse(reply, 503, "SB_SIM_TOO_MANY_STREAMS", "too many session event streams are open on this simulator, or it is stopping; close one and try again");
      }
      reply.hijack();
      request.raw.socket?.setNoDelay(true);
      streams.open(session, reply.raw);
      return reply;
    },
  );
}
