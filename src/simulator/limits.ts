/**
 * The platform's two capacity limits (SPEC section 5a: 8x8 publishes neither, so both are
 * configurable): how many Send Callflow requests a subaccount may make per second, and how many
 * of its sessions may be in progress at once. Time comes from the caller (the simulator's
 * clock), so tests that inject `now` can step through a window without waiting.
 *
 * @example
 * const rate = new CallRateLimiter(2);
 * rate.take("sandbox", 0); rate.take("sandbox", 10);
 * rate.take("sandbox", 20); // { ok: false, retryAfterMs: 980 }
 */

/** A slot taken, or how long (ms) until the oldest call in the window leaves it. */
export type RateVerdict = { ok: true } | { ok: false; retryAfterMs: number };

const WINDOW_MS = 1_000;

/** At most `perSecond` calls per subaccount in any sliding one-second window. */
export class CallRateLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(readonly perSecond: number) {}

  /** Counts a call placed at `now`, unless the window is full. */
  take(subAccountId: string, now: number): RateVerdict {
    let times = this.accepted.get(subAccountId);
    if (!times) this.accepted.set(subAccountId, (times = []));
    while (times.length > 0 && times[0]! <= now - WINDOW_MS) times.shift();
    if (times.length >= this.perSecond) return { ok: false, retryAfterMs: times[0]! + WINDOW_MS - now };
    times.push(now);
    return { ok: true };
  }
}

/** Whole seconds for a Retry-After header (RFC 9110 delta-seconds): at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Sessions in progress per subaccount, against an optional limit. A session holds its place from
 * its start until its calls have ended (before its VSS is sent), so a client that counts a
 * session until its VSS arrives never goes over.
 */
export class ConcurrentCalls {
  private readonly inProgress = new Map<string, number>();

  constructor(readonly limit: number | undefined) {}

  /** Takes a place for a new session: a release function, or undefined when the limit is reached. */
  enter(subAccountId: string): (() => void) | undefined {
    const count = this.inProgress.get(subAccountId) ?? 0;
    if (this.limit !== undefined && count >= this.limit) return undefined;
    this.inProgress.set(subAccountId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inProgress.get(subAccountId) ?? 1) - 1;
      if (left > 0) this.inProgress.set(subAccountId, left);
      else this.inProgress.delete(subAccountId);
    };
  }
}
