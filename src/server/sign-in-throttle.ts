/**
 * Slows down guessing the read secret through the dashboard's sign-in: each client address may
 * fail 10 times a minute, then gets 429 with `Retry-After` until its oldest failure is a minute
 * old. The `Authorization` header path of the read API is not throttled (a script with the secret
 * never fails), and a correct secret is never refused while the address has failures left.
 *
 * @example
 * const throttle = new SignInThrottle();
 * const wait = throttle.waitSeconds(request.ip); // 0: go ahead
 * if (!ok) throttle.failed(request.ip);
 */

/** Failures allowed per address in one window. */
export const MAX_SIGN_IN_FAILURES = 10;
/** The window failures are counted over: one minute. */
export const SIGN_IN_WINDOW_MS = 60_000;
/** Addresses remembered at most (the oldest are forgotten first), so a flood cannot grow memory. */
const MAX_ADDRESSES = 10_000;

/** Sign-in failures per client address over the last minute. */
export class SignInThrottle {
  /** Times of recent failures, oldest first, by address; the map in order of each address's first failure. */
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** 0 when `address` may try now; otherwise how many seconds until it may. */
  waitSeconds(address: string): number {
    const times = this.recent(address);
    if (times.length < MAX_SIGN_IN_FAILURES) return 0;
    return Math.max(1, Math.ceil((times[0]! + SIGN_IN_WINDOW_MS - this.clock()) / 1000));
  }

  /** Counts a failed sign-in from `address`. */
  failed(address: string): void {
    const times = this.recent(address);
    times.push(this.clock());
    this.failures.set(address, times);
    while (this.failures.size > MAX_ADDRESSES) {
      const oldest = this.failures.keys().next().value as string;
      this.failures.delete(oldest);
    }
  }

  /** The failures of `address` still inside the window (older ones dropped). */
  private recent(address: string): number[] {
    const times = this.failures.get(address);
    if (times === undefined) return [];
    const since = this.clock() - SIGN_IN_WINDOW_MS;
    while (times.length > 0 && times[0]! <= since) times.shift();
    if (times.length === 0) this.failures.delete(address);
    return times;
  }
}
