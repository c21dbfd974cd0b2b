/** How times, durations and numbers read on the dashboard. Pure: `now` and the time zone are parameters. */

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A time as a person reads a list: `14:05:09` today, `28 Nov 14:05` this year, else
 * `28 Nov 2025 14:05`, in the browser's time zone unless `timeZone` is given.
 */
export function formatWhen(iso: string, now: Date = new Date(), timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = timeZone === undefined ? {} : { timeZone };
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", ...zone }).format(d);
  const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, ...zone }).format(date);
  if (day(date) === day(now)) return time;
  const sameYear = new Intl.DateTimeFormat("en", { year: "numeric", ...zone }).format(date) === new Intl.DateTimeFormat("en", { year: "numeric", ...zone }).format(now);
  const dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", ...(sameYear ? {} : { year: "numeric" }), ...zone }).format(date);
  return `${dayMonth} ${time.slice(0, 5)}`;
}

/** A duration in seconds: `42 s`, `3 min 05 s`, `1 h 02 min`; `—` when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

/** Time since the call began, for a timeline: `+0.0 s`, `+12.3 s`, `+2 min 03 s`. */
export function formatOffset(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  if (ms < 60_000) return `+${(ms / 1000).toFixed(1)} s`;
  return `+${formatDuration(ms / 1000)}`;
}

/** A MOS score to one decimal place, `—` when absent. */
export function formatMos(mos: number | null | undefined): string {
  return mos === null || mos === undefined ? "—" : mos.toFixed(1);
}

/** Human words for a status constant: `NO_ANSWER` → `no answer`. */
export function words(constant: string): string {
  return constant.toLowerCase().replace(/_/g, " ");
}
