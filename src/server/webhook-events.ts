/**
 * Publishes the webhooks the server answers to the live feed (`GET /api/events`), from `onSend`
 * hooks put on the VCA and VSS routes only, so the routes themselves know nothing of it. While no
 * stream is open a hook costs one size comparison; the event is built only for listeners, from
 * the body already parsed and the reply text already made. Publishing never fails a webhook.
 *
 * Events (the `data` of each, as JSON):
 * - `vca`: `{ sessionId, eventId, callStatus, digits, direction, source, destination, timestamp }`
 * - `answer`: `{ sessionId, eventId, answer }`, the callflow sent (the app's, or the fallback)
 * - `summary`: `{ sessionId, sessionStatus, duplicate }` once the VSS is stored
 * - `outcome`: the session's classified outcome (`classifySummary`: outcome, errorCode, direction,
 *   reached, clientRequestId, durationSeconds, mos) with its `sessionId`, once, for a new summary
 *
 * @example
 * instance.addHook("onRoute", publishWebhookEvents(streams, instance.log));
 */
import type { FastifyBaseLogger, onRouteHookHandler, onSendHookHandler } from "fastify";
import type { EventStreams } from "./event-streams.js";
import { readVca, readVss } from "./read-webhook.js";
import { classifySummary } from "../voice/index.js";

/** The parsed JSON of a reply payload, or undefined when it is not a JSON string. */
function parsed(payload: unknown): unknown {
  if (typeof payload !== "string") return undefined;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

function publishVca(streams: EventStreams, body: unknown, payload: unknown): void {
  const read = readVca(body);
  if (!read.ok) return;
  const event = read.value;
  streams.publish("vca", {
    sessionId: event.sessionId,
    eventId: event.eventId,
    callStatus: event.callStatus,
    digits: event.dtmf,
    direction: event.callDirection || null,
    source: event.source || null,
    destination: event.destination || null,
    timestamp: event.timestamp || null,
  });
  const answer = parsed(payload);
  if (answer !== undefined) streams.publish("answer", { sessionId: event.sessionId, eventId: event.eventId, answer });
}

function publishSummary(streams: EventStreams, body: unknown, payload: unknown): void {
  const read = readVss(body);
  if (!read.ok) return;
  const reply = parsed(payload) as { duplicate?: unknown } | undefined;
  const duplicate = reply?.duplicate === true;
  streams.publish("summary", { sessionId: read.value.sessionId, sessionStatus: read.value.sessionStatus, duplicate });
  if (!duplicate) streams.publish("outcome", { sessionId: read.value.sessionId, ...classifySummary(read.value.payload) });
}

/**
 * An `onRoute` hook that adds the publishing `onSend` hook to `POST .../webhooks/vca` and
 * `.../webhooks/vss` as they are declared. Register it before the routes.
 */
export function publishWebhookEvents(streams: EventStreams, log: FastifyBaseLogger): onRouteHookHandler {
  const hook = (publish: typeof publishVca): onSendHookHandler => {
    return (request, reply, payload, done) => {
      if (streams.listening && reply.statusCode === 200) {
        try {
          publish(streams, request.body, payload);
        } catch (error) {
          log.warn({ err: error }, "could not publish a webhook to the live event streams");
        }
      }
      done(null, payload);
    };
  };
  const onVca = hook(publishVca);
  const onVss = hook(publishSummary);
  return (route) => {
    if (route.method !== "POST") return;
    const added = route.url.endsWith("/webhooks/vca") ? onVca : route.url.endsWith("/webhooks/vss") ? onVss : undefined;
    if (added === undefined) return;
    const existing = route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
    route.onSend = [...existing, added];
  };
}
