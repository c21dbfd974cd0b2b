/**
 * Runs one session action by action: speaks prompts in session time, plays the caller's keys
 * into captures (a scripted caller's, or an interactive one's as they are sent: caller.ts),
 * asks the app for the next callflow through VCA, bridges legs, and ends the session (VCS
 * disconnects, then the VSS). Each step is bounded in count and in session time, so no session
 * can run forever; an interactive caller may hang up at any moment.
 *
 * @example
 * await new SessionRunner(session, caller, deps).runInbound(from, to);
 */
import { toE164, type Action, type Callflow, type ErrorDetails, type LastAction, type LegStatus, type MakeCallParams, type SayAndCaptureParams } from "../voice/index.js";
import { playCapture } from "./capture-play.js";
import type { Caller } from "./caller.js";
import type { CalleeBehavior, CalleeStep } from "./config.js";
import type { Notifier } from "./notifier.js";
import type { Platform } from "./platform.js";
import { closeLeg, isUp, note, openLeg, type Leg, type Session } from "./session.js";
import type { TranscriptInput } from "./transcript.js";
import { deriveSessionStatus } from "./summary.js";
import { fileMs, RING, speechMs, TIMING } from "./timing.js";
import { sessionError } from "./session-errors.js";
import { judgeVcaAnswer } from "./vca-answer.js";

export interface RunnerDeps {
  platform: Platform;
  notifier: Notifier;
  newId: () => string;
  voiceProfiles?: ReadonlySet<string>;
  /** Called once when the session's calls have ended, before its VSS: frees its concurrent-call place. */
  callsEnded?: () => void;
}

/** Actions one session may run in all, whatever the app answers. */
const MAX_STEPS = 1_000;

const LAST_ACTION: Record<Action["action"], LastAction> = {
  makeCall: "MAKE_CALL",
  say: "SAY",
  sayAndCapture: "SAY_AND_CAPTURE",
  playFile: "PLAY_FILE",
  hangup: "HANGUP",
};

const UNANSWERED: Record<Exclude<CalleeBehavior, "answer">, LegStatus> = { busy: "BUSY", "no-answer": "NO_ANSWER", fail: "FAILED" };

export class SessionRunner {
  private ended = false;
  private readonly disconnectSent = new Set<Leg>();

  constructor(
    private readonly session: Session,
    private readonly caller: Caller,
    private readonly deps: RunnerDeps,
  ) {
    // An interactive caller may hang up at any moment, even while the app is being asked.
    caller.signal?.addEventListener("abort", () => this.callerHangsUp(), { once: true });
  }

  private get legA(): Leg | undefined {
    return this.session.legs[0];
  }

  private now(): number {
    return this.session.clock.now();
  }

  /** Whether the call is still going: callA up and nobody ended the session. */
  private up(): boolean {
    return !this.ended && isUp(this.legA);
  }

  /**
   * An inbound call to a virtual number: CALL_RECEIVED VCA, then the answer's callflow. With a
   * `refusal` (the concurrent-call limit) the platform does not answer: the leg fails, no VCA.
   */
  async runInbound(from: string, to: string, refusal?: ErrorDetails): Promise<void> {
    const leg = openLeg(this.session, {
      callId: this.deps.newId(),
      direction: "INBOUND",
      source: from,
      destination: to,
      sourceRefId: null,
      destinationRefId: this.deps.platform.refIdOf(this.session.subAccountId, to),
    });
    note(this.session, { kind: "call", leg: leg.key, direction: "INBOUND", from, to });
    if (refusal) {
      this.failLeg(leg);
      this.fail(refusal);
      await this.finish();
      return;
    }
    // The platform answers an inbound call itself to run the IVR, so the leg is up from here.
    this.connect(leg);
    await this.deps.notifier.vcs(this.session, leg, "CALL_RECEIVED");
    await this.deps.notifier.vcs(this.session, leg, "CALL_CONNECTED");
    if (!this.deps.notifier.webhook(this.session, "VCA")) {
      this.fail({ errorCode: -2002, errorMsg: "Internal connectivity error: no VCA webhook is registered for this subaccount" });
    } else {
      const flow = await this.askVca("CALL_RECEIVED", null);
      if (flow) await this.runFlow(flow, undefined);
    }
    await this.finish();
  }

  /**
   * A Send Callflow session: the first makeCall places callA, whose callee takes `step` (its
   * script's entry for this call); the rest of the callflow runs once answered. A session error
   * step fails the call before it rings and ends the session ERROR with that code.
   */
  async runOutbound(callflow: Callflow, step: CalleeStep): Promise<void> {
    const first = callflow[0] as { params: MakeCallParams };
    this.session.lastAction = "MAKE_CALL";
    const leg = this.placeLeg(first.params);
    if (typeof step === "object") {
      this.failLeg(leg);
      this.fail(sessionError(step.error));
      await this.finish();
      return;
    }
    await this.deps.notifier.vcs(this.session, leg, "CALL_INITIATED");
    await this.session.clock.sleep(RING[step].ms);
    if (step !== "answer") {
      this.unanswered(leg, step);
      await this.sendDisconnect(leg);
      this.session.endedBy = "platform";
    } else {
      this.connect(leg);
      await this.deps.notifier.vcs(this.session, leg, "CALL_CONNECTED");
      await this.runFlow(callflow.slice(1), callflow[0]);
    }
    await this.finish();
  }

