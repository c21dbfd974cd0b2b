/**
 * Webhook deliveries, platform to app (SPEC section 5): the VCA, VCS and VSS envelopes in the
 * documented form, which is what the simulator sends. Receivers must read more tolerantly than
 * this (key-case variants, digits in other places): see `normalize.ts`.
 *
 * @example
 * const dtmf = vca.payload.eventData.dtmf; // "1", or null when nothing was captured
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const CALL_DIRECTIONS = ["INBOUND", "OUTBOUND"] as const;
export const CALL_TYPES = ["PSTN", "VOIP"] as const;
export const VCA_CALL_STATUSES = ["CALL_RECEIVED", "ACTION_COMPLETED"] as const;
export const VCS_CALL_STATUSES = [
  "CALL_INITIATED",
  "CALL_RECEIVED",
  "CALL_CONNECTED",
  "CALL_DISCONNECTED",
  "CALL_UPDATED",
  "DTMF_RECEIVED",
] as const;
export const SESSION_STATUSES = [
  "COMPLETED",
  "BUSY",
  "NO_ANSWER",
  "FAILED",
  "CANCELED",
  "ERROR",
  "COMPLETED_UNSUBSCRIBED",
  "COMPLETED_UNSUB_ERROR",
  "UNSUBSCRIBED_CONTACT",
] as const;
export const LEG_STATUSES = ["COMPLETED", "BUSY", "NO_ANSWER", "FAILED", "CANCELED", "ERROR"] as const;
export const LAST_ACTIONS = ["MAKE_CALL", "SAY", "SAY_AND_CAPTURE", "PLAY_FILE", "HANGUP"] as const;

export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallType = (typeof CALL_TYPES)[number];
export type VcaCallStatus = (typeof VCA_CALL_STATUSES)[number];
export type VcsCallStatus = (typeof VCS_CALL_STATUSES)[number];
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type LegStatus = (typeof LEG_STATUSES)[number];
export type LastAction = (typeof LAST_ACTIONS)[number];

const oneOf = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const timestamp = Type.String({ format: "date-time" });

/** The fields VCA and VCS payloads share: one call leg at one moment. */
const legEventFields = {
  eventId: Type.String({ format: "uuid" }),
  callId: Type.String(),
  sessionId: Type.String(),
  subAccountId: Type.String(),
  callDirection: oneOf(CALL_DIRECTIONS),
  callType: oneOf(CALL_TYPES),
  source: Type.String(),
  destination: Type.String(),
  sourceFormat: Type.String(),
  destinationFormat: Type.String(),
  sourceCountryCode: Nullable(Type.String()),
  destinationCountryCode: Nullable(Type.String()),
  sourceRefId: Nullable(Type.String()),
  destinationRefId: Nullable(Type.String()),
  callDuration: Type.Number({ minimum: 0 }),
  sipCode: Type.Integer(),
  timestamp,
};

export const VcaPayload = Type.Object(
  {
    ...legEventFields,
    callStatus: oneOf(VCA_CALL_STATUSES),
    eventData: Type.Object({ dtmf: Nullable(Type.String()) }),
    clientActionId: Type.Optional(Type.String()),
  },
  { title: "VcaPayload" },
);
export type VcaPayload = Static<typeof VcaPayload>;

export const VcaEvent = Type.Object(
  {
    namespace: Type.Literal("VOICE"),
    eventType: Type.Literal("CALL_ACTION"),
    description: Type.String(),
    payload: VcaPayload,
  },
  { title: "VcaEvent" },
);
export type VcaEvent = Static<typeof VcaEvent>;

export const VcsPayload = Type.Object(
  { ...legEventFields, callStatus: oneOf(VCS_CALL_STATUSES) },
  { title: "VcsPayload" },
);
export type VcsPayload = Static<typeof VcsPayload>;

export const VcsEvent = Type.Object(
  {
    namespace: Type.Literal("VOICE"),
    eventType: Type.Literal("CALL_STATUS"),
    description: Type.String(),
    payload: VcsPayload,
  },
  { title: "VcsEvent" },
);
export type VcsEvent = Static<typeof VcsEvent>;

export const CallQuality = Type.Object(
  {
    mos: Type.Number({ minimum: 1, maximum: 5 }),
    packetLossRate: Type.Number({ minimum: 0, maximum: 1 }),
    jitter: Type.Number({ minimum: 0 }),
  },
  { title: "CallQuality" },
);
export type CallQuality = Static<typeof CallQuality>;

export const SessionLeg = Type.Object(
  {
    callId: Type.String(),
    callDirection: oneOf(CALL_DIRECTIONS),
    callType: oneOf(CALL_TYPES),
    initiatedTimestamp: timestamp,
    connectedTimestamp: Type.Optional(timestamp),
    disconnectedTimestamp: timestamp,
    source: Type.String(),
    destination: Type.String(),
    sourceFormat: Type.String(),
    destinationFormat: Type.String(),
    sourceCountryCode: Nullable(Type.String()),
    destinationCountryCode: Nullable(Type.String()),
    sourceRefId: Nullable(Type.String()),
    destinationRefId: Nullable(Type.String()),
    callStatus: oneOf(LEG_STATUSES),
    callDuration: Type.Number({ minimum: 0 }),
    callQuality: Type.Optional(CallQuality),
  },
  { title: "SessionLeg" },
);
export type SessionLeg = Static<typeof SessionLeg>;

export const ErrorDetails = Type.Object(
  { errorCode: Type.Integer(), errorMsg: Type.String() },
  { title: "ErrorDetails" },
);
export type ErrorDetails = Static<typeof ErrorDetails>;

export const VssPayload = Type.Object(
  {
    sessionId: Type.String(),
    subAccountId: Type.String(),
    sessionStatus: oneOf(SESSION_STATUSES),
    startTime: timestamp,
    endTime: timestamp,
    lastAction: oneOf(LAST_ACTIONS),
    callCount: Type.Integer({ minimum: 0 }),
    clientRequestId: Type.Optional(Type.String()),
    errorDetails: Type.Optional(ErrorDetails),
    /** One leg per key: callA, callB, ... */
    details: Type.Record(Type.String(), SessionLeg),
  },
  { title: "VssPayload" },
);
export type VssPayload = Static<typeof VssPayload>;

export const VssEvent = Type.Object(
  {
    namespace: Type.Literal("VOICE"),
    eventType: Type.Literal("SESSION_SUMMARY"),
    description: Type.String(),
    version: Type.Literal(5),
    payload: VssPayload,
  },
  { title: "VssEvent" },
);
export type VssEvent = Static<typeof VssEvent>;

/** Session error codes carried in `errorDetails` (SPEC section 5). */
export const SESSION_ERROR_CODES = {
  INTERNAL: -2001,
  CONNECTIVITY: -2002,
  CALLFLOW_INVALID: -2003,
  NO_COVERAGE: -2004,
  TTS_FAILED: -2005,
  FILE_DOWNLOAD_FAILED: -2006,
  VALIDITY_EXPIRED: -2007,
  SOURCE_NOT_WHITELISTED: -2008,
  SCENARIO_INVALID: -2009,
  TRUNK_CAPACITY: -2010,
  UNKNOWN: -9999,
} as const;
