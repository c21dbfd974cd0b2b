/**
 * The VCA, VCS and VSS bodies the simulator delivers, every field of SPEC section 5 in the
 * documented form: fresh event UUIDs, ISO timestamps with milliseconds, country codes from the
 * E.164 prefix, refIds from the numbers config. `dtmfForm` can switch the VCA digits to the two
 * other forms seen in the wild so receivers can be tested against them.
 *
 * @example
 * const body = buildVca(ctx, session, leg, { callStatus: "CALL_RECEIVED", dtmf: null });
 */
import {
  countryOfNumber,
  type CallQuality,
  type SessionLeg,
  type VcaCallStatus,
  type VcaEvent,
  type VcsCallStatus,
  type VcsEvent,
  type VssEvent,
} from "../voice/index.js";
import type { DtmfForm } from "./config.js";
import { connectedSeconds, type Leg, type Session } from "./session.js";
import { deriveLastAction, deriveSessionStatus } from "./summary.js";

export interface EventContext {
  newId: () => string;
  dtmfForm: DtmfForm;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** How a leg's two numbers appear in every event: as dialled, their format, country and refId. */
function numberFields(leg: Leg) {
  return {
    source: leg.source,
    destination: leg.destination,
    sourceFormat: "MSISDN",
    destinationFormat: "MSISDN",
    sourceCountryCode: countryOfNumber(leg.source),
    destinationCountryCode: countryOfNumber(leg.destination),
    sourceRefId: leg.sourceRefId,
    destinationRefId: leg.destinationRefId,
  };
}

function legFields(ctx: EventContext, session: Session, leg: Leg) {
  const now = session.clock.now();
  return {
    eventId: ctx.newId(),
    callId: leg.callId,
    sessionId: session.id,
    subAccountId: session.subAccountId,
    callDirection: leg.direction,
    callType: "PSTN" as const,
    ...numberFields(leg),
    callDuration: connectedSeconds(leg, now),
    sipCode: leg.sipCode,
    timestamp: iso(now),
  };
}

export interface VcaInput {
  callStatus: VcaCallStatus;
  dtmf: string | null;
}

/** A VCA body. `clientActionId` is the session's current bookmark, absent when none was set. */
export function buildVca(ctx: EventContext, session: Session, leg: Leg, input: VcaInput): VcaEvent {
  const payload: Record<string, unknown> = { ...legFields(ctx, session, leg), callStatus: input.callStatus };
  if (ctx.dtmfForm === "eventData") payload.eventData = { dtmf: input.dtmf };
  else if (ctx.dtmfForm === "string") payload.eventData = input.dtmf ?? "";
  else payload.dtmf = input.dtmf;
  if (session.clientActionId !== undefined) payload.clientActionId = session.clientActionId;
  const description = input.callStatus === "CALL_RECEIVED" ? "Inbound call received" : "Call action completed";
  return { namespace: "VOICE", eventType: "CALL_ACTION", description, payload: payload as VcaEvent["payload"] };
}

/** A VCS body: one leg's progress. */
export function buildVcs(ctx: EventContext, session: Session, leg: Leg, callStatus: VcsCallStatus): VcsEvent {
  return {
    namespace: "VOICE",
    eventType: "CALL_STATUS",
    description: `Call status: ${callStatus}`,
    payload: { ...legFields(ctx, session, leg), callStatus },
  };
}

/** Plausible, stable call quality for an answered leg (derived from its id so runs repeat). */
function callQuality(leg: Leg): CallQuality {
  let hash = 0;
  for (const char of leg.callId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return { mos: 4 + (hash % 40) / 100, packetLossRate: (hash % 5) / 1000, jitter: 1 + (hash % 9) };
}

function sessionLeg(session: Session, leg: Leg): SessionLeg {
  const end = leg.disconnectedAt ?? session.endedAt ?? session.clock.now();
  const result: SessionLeg = {
    callId: leg.callId,
    callDirection: leg.direction,
    callType: "PSTN",
    initiatedTimestamp: iso(leg.initiatedAt),
    disconnectedTimestamp: iso(end),
    ...numberFields(leg),
    callStatus: leg.status ?? "COMPLETED",
    callDuration: connectedSeconds(leg, end),
  };
  if (leg.connectedAt !== undefined) {
    result.connectedTimestamp = iso(leg.connectedAt);
    result.callQuality = callQuality(leg);
  }
  return result;
}

/** The VSS body of an ended session. */
export function buildVss(session: Session): VssEvent {
  const payload: VssEvent["payload"] = {
    sessionId: session.id,
    subAccountId: session.subAccountId,
    sessionStatus: deriveSessionStatus(session),
    startTime: iso(session.startedAt),
    endTime: iso(session.endedAt ?? session.clock.now()),
    lastAction: deriveLastAction(session),
    callCount: session.legs.length,
    details: Object.fromEntries(session.legs.map((leg) => [leg.key, sessionLeg(session, leg)])),
  };
  if (session.clientRequestId !== undefined) payload.clientRequestId = session.clientRequestId;
  if (session.error) payload.errorDetails = session.error;
  return { namespace: "VOICE", eventType: "SESSION_SUMMARY", description: "Session summary", version: 5, payload };
}
