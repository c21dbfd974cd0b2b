/**
 * An interactive caller: a person at a dev phone whose keys and hang-up arrive while the call
 * runs (`POST /_sim/sessions/{id}/keys`, `.../hangup`), on the real clock. Like a real phone:
 *
 * - Every key press is noted in the transcript (`press`) when it arrives.
 * - Keys pressed while a capture listens (from its prompt to the end of its input) are buffered
 *   as type-ahead: the try takes them when its input starts. Keys pressed when no capture
 *   listens are noted with `ignored: true` and go nowhere, as on 8x8.
 * - A try's input ends on `#` (completeOnHash), at maxDigits, or when digitTimeout or
 *   overallTimeout runs out in real time (capture.ts's rules), so a caller left alone meets the
 *   flow's retries and its end.
 * - The caller's life is capped (`LIVE_CALL_MAX_MS`, 30 min): then they hang up.
 *
 * @example
 * const caller = new LiveCaller(session);
 * caller.press("1"); // from the keys route
 * caller.hangUp();   // from the hangup route
 */
import type { CaptureEnd, CaptureSettings, TryResult } from "./capture.js";
import type { Caller, CallerLine } from "./caller.js";
import { note, type LiveControls, type Session } from "./session.js";

/** The longest an interactive call may last from its answer: 30 minutes, then the caller hangs up. */
export const LIVE_CALL_MAX_MS = 30 * 60_000;

/** Keys one request may press: 1 to 32 of 0-9, * and #. */
export const LIVE_KEYS_PATTERN = "^[0-9*#]{1,32}$";

/** Keys a capture may hold buffered; a caller holding a key down cannot grow memory. */
const MAX_BUFFERED_KEYS = 256;

export class LiveCaller implements Caller, LiveControls {
  deadline = Number.POSITIVE_INFINITY;
  private readonly hangup = new AbortController();
  private listening = false;
  private buffer = "";
  private wake: (() => void) | undefined;

  constructor(
    private readonly session: Session,
    private readonly hangupAfterMs?: number,
  ) {}

  /** Settles when the session has ended and its VSS deliveries are over. */
  get ended(): Promise<void> {
    return this.session.done;
  }

  get signal(): AbortSignal {
    return this.hangup.signal;
  }

  get open(): boolean {
    const s = this.session;
    return !this.hangup.signal.aborted && s.state === "running" && s.endedBy === undefined && s.endedAt === undefined;
  }

  connected(at: number): void {
    this.deadline = at + Math.min(this.hangupAfterMs ?? LIVE_CALL_MAX_MS, LIVE_CALL_MAX_MS);
  }

  listen(open: boolean): void {
    this.listening = open;
    if (!open) this.buffer = "";
  }

  press(keys: string): void {
    const leg = this.session.legs[0]?.key;
    note(this.session, { kind: "press", ...(leg ? { leg } : {}), keys, ...(this.listening ? {} : { ignored: true }) });
    if (!this.listening) return;
    this.buffer = (this.buffer + keys).slice(0, MAX_BUFFERED_KEYS);
    this.wake?.();
  }

  hangUp(): void {
    this.hangup.abort();
    this.wake?.();
  }

  /** One try in real time: buffered keys first, then keys as they come, until input ends or the caller hangs up. */
  async input(settings: CaptureSettings, line: CallerLine): Promise<TryResult | undefined> {
    const clock = this.session.clock;
    const start = clock.now();
    let digits = "";
    let keys = "";
    let lastKeyAt: number | undefined;
    const end = (reason: CaptureEnd, at: number): TryResult => {
      if (keys === "") line.note({ kind: "silence" });
      const valid = digits.length >= Math.max(1, settings.minDigits) && digits.length <= settings.maxDigits;
      // Keys left over belong to no try: a real phone drops them too.
      this.buffer = "";
      return { digits, keys, reason: reason === "overall-timeout" && keys === "" ? "no-input" : reason, valid, elapsedMs: Math.max(0, Math.round(at - start)) };
    };
    // Bounded: each round takes a key or waits until a key, the hang-up or the next timeout.
    for (let round = 0; round < 10_000; round += 1) {
      for (const key of this.takeBuffer()) {
        keys += key;
        if (key === "#" && settings.completeOnHash) return end("hash", clock.now());
        digits += key;
        lastKeyAt = clock.now();
        if (digits.length >= settings.maxDigits) return end("max-digits", clock.now());
      }
      if (this.hangup.signal.aborted) return undefined;
      const overallAt = start + settings.overallTimeout;
      const digitAt = lastKeyAt !== undefined && settings.digitTimeout !== undefined ? lastKeyAt + settings.digitTimeout : Number.POSITIVE_INFINITY;
      const dueAt = Math.min(overallAt, digitAt);
      const now = clock.now();
      if (now >= this.deadline) {
        line.callerHangsUp();
        return undefined;
      }
      if (now >= dueAt) return end(digitAt < overallAt ? "digit-timeout" : "overall-timeout", dueAt);
      await this.keysOrTimeout(Math.min(dueAt, this.deadline) - now);
    }
    line.callerHangsUp();
    return undefined;
  }

  private takeBuffer(): string {
    const taken = this.buffer;
    this.buffer = "";
    return taken;
  }

  /** Resolves when keys arrive, the caller hangs up, or `ms` pass. */
  private keysOrTimeout(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), Math.max(1, ms));
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
