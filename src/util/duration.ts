/**
 * Durations as people write them in flags and flow files: `500ms`, `30s`, `10m`, `2h`, `1d`, or
 * several parts together (`1h30m`). A bare number is refused: `10` could mean seconds or minutes,
 * and a retry policy that waits 10 ms instead of 10 minutes calls someone 3 times in a second.
 *
 * @example
 * parseDuration("1h30m"); // 5_400_000
 * formatDuration(150_000); // "2m30s"
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

/** What a duration must look like, for error messages. */
export const DURATION_FORMAT = "a number with a unit (ms, s, m, h, d), e.g. 30s, 10m, 1h30m";

/**
 * Milliseconds in `text`, or null when it is not a duration (empty, a bare number, an unknown unit,
 * a negative value). Callers turn null into an error that names their own field.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(trimmed); match !== null; match = PART.exec(trimmed)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed = PART.lastIndex;
  }
  if (consumed !== trimmed.length) return null;
  return Number.isFinite(total) ? Math.round(total) : null;
}

/** A duration in the largest units that divide it: 90_000 → "1m30s", 250 → "250ms", 0 → "0s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let left = Math.round(ms);
  let text = "";
  for (const unit of ["d", "h", "m", "s", "ms"] as const) {
    const size = UNIT_MS[unit] as number;
    const count = Math.floor(left / size);
    if (count > 0) {
      text += `${count}${unit}`;
      left -= count * size;
    }
  }
  return text;
}
