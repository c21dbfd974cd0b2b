/**
 * How long to wait before the next attempt: exponential backoff with "equal jitter" (half the
 * delay fixed, half random), so many clients retrying after one outage do not retry in lockstep,
 * and a platform's Retry-After wins when it sent one.
 *
 * @example
 * backoffDelay(2, { baseDelayMs: 250, maxDelayMs: 8000 }, Math.random); // 500..1000 ms
 */

export interface BackoffSettings {
  /** Delay before the first retry (before jitter). */
  baseDelayMs: number;
  /** Upper bound of any computed delay. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseDelayMs: 250, maxDelayMs: 8_000 };

/**
 * The delay before retry number `retry` (1 for the first retry). `random` returns [0, 1).
 */
export function backoffDelay(retry: number, settings: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Retry-After in milliseconds: either delta-seconds or an HTTP date (RFC 9110 section 10.2.3).
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The default sleep; tests inject one that resolves at once and records the delays. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
