/**
 * Paces Send Callflow: at most `rate` calls in any window of a second (a sliding window over the
 * times of the calls let go, as the platform's own limiter counts them), and none at all while
 * paused after a 429 until its Retry-After has passed. Below one call a second, one call per
 * `1 / rate` seconds. The window is 5% longer than the rate says, so the drift between our clock
 * and the platform's never puts one call too many in the platform's second. Time is passed in, so
 * the pacer runs on the scheduler's clock (simulated in tests).
 *
 * A token bucket was used first: it started full and refilled while the first burst went out, so
 * a campaign at 5 calls/s placed about 10 in its first second (test/e2e/campaign.test.ts).
 *
 * @example
 * const pacer = new Pacer(2);
 * pacer.take(now, 10); // 2: two calls may go now
 * pacer.pauseUntil(now + 5_000); // the platform said 429, Retry-After: 5
 */
export class Pacer {
  /** Calls let go within the window, oldest first (epoch ms). */
  private readonly granted: number[] = [];
  private readonly capacity: number;
  private readonly windowMs: number;
  private pausedUntil = 0;

  /** `rate`: calls per second, > 0. */
  constructor(rate: number) {
    this.capacity = rate >= 1 ? Math.floor(rate) : 1;
    this.windowMs = Math.ceil((rate >= 1 ? 1_000 : 1_000 / rate) * 1.05);
  }

  /** Takes up to `wanted` calls that may go at `now` (epoch ms); returns how many. */
  take(now: number, wanted: number): number {
    if (now < this.pausedUntil) return 0;
    this.forget(now);
    const granted = Math.max(0, Math.min(wanted, this.capacity - this.granted.length));
    for (let i = 0; i < granted; i += 1) this.granted.push(now);
    return granted;
  }

  /** Gives back the newest `count` calls taken but not placed (nothing was due). */
  giveBack(count: number): void {
    this.granted.splice(Math.max(0, this.granted.length - count), count);
  }

  /** The even spacing of calls that fills the window and no more (ms): the window over its capacity. */
  get spacingMs(): number {
    return this.windowMs / this.capacity;
  }

  /** No call before `until` (epoch ms). */
  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** When a pause after a 429 ends (epoch ms), if it is still on at `now`; else undefined. */
  pausedUntilAt(now: number): number | undefined {
    return now < this.pausedUntil ? this.pausedUntil : undefined;
  }

  /** When the next call may go (epoch ms), at or after `now`. */
  nextAt(now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil;
    this.forget(now);
    return this.granted.length < this.capacity ? now : (this.granted[0] as number) + this.windowMs;
  }

  private forget(now: number): void {
    while (this.granted.length > 0 && (this.granted[0] as number) + this.windowMs <= now) this.granted.shift();
  }
}
