/**
 * Epoch milliseconds as ISO 8601 text, exactly what `new Date(ms).toISOString()` gives, for the
 * two times of every VCA exchange the SQLite worker writes. V8 formats a Date through printf,
 * which was a twentieth of the worker's time; exchanges committed in the same second share the
 * text up to the milliseconds, so that part is formatted once per second and reused.
 *
 * @example
 * epochMsToIso(Date.UTC(2026, 10, 26, 21, 45, 7, 42)); // "2026-11-26T21:45:07.042Z"
 */
let cachedSecond = Number.NaN;
/** Everything before the milliseconds of `cachedSecond`, "2026-11-26T21:45:07." */
let cachedPrefix = "";

export function epochMsToIso(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond || !Number.isInteger(ms)) {
    const text = new Date(ms).toISOString();
    if (!Number.isInteger(ms)) return text;
    cachedSecond = second;
    // Always ends in ".mmmZ"; years past 9999 or before 0 only lengthen the front.
    cachedPrefix = text.slice(0, -4);
    return text;
  }
  const millis = ms - second * 1000;
  return `${cachedPrefix}${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
}
