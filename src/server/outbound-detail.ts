/**
 * The outbound call a session belongs to, for `GET /api/sessions/:id`: its request (who was
 * called, from where, its state and retry reason) and every attempt, found through the attempt
 * that names the session. The server takes any `Store`; only a store with the outbound port beside
 * it (what `openStore` returns) can say, so for another one the field is left out.
 *
 * @example
 * const outbound = await outboundOfSession(store, sessionId); // undefined | null | { request, attempts }
 */
import type { OutboundAttempt, OutboundRequest, OutboundStore, Store } from "../store/index.js";

/** A session's outbound request and its attempts, oldest first. */
export interface SessionOutbound {
  request: OutboundRequest;
  attempts: OutboundAttempt[];
}

/**
 * The request and attempts of the outbound call that made `sessionId`: null when it was none
 * (an inbound call, or one placed by something else), undefined when the store has no outbound port.
 */
export async function outboundOfSession(store: Store, sessionId: string): Promise<SessionOutbound | null | undefined> {
  const outbound = (store as Store & { outbound?: OutboundStore }).outbound;
  if (typeof outbound?.findAttempt !== "function") return undefined;
  const found = await outbound.findAttempt({ sessionId });
  if (found === null) return null;
  return (await outbound.getOutboundRequest(found.request.requestId)) ?? { request: found.request, attempts: [found.attempt] };
}
