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

/** A leg's direction: INBOUND (a caller reached a virtual number) or OUTBOUND (placed by makeCall). */
export const CALL_DIRECTIONS = ["INBOUND", "OUTBOUND"] as const;
/** The network a leg runs on: the phone network (PSTN) or VoIP. */
export const CALL_TYPES = ["PSTN", "VOIP"] as const;
/**
 * Why a VCA fired: CALL_RECEIVED when an inbound call reaches a virtual number (the answer is the
 * first callflow), ACTION_COMPLETED when a sayAndCapture finished or a callflow ran out of actions.
 */
export const VCA_CALL_STATUSES = ["CALL_RECEIVED", "ACTION_COMPLETED"] as const;
/** The progress a VCS reports for one leg; best effort, and deliveries may arrive out of order. */
export const VCS_CALL_STATUSES = [
  "CALL_INITIATED",
  "CALL_RECEIVED",
  "CALL_CONNECTED",
  "CALL_DISCONNECTED",
  "CALL_UPDATED",
  "DTMF_RECEIVED",
] as const;
/**
 * How a session ended, in the VSS: the authoritative outcome. It can differ from the legs'
 * (a bridge to a busy number makes the session BUSY although the caller's leg COMPLETED); the
 * `*UNSUB*` ones come from voice messaging.
 */
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
/** How one leg ended, in the VSS `details`. 8x8 documents ERROR for sessions only; a leg with it is still read. */
export const LEG_STATUSES = ["COMPLETED", "BUSY", "NO_ANSWER", "FAILED", "CANCELED", "ERROR"] as const;
/** The VSS `lastAction`: the action the session ran last, in 8x8's upper-case spelling. */
export const LAST_ACTIONS = ["MAKE_CALL", "SAY", "SAY_AND_CAPTURE", "PLAY_FILE", "HANGUP"] as const;

/** `INBOUND` or `OUTBOUND` (see `CALL_DIRECTIONS`). */
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
/** `PSTN` or `VOIP` (see `CALL_TYPES`). */
export type CallType = (typeof CALL_TYPES)[number];
/** Why a VCA fired (see `VCA_CALL_STATUSES`). */
export type VcaCallStatus = (typeof VCA_CALL_STATUSES)[number];
/** A leg's progress in a VCS (see `VCS_CALL_STATUSES`). */
export type VcsCallStatus = (typeof VCS_CALL_STATUSES)[number];
/** How a session ended, from its VSS (see `SESSION_STATUSES`). */
export type SessionStatus = (typeof SESSION_STATUSES)[number];
/** How one leg ended, from the VSS `details` (see `LEG_STATUSES`). */
export type LegStatus = (typeof LEG_STATUSES)[number];
/** The action a session ran last, from its VSS (see `LAST_ACTIONS`). */
export type LastAction = (typeof LAST_ACTIONS)[number];

const oneOf = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const timestamp = Type.String({ format: "date-time" });

/** The fields VCA and VCS payloads share: one call leg at one moment. */
const legEventFields = {
  /** Unique per delivery: a redelivery repeats it, so it is the key for idempotency. */
  eventId: Type.String({ format: "uuid" }),
  /** The leg this event is about. */
  callId: Type.String(),
  /** The session the leg belongs to; every VCA, VCS and the VSS of one call share it. */
  sessionId: Type.String(),
  /** The subaccount the session runs under. */
  subAccountId: Type.String(),
  /** INBOUND or OUTBOUND. */
  callDirection: oneOf(CALL_DIRECTIONS),
  /** PSTN or VOIP. */
  callType: oneOf(CALL_TYPES),
  /** The calling number, E.164 with the `+`. */
  source: Type.String(),
  /** The called number, E.164 with the `+`. */
  destination: Type.String(),
  /** The form of `source`, e.g. "MSISDN". */
  sourceFormat: Type.String(),
  /** The form of `destination`, e.g. "MSISDN". */
  destinationFormat: Type.String(),
  /** ISO 3166-1 alpha-2 country of `source`, or null. */
  sourceCountryCode: Nullable(Type.String()),
  /** ISO 3166-1 alpha-2 country of `destination`, or null. */
  destinationCountryCode: Nullable(Type.String()),
  /** Outbound legs: the reference of the virtual number calling; else null. */
  sourceRefId: Nullable(Type.String()),
  /** Inbound legs: the reference of the virtual number called; else null. */
  destinationRefId: Nullable(Type.String()),
  /** Seconds the leg has lasted so far. */
  callDuration: Type.Number({ minimum: 0 }),
  /** The leg's final SIP code (RFC 3261), e.g. 200; judge outcomes by the statuses, not by this. */
  sipCode: Type.Integer(),
  /** When the event happened (ISO-8601 with milliseconds). */
  timestamp,
};

