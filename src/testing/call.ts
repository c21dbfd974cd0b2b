/**
 * A finished call as a test sees it: what the caller heard and pressed, the transcript, the
 * session summary from the VSS, and a way to read what the server stored about it.
 *
 * @example
 * const call = await platform.dial({ press: ["2", "1"] });
 * expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2, lastAction: "MAKE_CALL" });
 * expect((await call.stored())?.summary?.sessionStatus).toBe("COMPLETED");
 */
import type { CallSummary, SessionView, TranscriptEntry } from "../simulator/index.js";
import type { SessionDetail } from "../store/index.js";
import { TestingError } from "./errors.js";
import type { ReadApi } from "./read-api.js";

/** One webhook delivery of the call, as the simulator recorded it. */
export type WebhookDelivery = Extract<TranscriptEntry, { kind: "webhook" }>;

/**
 * A finished call (from `platform.dial()`): what the caller heard and pressed, the transcript, the
 * VSS and its summary, each webhook delivery, and what the server stored (`stored()`).
 */
export interface TestCall {
  /** The call's session, as 8x8 (the simulator) named it. */
  readonly sessionId: string;
  /** Every prompt's text in the order the caller heard it (menus, messages, failure messages). */
  readonly heard: string[];
  /** Every press entry the caller used, in order. */
  readonly pressed: string[];
  /** Everything that happened, in simulated time (see docs/simulator.md, "The transcript"). */
  readonly transcript: TranscriptEntry[];
  /** sessionStatus, callCount, lastAction, durationSeconds and errorDetails, from the VSS. */
  readonly summary: CallSummary;
  /** The VSS body the platform delivered. */
  readonly vss: NonNullable<SessionView["vss"]>;
  /** Every webhook delivery (VCA, VCS, VSS, duplicates included), with its HTTP status. */
  readonly webhooks: WebhookDelivery[];
  /** The simulator's whole view of the session. */
  readonly view: SessionView;
  /** What the server stored for this session (its read API); null when it stored nothing. */
  stored(): Promise<SessionDetail | null>;
}

/** Wraps a simulator view; throws `SB_TESTING_CALL_NOT_ENDED` if the session has not ended (it always has after `dial`). */
export function toTestCall(view: SessionView, reader: ReadApi): TestCall {
  if (view.state !== "ended" || !view.summary || !view.vss) {
    const summary = view.vss ? "a session summary" : "no session summary";
    throw new TestingError("SB_TESTING_CALL_NOT_ENDED", `session ${view.sessionId} has not ended: state "${view.state}", ${summary}; expected an ended call with its summary: wait with simulator.waitForSession("${view.sessionId}")`);
  }
  return {
    sessionId: view.sessionId,
    heard: view.heard,
    pressed: view.pressed,
    transcript: view.transcript,
    summary: view.summary,
    vss: view.vss,
    webhooks: view.transcript.filter((entry): entry is WebhookDelivery => entry.kind === "webhook"),
    view,
    stored: () => reader.session(view.sessionId),
  };
}
