/**
 * Calling windows: the hours of the day in which a contact may be called, in an IANA time zone
 * (so daylight saving time moves the window with the wall clock). A window may wrap midnight
 * (`22:00`-`06:00`). First attempts and retries alike wait for the next opening; nobody is called
 * outside it.
 *
 * @example
 * const window = parseCallingWindow({ from: "09:00", to: "20:00", timezone: "Asia/Singapore" });
 * nextCallTime(window, new Date("2026-11-29T13:30:00Z")); // 2026-11-30T01:00:00Z (09:00 next day in Singapore)
 */

/** A daily calling window: minutes after local midnight, `from` inclusive, `to` exclusive. */
export interface CallingWindow {
  /** Opening, in minutes after local midnight (0..1439). */
  fromMinute: number;
  /** Closing, in minutes after local midnight (0..1439); before `fromMinute` when it wraps midnight. */
  toMinute: number;
  /** IANA time zone of the window, e.g. `Asia/Singapore`. */
  timezone: string;
}

/** A window as written in a flow file or given by flags. */
export interface CallingWindowSpec {
  from: string;
  to: string;
  timezone: string;
}

/** A window that cannot be used; `field` names the part at fault. */
export class CallingWindowError extends Error {
  constructor(
    readonly field: "from" | "to" | "timezone",
    message: string,
  ) {
    super(message);
    this.name = "CallingWindowError";
  }
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;
const DAY_MINUTES = 1_440;

/** Checks a window and turns it into minutes; throws `CallingWindowError` naming the bad part. */
export function parseCallingWindow(spec: CallingWindowSpec): CallingWindow {
  const fromMinute = clockMinutes("from", spec.from);
  const toMinute = clockMinutes("to", spec.to);
  if (fromMinute === toMinute) {
    throw new CallingWindowError("to", `window to "${spec.to}" equals from: a window needs a length (leave the window out to call at any hour)`);
  }
  assertTimeZone(spec.timezone);
  return { fromMinute, toMinute, timezone: spec.timezone };
}

/** Throws `CallingWindowError` unless `timezone` is an IANA zone this Node.js knows. */
export function assertTimeZone(timezone: string): void {
  if (!isTimeZone(timezone)) {
    throw new CallingWindowError("timezone", `timezone "${timezone}" is not an IANA time zone (expected e.g. Europe/London, Asia/Singapore, UTC)`);
  }
}

/** Whether `timezone` is an IANA zone this Node.js knows. */
export function isTimeZone(timezone: string): boolean {
  if (timezone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function clockMinutes(field: "from" | "to", text: string): number {
  const match = CLOCK_TIME.exec(text);
  if (!match) throw new CallingWindowError(field, `window ${field} "${text}" is not a time of day (expected HH:MM, 00:00 to 23:59)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The earliest instant at or after `at` that lies inside the window, read in `timezone` when given
 * (a contact's own zone wins over the window's) or else the window's zone. `at` itself when it is
 * inside. When a day's opening falls in a daylight-saving gap, it moves forward by the jump
 * (01:30 on a night the clock jumps from 01:00 to 02:00 becomes 02:30).
 */
export function nextCallTime(window: CallingWindow, at: Date, timezone: string = window.timezone): Date {
  const local = localParts(at, timezone);
  const minute = local.hour * 60 + local.minute;
  if (isInside(window, minute)) return at;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (minute < window.fromMinute ? 0 : 1)));
  return instantOfLocal(timezone, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), window.fromMinute);
}

/** Whether a local minute of the day lies inside the window. */
function isInside(window: CallingWindow, minute: number): boolean {
  if (window.fromMinute < window.toMinute) return minute >= window.fromMinute && minute < window.toMinute;
  return minute >= window.fromMinute || minute < window.toMinute;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time of `at` in `timezone`. */
function localParts(at: Date, timezone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(at)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** Minutes the zone's wall clock is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timezone: string): number {
  const local = localParts(at, timezone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  return Math.round((asUtc - Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

/**
 * The instant whose wall clock in `timezone` reads the given date and minute of the day. A wall
 * time that a daylight-saving jump skips is moved forward by the jump (01:30 on a night the clock
 * jumps from 01:00 to 02:00 becomes 02:30); a wall time that happens twice gives the first.
 */
function instantOfLocal(timezone: string, year: number, month: number, day: number, minuteOfDay: number): Date {
  const wanted = Date.UTC(year, month - 1, day, 0, minuteOfDay % DAY_MINUTES);
  const before = offsetMinutes(new Date(wanted - 86_400_000 / 2), timezone);
  const after = offsetMinutes(new Date(wanted + 86_400_000 / 2), timezone);
  // The offset in force before a change first: in a repeated hour it gives the first occurrence.
  for (const offset of [before, after]) {
    const candidate = new Date(wanted - offset * MINUTE_MS);
    if (offsetMinutes(candidate, timezone) === offset) return candidate;
  }
  // Skipped by the jump: read with the old offset, the instant lies as far past the jump.
  return new Date(wanted - before * MINUTE_MS);
}
