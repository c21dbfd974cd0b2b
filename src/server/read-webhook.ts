/**
 * Tolerant reading of webhook bodies (SPEC section 5): keys in any case, extra fields ignored,
 * digits in any of their three places. Only the fields the server relies on are required; a
 * missing or mistyped one is reported by name (`payload.sessionId`). The checks are Ajv
 * validators compiled once at startup, so the hot path never interprets a schema.
 *
 * The identifiers a store keeps in columns of their own (ids, statuses, numbers, the digits) must
 * also be storable by every store alike (identifiers.ts): no control characters, no unpaired
 * surrogates, at most MAX_IDENTIFIER_LENGTH characters. Free text (the rest of the payload) is
 * kept as JSON and may hold anything.
 *
 * @example
 * const read = readVca(body, rawJsonText(request));
 * if (!read.ok) return sendError(reply, "SB_SERVER_INVALID_FIELD", read.message, read.field);
 */
import { Type, type TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { CallActionEvent } from "../ivr/index.js";
import { camelizeKeys, readDtmf } from "../voice/index.js";
import { identifierProblem, mayHoldUnstorable } from "./identifiers.js";

export type ReadResult<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** `expected` is our own keyword: the phrase a refusal uses for a mistyped field. */
const id = (expected = "a non-empty string") => Type.String({ minLength: 1, expected });
const text = () => Type.Optional(Type.Union([Type.String(), Type.Null()], { expected: "a string or null" }));
const digits = Type.Union([Type.String(), Type.Number(), Type.Null()], { expected: "a string, a number or null" });

const VcaBody = Type.Object({
  eventType: Type.Optional(Type.Literal("CALL_ACTION", { expected: `"CALL_ACTION" (is this a VSS or VCS sent to the VCA URL?)` })),
  payload: Type.Object(
    {
      eventId: id(),
      sessionId: id(),
      callId: id(),
      callStatus: id(),
      subAccountId: text(),
      callDirection: text(),
      source: text(),
      destination: text(),
      sourceRefId: text(),
      destinationRefId: text(),
      clientActionId: text(),
      timestamp: text(),
      eventData: Type.Optional(Type.Union([Type.Object({ dtmf: Type.Optional(digits) }), Type.String(), Type.Null()], { expected: "an object with dtmf, a string or null" })),
      dtmf: Type.Optional(digits),
    },
    { expected: "an object" },
  ),
});

const VssBody = Type.Object({
  eventType: Type.Optional(Type.Literal("SESSION_SUMMARY", { expected: `"SESSION_SUMMARY" (is this a VCA or VCS sent to the VSS URL?)` })),
  payload: Type.Object(
    {
      sessionId: id(),
      sessionStatus: id(),
      subAccountId: text(),
    },
    { expected: "an object" },
  ),
});

const VcsBody = Type.Object({
  eventType: Type.Optional(Type.Literal("CALL_STATUS", { expected: `"CALL_STATUS" (is this a VCA or VSS sent to the VCS URL?)` })),
  payload: Type.Object(
    {
      sessionId: id(),
      callStatus: id(),
      eventId: text(),
      callId: text(),
    },
    { expected: "an object" },
  ),
});

const ajv = new Ajv({ allErrors: false, strict: false, verbose: true });
const compile = (schema: TSchema) => ajv.compile(schema);
const checkVca = compile(VcaBody);
const checkVss = compile(VssBody);
const checkVcs = compile(VcsBody);

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.slice(1).replaceAll("/", ".");
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return base === "" ? missing : `${base}.${missing}`;
  }
  return base === "" ? "$" : base;
}

function refusal(check: ValidateFunction): { ok: false; field: string; message: string } {
  // With allErrors off the last error is the decisive one (for a union: the union itself).
  const error = check.errors![check.errors!.length - 1]!;
  const field = fieldOf(error);
  if (error.keyword === "required") return { ok: false, field, message: `${field}: is missing but it is required` };
  const expected = (error.parentSchema as { expected?: string } | undefined)?.expected;
  const found = JSON.stringify(error.data)?.slice(0, 40) ?? "undefined";
  return { ok: false, field, message: `${field}: ${found} found, ${expected ?? error.message ?? "another value"} expected` };
}