/** The JSON Schema of a VCA's payload, in the documented form. */
export const VcaPayload = Type.Object(
  {
    ...legEventFields,
    /** CALL_RECEIVED for a new inbound call, ACTION_COMPLETED after an action finished. */
    callStatus: oneOf(VCA_CALL_STATUSES),
    /** The digits the last sayAndCapture collected, null when none (real deliveries vary: read with `readDtmf`). */
    eventData: Type.Object({ dtmf: Nullable(Type.String()) }),
    /** The bookmark the app put in its previous answer (or the Send Callflow body), echoed; absent when none. */
    clientActionId: Type.Optional(Type.String()),
  },
  { title: "VcaPayload" },
);
/**
 * What a VCA tells the app about one leg: which call and session, why it fired, the digits
 * captured and the bookmark the app left in its previous answer.
 */
export type VcaPayload = Static<typeof VcaPayload>;

/** The JSON Schema of a VCA delivery (published as `vca-event`). */
export const VcaEvent = Type.Object(
  {
    namespace: Type.Literal("VOICE"),
    eventType: Type.Literal("CALL_ACTION"),
    /** 8x8's words for the event; informative only. */
    description: Type.String(),
    payload: VcaPayload,
  },
  { title: "VcaEvent" },
);
/**
 * A Voice Call Action delivery (`CALL_ACTION`): the platform asks the app what happens next in a
 * call, and the app answers 200 with a `VcaAnswer`. Assume redeliveries: `eventId` repeats.
 */
export type VcaEvent = Static<typeof VcaEvent>;

/** The JSON Schema of a VCS's payload. */
export const VcsPayload = Type.Object(
  {
    ...legEventFields,
    /** The leg's progress: initiated, received, connected, disconnected, updated, or a key pressed. */
    callStatus: oneOf(VCS_CALL_STATUSES),
  },
  { title: "VcsPayload" },
);
/** What a VCS tells about one leg: the VCA's fields without `eventData` and `clientActionId`. */
export type VcsPayload = Static<typeof VcsPayload>;

/** The JSON Schema of a VCS delivery (published as `vcs-event`). */
export const VcsEvent = Type.Object(
  {
    namespace: Type.Literal("VOICE"),
    eventType: Type.Literal("CALL_STATUS"),
    /** 8x8's words for the event; informative only. */
    description: Type.String(),
    payload: VcsPayload,
  },
  { title: "VcsEvent" },
);
/**
 * A Voice Call Status delivery (`CALL_STATUS`): progress telemetry for one leg, best effort and
 * unordered. The app answers 200; the body is ignored.
 */
export type VcsEvent = Static<typeof VcsEvent>;

/** The JSON Schema of a leg's call quality in a VSS. */
export const CallQuality = Type.Object(
  {
    /** Mean opinion score, 1.0 (bad) to 5.0 (excellent). */
    mos: Type.Number({ minimum: 1, maximum: 5 }),
    /** The share of packets lost, 0 to 1. */
    packetLossRate: Type.Number({ minimum: 0, maximum: 1 }),
    /** Jitter in milliseconds. */
    jitter: Type.Number({ minimum: 0 }),
  },
  { title: "CallQuality" },
);
/** How a leg sounded: MOS, packet loss and jitter; optional in a VSS leg. */
export type CallQuality = Static<typeof CallQuality>;

