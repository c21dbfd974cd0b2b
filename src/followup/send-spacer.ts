/**
 * Spaces sends evenly in wall time: each one goes at least `intervalMs` after the one before it,
 * in the order they asked. The `Pacer` decides how many calls a round may open (a sliding window
 * of a second); this decides when each of them leaves, and `room` tells a round how many more it
 * can send before the next round, so attempts are not opened long before they go (an open
 * attempt counts against its campaign's concurrency). Without it a round's calls left together,
 * and at 200 calls/s the platform saw up to 262 start in one of its seconds (at 50 calls/s on a
 * busy machine, 100), because the bunches, spread by the time each send took, overlapped there
 * (`npm run bench:campaign`).
 *
 * Turns keep to their schedule when timers fire a little late (a busy event loop), so the rate
 * holds; a turn later than `catchUpMs` re-bases the schedule on when it actually went, so a stall
 * never lets the next ones out in a bunch. Any second then holds at most
 * `(1000 + catchUpMs) / intervalMs` sends.
 *
 * @example
 * const spacer = new SendSpacer(1000 / 200);
 * spacer.room(250); // 50: sends that can start within the next 250 ms
 * await spacer.turn(); // at once, then every 5 ms for the next callers
 */
export class SendSpacer {
  private lastTurn: Promise<void> = Promise.resolve();
  private nextAt = Number.NEGATIVE_INFINITY;
  private waiting = 0;

  /** `intervalMs`: the wall time between two sends on schedule; `catchUpMs`: how late a turn may be and still keep it. */
  constructor(
    private readonly intervalMs: number,
    private readonly catchUpMs = 0,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** How many more turns, asked now, would start within `horizonMs` (at least 0). */
  room(horizonMs: number): number {
    const now = this.nowMs();
    const free = Math.max(this.nextAt, now) + this.waiting * this.intervalMs;
    return free > now + horizonMs ? 0 : Math.floor((now + horizonMs - free) / this.intervalMs) + 1;
  }

  /**
   * Resolves when this send may go: `intervalMs` after the previous caller's turn, and after
   * `alsoWaitFor` (another spacer's turn), which the next turn waits for too: the interval counts
   * from when the send really goes, so a wait elsewhere never squeezes two of this spacer's sends.
   */
  turn(alsoWaitFor?: () => Promise<void>): Promise<void> {
    this.waiting += 1;
    const turn = this.lastTurn.then(async () => {
      try {
        const wait = this.nextAt - this.nowMs();
        // Timers count whole milliseconds: rounding up never lets a send go early.
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
        await alsoWaitFor?.();
        const went = this.nowMs();
        this.nextAt = (went - this.nextAt > this.catchUpMs ? went : this.nextAt) + this.intervalMs;
      } finally {
        this.waiting -= 1;
      }
    });
    // A turn whose alsoWaitFor failed rejects for its own caller only: the next turns still come.
    this.lastTurn = turn.catch(() => undefined);
    return turn;
  }
}