  private placeLeg(params: MakeCallParams): Leg {
    // Webhooks carry +E.164 even when the request gave bare digits (SPEC section 5, Choice).
    const source = toE164(params.source);
    const destination = toE164(params.destination);
    const leg = openLeg(this.session, {
      callId: this.deps.newId(),
      direction: "OUTBOUND",
      source,
      destination,
      sourceRefId: this.deps.platform.refIdOf(this.session.subAccountId, source),
      destinationRefId: null,
    });
    note(this.session, { kind: "call", leg: leg.key, direction: "OUTBOUND", from: source, to: destination });
    return leg;
  }

  private connect(leg: Leg): void {
    leg.connectedAt = this.now();
    leg.sipCode = 200;
    if (leg === this.legA) this.caller.connected(leg.connectedAt);
    note(this.session, { kind: "answered", leg: leg.key });
  }

  /** A leg the platform could not put through (a session error): FAILED, never rung. */
  private failLeg(leg: Leg): void {
    leg.sipCode = 503;
    closeLeg(this.session, leg, "FAILED");
    note(this.session, { kind: "unanswered", leg: leg.key, outcome: "FAILED", sipCode: leg.sipCode });
  }

  private unanswered(leg: Leg, behavior: Exclude<CalleeBehavior, "answer">): void {
    leg.sipCode = RING[behavior].sipCode;
    closeLeg(this.session, leg, UNANSWERED[behavior]);
    note(this.session, { kind: "unanswered", leg: leg.key, outcome: UNANSWERED[behavior], sipCode: leg.sipCode });
  }

  /**
   * Lets `ms` of simulated time pass on the call. False when the caller hung up meanwhile (at
   * their deadline), which ends the session.
   */
  private async elapse(ms: number): Promise<boolean> {
    const left = this.caller.deadline - this.now();
    const signal = this.caller.signal;
    if (ms < left) {
      await this.session.clock.sleep(ms, signal);
      if (!signal?.aborted) return true;
    } else {
      await this.session.clock.sleep(Math.max(0, left), signal);
    }
    this.callerHangsUp();
    return false;
  }

  private callerHangsUp(): void {
    if (this.ended) return;
    this.ended = true;
    this.session.endedBy = "caller";
    note(this.session, { kind: "hangup", leg: this.legA?.key, by: "caller" });
  }

  private fail(error: ErrorDetails): void {
    if (this.ended) return;
    this.ended = true;
    this.session.error = error;
    this.session.endedBy = "platform";
    note(this.session, { kind: "error", errorCode: error.errorCode, errorMsg: error.errorMsg });
    // ERROR is a session status only (SPEC section 5): the answered leg the platform tears down
    // ends COMPLETED, as any connected leg does.
    if (isUp(this.legA)) closeLeg(this.session, this.legA);
  }

  private async speak(text: string, role: string, voiceProfile: string, speed?: number | null, repetition?: number | null): Promise<boolean> {
    note(this.session, { kind: "prompt", leg: this.legA?.key, text, role, voiceProfile, ...(repetition && repetition > 1 ? { repetition } : {}) });
    return this.elapse(speechMs(text, speed, repetition));
  }

  /** Asks the app what to do next; undefined when the session ended instead. */
  private async askVca(callStatus: "CALL_RECEIVED" | "ACTION_COMPLETED", dtmf: string | null): Promise<Callflow | undefined> {
    const leg = this.legA;
    if (!leg) return undefined;
    const result = await this.deps.notifier.vca(this.session, leg, { callStatus, dtmf });
    if (!result) {
      // Nobody to ask mid-call: the platform hangs up, as it does when a callflow is done.
      this.endBy("platform");
      return undefined;
    }
    const verdict = judgeVcaAnswer(result, { voiceProfiles: this.deps.voiceProfiles });
    if (!verdict.ok) {
      this.fail(verdict.error);
      return undefined;
    }
    this.session.clientActionId = verdict.clientActionId;
    if (verdict.callflow.length === 0) {
      // An empty answer ends the call as a hangup would (SPEC section 5, Choice): COMPLETED, no error.
      this.session.lastAction = "HANGUP";
      this.endBy("app");
      return undefined;
    }
    return verdict.callflow;
  }

  private endBy(by: "app" | "platform" | "callee"): void {
    if (this.ended) return;
    this.ended = true;
    this.session.endedBy = by;
    note(this.session, { kind: "hangup", leg: this.legA?.key, by });
  }

