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

export const CallSummary = Type.Object(
  {
    sessionStatus: Type.String(),
    callCount: Type.Integer(),
    lastAction: Type.String(),
    durationSeconds: Type.Integer({ description: "from the VSS startTime to endTime" }),
    errorDetails: Type.Optional(ErrorDetails),
  },
  { title: "CallSummary" },
);
export type CallSummary = Static<typeof CallSummary>;

export const SessionView = Type.Object(
  {
    sessionId: Type.String(),
    subAccountId: Type.String(),
    state: Type.Union([Type.Literal("running"), Type.Literal("ended")]),
    transcript: Type.Array(TranscriptEntry),
    vss: Type.Union([VssEvent, Type.Null()]),
    summary: Type.Union([CallSummary, Type.Null()]),
    heard: Type.Array(Type.String(), { description: "every prompt's text, in order" }),
    pressed: Type.Array(Type.String(), { description: "every press entry's keys, in order" }),
  },
  { title: "SessionView" },
);
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
