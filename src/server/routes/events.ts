/**
 * `GET /api/events`: the live feed as server-sent events (`text/event-stream`), with the read
 * API's auth (the secret in `Authorization`, or a dashboard session cookie). Event types `vca`,
 * `answer`, `summary` and `outcome`, each `data` a JSON object (see webhook-events.ts); a comment
 * line every 15 s when idle. The stream has no history: a client that reconnects reloads what it
 * shows. Refused with 503 (and `Retry-After`) when 100 streams are open or the server is stopping.
 */
import type { FastifyPluginCallback } from "fastify";
import { sendError } from "../errors.js";
import type { EventStreams } from "../event-streams.js";
import type { Guard } from "../guards.js";

export interface EventRouteDeps {
  streams: EventStreams;
  guards: { onRequest: Guard[] };
}

/** How long EventSource waits before reconnecting after the stream drops, in ms. */
const RECONNECT_MS = 2_000;

/** `GET /api/events` as an encapsulated plugin. */
export const eventRoutes: FastifyPluginCallback<EventRouteDeps> = function eventRoutes(server, deps, done) {
  const { streams } = deps;

  server.get("/api/events", { onRequest: deps.guards.onRequest }, (request, reply) => {
    const refusal = streams.add(reply.raw);
    if (refusal !== null) {
      reply.header("retry-after", "5");
      return sendError(
        reply,
        "SB_SERVER_TOO_MANY_STREAMS",
        refusal === "full" ? "too many event streams are open on this server; close another dashboard tab or try again later" : "the server is stopping; reconnect once it is back",
      );
    }
    reply.hijack();
    reply.raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      // Proxies such as nginx would otherwise hold events back to fill a buffer.
      "x-accel-buffering": "no",
    });
    reply.raw.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
    request.raw.socket?.setNoDelay(true);
    return reply;
  });

  done();
};