/** The JSON Schema of one leg in a VSS's `details`. */
export const SessionLeg = Type.Object(
  {
    /** The leg, as VCA and VCS deliveries name it. */
    callId: Type.String(),
    /** INBOUND or OUTBOUND. */
    callDirection: oneOf(CALL_DIRECTIONS),
    /** PSTN or VOIP. */
    callType: oneOf(CALL_TYPES),
    /** When the leg began (ISO-8601). */
    initiatedTimestamp: timestamp,
    /** When the leg was answered; absent when it never was. */
    connectedTimestamp: Type.Optional(timestamp),
    /** When the leg ended. */
    disconnectedTimestamp: timestamp,
    /** The calling number, E.164 with the `+`. */
    source: Type.String(),
    /** The called number, E.164 with the `+`. */
    destination: Type.String(),
    /** The form of `source`, e.g. "MSISDN". */
    sourceFormat: Type.String(),
    /** The form of `destination`, e.g. "MSISDN". */
    destinationFormat: Type.String(),
    /** ISO 3166-1 alpha-2 country of `source`, or null. */
    sourceCountryCode: Nullable(Type.String()),
    /** ISO 3166-1 alpha-2 country of `destination`, or null. */
    destinationCountryCode: Nullable(Type.String()),
    /** Outbound legs: the reference of the virtual number calling; else null. */
    sourceRefId: Nullable(Type.String()),
    /** Inbound legs: the reference of the virtual number called; else null. */
    destinationRefId: Nullable(Type.String()),
    /** How the leg ended. */
    callStatus: oneOf(LEG_STATUSES),
    /** Seconds the leg was connected. */
    callDuration: Type.Number({ minimum: 0 }),
    /** How the leg sounded, when the platform measured it. */
    callQuality: Type.Optional(CallQuality),
  },
  { title: "SessionLeg" },
);
/** One leg of a finished session, as its VSS reports it: who called whom, when, and how it ended. */
export type SessionLeg = Static<typeof SessionLeg>;

/** The JSON Schema of a VSS's `errorDetails`. */
export const ErrorDetails = Type.Object(
  {
    /** One of `SESSION_ERROR_CODES`, e.g. -2010 when the concurrent call limit was reached. */
    errorCode: Type.Integer(),
    /** 8x8's text for the code. */
    errorMsg: Type.String(),
  },
  { title: "ErrorDetails" },
);
/** Why a session ended in ERROR: a code from `SESSION_ERROR_CODES` and 8x8's message. */
export type ErrorDetails = Static<typeof ErrorDetails>;

/** The JSON Schema of a VSS's payload, in the documented form. */
export const VssPayload = Type.Object(
  {
    /** The session summarised; store outcomes keyed by it. */
    sessionId: Type.String(),
    /** The subaccount the session ran under. */
    subAccountId: Type.String(),
    /** The session's outcome, which can differ from its legs' (see `SESSION_STATUSES`). */
    sessionStatus: oneOf(SESSION_STATUSES),
    /** When the session started (ISO-8601). */
    startTime: timestamp,
    /** When the session ended (ISO-8601). */
    endTime: timestamp,
    /** The action the session ran last. */
    lastAction: oneOf(LAST_ACTIONS),
    /** How many legs the session had (2 when a bridge was answered). */
    callCount: Type.Integer({ minimum: 0 }),
    /** The Send Callflow's `clientRequestId`, echoed: how a sender matches the outcome to its request. */
    clientRequestId: Type.Optional(Type.String()),
    /** Present when `sessionStatus` is ERROR. */
    errorDetails: Type.Optional(ErrorDetails),
    /** One leg per key: callA, callB, ... */
    details: Type.Record(Type.String(), SessionLeg),
  },
  { title: "VssPayload" },
);
/** What a VSS tells about a finished session: its outcome, times, last action and each leg. */
export type VssPayload = Static<typeof VssPayload>;

/** The JSON Schema of a VSS delivery (published as `vss-event`). */
export const VssEvent = Type.Object(
  {
    namespace: Type.Literal("VOICE"),
    eventType: Type.Literal("SESSION_SUMMARY"),
    /** 8x8's words for the event; informative only. */
    description: Type.String(),
    version: Type.Literal(5),
    payload: VssPayload,
  },
  { title: "VssEvent" },
);
/**
 * A Voice Session Summary delivery (`SESSION_SUMMARY`, version 5): sent once a session has
 * ended, and the authoritative outcome. Delivered at least once: keep the first per `sessionId`.
 */
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
