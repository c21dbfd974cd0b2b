/**
 * Starts sessions: inbound calls placed through the control API and outbound sessions created
 * by Send Callflow. Each session runs in the background on its own simulated clock; a crash in
 * the engine ends it with ERROR -2001 rather than leaving it hanging.
 *
 * @example
 * const session = engine.placeInbound({ from: "+6591234567", to: "+6560000001", press: ["1"] });
 * await session.done;
 */
import { toE164, type Callflow, type MakeCallParams } from "../voice/index.js";
import { ScriptedCaller, type Caller } from "./caller.js";
import { createClock, type Clock } from "./clock.js";
import { LiveCaller } from "./live-caller.js";
import type { CalleeStep } from "./config.js";
import { ConcurrentCalls } from "./limits.js";
import { Notifier, type NotifierOptions } from "./notifier.js";
import type { Platform } from "./platform.js";
import { SessionRunner } from "./runner.js";
import { sessionError } from "./session-errors.js";
import { createSession, note, type NewSession, type Session } from "./session.js";
import { SimulatorError } from "./errors.js";

export interface EngineOptions extends NotifierOptions {
  clock: Clock;
  voiceProfiles?: ReadonlySet<string>;
  /** Called once per session after it has ended and its VSS deliveries are over. */
  onSessionEnd?: (session: Session) => void;
  /** Sessions in progress per subaccount beyond which a new one ends ERROR -2010; none when left out. */
  maxConcurrentCalls?: number;
}

/** What a session over the concurrent-call limit does instead of placing its call (SPEC section 5a). */
const TRUNK_FULL: CalleeStep = { error: -2010 };

export interface InboundCall {
  from: string;
  to: string;
  press?: readonly string[];
  hangupAfterMs?: number;
  /** An interactive caller (live-caller.ts): keys sent while the call runs, on the real clock whatever the simulator's. */
  interactive?: boolean;
}

export interface OutboundSession {
  subAccountId: string;
  callflow: Callflow;
  clientRequestId?: string;
  clientActionId?: string;
}

export class Engine {
  private readonly notifier: Notifier;
  private readonly running = new Set<Promise<void>>();
  private readonly concurrent: ConcurrentCalls;
  /** Interactive calls run on wall time for their own timers, whatever the simulator's clock. */
  private readonly realClock = createClock({ mode: "real" });
  /** Interactive callers of sessions still running, so a stop can hang them up. */
  private readonly live = new Set<LiveCaller>();

  constructor(private readonly options: EngineOptions) {
    this.notifier = new Notifier(options);
    this.concurrent = new ConcurrentCalls(options.maxConcurrentCalls);
  }

  get platform(): Platform {
    return this.options.platform;
  }

  /**
   * Places an inbound call to a virtual number; throws when nobody owns that number. Over the
   * concurrent-call limit the call is refused: the session ends ERROR -2010 without a VCA.
   */
  placeInbound(call: InboundCall): Session {
    const owner = this.platform.numberOwner(call.to);
    if (!owner) throw new SimulatorError("SB_SIM_UNKNOWN_NUMBER", `to: ${call.to} is not a virtual number of any subaccount`);
    const from = toE164(call.from);
    const to = owner.number.msisdn;
    const session = this.newSession({ subAccountId: owner.subAccountId, direction: "INBOUND", from, to }, call.interactive ? this.realClock : this.options.clock);
    const release = this.concurrent.enter(owner.subAccountId);
    let caller: Caller;
    if (call.interactive) {
      const live = new LiveCaller(session, call.hangupAfterMs);
      session.live = live;
      this.live.add(live);
      void session.done.then(() => this.live.delete(live));
      caller = live;
    } else {
      caller = new ScriptedCaller(call.press, call.hangupAfterMs);
    }
    this.run(session, caller, release, (runner) => runner.runInbound(from, to, release ? undefined : sessionError(-2010)));
    return session;
  }

  /**
   * Starts a validated Send Callflow request; the first action is its makeCall, placed to a
   * callee who takes the next step of its script. Over the concurrent-call limit the call is
   * never placed (the callee's script does not move) and the session ends ERROR -2010.
   */
  startOutbound(request: OutboundSession): Session {
    const first = request.callflow[0] as { params: MakeCallParams };
    const session = this.newSession({
      subAccountId: request.subAccountId,
      direction: "OUTBOUND",
      from: toE164(first.params.source),
      to: toE164(first.params.destination),
      ...(request.clientRequestId !== undefined ? { clientRequestId: request.clientRequestId } : {}),
      ...(request.clientActionId !== undefined ? { clientActionId: request.clientActionId } : {}),
    });
    const release = this.concurrent.enter(request.subAccountId);
    const turn = release ? this.platform.placeCall(first.params.destination) : { step: TRUNK_FULL, press: [] };
    const caller = new ScriptedCaller(turn.press, turn.hangupAfterMs);
    this.run(session, caller, release, (runner) => runner.runOutbound(request.callflow, turn.step));
    return session;
  }

  /** Every interactive caller still on a call hangs up (the simulator is stopping); resolves once their sessions end, or after `timeoutMs`. */
  async hangUpLive(timeoutMs: number): Promise<void> {
    const ending = [...this.live].map((live) => {
      live.hangUp();
      return live.ended;
    });
    if (ending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(ending), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Waits (bounded by `timeoutMs`) for running sessions to end, then releases webhook sockets. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
    this.notifier.close();
  }

  private newSession(init: Omit<NewSession, "id" | "clock">, clock: Clock = this.options.clock): Session {
    const session = createSession({ id: this.options.newId(), clock: clock.forSession(), ...init });
    this.platform.addSession(session);
    return session;
  }

  /** Runs a session; `release` gives back its place among the calls in progress once its calls end. */
  private run(session: Session, caller: Caller, release: (() => void) | undefined, body: (runner: SessionRunner) => Promise<void>): void {
    const runner = new SessionRunner(session, caller, {
      platform: this.platform,
      notifier: this.notifier,
      newId: this.options.newId,
      voiceProfiles: this.options.voiceProfiles,
      ...(release ? { callsEnded: release } : {}),
    });
    const task = body(runner)
      .catch(async (error: unknown) => {
        release?.();
        session.endedAt ??= session.clock.now();
        session.error = sessionError(-2001, (error as Error).message);
        note(session, { kind: "error", errorCode: -2001, errorMsg: session.error.errorMsg });
        await this.notifier.vss(session).catch(() => undefined);
      })
      .finally(() => {
        session.state = "ended";
        session.markDone();
        this.running.delete(task);
        try {
          this.options.onSessionEnd?.(session);
        } catch {
          // A listener's mistake must not take the engine down.
        }
      });
    this.running.add(task);
  }
}
