/**
 * One dev phone for the page: places a call, follows its event stream into the call's state
 * (phone-call.ts), speaks the prompts (phone-speech.ts), sends keys in order (phone-keys.ts) and
 * hangs up. It outlives the phone's view, so a call goes on while the user looks at its session
 * elsewhere in the dashboard. The server calls and the stream are passed in: no DOM here.
 *
 * The stream replays the transcript from the start each time it (re)connects, so entries are
 * counted per connection and only those past the count already seen are new.
 */
import type { PhoneCallView, PhoneTranscriptEntry } from "./api-types.js";
import { callReducer, IDLE, inCall, type CallAction, type CallState } from "./phone-call.js";
import { KeySender } from "./phone-keys.js";
import { langOf, type Speaker } from "./phone-speech.js";

/** What a call's event stream tells its listener. */
export interface StreamHandlers {
  /** Connected (again): the replay of the transcript starts. */
  open(): void;
  entry(entry: PhoneTranscriptEntry): void;
  end(view: PhoneCallView): void;
  /** The stream was refused or closed for good (signed out, an unknown call). */
  lost(message: string): void;
}

/** The server and the browser, as the phone uses them. */
export interface PhoneDeps {
  place(call: { to: string; from: string }): Promise<string>;
  keys(sessionId: string, keys: string): Promise<void>;
  hangUp(sessionId: string): Promise<void>;
  /** Opens the call's event stream; the returned function closes it. */
  stream(sessionId: string, handlers: StreamHandlers): () => void;
  speaker: Speaker;
}

/** Counts a stream's entries per connection, to skip the ones a reconnect replays. */
export class ReplayFilter {
  private seen = 0;
  private position = 0;

  /** A new connection: its entries start again from the first. */
  reopened(): void {
    this.position = 0;
  }

  /** Whether the next entry of this connection is one not seen before. */
  isNew(): boolean {
    this.position += 1;
    if (this.position <= this.seen) return false;
    this.seen = this.position;
    return true;
  }
}

/** The page's phone: its state, and what the user can do with it. */
export class PhoneSession {
  private current: CallState = IDLE;
  private readonly listeners = new Set<(state: CallState) => void>();
  private closeStream: (() => void) | null = null;
  private sender: KeySender | null = null;
  private hangUpWhenPlaced = false;
  /** Counts calls placed, so a call placed after a newer one was asked for is hung up, not followed. */
  private placing = 0;

  constructor(private readonly deps: PhoneDeps) {}

  /** The call now. */
  get state(): CallState {
    return this.current;
  }

  /** Whether the prompts' speech is muted. */
  get muted(): boolean {
    return this.deps.speaker.isMuted;
  }

  /** Whether this browser can speak the prompts at all. */
  get canSpeak(): boolean {
    return this.deps.speaker.canSpeak;
  }

  /** Hears the call's state (now, then on every change) until the returned function is called. */
  subscribe(listener: (state: CallState) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  /** Places a call to `to` from `from`; a call under way is hung up first. */
  async call(to: string, from: string): Promise<void> {
    if (inCall(this.current.phase)) this.hangUp();
    this.stopStream();
    this.hangUpWhenPlaced = false;
    this.deps.speaker.stop();
    this.dispatch({ type: "placing", to, from });
    const attempt = (this.placing += 1);
    let sessionId: string;
    try {
      sessionId = await this.deps.place({ to, from });
    } catch (error) {
      if (attempt === this.placing) this.dispatch({ type: "failed", message: `Could not place the call: ${(error as Error).message}` });
      return;
    }
    if (attempt !== this.placing) {
      // Another call was asked for meanwhile: this one would go on unseen.
      this.deps.hangUp(sessionId).catch(() => undefined);
      return;
    }
    this.dispatch({ type: "placed", sessionId });
    this.sender = new KeySender(
      (keys) => this.deps.keys(sessionId, keys),
      (error) => this.dispatch({ type: "refused", message: `A key was not sent: ${error.message}` }),
    );
    this.follow(sessionId);
    if (this.hangUpWhenPlaced) this.hangUp();
  }

  /** Presses keys on the call; ignored when no call is connected or ringing. */
  press(keys: string): void {
    const { phase } = this.current;
    if (this.sender === null || (phase !== "ringing" && phase !== "connected")) return;
    // Barge in: a key stops the prompt being spoken, as most IVRs let a caller.
    this.deps.speaker.stop();
    this.dispatch({ type: "pressed", keys });
    this.sender.press(keys);
  }

  /** Hangs up as the caller; the call ends when the simulator says so (the summary follows). */
  hangUp(): void {
    const { phase, sessionId } = this.current;
    if (!inCall(phase)) return;
    this.deps.speaker.stop();
    if (sessionId === null) {
      this.hangUpWhenPlaced = true;
      return;
    }
    this.dispatch({ type: "hanging-up" });
    this.deps.hangUp(sessionId).catch((error: Error & { code?: unknown }) => {
      // Ended meanwhile (the IVR hung up first): what the user wanted.
      if (error.code !== "SB_SIM_SESSION_ENDED") this.dispatch({ type: "refused", message: `Could not hang up: ${error.message}` });
    });
  }

  /** Mutes or unmutes the prompts' speech. */
  setMuted(muted: boolean): void {
    this.deps.speaker.setMuted(muted);
  }

  private follow(sessionId: string): void {
    const replay = new ReplayFilter();
    this.closeStream = this.deps.stream(sessionId, {
      open: () => replay.reopened(),
      entry: (entry) => {
        if (!replay.isNew() || this.current.sessionId !== sessionId) return;
        if (entry.kind === "prompt" && typeof entry.text === "string") this.deps.speaker.say(entry.text, langOf(entry.voiceProfile));
        this.dispatch({ type: "entry", entry });
      },
      end: (view) => {
        this.stopStream();
        if (this.current.sessionId !== sessionId) return;
        this.sender = null;
        this.dispatch({ type: "end", view });
      },
      lost: (message) => {
        this.stopStream();
        if (this.current.sessionId !== sessionId || !inCall(this.current.phase)) return;
        this.deps.speaker.stop();
        this.sender = null;
        this.dispatch({ type: "failed", message: `Lost the call's events: ${message}` });
      },
    });
  }

  private stopStream(): void {
    this.closeStream?.();
    this.closeStream = null;
  }

  private dispatch(action: CallAction): void {
    this.current = callReducer(this.current, action);
    for (const listener of this.listeners) listener(this.current);
  }
}
