/**
 * Turns a raw VCA webhook body into the `CallActionEvent` the engine reads, tolerantly (SPEC
 * section 5): any key case, digits in `eventData.dtmf`, a bare string `eventData` or `dtmf`.
 *
 * @example
 * const event = toCallActionEvent(JSON.parse(body));
 * event.dtmf; // "1" | null
 */
import { camelizeKeys, readDtmf } from "../voice/index.js";
import type { CallActionEvent } from "./types.js";

const text = (value: unknown, fallback = ""): string => (typeof value === "string" ? value : value === undefined || value === null ? fallback : String(value));
const nullable = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** Accepts the whole envelope (`{ payload: {...} }`) or the payload alone. */
export function toCallActionEvent(body: unknown): CallActionEvent {
  const envelope = camelizeKeys(body) as Record<string, unknown> | null;
  const payload = (envelope && typeof envelope.payload === "object" && envelope.payload !== null ? envelope.payload : envelope ?? {}) as Record<string, unknown>;
  return {
    eventId: text(payload.eventId),
    sessionId: text(payload.sessionId),
    callId: text(payload.callId),
    subAccountId: text(payload.subAccountId),
    callStatus: text(payload.callStatus),
    callDirection: text(payload.callDirection),
    source: text(payload.source),
    destination: text(payload.destination),
    sourceRefId: nullable(payload.sourceRefId),
    destinationRefId: nullable(payload.destinationRefId),
    dtmf: readDtmf(payload),
    clientActionId: nullable(payload.clientActionId),
    timestamp: text(payload.timestamp),
    payload,
  };
}