function envelope(body: unknown, check: ValidateFunction): ReadResult<Record<string, unknown>> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, field: "$", message: "$: the body must be a JSON object (the webhook envelope)" };
  }
  const camel = camelizeKeys(body) as Record<string, unknown>;
  if (!check(camel)) return refusal(check);
  return { ok: true, value: camel.payload as Record<string, unknown> };
}

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The payload fields each webhook's store keeps in columns of their own, checked by identifierProblem. */
const VCA_IDENTIFIERS = ["eventId", "sessionId", "callId", "callStatus", "subAccountId", "callDirection", "source", "destination"] as const;
const VSS_IDENTIFIERS = ["sessionId", "sessionStatus", "subAccountId"] as const;
const VCS_IDENTIFIERS = ["sessionId", "callStatus", "eventId", "callId"] as const;

/** The first of `names` in payload `p` that no store can keep as it is, as a refusal naming it. */
function unstorable(p: Record<string, unknown>, names: readonly string[], scan: boolean): { ok: false; field: string; message: string } | null {
  for (const name of names) {
    const value = p[name];
    if (typeof value !== "string") continue;
    const problem = identifierProblem(value, scan);
    if (problem !== null) return { ok: false, field: `payload.${name}`, message: `payload.${name}: ${problem}` };
  }
  return null;
}

/** Where readDtmf found the digits (the first of its three places holding a string or a number). */
function dtmfField(p: Record<string, unknown>): string {
  const eventData = p.eventData;
  if (typeof eventData === "object" && eventData !== null) {
    const inside = (eventData as Record<string, unknown>).dtmf;
    if (typeof inside === "string" || typeof inside === "number") return "payload.eventData.dtmf";
  }
  return typeof eventData === "string" ? "payload.eventData" : "payload.dtmf";
}

/**
 * A VCA body as the IVR engine sees it. `text` is the body's JSON text when the parser kept it
 * (raw-json.ts): without a backslash in it, no string of the body can hold a control character or
 * an unpaired surrogate (JSON writes those only as escapes), so a real delivery's identifiers are
 * only measured, not scanned.
 */
export function readVca(body: unknown, text?: string): ReadResult<CallActionEvent> {
  const read = envelope(body, checkVca);
  if (!read.ok) return read;
  const p = read.value;
  const scan = mayHoldUnstorable(text);
  const refused = unstorable(p, VCA_IDENTIFIERS, scan);
  if (refused !== null) return refused;
  const dtmf = readDtmf(p);
  if (dtmf !== null) {
    const problem = identifierProblem(dtmf, scan);
    if (problem !== null) {
      const field = dtmfField(p);
      return { ok: false, field, message: `${field}: ${problem}` };
    }
  }
  return {
    ok: true,
    value: {
      eventId: p.eventId as string,
      sessionId: p.sessionId as string,
      callId: p.callId as string,
      subAccountId: str(p.subAccountId) ?? "",
      callStatus: p.callStatus as string,
      callDirection: str(p.callDirection) ?? "",
      source: str(p.source) ?? "",
      destination: str(p.destination) ?? "",
      sourceRefId: str(p.sourceRefId),
      destinationRefId: str(p.destinationRefId),
      dtmf,
      clientActionId: str(p.clientActionId),
      timestamp: str(p.timestamp) ?? "",
      payload: p,
    },
  };
}

export interface SummaryDelivery {
  sessionId: string;
  subAccountId: string | null;
  sessionStatus: string;
  payload: Record<string, unknown>;
}

/** A VSS body: the summary to store, its identifiers checked as readVca's are. */
export function readVss(body: unknown, text?: string): ReadResult<SummaryDelivery> {
  const read = envelope(body, checkVss);
  if (!read.ok) return read;
  const p = read.value;
  const refused = unstorable(p, VSS_IDENTIFIERS, mayHoldUnstorable(text));
  if (refused !== null) return refused;
  return { ok: true, value: { sessionId: p.sessionId as string, subAccountId: str(p.subAccountId), sessionStatus: p.sessionStatus as string, payload: p } };
}

export interface StatusDelivery {
  eventId: string | null;
  sessionId: string;
  callId: string | null;
  callStatus: string;
  payload: Record<string, unknown>;
}

/** A VCS body: the call status to store, its identifiers checked as readVca's are. */
export function readVcs(body: unknown, text?: string): ReadResult<StatusDelivery> {
  const read = envelope(body, checkVcs);
  if (!read.ok) return read;
  const p = read.value;
  const refused = unstorable(p, VCS_IDENTIFIERS, mayHoldUnstorable(text));
  if (refused !== null) return refused;
  return { ok: true, value: { eventId: str(p.eventId), sessionId: p.sessionId as string, callId: str(p.callId), callStatus: p.callStatus as string, payload: p } };
}
