/**
 * Paces Send Callflow: at most `rate` calls per second (a token bucket holding one second's worth,
 * so a burst never exceeds the rate over any second), and none at all while paused after a 429
 * until its Retry-After has passed. Time is passed in, so the pacer runs on the scheduler's clock
 * (simulated in tests).
 *
 * @example
 * const pacer = new Pacer(2);
 * pacer.take(now, 10); // 2: two calls may go now
 * pacer.pauseUntil(now + 5_000); // the platform said 429, Retry-After: 5
 */
export class Pacer {
  private tokens: number;
  private refilledAt: number | null = null;
  private pausedUntil = 0;

  /** `rate`: calls per second, > 0. */
  constructor(private rate: number) {
    this.tokens = Math.max(1, rate);
  }

  /** Takes up to `wanted` calls' worth that may go at `now` (epoch ms); returns how many. */
  take(now: number, wanted: number): number {
    this.refill(now);
    if (now < this.pausedUntil) return 0;
    const granted = Math.max(0, Math.min(wanted, Math.floor(this.tokens)));
    this.tokens -= granted;
    return granted;
  }

  /** Gives back calls taken but not placed (nothing was due). */
  giveBack(count: number): void {
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + count);
  }

  /** No call before `until` (epoch ms); the bucket starts empty then. */
  pauseUntil(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.tokens = 0;
    this.refilledAt = until;
  }

  /** When the next call may go (epoch ms), at or after `now`. */
  nextAt(now: number): number {
    this.refill(now);
    if (now < this.pausedUntil) return this.pausedUntil;
    return this.tokens >= 1 ? now : now + Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  private refill(now: number): void {
    if (this.refilledAt === null || now < this.refilledAt) {
      this.refilledAt ??= now;
      return;
    }
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }
}
