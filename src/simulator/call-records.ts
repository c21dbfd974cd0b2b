/**
 * The platform's own record of every call, inbound and outbound, one row per session: who
 * called whom, the request's `clientRequestId`, when the call started and ended (simulated time)
 * and how it ended. `GET /_sim/calls` and `sim.calls()` answer it, so a test can check a
 * dialler's pacing and retries against what the platform saw rather than against the dialler's
 * own account.
 *
 * @example
 * const outbound = sim.calls().filter((c) => c.direction === "OUTBOUND");
 * outbound.map((c) => [c.number, c.startTime, c.sessionStatus]);
 */
import { Type, type Static } from "@sinclair/typebox";
import type { Session } from "./session.js";
import { deriveSessionStatus } from "./summary.js";

/** The JSON Schema of one call in the platform's record. */
export const CallRecord = Type.Object(
  {
    sessionId: Type.String(),
    subAccountId: Type.String(),
    direction: Type.Union([Type.Literal("INBOUND"), Type.Literal("OUTBOUND")], { description: "INBOUND: a call to a virtual number; OUTBOUND: a Send Callflow" }),
    from: Type.String({ description: "the caller, +E.164" }),
    to: Type.String({ description: "the number called, +E.164" }),
    number: Type.String({ description: "the other party: the callee of an outbound call, the caller of an inbound one" }),
    clientRequestId: Type.Union([Type.String(), Type.Null()], { description: "Send Callflow's clientRequestId; null when none was given or inbound" }),
    startTime: Type.String({ format: "date-time", description: "when the session started (the Send Callflow was accepted, or the call arrived)" }),
    endTime: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "when its calls ended (simulated time); null while in progress" }),
    state: Type.Union([Type.Literal("running"), Type.Literal("ended")], { description: "ended once the calls are over and the VSS deliveries done" }),
    sessionStatus: Type.Union([Type.String(), Type.Null()], { description: "the VSS sessionStatus (COMPLETED, BUSY, NO_ANSWER, FAILED, ERROR); null while in progress" }),
    errorCode: Type.Union([Type.Integer(), Type.Null()], { description: "errorDetails.errorCode of an ERROR session (e.g. -2010); else null" }),
    callCount: Type.Integer({ description: "legs placed so far (a bridge adds one)" }),
  },
  { title: "CallRecord" },
);
/** One call in the platform's record: direction, numbers, clientRequestId, start and end, outcome. */
export type CallRecord = Static<typeof CallRecord>;

/** The JSON Schema of `GET /_sim/calls`. */
export const CallList = Type.Object({ calls: Type.Array(CallRecord, { description: "every session the simulator keeps, oldest first" }) }, { title: "CallList" });

const iso = (ms: number) => new Date(ms).toISOString();

/** A session as the platform records the call. */
export function callRecord(session: Session): CallRecord {
  const over = session.endedAt !== undefined;
  return {
    sessionId: session.id,
    subAccountId: session.subAccountId,
    direction: session.direction,
    from: session.from,
    to: session.to,
    number: session.direction === "OUTBOUND" ? session.to : session.from,
    clientRequestId: session.clientRequestId ?? null,
    startTime: iso(session.startedAt),
    endTime: over ? iso(session.endedAt!) : null,
    state: session.state,
    sessionStatus: over ? deriveSessionStatus(session) : null,
    errorCode: session.error?.errorCode ?? null,
    callCount: session.legs.length,
  };
}
