/**
 * The person on a simulated call, as the runner sees them (`Caller`): when they hang up, and
 * what they key into each capture try. `ScriptedCaller` plays a press list: entries are consumed
 * one per capture prompt played (each try counts); "-" or "silence" stays silent for that
 * prompt; a caller whose list has run out hangs up when the next capture prompt has played. The
 * interactive caller, whose keys arrive while the call runs, is `LiveCaller` (live-caller.ts).
 *
 * @example
 * const caller = new ScriptedCaller(["1", "-", "23#"], 60_000);
 */
import { runTry, type CaptureSettings, type TryResult } from "./capture.js";
import { TIMING } from "./timing.js";
import type { TranscriptInput } from "./transcript.js";

/** What the runner lends a caller for one capture try: notes, time, and hanging up. */
export interface CallerLine {
  /** Writes a transcript entry on the caller's leg. */
  note(entry: TranscriptInput): void;
  /** Lets session time pass; false when the caller hung up meanwhile. */
  elapse(ms: number): Promise<boolean>;
  /** The caller hangs up now (noted once). */
  callerHangsUp(): void;
}

/** A caller as the runner drives it. */
export interface Caller {
  /** Epoch ms (session time) at which the caller hangs up; set when the call connects. */
  readonly deadline: number;
  /** Aborts when the caller hangs up on their own, at any moment (an interactive caller); absent for a scripted one. */
  readonly signal?: AbortSignal;
  /** Starts the caller's patience when the call is answered. */
  connected(at: number): void;
  /**
   * One capture try, from the end of its prompt to the end of input: the keys noted (`press`,
   * or `silence`), the time passed, and the result; undefined when the caller hung up instead.
   */
  input(settings: CaptureSettings, line: CallerLine): Promise<TryResult | undefined>;
  /** Tells the caller whether a capture is listening (from its prompt to its end), for type-ahead. */
  listen?(open: boolean): void;
}

/** A caller who plays a press list (see the file's comment). */
export class ScriptedCaller implements Caller {
  private readonly entries: string[];
  deadline = Number.POSITIVE_INFINITY;

  constructor(
    press: readonly string[] = [],
    private readonly hangupAfterMs?: number,
  ) {
    this.entries = [...press];
  }

  connected(at: number): void {
    this.deadline = at + (this.hangupAfterMs ?? TIMING.callerPatienceMs);
  }

  /** Plays the next press entry against the settings (capture.ts's rules); no entry left: the caller hangs up. */
  async input(settings: CaptureSettings, line: CallerLine): Promise<TryResult | undefined> {
    const entry = this.entries.shift();
    if (entry === undefined) {
      line.callerHangsUp();
      return undefined;
    }
    const result = runTry(entry, settings);
    line.note(result.keys ? { kind: "press", keys: result.keys } : { kind: "silence" });
    if (!(await line.elapse(result.elapsedMs))) return undefined;
    return result;
  }
}
