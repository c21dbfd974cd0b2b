/**
 * The sessions list's filters: which exist, their choices, and how a time range becomes the
 * `since` parameter. A filter is offered only when the server lists its parameter in
 * `GET /api/session`'s `filters`, so an older server never gets a filter it would ignore.
 */

/** Session statuses: ACTIVE until the summary, then 8x8's `sessionStatus` values. */
export const STATUSES = ["ACTIVE", "COMPLETED", "BUSY", "NO_ANSWER", "FAILED", "CANCELED", "ERROR"] as const;
/** The follow-up module's outcomes (src/voice/session-outcome.ts `OUTCOMES`; a test keeps them equal). */
export const OUTCOMES = ["completed", "unreachable", "failed", "error"] as const;
export const DIRECTIONS = ["INBOUND", "OUTBOUND"] as const;
/** Time ranges offered, as `since` = now minus the range. */
export const RANGES: readonly { value: string; label: string; ms: number }[] = [
  { value: "15m", label: "Last 15 minutes", ms: 15 * 60_000 },
  { value: "1h", label: "Last hour", ms: 60 * 60_000 },
  { value: "24h", label: "Last 24 hours", ms: 24 * 60 * 60_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 24 * 60 * 60_000 },
];

/** The filters as the address keeps them (`range` is the named range, not a time). */
export interface Filters {
  status?: string;
  outcome?: string;
  direction?: string;
  range?: string;
  q?: string;
}

/** The filters in the address's query, keeping only those the server supports and known values. */
export function filtersFrom(query: URLSearchParams, supported: readonly string[]): Filters {
  const pick = (name: string, allowed?: readonly string[]) => {
    const value = query.get(name) ?? "";
    if (value === "" || !supported.includes(name === "range" ? "since" : name)) return undefined;
    return allowed === undefined || allowed.includes(value) ? value : undefined;
  };
  const filters: Filters = {};
  const status = pick("status", STATUSES);
  const outcome = pick("outcome", OUTCOMES);
  const direction = pick("direction", DIRECTIONS);
  const range = pick("range", RANGES.map((r) => r.value));
  const q = pick("q");
  if (status) filters.status = status;
  if (outcome) filters.outcome = outcome;
  if (direction) filters.direction = direction;
  if (range) filters.range = range;
  if (q) filters.q = q.slice(0, 40);
  return filters;
}

/** The read API's query parameters for `filters` at time `now`. */
export function apiQuery(filters: Filters, now: number): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.status) query.status = filters.status;
  if (filters.outcome) query.outcome = filters.outcome;
  if (filters.direction) query.direction = filters.direction;
  if (filters.q) query.q = filters.q;
  const range = RANGES.find((r) => r.value === filters.range);
  if (range) query.since = new Date(now - range.ms).toISOString();
  return query;
}
