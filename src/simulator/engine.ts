/**
 * Starts sessions: inbound calls placed through the control API and outbound sessions created
 * by Send Callflow. Each session runs in the background on its own simulated clock; a crash in
 * the engine ends it with ERROR -2001 rather than leaving it hanging.
 *
 * @example
 * const session = engine.placeInbound({ from: "+6591234567", to: "+6560000001", press: ["1"] });
 * await session.done;
 */
import { toE164, type Callflow } from "../voice/index.js";
import { ScriptedCaller } from "./caller.js";
import type { Clock } from "./clock.js";
import { Notifier, type NotifierOptions } from "./notifier.js";
import type { Platform } from "./platform.js";
import { SessionRunner } from "./runner.js";
import { createSession, note, type Session } from "./session.js";
import { SimulatorError } from "./errors.js";

export interface EngineOptions extends NotifierOptions {
  clock: Clock;
  voiceProfiles?: ReadonlySet<string>;
  /** Called once per session after it has ended and its VSS deliveries are over. */
  onSessionEnd?: (session: Session) => void;
}

export interface InboundCall {
  from: string;
  to: string;
  press?: readonly string[];
  hangupAfterMs?: number;
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

  constructor(private readonly options: EngineOptions) {
    this.notifier = new Notifier(options);
  }

  get platform(): Platform {
    return this.options.platform;
  }

  /** Places an inbound call to a virtual number; throws when nobody owns that number. */
  placeInbound(call: InboundCall): Session {
    const owner = this.platform.numberOwner(call.to);
    if (!owner) throw new SimulatorError("SB_SIM_UNKNOWN_NUMBER", `to: ${call.to} is not a virtual number of any subaccount`);
    const session = this.newSession(owner.subAccountId);
    const caller = new ScriptedCaller(call.press, call.hangupAfterMs);
    this.run(session, caller, (runner) => runner.runInbound(toE164(call.from), owner.number.msisdn));
    return session;
  }

  /** Starts a validated Send Callflow request; the first action is its makeCall. */
  startOutbound(request: OutboundSession): Session {
    const session = this.newSession(request.subAccountId, request.clientRequestId, request.clientActionId);
    const first = request.callflow[0] as { params: { destination: string } };
    const callee = this.platform.callee(first.params.destination);
    const caller = new ScriptedCaller(callee.press, callee.hangupAfterMs);
    this.run(session, caller, (runner) => runner.runOutbound(request.callflow));
    return session;
  }

  /** Waits (bounded by `timeoutMs`) for running sessions to end, then releases webhook sockets. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
    this.notifier.close();
  }

  private newSession(subAccountId: string, clientRequestId?: string, clientActionId?: string): Session {
    const session = createSession({
      id: this.options.newId(),
      subAccountId,
      clock: this.options.clock.forSession(),
      ...(clientRequestId !== undefined ? { clientRequestId } : {}),
      ...(clientActionId !== undefined ? { clientActionId } : {}),
    });
    this.platform.addSession(session);
    return session;
  }

  private run(session: Session, caller: ScriptedCaller, body: (runner: SessionRunner) => Promise<void>): void {
    const runner = new SessionRunner(session, caller, {
      platform: this.platform,
      notifier: this.notifier,
      newId: this.options.newId,
      voiceProfiles: this.options.voiceProfiles,
    });
    const task = body(runner)
      .catch(async (error: unknown) => {
        session.error = { errorCode: -2001, errorMsg: `Internal error: ${(error as Error).message}` };
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
