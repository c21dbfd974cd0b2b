/**
 * What the control API and `dial()` hand back about a session: its transcript, its VSS, and a
 * short summary, plus the prompts heard and keys pressed as plain lists for assertions.
 *
 * @example
 * const call = await sim.dial({ to: "+6560000001", press: ["1"] });
 * expect(call.summary?.sessionStatus).toBe("COMPLETED");
 * expect(call.heard[0]).toMatch(/Welcome/);
 */
import { Type, type Static } from "@sinclair/typebox";
import { ErrorDetails, VssEvent } from "../voice/index.js";
import type { Session } from "./session.js";
import { TranscriptEntry } from "./transcript.js";

/** The JSON Schema of a session's short summary. */
export const CallSummary = Type.Object(
  {
    /** The VSS `sessionStatus`, e.g. COMPLETED. */
    sessionStatus: Type.String(),
    /** Legs in the session. */
    callCount: Type.Integer(),
    /** The VSS `lastAction`, e.g. HANGUP. */
    lastAction: Type.String(),
    durationSeconds: Type.Integer({ description: "from the VSS startTime to endTime" }),
    errorDetails: Type.Optional(ErrorDetails),
  },
  { title: "CallSummary" },
);
/** A session's outcome in short, from its VSS: status, legs, last action, duration and any error. */
export type CallSummary = Static<typeof CallSummary>;

/** The JSON Schema of a session's view, as the control API answers it. */
export const SessionView = Type.Object(
  {
    sessionId: Type.String(),
    subAccountId: Type.String(),
    /** `running` until the session has ended and its VSS was delivered (or given up on). */
    state: Type.Union([Type.Literal("running"), Type.Literal("ended")]),
    /** Everything that happened, in order: prompts, presses, bridges, webhooks, errors. */
    transcript: Type.Array(TranscriptEntry),
    /** The VSS sent, once the session has ended; else null. */
    vss: Type.Union([VssEvent, Type.Null()]),
    /** The VSS in short, once the session has ended; else null. */
    summary: Type.Union([CallSummary, Type.Null()]),
    heard: Type.Array(Type.String(), { description: "every prompt's text, in order" }),
    pressed: Type.Array(Type.String(), { description: "every press entry's keys, in order" }),
  },
  { title: "SessionView" },
);
/**
 * What the simulator knows about one session: its transcript, its VSS and a short summary, plus
 * the prompts heard and keys pressed as plain lists for assertions.
 */
export type SessionView = Static<typeof SessionView>;

function summaryOf(session: Session): CallSummary | null {
  const vss = session.vss?.payload;
  if (!vss || session.state !== "ended") return null;
  const summary: CallSummary = {
    sessionStatus: vss.sessionStatus,
    callCount: vss.callCount,
    lastAction: vss.lastAction,
    durationSeconds: Math.round((Date.parse(vss.endTime) - Date.parse(vss.startTime)) / 1000),
  };
  if (vss.errorDetails) summary.errorDetails = vss.errorDetails;
  return summary;
}

/** A JSON-ready snapshot of a session. */
export function sessionView(session: Session): SessionView {
  const transcript = [...session.transcript];
  return {
    sessionId: session.id,
    subAccountId: session.subAccountId,
    state: session.state,
    transcript,
    vss: session.state === "ended" ? (session.vss ?? null) : null,
    summary: summaryOf(session),
    heard: transcript.flatMap((e) => (e.kind === "prompt" ? [e.text] : [])),
    pressed: transcript.flatMap((e) => (e.kind === "press" ? [e.keys] : [])),
  };
}
