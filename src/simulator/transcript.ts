/**
 * What happened on a simulated call, in order, as a listener would tell it: prompts heard, keys
 * pressed, bridges, hangups and every webhook delivered with its HTTP status. `GET
 * /_sim/sessions/:id` returns it, `switchboard dial` prints it, and tests assert on it.
 *
 * @example
 * transcript.filter((e) => e.kind === "prompt").map((e) => e.text); // ["Welcome to ABC Restaurant..."]
 */
import { Type, type Static, type TProperties } from "@sinclair/typebox";

const common = {
  /** ISO-8601 time of the entry in simulated time. */
  at: Type.String({ format: "date-time" }),
  /** Milliseconds since the session started, in simulated time. */
  t: Type.Integer({ minimum: 0 }),
  leg: Type.Optional(Type.String({ description: "callA, callB, ..." })),
};

const entry = <K extends string, P extends TProperties>(kind: K, props: P) =>
  Type.Object({ kind: Type.Literal(kind), ...common, ...props });

export const TranscriptEntry = Type.Union(
  [
    entry("call", { direction: Type.String(), from: Type.String(), to: Type.String() }),
    entry("answered", {}),
    entry("unanswered", { outcome: Type.String({ description: "BUSY, NO_ANSWER or FAILED" }), sipCode: Type.Any() }),
    entry("prompt", {
      text: Type.String(),
      role: Type.String({ description: "say, capture, success or failure" }),
      voiceProfile: Type.String(),
    }),
    entry("file", { fileUrl: Type.String() }),
    entry("press", {
      keys: Type.String(),
      ignored: Type.Optional(Type.Boolean({ description: "an interactive caller's keys pressed when no capture was listening: noted, and otherwise ignored" })),
    }),
    entry("silence", {}),
    entry("capture", { dtmf: Type.Any(), reason: Type.String() }),
    entry("bridge", { destination: Type.String(), outcome: Type.String() }),
    entry("hangup", { by: Type.String({ description: "caller, callee, app or platform" }) }),
    entry("webhook", {
      type: Type.String(),
      eventType: Type.String(),
      callStatus: Type.Optional(Type.String()),
      url: Type.String(),
      status: Type.Any(),
      attempt: Type.Any(),
      error: Type.Optional(Type.String()),
      duplicate: Type.Optional(Type.Boolean({ description: "an injected duplicate VSS delivery" })),
      fallback: Type.Optional(Type.String({ description: "the reason a Switchboard server gave (x-switchboard-fallback header) for answering this VCA with its fallback" })),
    }),
    entry("error", { errorCode: Type.Any(), errorMsg: Type.String() }),
    entry("ended", { sessionStatus: Type.String() }),
  ],
  { title: "TranscriptEntry" },
);

/** Entries as the engine writes them (a loose shape: kind plus the fields of that kind). */
export type TranscriptEntry = Static<typeof TranscriptEntry>;
export type TranscriptKind = TranscriptEntry["kind"];
export type TranscriptInput = { kind: TranscriptKind; leg?: string } & Record<string, unknown>;
