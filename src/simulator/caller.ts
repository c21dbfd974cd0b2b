/**
 * A scripted person on a simulated call: the keys they press at each capture prompt, and when
 * they hang up. Press entries are consumed one per capture prompt played (each try counts);
 * "-" or "silence" stays silent for that prompt; a caller whose list has run out hangs up when
 * the next capture prompt has played.
 *
 * @example
 * const caller = new ScriptedCaller(["1", "-", "23#"], 60_000);
 */
import { TIMING } from "./timing.js";

export class ScriptedCaller {
  private readonly entries: string[];
  /** Simulated epoch ms at which the caller hangs up; set when the call connects. */
  deadline = Number.POSITIVE_INFINITY;

  constructor(
    press: readonly string[] = [],
    private readonly hangupAfterMs?: number,
  ) {
    this.entries = [...press];
  }

  /** Starts the caller's patience when the call is answered. */
  connected(at: number): void {
    this.deadline = at + (this.hangupAfterMs ?? TIMING.callerPatienceMs);
  }

  /** The caller's keys for the next capture prompt, or undefined when they would hang up. */
  nextEntry(): string | undefined {
    return this.entries.shift();
  }
}