  /**
   * Runs a callflow. A capture hands control back to the app through a VCA whose answer
   * replaces the rest of the flow; a flow that runs out with the call up (and did not end with a
   * bridge) asks the app again (SPEC section 5, Choice).
   */
  private async runFlow(initial: Callflow, ranBefore: Action | undefined): Promise<void> {
    let flow: Callflow = initial;
    let index = 0;
    let last: Action | undefined = ranBefore;
    let bridged = false;
    for (let steps = 0; this.up(); steps += 1) {
      if (steps >= MAX_STEPS) {
        this.callerHangsUp();
        break;
      }
      const action = flow[index];
      if (!action) {
        if (last?.action === "makeCall" && bridged) {
          this.endBy("platform");
          break;
        }
        const next = await this.askVca("ACTION_COMPLETED", null);
        if (!next) break;
        [flow, index, bridged] = [next, 0, false];
        continue;
      }
      index += 1;
      last = action;
      this.session.lastAction = LAST_ACTION[action.action];
      if (action.action === "say") {
        await this.speak(action.params.text, "say", action.params.voiceProfile, action.params.speed, action.params.repetition);
      } else if (action.action === "playFile") {
        note(this.session, { kind: "file", leg: this.legA?.key, fileUrl: action.params.fileUrl });
        await this.elapse(fileMs(action.params.repetition));
      } else if (action.action === "sayAndCapture") {
        const dtmf = await this.capture(action.params);
        if (dtmf === undefined || !this.up()) break;
        const next = await this.askVca("ACTION_COMPLETED", dtmf);
        if (!next) break;
        [flow, index, bridged] = [next, 0, false];
      } else if (action.action === "makeCall") {
        bridged = true;
        if (await this.bridge(action.params)) break;
      } else {
        this.endBy("app");
      }
    }
  }

  private async capture(params: SayAndCaptureParams): Promise<string | null | undefined> {
    const leg = this.legA?.key;
    const noteOnLeg = (entry: TranscriptInput) => note(this.session, { ...entry, ...(leg ? { leg } : {}) });
    const line = { note: noteOnLeg, elapse: (ms: number) => this.elapse(ms), callerHangsUp: () => this.callerHangsUp() };
    this.caller.listen?.(true);
    try {
      return await playCapture(
        {
          speak: (text, role) => this.speak(text, role, params.voiceProfile, params.speed, role === "capture" ? params.repetition : undefined),
          input: (settings) => this.caller.input(settings, line),
          note: noteOnLeg,
          dtmfReceived: async () => {
            if (this.legA) await this.deps.notifier.vcs(this.session, this.legA, "DTMF_RECEIVED");
          },
        },
        params,
      );
    } finally {
      this.caller.listen?.(false);
    }
  }

  /** Bridges a new leg; true when it was answered (the session then ends after the talk). */
  private async bridge(params: MakeCallParams): Promise<boolean> {
    const leg = this.placeLeg(params);
    const { step, hangupAfterMs } = this.deps.platform.placeCall(params.destination);
    if (typeof step === "object") {
      this.failLeg(leg);
      note(this.session, { kind: "bridge", leg: leg.key, destination: leg.destination, outcome: "FAILED" });
      await this.sendDisconnect(leg);
      this.fail(sessionError(step.error));
      return false;
    }
    await this.deps.notifier.vcs(this.session, leg, "CALL_INITIATED");
    if (!(await this.elapse(RING[step].ms))) {
      leg.sipCode = 487;
      closeLeg(this.session, leg, "CANCELED");
      note(this.session, { kind: "bridge", leg: leg.key, destination: leg.destination, outcome: "CANCELED" });
      await this.sendDisconnect(leg);
      return false;
    }
    if (step !== "answer") {
      this.unanswered(leg, step);
      note(this.session, { kind: "bridge", leg: leg.key, destination: leg.destination, outcome: leg.status ?? "FAILED" });
      await this.sendDisconnect(leg);
      return false;
    }
    this.connect(leg);
    note(this.session, { kind: "bridge", leg: leg.key, destination: leg.destination, outcome: "ANSWERED" });
    await this.deps.notifier.vcs(this.session, leg, "CALL_CONNECTED");
    if (await this.elapse(hangupAfterMs ?? TIMING.defaultTalkMs)) {
      this.ended = true;
      this.session.endedBy = "callee";
      note(this.session, { kind: "hangup", leg: leg.key, by: "callee" });
    }
    return true;
  }

  private async sendDisconnect(leg: Leg): Promise<void> {
    if (this.disconnectSent.has(leg)) return;
    this.disconnectSent.add(leg);
    await this.deps.notifier.vcs(this.session, leg, "CALL_DISCONNECTED");
  }

  /** Hangs up every leg, sends their disconnects, then the VSS; settles `session.done`. */
  private async finish(): Promise<void> {
    this.ended = true;
    this.session.endedAt = this.now();
    this.deps.callsEnded?.();
    for (const leg of this.session.legs) closeLeg(this.session, leg);
    for (const leg of this.session.legs) await this.sendDisconnect(leg);
    note(this.session, { kind: "ended", sessionStatus: deriveSessionStatus(this.session) });
    await this.deps.notifier.vss(this.session);
  }
}
